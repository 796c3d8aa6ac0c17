//! Writing a rendered site to disk atomically: into a temporary sibling
//! folder that is swapped into place, so no build leaves a half site.

use anyhow::{Context, Result};
use std::path::{Path, PathBuf};

/// Suffixes of the temporary siblings: the new site being written, and the
/// previous site moved aside during the swap.
const SUFFIXES: [&str; 2] = ["planfolio-new", "planfolio-old"];

/// The folder holding `out` and the name the temporary siblings start with.
fn parent_and_name(out: &Path) -> (&Path, String) {
    let name = out
        .file_name()
        .map_or_else(|| "public".into(), |n| n.to_string_lossy().to_string());
    let parent = out
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    (parent, name)
}

fn sibling(out: &Path, suffix: &str) -> PathBuf {
    let (parent, name) = parent_and_name(out);
    parent.join(format!(".{name}.{suffix}-{}", std::process::id()))
}

/// Whether the process `pid` has ended. Only Linux can tell (by
/// `/proc/<pid>`); elsewhere, or without a mounted `/proc`, every process
/// counts as running, so a running build's folder is never taken.
fn process_gone(pid: u32) -> bool {
    let proc = Path::new("/proc");
    cfg!(target_os = "linux") && proc.join("self").exists() && !proc.join(pid.to_string()).exists()
}

/// Removes the temporary siblings of `out` that builds killed mid-way
/// (`kill -9`, a power cut) left behind: those whose process is gone.
fn remove_dead_leftovers(out: &Path) {
    let (parent, name) = parent_and_name(out);
    let Ok(entries) = std::fs::read_dir(parent) else {
        return;
    };
    for entry in entries.filter_map(Result::ok) {
        let file_name = entry.file_name();
        let Some(file_name) = file_name.to_str() else {
            continue;
        };
        let pid = SUFFIXES.iter().find_map(|suffix| {
            let digits = file_name.strip_prefix(&format!(".{name}.{suffix}-"))?;
            // Exactly the form `sibling` writes: no sign, no leading zero.
            let pid: u32 = digits.parse().ok()?;
            (pid.to_string() == digits).then_some(pid)
        });
        if pid.is_some_and(|p| p != std::process::id() && process_gone(p)) {
            let path = entry.path();
            // A symlink is removed as a link; its target is never entered.
            match entry.file_type() {
                Ok(t) if t.is_dir() => remove_tree(&path),
                Ok(_) => {
                    let _ = std::fs::remove_file(&path);
                }
                Err(_) => {}
            }
        }
    }
}

/// Fills a fresh temporary sibling of `out` with `fill`, then swaps it into
/// place; on any failure the temporary folder is removed and `out` is untouched.
pub fn replace_dir<T, E>(out: &Path, fill: impl FnOnce(&Path) -> Result<T, E>) -> Result<Result<T, E>> {
    // Replacing a file with a site would destroy the user's file.
    if out.exists() && !out.is_dir() {
        anyhow::bail!(
            "refusing to build into `{}`: it is a file, not a folder; choose another --out",
            out.display()
        );
    }
    remove_dead_leftovers(out);
    let tmp = sibling(out, SUFFIXES[0]);
    if tmp.exists() {
        std::fs::remove_dir_all(&tmp).with_context(|| format!("removing {}", tmp.display()))?;
    }
    std::fs::create_dir_all(&tmp).with_context(|| format!("creating {}", tmp.display()))?;
    let filled = fill(&tmp);
    if filled.is_err() {
        let _ = std::fs::remove_dir_all(&tmp);
        return Ok(filled);
    }
    if let Err(e) = swap_into_place(&tmp, out) {
        let _ = std::fs::remove_dir_all(&tmp);
        return Err(e);
    }
    Ok(filled)
}

fn swap_into_place(new: &Path, out: &Path) -> Result<()> {
    if out.exists() {
        let old = sibling(out, SUFFIXES[1]);
        std::fs::rename(out, &old).with_context(|| format!("moving the previous {} aside", out.display()))?;
        if let Err(e) = std::fs::rename(new, out) {
            // Put the previous site back: nothing is lost.
            let _ = std::fs::rename(&old, out);
            return Err(e).with_context(|| format!("moving the new site to {}", out.display()));
        }
        remove_tree(&old);
    } else {
        if let Some(parent) = out.parent().filter(|p| !p.as_os_str().is_empty()) {
            std::fs::create_dir_all(parent).with_context(|| format!("creating {}", parent.display()))?;
        }
        std::fs::rename(new, out).with_context(|| format!("moving the new site to {}", out.display()))?;
    }
    Ok(())
}

/// Removes a previous site, its page folders in parallel: unlinking tens of
/// thousands of files is kernel time that a second core shares.
fn remove_tree(dir: &Path) {
    use rayon::prelude::*;
    // Real folders only: a symlink is removed as a link, never followed.
    let folders_in = |d: &Path| -> Vec<PathBuf> {
        std::fs::read_dir(d)
            .map(|entries| {
                entries
                    .filter_map(Result::ok)
                    .filter(|e| e.file_type().is_ok_and(|t| t.is_dir()))
                    .map(|e| e.path())
                    .collect()
            })
            .unwrap_or_default()
    };
    // Two levels down (`accounts/<id>/`, `team/<id>/` …) hold most files.
    let folders: Vec<PathBuf> = folders_in(dir).iter().flat_map(|p| folders_in(p)).collect();
    folders.par_iter().for_each(|p| {
        let _ = std::fs::remove_dir_all(p);
    });
    let _ = std::fs::remove_dir_all(dir);
}
