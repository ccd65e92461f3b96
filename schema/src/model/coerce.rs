//! Values the modules coerce from one shape to another: a single string where a list is
//! expected, a list of arguments where a string is expected. Each is an untagged enum, so its
//! JSON Schema is an `anyOf` of the accepted shapes.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// borgbackup `paths`: `coercedTo str lib.singleton (listOf str)`; a single string is a one-path
/// list.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(untagged)]
pub enum StringOrList {
    // One string, made a one-element list.
    One(String),
    // A list of strings.
    Many(Vec<String>),
}

impl StringOrList {
    /// The strings, after the coercion.
    pub fn to_list(&self) -> Vec<String> {
        match self {
            StringOrList::One(s) => vec![s.clone()],
            StringOrList::Many(v) => v.clone(),
        }
    }
}

/// borgbackup `extra*Args`: `coercedTo (listOf str) lib.escapeShellArgs str`; a list is quoted
/// word by word, a string is used as written (and split by the shell).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(untagged)]
pub enum ArgsListOrString {
    // A list of arguments, each one shell word.
    List(Vec<String>),
    // A string inserted into the script as written.
    String(String),
}

impl Default for ArgsListOrString {
    fn default() -> Self {
        ArgsListOrString::List(Vec::new())
    }
}

/// borgbackup `startAt`: `either str (listOf str)`, one or several systemd calendar expressions.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(untagged)]
pub enum StringOrStrings {
    // One calendar expression.
    One(String),
    // Several calendar expressions (`[ ]`: no timer).
    Many(Vec<String>),
}

impl StringOrStrings {
    /// The expressions as a list.
    pub fn to_list(&self) -> Vec<String> {
        match self {
            StringOrStrings::One(s) => vec![s.clone()],
            StringOrStrings::Many(v) => v.clone(),
        }
    }
}
