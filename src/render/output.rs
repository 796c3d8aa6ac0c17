//! Writing a rendered site to disk atomically: into a temporary sibling
//! folder that is swapped into place, so no build leaves a half site.

use super::SiteOutput;
use anyhow::{Context, Result};
use std::path::{Path, PathBuf};

fn sibling(out: &Path, suffix: &str) -> PathBuf {
    let name = out
        .file_name()
        .map_or_else(|| "public".into(), |n| n.to_string_lossy().to_string());
    let parent = out
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    parent.join(format!(".{name}.{suffix}-{}", std::process::id()))
}

/// Writes `site` to `out`, replacing what was there only once everything is written.
pub fn write_site(site: &SiteOutput, out: &Path) -> Result<()> {
    let tmp = sibling(out, "planfolio-new");
    let result = write_tree(site, &tmp).and_then(|()| swap_into_place(&tmp, out));
    if result.is_err() {
        let _ = std::fs::remove_dir_all(&tmp);
    }
    result
}

fn write_tree(site: &SiteOutput, dir: &Path) -> Result<()> {
    if dir.exists() {
        std::fs::remove_dir_all(dir).with_context(|| format!("removing {}", dir.display()))?;
    }
    std::fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
    for (rel, bytes) in &site.files {
        let path = dir.join(rel);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).with_context(|| format!("creating {}", parent.display()))?;
        }
        std::fs::write(&path, bytes).with_context(|| format!("writing {}", path.display()))?;
    }
    Ok(())
}

fn swap_into_place(new: &Path, out: &Path) -> Result<()> {
    if out.exists() {
        let old = sibling(out, "planfolio-old");
        std::fs::rename(out, &old).with_context(|| format!("moving the previous {} aside", out.display()))?;
        if let Err(e) = std::fs::rename(new, out) {
            // Put the previous site back: nothing is lost.
            let _ = std::fs::rename(&old, out);
            return Err(e).with_context(|| format!("moving the new site to {}", out.display()));
        }
        let _ = std::fs::remove_dir_all(&old);
    } else {
        if let Some(parent) = out.parent().filter(|p| !p.as_os_str().is_empty()) {
            std::fs::create_dir_all(parent).with_context(|| format!("creating {}", parent.display()))?;
        }
        std::fs::rename(new, out).with_context(|| format!("moving the new site to {}", out.display()))?;
    }
    Ok(())
}
