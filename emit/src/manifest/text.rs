//! Building, escaping and resolving [`Text`] values.

use super::types::{Part, Reference, Text};

impl Text {
    /// A known string.
    pub fn lit(s: impl Into<String>) -> Text {
        Text::Known(s.into())
    }

    /// A text that is one reference.
    pub fn reference(r: Reference) -> Text {
        Text::Parts(vec![Part::Ref(r)])
    }

    /// The empty text.
    pub fn empty() -> Text {
        Text::Known(String::new())
    }

    /// Builds a text from pieces, merging adjacent literals; a text without references is
    /// [`Text::Known`].
    pub fn from_parts(parts: impl IntoIterator<Item = Part>) -> Text {
        let mut out: Vec<Part> = Vec::new();
        for p in parts {
            match (out.last_mut(), p) {
                (_, Part::Lit(s)) if s.is_empty() => {}
                (Some(Part::Lit(a)), Part::Lit(b)) => a.push_str(&b),
                (_, p) => out.push(p),
            }
        }
        match out.as_slice() {
            [] => Text::empty(),
            [Part::Lit(s)] => Text::Known(s.clone()),
            _ if out.iter().all(|p| matches!(p, Part::Lit(_))) => Text::Known(
                out.iter()
                    .map(|p| match p {
                        Part::Lit(s) => s.as_str(),
                        Part::Ref(_) => "",
                    })
                    .collect(),
            ),
            _ => Text::Parts(out),
        }
    }

    /// Its pieces.
    pub fn parts(&self) -> Vec<Part> {
        match self {
            Text::Known(s) => vec![Part::Lit(s.clone())],
            Text::Parts(p) => p.clone(),
        }
    }

    /// The string, when no reference is left.
    pub fn known(&self) -> Option<String> {
        match self {
            Text::Known(s) => Some(s.clone()),
            Text::Parts(parts) => parts
                .iter()
                .map(|p| match p {
                    Part::Lit(s) => Some(s.as_str()),
                    Part::Ref(_) => None,
                })
                .collect(),
        }
    }

    /// The references it holds, in order.
    pub fn references(&self) -> Vec<&Reference> {
        match self {
            Text::Known(_) => Vec::new(),
            Text::Parts(parts) => parts
                .iter()
                .filter_map(|p| match p {
                    Part::Ref(r) => Some(r),
                    Part::Lit(_) => None,
                })
                .collect(),
        }
    }

    /// The known prefix, up to the first reference.
    pub fn known_prefix(&self) -> String {
        let mut out = String::new();
        for p in self.parts() {
            match p {
                Part::Lit(s) => out.push_str(&s),
                Part::Ref(_) => break,
            }
        }
        out
    }

    /// For display: references shown as `«name»`.
    pub fn display(&self) -> String {
        self.parts()
            .iter()
            .map(|p| match p {
                Part::Lit(s) => s.clone(),
                Part::Ref(r) => format!("«{}»", r.reference),
            })
            .collect()
    }

    /// Whether it is the empty string.
    pub fn is_empty(&self) -> bool {
        matches!(self, Text::Known(s) if s.is_empty())
    }
}

impl From<&str> for Text {
    fn from(s: &str) -> Text {
        Text::lit(s)
    }
}

impl From<String> for Text {
    fn from(s: String) -> Text {
        Text::Known(s)
    }
}

/// Concatenates texts.
pub fn concat<'a>(texts: impl IntoIterator<Item = &'a Text>) -> Text {
    Text::from_parts(texts.into_iter().flat_map(Text::parts))
}

/// Joins texts with a separator.
pub fn join(texts: &[Text], sep: &str) -> Text {
    let mut parts = Vec::new();
    for (i, t) in texts.iter().enumerate() {
        if i > 0 {
            parts.push(Part::Lit(sep.to_string()));
        }
        parts.extend(t.parts());
    }
    Text::from_parts(parts)
}

/// nixpkgs' `lib.escapeShellArg`: the word unchanged when it is made only of
/// `[[:alnum:],._+:@%/-]` (and not empty), otherwise single-quoted with each `'` as `'\''`.
pub fn escape_shell_arg(s: &str) -> String {
    let plain = !s.is_empty()
        && s.chars()
            .all(|c| c.is_ascii_alphanumeric() || ",._+:@%/-".contains(c));
    if plain {
        s.to_string()
    } else {
        format!("'{}'", s.replace('\'', "'\\''"))
    }
}

/// [`escape_shell_arg`] on a text; a text with references is quoted around them (its value is
/// only known at run time, when the manifest is rendered again).
pub fn escape_text(t: &Text) -> Text {
    match t.known() {
        Some(s) => Text::Known(escape_shell_arg(&s)),
        None => {
            let mut parts = vec![Part::Lit("'".into())];
            for p in t.parts() {
                parts.push(match p {
                    Part::Lit(s) => Part::Lit(s.replace('\'', "'\\''")),
                    r => r,
                });
            }
            parts.push(Part::Lit("'".into()));
            Text::from_parts(parts)
        }
    }
}

/// nixpkgs' `lib.escapeShellArgs`: each escaped, joined by spaces.
pub fn escape_shell_args(items: &[Text]) -> Text {
    let escaped: Vec<Text> = items.iter().map(escape_text).collect();
    join(&escaped, " ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escaping_follows_nixpkgs() {
        assert_eq!(escape_shell_arg("/home/user"), "/home/user");
        assert_eq!(escape_shell_arg("a b"), "'a b'");
        assert_eq!(escape_shell_arg(""), "''");
        assert_eq!(escape_shell_arg("it's"), "'it'\\''s'");
        assert_eq!(escape_shell_arg("--x=1"), "'--x=1'");
        assert_eq!(
            escape_shell_arg("a,b.c_d+e:f@g%h/i-j"),
            "a,b.c_d+e:f@g%h/i-j"
        );
    }

    #[test]
    fn parts_merge_and_collapse() {
        let r = Reference {
            reference: "config.x".into(),
            at: None,
            secret: false,
        };
        let t = Text::from_parts([
            Part::Lit("a".into()),
            Part::Lit("b".into()),
            Part::Ref(r.clone()),
        ]);
        assert_eq!(t, Text::Parts(vec![Part::Lit("ab".into()), Part::Ref(r)]));
        assert_eq!(t.display(), "ab«config.x»");
        assert_eq!(t.known(), None);
        let k = Text::from_parts([Part::Lit("a".into()), Part::Lit("b".into())]);
        assert_eq!(k, Text::Known("ab".into()));
    }
}
