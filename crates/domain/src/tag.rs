//! Tags: names attached to tickets, managed in a tag list.

use crate::Id;

/// A tag of the tag list and how many tickets carry it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TagItem {
    /// The tag's id.
    pub id: Id,
    /// The tag, unique case-insensitively.
    pub name: String,
    /// How many tickets carry it.
    pub count: u64,
}

/// Splits Zammad's comma-separated tag list (`"a, b"`) into trimmed, non-empty names.
pub fn split_tags(list: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for name in list.split(',').map(str::trim).filter(|s| !s.is_empty()) {
        if !out.iter().any(|t| t.eq_ignore_ascii_case(name)) {
            out.push(name.to_string());
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_and_dedups() {
        assert_eq!(split_tags(" a, b ,,A, c"), vec!["a", "b", "c"]);
        assert!(split_tags(" , ").is_empty());
    }
}
