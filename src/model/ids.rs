//! Node ids of the graph contract (`episode:corepy/13`, `pep:703`, `person:lukasz-langa`) and the slugs in them.
//!
//! Every id is written by one of these functions, so the contract's spelling of an id exists once.

use std::fmt::Display;

/// A node-id slug: diacritics folded to ASCII, lowercase, runs of non-alphanumerics turned into `-`.
pub fn slugify(text: &str) -> String {
    let folded = deunicode::deunicode(text).to_ascii_lowercase();
    let mut slug = String::with_capacity(folded.len());
    for c in folded.chars() {
        if c.is_ascii_alphanumeric() {
            slug.push(c);
        } else if !slug.is_empty() && !slug.ends_with('-') {
            slug.push('-');
        }
    }
    while slug.ends_with('-') {
        slug.pop();
    }
    slug
}

/// `show:<slug>`.
pub fn show(slug: &str) -> String {
    format!("show:{slug}")
}

/// `episode:<show>/<number>`, or `episode:<show>/<slug>` for an episode with no number; `show` is the
/// show's slug.
pub fn episode(show: &str, key: impl Display) -> String {
    format!("episode:{show}/{key}")
}

/// `pep:<number>`.
pub fn pep(number: u32) -> String {
    format!("pep:{number}")
}

/// `person:<slug of the name>`.
pub fn person(name: &str) -> String {
    format!("person:{}", slugify(name))
}

/// `topic:<id>`, the id as the taxonomy gives it.
pub fn topic(id: &str) -> String {
    format!("topic:{id}")
}

/// `project:<id>`, the id as the taxonomy gives it.
pub fn project(id: &str) -> String {
    format!("project:{id}")
}

/// `module:<dotted name>`.
pub fn module(name: &str) -> String {
    format!("module:{name}")
}

/// `release:<X.Y>`.
pub fn release(feature: &str) -> String {
    format!("release:{feature}")
}

/// `gh:<number>`, a CPython issue or pull request.
pub fn issue(number: u32) -> String {
    format!("gh:{number}")
}

/// `bpo:<number>`, an issue of the old bugs.python.org tracker.
pub fn bpo(number: u32) -> String {
    format!("bpo:{number}")
}

/// `cve:<CVE-YYYY-N>`.
pub fn cve(id: &str) -> String {
    format!("cve:{id}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugify_folds_diacritics_and_punctuation() {
        for (name, slug) in [
            ("Łukasz Langa", "lukasz-langa"),
            ("Mai Giménez", "mai-gimenez"),
            ("Gregory P. Smith", "gregory-p-smith"),
            ("  --PyPy!! ", "pypy"),
        ] {
            assert_eq!(slugify(name), slug, "{name}");
        }
    }

    #[test]
    fn ids_follow_the_contract() {
        assert_eq!(show("corepy"), "show:corepy");
        assert_eq!(episode("corepy", 13), "episode:corepy/13");
        assert_eq!(pep(703), "pep:703");
        assert_eq!(person("Łukasz Langa"), "person:lukasz-langa");
        assert_eq!(topic("jit"), "topic:jit");
        assert_eq!(project("pypy"), "project:pypy");
        assert_eq!(module("concurrent.futures"), "module:concurrent.futures");
        assert_eq!(release("3.13"), "release:3.13");
        assert_eq!(issue(109181), "gh:109181");
        assert_eq!(bpo(12345), "bpo:12345");
        assert_eq!(cve("CVE-2024-7592"), "cve:CVE-2024-7592");
    }
}
