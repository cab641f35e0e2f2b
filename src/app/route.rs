//! The page's address: the view and the selection, kept in the URL's hash so that Back and
//! Forward move between views and a reload opens the same place. Documents are named by
//! their stable id (a hash of their text), never by position. DOM-free.
//!
//! ```text
//! #/story-map?row=12&source=3f2a9c0d11
//! #/side-by-side?docs=3f2a9c0d11,8be0c1d2aa&row=12
//! #/similarity
//! #/sources?source=3f2a9c0d11
//! #/quotes
//! #/facts
//! ```
//! Row numbers are 1-based, as the page shows them.

/// The views, one tab each.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Hash)]
pub enum View {
    #[default]
    StoryMap,
    SideBySide,
    Similarity,
    Sources,
    Quotes,
    Facts,
}

impl View {
    pub const ALL: [View; 6] = [
        View::StoryMap,
        View::SideBySide,
        View::Similarity,
        View::Sources,
        View::Quotes,
        View::Facts,
    ];

    /// The name in the address and in `data-testid="view-tab-<name>"`.
    pub fn slug(self) -> &'static str {
        match self {
            Self::StoryMap => "story-map",
            Self::SideBySide => "side-by-side",
            Self::Similarity => "similarity",
            Self::Sources => "sources",
            Self::Quotes => "quotes",
            Self::Facts => "facts",
        }
    }

    pub fn title(self) -> &'static str {
        match self {
            Self::StoryMap => "Story map",
            Self::SideBySide => "Side by side",
            Self::Similarity => "Similarity",
            Self::Sources => "Sources",
            Self::Quotes => "Quotes",
            Self::Facts => "Facts",
        }
    }

    pub fn from_slug(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|v| v.slug() == s)
    }
}

/// A place in the page.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Route {
    pub view: View,
    /// The selected (open) row, 0-based.
    pub row: Option<usize>,
    /// The selected source's id.
    pub source: Option<String>,
    /// The side-by-side columns' ids.
    pub columns: Vec<String>,
}

fn is_id(s: &str) -> bool {
    !s.is_empty() && s.len() <= 40 && s.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
}

impl Route {
    /// Reads a hash (`#/view?…`, with or without the `#`). Anything unknown is ignored.
    pub fn parse(hash: &str) -> Self {
        let hash = hash.strip_prefix('#').unwrap_or(hash);
        let hash = hash.strip_prefix('/').unwrap_or(hash);
        let (path, query) = hash.split_once('?').unwrap_or((hash, ""));
        let mut route = Route {
            view: View::from_slug(path).unwrap_or_default(),
            ..Route::default()
        };
        for pair in query.split('&') {
            let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
            match key {
                "row" => {
                    route.row = value
                        .parse::<usize>()
                        .ok()
                        .filter(|&r| r >= 1)
                        .map(|r| r - 1);
                }
                "source" if is_id(value) => route.source = Some(value.to_string()),
                "docs" => {
                    route.columns = value
                        .split(',')
                        .filter(|s| is_id(s))
                        .take(4)
                        .map(str::to_string)
                        .collect();
                }
                _ => {}
            }
        }
        route
    }

    /// The hash, starting with `#`.
    pub fn to_hash(&self) -> String {
        let mut query = Vec::new();
        if self.view == View::SideBySide && !self.columns.is_empty() {
            query.push(format!("docs={}", self.columns.join(",")));
        }
        if let Some(r) = self.row {
            query.push(format!("row={}", r + 1));
        }
        if let Some(s) = &self.source {
            query.push(format!("source={s}"));
        }
        if query.is_empty() {
            format!("#/{}", self.view.slug())
        } else {
            format!("#/{}?{}", self.view.slug(), query.join("&"))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips() {
        let routes = [
            Route::default(),
            Route {
                view: View::SideBySide,
                row: Some(11),
                source: None,
                columns: vec!["3f2a9c0d11".into(), "8be0c1d2aa-2".into()],
            },
            Route {
                view: View::Sources,
                row: None,
                source: Some("abc".into()),
                columns: Vec::new(),
            },
        ];
        for r in routes {
            assert_eq!(Route::parse(&r.to_hash()), r, "{}", r.to_hash());
        }
        assert_eq!(
            Route {
                view: View::SideBySide,
                row: Some(11),
                source: None,
                columns: vec!["a".into(), "b".into()],
            }
            .to_hash(),
            "#/side-by-side?docs=a,b&row=12"
        );
    }

    #[test]
    fn junk_is_ignored() {
        assert_eq!(Route::parse(""), Route::default());
        assert_eq!(Route::parse("#/nowhere?row=0&source=<x>"), Route::default());
        let r = Route::parse("#/similarity?docs=a,b,c,d,e,f&row=x");
        assert_eq!(r.view, View::Similarity);
        assert_eq!(r.columns.len(), 4);
        assert_eq!(r.row, None);
    }
}
