//! `yaml`: bytes as a borgmatic configuration file.

use backix_parser::source::{SourceMap, Span};
use backix_schema::borgmatic;

use crate::support::{lint, no_systems, on_big_stack, text};

/// Reads the input as `backix lint config.yaml` does: the located YAML front end, borgmatic's
/// loader rules, normalization, validation, then every lint; also the typed model.
pub fn yaml(data: &[u8]) {
    let Some(text) = text(data) else { return };
    on_big_stack(|| {
        let mut sources = SourceMap::new();
        let empty = no_systems();
        match borgmatic::load(&mut sources, "fuzz.yaml", text) {
            Ok(file) => {
                let _ = file.typed();
                lint(&sources, &empty, std::slice::from_ref(&file), Vec::new());
            }
            Err(mut d) => {
                let id = sources.files().next().map(|(id, _)| id);
                if d.span.is_none() {
                    d.span = id.map(|id| Span::new(id, 0, 0));
                }
                lint(&sources, &empty, &[], vec![*d]);
            }
        }
    });
}
