//! The PEP catalogue: titles and authors from a peps.json (the peps.python.org API format), read from a
//! file or a string, to name PEP nodes and link their authors where the taxonomy's own list is short.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::ingest::JsonSyntax;

/// PEP metadata from a peps.json (the peps.python.org API format).
#[derive(Debug, Clone, Default)]
pub struct PepCatalog {
    peps: BTreeMap<u32, PepMeta>,
}

/// One PEP of the catalogue, as the file gives it (other fields are ignored).
#[derive(Debug, Clone, Deserialize)]
struct PepMeta {
    title: String,
    #[serde(default)]
    author_names: Vec<String>,
    #[serde(default)]
    authors: Option<String>,
}

/// Errors reading PEP metadata.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum PepCatalogError {
    #[error("cannot read PEP metadata `{path}`")]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    /// `message` is the JSON parser's, without its position (`line` and `column` are the place to look).
    #[error(
        "`{path}`:{line}:{column}: not PEP metadata in the peps.python.org API format ({message}); expected an object of \"number\": {{\"title\", \"author_names\", ...}}"
    )]
    Format {
        path: PathBuf,
        line: usize,
        column: usize,
        message: String,
    },
}

impl PepCatalog {
    pub fn from_path(path: &Path) -> Result<Self, PepCatalogError> {
        let text =
            crate::ingest::read_string(path, crate::ingest::SMALL_FILE_MAX).map_err(|source| {
                PepCatalogError::Io {
                    path: path.to_path_buf(),
                    source,
                }
            })?;
        Self::from_json(&text).map_err(|error| {
            let syntax = JsonSyntax::new(&text, error);
            PepCatalogError::Format {
                path: path.to_path_buf(),
                line: syntax.line,
                column: syntax.column,
                message: syntax.to_string(),
            }
        })
    }

    /// How many PEPs the catalogue knows.
    pub fn len(&self) -> usize {
        self.peps.len()
    }

    pub fn is_empty(&self) -> bool {
        self.peps.is_empty()
    }

    pub fn from_json(text: &str) -> Result<Self, serde_json::Error> {
        let raw: BTreeMap<String, PepMeta> = serde_json::from_str(text)?;
        let peps = raw
            .into_iter()
            .filter_map(|(k, v)| Some((k.trim().parse().ok()?, v)))
            .collect();
        Ok(PepCatalog { peps })
    }

    /// Whether the catalogue has PEP `number`.
    pub fn contains(&self, number: u32) -> bool {
        self.peps.contains_key(&number)
    }

    pub(super) fn title(&self, number: u32) -> Option<&str> {
        self.peps.get(&number).map(|m| m.title.as_str())
    }

    /// A PEP's authors: `author_names`, else the comma-separated `authors`.
    pub(super) fn authors(&self, number: u32) -> Option<Vec<String>> {
        let meta = self.peps.get(&number)?;
        if !meta.author_names.is_empty() {
            return Some(meta.author_names.clone());
        }
        meta.authors.as_ref().map(|a| {
            a.split(',')
                .map(|s| s.trim().to_string())
                .filter(|s| !s.is_empty())
                .collect()
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_missing_file_is_an_io_error_with_its_path_and_source() {
        let error = PepCatalog::from_path(Path::new("no/such/peps.json")).unwrap_err();
        assert_eq!(
            error.to_string(),
            "cannot read PEP metadata `no/such/peps.json`"
        );
        assert!(matches!(&error, PepCatalogError::Io { .. }));
        assert!(std::error::Error::source(&error).is_some());
    }

    /// serde_json places the end of a file that ends with a newline at column 0 of the line after.
    #[test]
    fn a_truncated_file_is_placed_where_its_text_ends_not_at_column_0() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("peps.json");
        std::fs::write(&path, "{\"1\": {\"title\": \"Ä x\"\n\n").unwrap();
        let error = PepCatalog::from_path(&path).unwrap_err();
        assert!(
            matches!(
                error,
                PepCatalogError::Format {
                    line: 1,
                    column: 22,
                    ..
                }
            ),
            "{error:?}"
        );
        let message = error.to_string();
        assert!(message.contains("peps.json`:1:22: "), "{message}");
        assert!(
            message.contains("(EOF while parsing an object)"),
            "{message}"
        );
        assert!(!message.contains("column 0"), "{message}");
    }

    #[test]
    fn authors_fall_back_to_the_comma_separated_list() {
        let catalog = PepCatalog::from_json(
            r#"{"1": {"title": "A", "authors": "Ada Quill, , Bo Tern"}, "x": {"title": "skipped"}}"#,
        )
        .unwrap();
        assert_eq!(catalog.len(), 1);
        assert_eq!(
            catalog.authors(1),
            Some(vec!["Ada Quill".to_string(), "Bo Tern".to_string()])
        );
        assert_eq!(catalog.title(1), Some("A"));
    }
}
