//! `backix schema`: prints the JSON Schema of a model, or of all of them.

use backix_emit::manifest::manifest_json_schema;
use backix_schema::model::{ModelId, all_json_schemas, json_schema};
use clap::Args;

use super::{EXIT_OK, EXIT_USAGE};

/// The name of the job manifest's schema (`backix emit --format manifest-schema`).
const MANIFEST: &str = "manifest";

/// Arguments of `backix schema`.
#[derive(Args, Debug)]
pub struct SchemaArgs {
    /// The model: a name such as `borgbackup-job`, or an option path such as
    /// `services.borgbackup.jobs`, or `manifest` for the job manifest. Without it, every
    /// model's schema is printed in one JSON object.
    module: Option<String>,
}

/// Runs `backix schema`.
pub fn run(args: SchemaArgs) -> u8 {
    let value = match &args.module {
        None => serde_json::Value::Object(all_json_schemas()),
        Some(name) if name == MANIFEST => manifest_json_schema(),
        Some(name) => match ModelId::find(name) {
            Some(id) => json_schema(id),
            None => {
                let mut known: Vec<&str> = ModelId::ALL.iter().map(|m| m.name).collect();
                known.push(MANIFEST);
                eprintln!(
                    "error: no schema named `{name}`; known: {}",
                    known.join(", ")
                );
                return EXIT_USAGE;
            }
        },
    };
    match serde_json::to_string_pretty(&value) {
        Ok(text) => {
            println!("{text}");
            EXIT_OK
        }
        Err(e) => {
            eprintln!("error: {e}");
            EXIT_USAGE
        }
    }
}
