//! English for messages and pages: counts with the right plural, lists, ordinals.
//! One rule each, used by every command and page.

/// `n` and the noun that agrees with it: "1 plan", "2 plans".
pub fn count(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// `n` and the regular plural of `noun` (adds an `s`): "1 warning", "3 warnings".
pub fn count_s(n: usize, noun: &str) -> String {
    format!("{n} {noun}{}", plural_s(n))
}

/// The ending of a regular noun after `n`: none for one, `s` otherwise
/// (for pages that write the number apart from the noun).
pub fn plural_s(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

/// Items joined as a sentence lists them: "A", "A and B", "A, B and C".
pub fn and_list<S: AsRef<str>>(items: &[S]) -> String {
    match items {
        [] => String::new(),
        [one] => one.as_ref().to_string(),
        [init @ .., last] => {
            let init: Vec<&str> = init.iter().map(AsRef::as_ref).collect();
            format!("{} and {}", init.join(", "), last.as_ref())
        }
    }
}

/// The ordinal of a 1-based position in words up to ten, then in figures:
/// "first", "second", … "tenth", "11th", "22nd", "103rd".
pub fn ordinal(n: usize) -> String {
    const WORDS: [&str; 10] = [
        "first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth",
    ];
    if (1..=10).contains(&n) {
        return WORDS[n - 1].to_string();
    }
    let suffix = match (n % 10, n % 100) {
        (_, 11..=13) => "th",
        (1, _) => "st",
        (2, _) => "nd",
        (3, _) => "rd",
        _ => "th",
    };
    format!("{n}{suffix}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_agree_with_their_number() {
        assert_eq!(count_s(0, "plan"), "0 plans");
        assert_eq!(count_s(1, "plan"), "1 plan");
        assert_eq!(count_s(2, "warning"), "2 warnings");
        assert_eq!(count(1, "opportunity", "opportunities"), "1 opportunity");
        assert_eq!(count(3, "opportunity", "opportunities"), "3 opportunities");
    }

    #[test]
    fn the_plural_ending_is_s_except_for_one() {
        assert_eq!(plural_s(0), "s");
        assert_eq!(plural_s(1), "");
        assert_eq!(plural_s(2), "s");
    }

    #[test]
    fn lists_read_as_english() {
        assert_eq!(and_list::<&str>(&[]), "");
        assert_eq!(and_list(&["Ann"]), "Ann");
        assert_eq!(and_list(&["Ann", "Bo"]), "Ann and Bo");
        assert_eq!(and_list(&["Ann", "Bo", "Cy"]), "Ann, Bo and Cy");
    }

    #[test]
    fn ordinals_read_as_english() {
        let want = [
            (1, "first"),
            (2, "second"),
            (3, "third"),
            (10, "tenth"),
            (11, "11th"),
            (12, "12th"),
            (13, "13th"),
            (21, "21st"),
            (22, "22nd"),
            (23, "23rd"),
            (101, "101st"),
            (111, "111th"),
            (112, "112th"),
        ];
        for (n, w) in want {
            assert_eq!(ordinal(n), w, "{n}");
        }
    }
}
