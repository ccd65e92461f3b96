//! Value types of the borgmatic model that need a hand-written schema: a value that may be
//! `null`, `statistics` (a string mode or a deprecated Boolean) and integer-or-string fields.

use std::borrow::Cow;

use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};
use serde::{Deserialize, Deserializer, Serialize};

/// A value that may be written as `null` (as in `zfs:` with nothing after it, which turns a
/// hook on with its defaults).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Nullable<T>(pub Option<T>);

impl<T: JsonSchema> JsonSchema for Nullable<T> {
    fn schema_name() -> Cow<'static, str> {
        format!("Nullable{}", T::schema_name()).into()
    }

    fn inline_schema() -> bool {
        true
    }

    fn json_schema(generator: &mut SchemaGenerator) -> Schema {
        json_schema!({ "anyOf": [generator.subschema_for::<T>(), { "type": "null" }] })
    }
}

/// Reads a field that is present (possibly `null`) into `Some`, so that an absent key and a key
/// set to `null` stay apart.
pub fn present<'de, D, T>(deserializer: D) -> Result<Option<T>, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de>,
{
    T::deserialize(deserializer).map(Some)
}

/// The statistics shown by create and prune.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum Statistics {
    /// `standard`, `quick` or `none`.
    Mode(StatisticsMode),
    /// Deprecated: `true` means `standard`, `false` means `none`.
    Flag(bool),
}

/// The statistics modes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum StatisticsMode {
    /// Full statistics (`--stats`).
    Standard,
    /// Faster statistics (`--quick-stats`).
    Quick,
    /// No statistics.
    None,
}

impl JsonSchema for Statistics {
    fn schema_name() -> Cow<'static, str> {
        "Statistics".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "type": ["string", "boolean"],
            "enum": ["standard", "quick", "none", true, false]
        })
    }
}

/// A value written as an integer or a string (Zabbix item values).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum IntOrString {
    /// An integer.
    Int(i64),
    /// A string.
    String(String),
}

impl JsonSchema for IntOrString {
    fn schema_name() -> Cow<'static, str> {
        "IntOrString".into()
    }

    fn inline_schema() -> bool {
        true
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({ "type": ["integer", "string"] })
    }
}
