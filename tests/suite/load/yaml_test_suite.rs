//! The official YAML test suite (tests/yaml-test-suite, see its README)
//! against planfolio's YAML layer: every case, as a plan's front matter and
//! as a whole document, must be accepted or refused exactly as saphyr-parser
//! does, and wherever the fast path answers, its tree must equal the one
//! built from saphyr's events. The only refusals of planfolio's own are the
//! documented ones: more than one document, and the depth and alias limits.

use planfolio::load::split_front_matter;
use planfolio::load::yaml::{self, fast, parse_general};
use saphyr_parser::Parser;
use std::path::{Path, PathBuf};

/// One case: its folder name (`229Q`, `2JQS`, `6XDY/01` …), the input and
/// whether the suite marks it invalid.
struct Case {
    name: String,
    input: String,
    invalid: bool,
}

/// Every case in the vendored `data` folder, in name order.
fn cases() -> Vec<Case> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/yaml-test-suite/data");
    let mut dirs: Vec<PathBuf> = walkdir::WalkDir::new(&root)
        .into_iter()
        .map(|e| e.expect("walk the suite"))
        .filter(|e| e.file_name() == "in.yaml")
        .filter_map(|e| e.path().parent().map(Path::to_path_buf))
        .collect();
    dirs.sort();
    dirs.into_iter()
        .filter_map(|dir| {
            let bytes = std::fs::read(dir.join("in.yaml")).expect("read in.yaml");
            // planfolio reads plans as UTF-8; other encodings never reach YAML.
            let input = String::from_utf8(bytes).ok()?;
            Some(Case {
                name: dir.strip_prefix(&root).unwrap_or(&dir).display().to_string(),
                input,
                invalid: dir.join("error").exists(),
            })
        })
        .collect()
}

/// saphyr-parser's own verdict: the message of its first error, if any.
fn saphyr_error(src: &str) -> Option<String> {
    for event in Parser::new_from_str(src) {
        if let Err(e) = event {
            return Some(e.to_string());
        }
    }
    None
}

/// Checks one YAML text; returns a note when planfolio refuses what saphyr
/// accepts for one of its documented reasons.
fn check(case: &str, src: &str) -> Option<String> {
    let saphyr = saphyr_error(src);
    let ours = yaml::parse(src, 1);
    if let Some(tree) = fast::parse(src, 1) {
        assert!(
            saphyr.is_none(),
            "{case}: fast path accepts what saphyr refuses ({saphyr:?}):\n{src}"
        );
        match parse_general(src, 1) {
            Ok(general) => assert_eq!(tree, general, "{case}: fast path tree differs:\n{src}"),
            Err(e) => panic!(
                "{case}: fast path accepts what the general path refuses ({}):\n{src}",
                e.message
            ),
        }
    }
    match (&saphyr, &ours) {
        (None, Ok(_)) | (Some(_), Err(_)) => None,
        (Some(e), Ok(_)) => panic!("{case}: planfolio accepts what saphyr refuses ({e}):\n{src}"),
        (None, Err(e)) => {
            let own = [
                "more than one YAML document",
                "nested deeper",
                "aliases expand",
                "more than",
            ];
            assert!(
                own.iter().any(|m| e.message.contains(m)),
                "{case}: planfolio refuses what saphyr accepts ({}):\n{src}",
                e.message
            );
            Some(e.message.clone())
        }
    }
}

#[test]
fn every_suite_case_is_judged_as_saphyr_judges_it() {
    let cases = cases();
    assert!(cases.len() >= 350, "found only {} cases", cases.len());
    let (mut own_refusals, mut fast_answers, mut saphyr_disagrees_with_suite) = (0, 0, Vec::new());
    for case in &cases {
        // As a whole document.
        if check(&case.name, &case.input).is_some() {
            own_refusals += 1;
        }
        if fast::parse(&case.input, 1).is_some() {
            fast_answers += 1;
        }
        if saphyr_error(&case.input).is_some() != case.invalid {
            saphyr_disagrees_with_suite.push(case.name.as_str());
        }
        // As a plan's front matter: the YAML is what lies between the
        // opening `---` line and the next `---` line.
        let mut plan = format!("---\n{}", case.input);
        if !plan.ends_with('\n') {
            plan.push('\n');
        }
        plan.push_str("---\nBody.\n");
        if let Ok((front, _)) = split_front_matter(&plan) {
            check(&format!("{} (front matter)", case.name), front);
        }
    }
    // For the record (saphyr's own conformance is not ours to test).
    println!(
        "{} cases; fast path answered {fast_answers}; refused by planfolio's own limits \
         (multiple documents): {own_refusals}; saphyr differs from the suite on {}: {:?}",
        cases.len(),
        saphyr_disagrees_with_suite.len(),
        saphyr_disagrees_with_suite
    );
    assert!(fast_answers >= 20, "fast path answered only {fast_answers} suite cases");
}
