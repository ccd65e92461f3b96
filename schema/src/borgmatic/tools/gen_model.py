#!/usr/bin/env python3
"""Writes schema/src/borgmatic/model.rs: backix's typed model of the flat borgmatic 2.1.10
configuration, derived from the facts (types, enums, required keys, closed objects) of
borgmatic's schema file. Descriptions are not carried over: top-level doc comments come from
the key summaries of the backix reference page, nested ones name the key and its type.

Usage: python3 gen_model.py SCHEMA.yaml REFERENCE.md > model.rs  (needs ruamel.yaml)
"""
import json
import re
import sys

import ruamel.yaml

RUST_KEYWORDS = {"type", "match", "ref", "use", "mod", "fn", "loop", "move", "box", "in"}

schema = ruamel.yaml.YAML(typ="safe").load(open(sys.argv[1]))
summaries = {}
for line in open(sys.argv[2]):
    m = re.match(r"^\| `([a-z0-9_]+)` \| [^|]* \|[^|]*\|[^|]*\| (.*) \|\s*$", line)
    if m and m.group(1) not in summaries:
        summaries[m.group(1)] = m.group(2).strip()

structs = []  # rendered items
enum_names = {}  # tuple(values) -> name
used_names = set()

NAMED = {
    "Checks": "Check",
    "Commands": "CommandHook",
    "Repositories": "Repository",
    "BorgExitCodes": "BorgExitCode",
}
ENUM_NAMES = {
    "SkipActionsItem": "Action",
    "CommandAfterStatesItem": "CommandState",
    "NtfyStatesItem": "MonitorState",
    "CheckGenericName": "CheckName",
}
ONEOF_NAMES = {
    "Check": ["CheckGeneric", "CheckRepository", "CheckSpot"],
    "CommandHook": ["CommandBefore", "CommandAfter"],
}


def camel(text):
    parts = re.split(r"[^A-Za-z0-9]+", text)
    out = "".join(p[:1].upper() + p[1:] for p in parts if p)
    if out[:1].isdigit():
        out = "V" + out
    return out


def unique(name):
    base = name
    i = 2
    while name in used_names:
        name = f"{base}{i}"
        i += 1
    used_names.add(name)
    return name


def field_ident(key):
    ident = key.replace("-", "_")
    return f"r#{ident}" if ident in RUST_KEYWORDS else ident


def doc(text):
    text = text.replace("*/", "* /")
    return f"/// {text}"


def string_enum(values, hint):
    key = tuple(values)
    if key in enum_names:
        return enum_names[key]
    name = unique(ENUM_NAMES.get(hint, hint))
    enum_names[key] = name
    lines = [
        f"/// The values borgmatic accepts here: {', '.join('`' + v + '`' for v in values)}.",
        "#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]",
        f"pub enum {name} {{",
    ]
    for v in values:
        lines.append(f"    /// `{v}`.")
        lines.append(f'    #[serde(rename = "{v}")]')
        lines.append(f"    {camel(v)},")
    lines.append("}")
    structs.append("\n".join(lines))
    return name


def type_word(node):
    t = node.get("type")
    if isinstance(t, list):
        return " or ".join(t)
    if t == "array":
        return "list of " + type_word(node.get("items", {}))
    return t or "object"


def rust_type(node, hint):
    """Returns (rust type, extra schemars attributes, serde attributes)."""
    attrs = []
    t = node.get("type")
    if "not" in node:
        attrs.append(f'#[schemars(extend("not" = {json.dumps(node["not"])}))]')
    if t == ["object", "null"]:
        inner, _, _ = rust_type(dict(node, type="object"), hint)
        return f"Nullable<{inner}>", attrs, ['deserialize_with = "present"']
    if t == ["string", "boolean"]:
        return "Statistics", attrs, []
    if isinstance(t, list) and sorted(t) == ["integer", "string"]:
        return "IntOrString", attrs, []
    if t == "string":
        if "enum" in node:
            return string_enum([str(v) for v in node["enum"]], hint), attrs, []
        return "String", attrs, []
    if t == "integer":
        if "enum" in node:
            attrs.append(f'#[schemars(extend("enum" = {json.dumps(node["enum"])}))]')
        return "i64", attrs, []
    if t == "number":
        return "f64", attrs, []
    if t == "boolean":
        return "bool", attrs, []
    if t == "array":
        items = node.get("items", {})
        if node.get("uniqueItems"):
            attrs.append('#[schemars(extend("uniqueItems" = true))]')
        item_hint = NAMED.get(hint, hint + "Item")
        inner, inner_attrs, _ = rust_type(items, item_hint)
        if inner_attrs:
            raise SystemExit(f"attributes on items of {hint}: {inner_attrs}")
        return f"Vec<{inner}>", attrs, []
    if "oneOf" in node:
        return one_of(node, hint), attrs, []
    if t == "object" or t is None:
        if "properties" in node:
            return struct(node, NAMED.get(hint, hint)), attrs, []
        extra = node.get("additionalProperties", True)
        if isinstance(extra, dict):
            inner, _, _ = rust_type(extra, hint + "Value")
            return f"BTreeMap<String, {inner}>", attrs, []
        return "BTreeMap<String, serde_json::Value>", attrs, []
    raise SystemExit(f"unhandled schema at {hint}: {node}")


def one_of(node, hint):
    name = unique(hint)
    names = ONEOF_NAMES[name]
    variants = []
    for alt, vname in zip(node["oneOf"], names):
        struct(dict(alt, type="object"), vname)
        variants.append(vname)
    lines = [
        f"/// One of the shapes borgmatic accepts here (exactly one matches a valid entry).",
        "#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]",
        "#[serde(untagged)]",
        f"pub enum {name} {{",
    ]
    for v in variants:
        lines.append(f"    /// The `{v}` shape.")
        lines.append(f"    {v}({v}),")
    lines.append("}")
    structs.append("\n".join(lines))
    return name


def struct(node, name, top=False):
    name = unique(name) if not top else name
    required = set(node.get("required", []))
    closed = node.get("additionalProperties", True) is False
    lines = []
    fields = []
    for key, sub in node.get("properties", {}).items():
        rtype, attrs, serde_extra = rust_type(sub, name + camel(key) if not top else camel(key))
        summary = summaries.get(key) if top else None
        text = f"`{key}` ({type_word(sub)})" + (f": {summary}" if summary else ".")
        f = [doc(text)]
        serde = []
        if field_ident(key) != key:
            serde.append(f'rename = "{key}"')
        if key in required:
            field_type = rtype
        else:
            serde.append("default")
            serde.append('skip_serializing_if = "Option::is_none"')
            field_type = f"Option<{rtype}>"
            # The schema of an absent-or-T field is T's: borgmatic rejects an explicit null.
            attrs = [f'#[schemars(with = "{rtype}")]'] + attrs
        serde.extend(serde_extra)
        if serde:
            f.append(f"#[serde({', '.join(serde)})]")
        f.extend(attrs)
        f.append(f"pub {field_ident(key)}: {field_type},")
        fields.append("\n".join("    " + l for l in f))
    if not closed and not top:
        fields.append(
            "    /// Other keys: in a repository entry, any top-level option, applied to that\n"
            "    /// repository only.\n"
            "    #[serde(flatten)]\n"
            "    pub overrides: BTreeMap<String, serde_json::Value>,"
        )
    derive = "#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]"
    lines.append(
        "/// The flat borgmatic 2.1.10 configuration (one YAML file)."
        if top
        else f"/// A `{name}` entry of the borgmatic configuration."
    )
    lines.append(derive)
    if closed:
        lines.append("#[serde(deny_unknown_fields)]")
    lines.append(f"pub struct {name} {{")
    lines.append("\n".join(fields))
    lines.append("}")
    structs.append("\n".join(lines))
    return name


used_names.update({"Config", "Nullable", "Statistics", "IntOrString"})
struct(schema, "Config", top=True)

print("//! The flat borgmatic 2.1.10 configuration as Rust types (serde + schemars).")
print("//!")
print("//! Written by `tools/gen_model.py` from the facts of borgmatic's schema: types, enums,")
print("//! required keys and closed objects. Do not edit by hand; rerun the generator.")
print()
print("#![allow(clippy::large_enum_variant)]")
print()
print("use std::collections::BTreeMap;")
print()
print("use schemars::JsonSchema;")
print("use serde::{Deserialize, Serialize};")
print()
print("use super::types::{IntOrString, Nullable, Statistics, present};")
print()
# Config first, then the rest in creation order.
config = structs.pop()
print(config)
for s in structs:
    print()
    print(s)
