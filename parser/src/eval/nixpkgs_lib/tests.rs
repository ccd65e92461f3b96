//! Tests of backix's nixpkgs `lib`, with expected values from nixpkgs' documentation.

use crate::eval::{EvalOptions, Evaluator, StrictFailure};

/// Evaluates `expr` strictly with `lib`, `pkgs`, an unknown string `u` and an unknown Boolean
/// `ub` in scope; returns the JSON, `unknown: …` or `error: …`.
fn eval(expr: &str) -> String {
    let mut ev = Evaluator::new(EvalOptions::default());
    let text = format!(
        "let lib = import <nixpkgs/lib>; pkgs = import <nixpkgs> {{ }}; u = builtins.getEnv \"HOME\"; ub = u == \"x\"; in {expr}"
    );
    match ev.eval_strict_json("test.nix", None, &text) {
        Ok(json) => json,
        Err(StrictFailure::Error(e)) => format!("error: {}", e.message),
        Err(StrictFailure::NotKnown(m)) => format!("unknown: {m}"),
        Err(StrictFailure::Syntax(d)) => panic!("syntax error in test expression {expr}: {d:?}"),
    }
}

/// Asserts that `expr` evaluates to the JSON `expected`.
#[track_caller]
fn check(expr: &str, expected: &str) {
    assert_eq!(eval(expr), expected, "for {expr}");
}

/// Asserts that `expr` is not statically known.
#[track_caller]
fn check_unknown(expr: &str) {
    let got = eval(expr);
    assert!(
        got.starts_with("unknown:"),
        "expected an unknown for {expr}, got {got}"
    );
}

/// Asserts that evaluating `expr` fails with a message containing `needle`.
#[track_caller]
fn check_error(expr: &str, needle: &str) {
    let got = eval(expr);
    assert!(
        got.starts_with("error:") && got.contains(needle),
        "expected an error with {needle:?} for {expr}, got {got}"
    );
}

#[test]
fn shell_escaping() {
    check(r#"lib.escapeShellArg "a b""#, r#""'a b'""#);
    check(r#"lib.escapeShellArg "abc""#, r#""abc""#);
    check(r#"lib.escapeShellArg "it's""#, r#""'it'\\''s'""#);
    check(r#"lib.escapeShellArg """#, r#""''""#);
    check(
        r#"lib.escapeShellArg "/nix/store/x-y_z.1:2@%+,""#,
        r#""/nix/store/x-y_z.1:2@%+,""#,
    );
    check(r#"lib.escapeShellArg "$HOME""#, r#""'$HOME'""#);
    check("lib.escapeShellArg 5", r#""5""#);
    check(
        r#"lib.escapeShellArgs [ "one" "two three" "four'five" ]"#,
        r#""one 'two three' 'four'\\''five'""#,
    );
    check(r#"lib.strings.escapeShellArg "a b""#, r#""'a b'""#);
    check_unknown("lib.escapeShellArg u");
    check(
        r#"lib.hasSuffix " 'b c'" (lib.escapeShellArgs [ u "b c" ])"#,
        "true",
    );
}

#[test]
fn module_markers_have_nixpkgs_shapes() {
    check(r#"(lib.mkIf false (throw "x"))._type"#, r#""if""#);
    check(
        "lib.mkIf true 1",
        r#"{"_type":"if","condition":true,"content":1}"#,
    );
    check(
        "lib.mkMerge [ 1 2 ]",
        r#"{"_type":"merge","contents":[1,2]}"#,
    );
    check(r#"(lib.mkMerge (throw "x"))._type"#, r#""merge""#);
    check(
        r#"lib.mkOverride 42 "x""#,
        r#"{"_type":"override","content":"x","priority":42}"#,
    );
    check(r#"(lib.mkDefault (throw "x")).priority"#, "1000");
    check("(lib.mkForce 1).priority", "50");
    check("(lib.mkOptionDefault 1).priority", "1500");
    check("(lib.mkVMOverride 1).priority", "10");
    check("(lib.mkImageMediaOverride 1).priority", "60");
    check(
        "lib.mkBefore [ 1 ]",
        r#"{"_type":"order","content":[1],"priority":500}"#,
    );
    check("(lib.mkAfter [ 1 ]).priority", "1500");
    check(
        "lib.mkOrder 7 [ ]",
        r#"{"_type":"order","content":[],"priority":7}"#,
    );
    check("lib.modules.defaultOverridePriority", "100");
    check(r#"(lib.modules.mkIf ub 1)._type"#, r#""if""#);
    check(r#"lib.mkRemovedOptionModule [ "a" "b" ] "gone""#, "{}");
    check(r#"lib.mkRenamedOptionModule [ "a" ] [ "b" ]"#, "{}");
    check(r#"(lib.mkAssert true "m" 1).condition"#, "true");
    check_error(
        r#"(lib.mkAssert false "m" 1).condition"#,
        "Failed assertion: m",
    );
}

#[test]
fn option_declarations() {
    check(
        "lib.mkOption { default = 1; }",
        r#"{"_type":"option","default":1}"#,
    );
    check(
        "(lib.mkOption { type = lib.types.str; }).type.name",
        r#""str""#,
    );
    check_error("lib.mkOption { foo = 1; }", "unexpected argument 'foo'");
    check(
        r#"(lib.mkEnableOption "backups").description"#,
        r#""Whether to enable backups.""#,
    );
    check(
        r#"let o = lib.mkEnableOption "x"; in [ o._type o.default o.example o.type.name ]"#,
        r#"["option",false,true,"bool"]"#,
    );
    check(
        r#"let o = lib.mkPackageOption pkgs "borgbackup" { }; in [ o.type.name o.defaultText o.description ]"#,
        r#"["package",{"_type":"literalExpression","text":"pkgs.borgbackup"},"The borgbackup package to use."]"#,
    );
    check_unknown(r#"(lib.mkPackageOption pkgs "borgbackup" { }).default"#);
    check(
        r#"(lib.mkPackageOption pkgs "x" { nullable = true; default = null; }).type.name"#,
        r#""nullOr""#,
    );
    check(
        r#"lib.literalExpression "pkgs.hello""#,
        r#"{"_type":"literalExpression","text":"pkgs.hello"}"#,
    );
    check(
        r#"lib.literalMD "*x*""#,
        r#"{"_type":"literalMD","text":"*x*"}"#,
    );
    check(r#"lib.mdDoc "x""#, r#""x""#);
    check("lib.isOption (lib.mkOption { })", "true");
}

#[test]
fn option_types() {
    check(
        "[ lib.types.str.name lib.types.str.description lib.types.str._type ]",
        r#"["str","string","option-type"]"#,
    );
    check(
        "(lib.types.listOf lib.types.str).description",
        r#""list of string""#,
    );
    check(
        "(lib.types.attrsOf (lib.types.listOf lib.types.str)).description",
        r#""attribute set of list of string""#,
    );
    check(
        "(lib.types.nullOr lib.types.str).description",
        r#""null or string""#,
    );
    check(
        "(lib.types.nullOr (lib.types.listOf lib.types.str)).description",
        r#""null or (list of string)""#,
    );
    check(
        "(lib.types.either lib.types.str lib.types.int).description",
        r#""string or signed integer""#,
    );
    check(
        "(lib.types.either lib.types.ints.unsigned lib.types.str).description",
        r#""unsigned integer, meaning >=0, or string""#,
    );
    check(
        r#"(lib.types.enum [ "a" "b" ]).description"#,
        r#""one of \"a\", \"b\"""#,
    );
    check(
        r#"(lib.types.enum [ "a" ]).description"#,
        r#""value \"a\" (singular enum)""#,
    );
    check(r#"(lib.types.enum [ "a" 1 ]).values"#, r#"["a",1]"#);
    check(
        "[ lib.types.port.name lib.types.port.description ]",
        r#"["unsignedInt16","16 bit unsigned integer; between 0 and 65535 (both inclusive)"]"#,
    );
    check(
        "lib.types.lines.description",
        r#""strings concatenated with \"\\n\"""#,
    );
    check(
        "(lib.types.ints.between 1 10).description",
        r#""integer between 1 and 10 (both inclusive)""#,
    );
    check(
        "lib.types.number.description",
        r#""signed integer or floating point number""#,
    );
    check(
        r#"let t = lib.types.strMatching "a.*"; in [ t.name t.description t.regex ]"#,
        r#"["strMatching \"a.*\"","string matching the pattern a.*","a.*"]"#,
    );
    check(r#"(lib.types.listOf (throw "x")).name"#, r#""listOf""#);
    check(
        "(lib.types.listOf lib.types.int).nestedTypes.elemType.name",
        r#""int""#,
    );
    check("(lib.types.submodule { }).submoduleModules", "[{}]");
    check(
        "(lib.types.submodule [ { } { } ]).submoduleModules",
        "[{},{}]",
    );
    check(
        "let t = lib.types.submoduleWith { modules = [ { } ]; }; in [ t.name t.shorthandOnlyDefinesConfig t.submoduleModules ]",
        r#"["submodule",false,[{}]]"#,
    );
    check(
        "(lib.types.coercedTo lib.types.str (x: [ x ]) (lib.types.listOf lib.types.str)).description",
        r#""(list of string) or string convertible to it""#,
    );
    check(
        "(lib.types.coercedTo lib.types.str (x: [ x ]) (lib.types.listOf lib.types.str)).nestedTypes.finalType.name",
        r#""listOf""#,
    );
    check(
        "(lib.types.oneOf [ lib.types.str lib.types.int lib.types.bool ]).description",
        r#""string or signed integer or boolean""#,
    );
    check(
        "(lib.types.oneOf [ lib.types.str lib.types.int ]).nestedTypes.left.name",
        r#""str""#,
    );
    check(
        "(lib.types.uniq lib.types.str).nestedTypes.elemType.name",
        r#""str""#,
    );
    check(
        "(lib.types.addCheck lib.types.int (x: x > 0)).name",
        r#""int""#,
    );
    check("lib.types.isType \"option-type\" lib.types.str", "true");
    check(
        "(lib.mkOptionType { name = \"foo\"; }).description",
        r#""foo""#,
    );
    check_error(
        "lib.types.oneOf [ ]",
        "types.oneOf needs to get at least one type",
    );
}

#[test]
fn lists() {
    check("lib.optional true 1", "[1]");
    check("lib.optional false 1", "[]");
    check("lib.optionals true [ 1 2 ]", "[1,2]");
    check(r#"lib.optionals false (throw "x")"#, "[]");
    check_unknown("lib.optional ub 1");
    check("lib.length (lib.optionals true [ u 2 ])", "2");
    check("lib.flatten [ 1 [ 2 [ 3 ] 4 ] 5 ]", "[1,2,3,4,5]");
    check("lib.flatten 1", "[1]");
    check("lib.unique [ 3 2 3 4 ]", "[3,2,4]");
    check("lib.range 2 4", "[2,3,4]");
    check("lib.range 3 2", "[]");
    check(
        r#"lib.imap0 (i: v: "${v}-${toString i}") [ "a" "b" ]"#,
        r#"["a-0","b-1"]"#,
    );
    check(
        r#"lib.imap1 (i: v: "${v}-${toString i}") [ "a" "b" ]"#,
        r#"["a-1","b-2"]"#,
    );
    check(
        r#"lib.foldl (a: b: a + b) "z" [ "a" "b" "c" ]"#,
        r#""zabc""#,
    );
    check(
        r#"lib.foldr (a: b: a + b) "z" [ "a" "b" "c" ]"#,
        r#""abcz""#,
    );
    check(r#"lib.fold (a: b: a + b) "z" [ "a" "b" "c" ]"#, r#""abcz""#);
    check("lib.reverseList [ 1 2 3 ]", "[3,2,1]");
    check("lib.last [ 1 2 3 ]", "3");
    check("lib.init [ 1 2 3 ]", "[1,2]");
    check_error("lib.last [ ]", "list must not be empty");
    check("lib.take 2 [ 1 2 3 ]", "[1,2]");
    check("lib.drop 2 [ 1 2 3 4 ]", "[3,4]");
    check("lib.sublist 1 3 [ 0 1 2 3 4 ]", "[1,2,3]");
    check("lib.count (x: x == 1) [ 1 2 1 ]", "2");
    check("lib.findFirst (x: x > 3) 7 [ 1 6 4 ]", "6");
    check("lib.findFirst (x: x > 9) 7 [ 1 6 4 ]", "7");
    check(
        r#"lib.zipListsWith (a: b: a + b) [ "h" "l" ] [ "e" "o" ]"#,
        r#"["he","lo"]"#,
    );
    check(
        r#"lib.zipLists [ 1 2 ] [ "a" "b" ]"#,
        r#"[{"fst":1,"snd":"a"},{"fst":2,"snd":"b"}]"#,
    );
    check("lib.subtractLists [ 3 2 ] [ 1 2 3 4 5 3 ]", "[1,4,5]");
    check("lib.intersectLists [ 1 2 3 ] [ 6 3 2 ]", "[3,2]");
    check(
        r#"lib.intersperse "/" [ "usr" "local" ]"#,
        r#"["usr","/","local"]"#,
    );
    check("[ (lib.toList 1) (lib.toList [ 1 ]) ]", "[[1],[1]]");
    check(r#"lib.replicate 3 "a""#, r#"["a","a","a"]"#);
    check("lib.lists.optional true 1", "[1]");
    check(r#"lib.length (lib.forEach [ 1 2 ] (x: throw "lazy"))"#, "2");
}

#[test]
fn strings() {
    check(
        r#"lib.concatMapStrings (x: x + "-") [ "a" "b" ]"#,
        r#""a-b-""#,
    );
    check(
        r#"lib.concatMapStringsSep "," (x: x + "!") [ "a" "b" ]"#,
        r#""a!,b!""#,
    );
    check(
        r#"lib.concatImapStringsSep "-" (i: x: x + toString i) [ "a" "b" ]"#,
        r#""a1-b2""#,
    );
    check(r#"lib.concatStrings [ "a" "b" ]"#, r#""ab""#);
    check(
        r#"lib.concatStringsSep "/" [ "usr" "bin" ]"#,
        r#""usr/bin""#,
    );
    check(r#"lib.concatLines [ "a" "b" ]"#, r#""a\nb\n""#);
    check(r#"lib.optionalString true "a""#, r#""a""#);
    check(r#"lib.optionalString false (throw "x")"#, r#""""#);
    check_unknown(r#"lib.optionalString ub "x""#);
    check(
        r#"[ (lib.hasPrefix "foo" "foobar") (lib.hasPrefix "bar" "foobar") ]"#,
        "[true,false]",
    );
    check(
        r#"[ (lib.hasSuffix "bar" "foobar") (lib.hasSuffix "foo" "foobar") ]"#,
        "[true,false]",
    );
    check(r#"lib.removePrefix "foo." "foo.bar.baz""#, r#""bar.baz""#);
    check(
        r#"lib.removePrefix "xxx" "foo.bar.baz""#,
        r#""foo.bar.baz""#,
    );
    check(r#"lib.removeSuffix "front" "homefront""#, r#""home""#);
    check(
        r#"lib.splitString "." "foo.bar.baz""#,
        r#"["foo","bar","baz"]"#,
    );
    check(
        r#"lib.splitString "/" "/usr/local/bin""#,
        r#"["","usr","local","bin"]"#,
    );
    check(r#"lib.splitString "::" "a::b::c""#, r#"["a","b","c"]"#);
    check(r#"lib.splitString "," """#, r#"[""]"#);
    check(
        r#"[ (lib.toUpper "home") (lib.toLower "HOME") ]"#,
        r#"["HOME","home"]"#,
    );
    check(
        r#"[ (lib.versionAtLeast "2.1" "2.0") (lib.versionOlder "1.1" "1.2") (lib.versionAtLeast "1.2" "1.2") ]"#,
        "[true,true,true]",
    );
    check(r#"lib.versionOlder "2.3pre1" "2.3""#, "true");
    check(r#"lib.trim "  a b \n""#, r#""a b""#);
    check(r#"[ (lib.toInt "42") (lib.toInt " -3 ") ]"#, "[42,-3]");
    check_error(r#"lib.toInt "012""#, "Ambiguity");
    check(r#"lib.escape [ "(" ] "(foo)""#, r#""\\(foo)""#);
    check(r#"lib.stringToCharacters "abc""#, r#"["a","b","c"]"#);
    check(
        r#"[ (lib.isStringLike "a") (lib.isStringLike 1) ]"#,
        "[true,false]",
    );
    check(r#"lib.makeBinPath [ "/a" "/b" ]"#, r#""/a/bin:/b/bin""#);
    check_unknown("lib.makeBinPath [ pkgs.coreutils ]");
    check(r#"lib.hasInfix "b" "abc""#, "true");
}

#[test]
fn partially_known_strings() {
    check_unknown(r#"lib.hasPrefix "/home" "${u}/x""#);
    check(r#"lib.hasPrefix "/ho" "/home/${u}""#, "true");
    check(r#"lib.hasPrefix "/x" "/home${u}""#, "false");
    check(r#"lib.hasSuffix ".conf" "${u}/borg.conf""#, "true");
    check(
        r#"lib.hasPrefix "/x" (lib.removePrefix "/home" "/home/x${u}")"#,
        "true",
    );
}

#[test]
fn attribute_sets() {
    check(
        r#"lib.mapAttrs (n: v: n + v) { a = "1"; }"#,
        r#"{"a":"a1"}"#,
    );
    check(r#"(lib.mapAttrs (n: v: throw "x") { a = 1; }) ? a"#, "true");
    check(
        r#"lib.mapAttrs' (n: v: lib.nameValuePair ("foo_" + n) ("bar-" + v)) { x = "a"; y = "b"; }"#,
        r#"{"foo_x":"bar-a","foo_y":"bar-b"}"#,
    );
    check(
        r#"lib.mapAttrsToList (name: value: name + value) { x = "a"; y = "b"; }"#,
        r#"["xa","yb"]"#,
    );
    check(
        r#"lib.genAttrs [ "foo" "bar" ] (name: "x_" + name)"#,
        r#"{"bar":"x_bar","foo":"x_foo"}"#,
    );
    check(r#"(lib.genAttrs [ "a" ] (n: throw "x")) ? a"#, "true");
    check(
        r#"lib.listToAttrs [ { name = "a"; value = 1; } ]"#,
        r#"{"a":1}"#,
    );
    check(
        "lib.filterAttrs (n: v: v > 1) { a = 1; b = 2; }",
        r#"{"b":2}"#,
    );
    check(
        r#"lib.nameValuePair "some" 6"#,
        r#"{"name":"some","value":6}"#,
    );
    check(
        r#"let x = { a = { b = 3; }; }; in [ (lib.attrByPath [ "a" "b" ] 6 x) (lib.attrByPath [ "z" "z" ] 6 x) ]"#,
        "[3,6]",
    );
    check(r#"lib.getAttrFromPath [ "a" "b" ] { a.b = 1; }"#, "1");
    check_error(
        r#"lib.getAttrFromPath [ "a" "c" ] { a.b = 1; }"#,
        "cannot find attribute 'a.c'",
    );
    check(r#"lib.setAttrByPath [ "a" "b" ] 3"#, r#"{"a":{"b":3}}"#);
    check(
        r#"[ (lib.hasAttrByPath [ "a" "b" ] { a.b = 1; }) (lib.hasAttrByPath [ "a" "c" ] { a.b = 1; }) ]"#,
        "[true,false]",
    );
    check(
        r#"lib.recursiveUpdate { boot.loader.grub.enable = true; boot.loader.grub.device = "/dev/hda"; } { boot.loader.grub.device = ""; }"#,
        r#"{"boot":{"loader":{"grub":{"device":"","enable":true}}}}"#,
    );
    check(
        "lib.recursiveUpdate { a = 1; } { a = { b = 2; }; }",
        r#"{"a":{"b":2}}"#,
    );
    check(
        r#"lib.recursiveUpdateUntil (path: l: r: path == [ "foo" ]) { foo.bar = 1; foo.baz = 2; bar = 3; } { foo.bar = 1; foo.quz = 2; baz = 4; }"#,
        r#"{"bar":3,"baz":4,"foo":{"bar":1,"quz":2}}"#,
    );
    check(
        "lib.foldAttrs (item: acc: [ item ] ++ acc) [ ] [ { a = 2; } { a = 3; } ]",
        r#"{"a":[2,3]}"#,
    );
    check(
        r#"lib.mapAttrsRecursive (path: value: lib.concatStringsSep "-" (path ++ [ value ])) { n = { a = "A"; m = { b = "B"; c = "C"; }; }; d = "D"; }"#,
        r#"{"d":"d-D","n":{"a":"n-a-A","m":{"b":"n-m-b-B","c":"n-m-c-C"}}}"#,
    );
    check(
        r#"lib.concatMapAttrs (name: value: { ${name} = value; ${name + value} = value; }) { x = "a"; y = "b"; }"#,
        r#"{"x":"a","xa":"a","y":"b","yb":"b"}"#,
    );
    check(
        r#"lib.zipAttrsWith (name: values: values) [ { a = "x"; } { a = "y"; b = "z"; } ]"#,
        r#"{"a":["x","y"],"b":["z"]}"#,
    );
    check(
        r#"lib.collect lib.isList { a = { b = [ "b" ]; }; c = [ 1 ]; }"#,
        r#"[["b"],[1]]"#,
    );
    check(
        r#"lib.filterAttrsRecursive (n: v: v != null) { levelA = { example = "hi"; levelB = { hello = "there"; this-one-is-present = { this-is-excluded = null; }; }; this-one-is-also-excluded = null; }; also-excluded = null; }"#,
        r#"{"levelA":{"example":"hi","levelB":{"hello":"there","this-one-is-present":{}}}}"#,
    );
    check(r#"lib.optionalAttrs false (throw "x")"#, "{}");
    check("lib.optionalAttrs true { a = 1; }", r#"{"a":1}"#);
    check_unknown("lib.optionalAttrs ub { a = 1; }");
    check("lib.attrNames { b = 1; a = 2; }", r#"["a","b"]"#);
    check("lib.attrsets.attrValues { b = 1; a = 2; }", "[2,1]");
    check(
        r#"(lib.filterAttrs (n: v: v == "x") { a = u; b = "x"; c = "y"; }).b"#,
        r#""x""#,
    );
    check_unknown(r#"(lib.filterAttrs (n: v: v == "x") { a = u; b = "x"; }).a"#);
    check_unknown("lib.getBin pkgs.borgbackup");
    check_unknown("lib.getExe pkgs.borgbackup");
    check_unknown(r#"lib.getExe' pkgs.borgbackup "borg""#);
}

#[test]
fn trivial_and_fixed_points() {
    check(
        "[ (lib.id 1) (lib.const 1 2) (lib.flip (a: b: a - b) 1 2) ]",
        "[1,1,1]",
    );
    check("lib.pipe 2 [ (x: x + 2) (x: x * 2) ]", "8");
    check(
        "[ (lib.boolToString true) (lib.boolToString false) ]",
        r#"["true","false"]"#,
    );
    check(
        "[ (lib.mapNullable (x: x + 1) null) (lib.mapNullable (x: x + 1) 1) ]",
        "[null,2]",
    );
    check(
        "[ (lib.compare 1 2) (lib.min 1 2) (lib.max 1 2) (lib.mod 7 3) ]",
        "[-1,1,2,1]",
    );
    check(
        "lib.fix (self: { a = 1; b = self.a + 1; })",
        r#"{"a":1,"b":2}"#,
    );
    check(
        "lib.fix (lib.extends (final: prev: { b = prev.a + 1; }) (final: { a = 1; }))",
        r#"{"a":1,"b":2}"#,
    );
    check("lib.trivial.id 3", "3");
    check_error(r#"lib.throwIf true "no" 1"#, "no");
    check(r#"lib.throwIfNot true "no" 1"#, "1");
    check("lib.isFunction (x: x)", "true");
}

#[test]
fn open_sets_and_pkgs() {
    check_unknown("lib.foo");
    check_unknown("lib.strings.foo");
    check_unknown("lib.types.foo");
    check(
        "(import <nixpkgs> { }).lib.mkIf true 1",
        r#"{"_type":"if","condition":true,"content":1}"#,
    );
    check("pkgs.lib.optional true 1", "[1]");
    check_unknown("pkgs.borgbackup");
    check(r#"builtins.isFunction lib.strings.hasPrefix"#, "true");
    check("lib.modules.mkIf true 1 == lib.mkIf true 1", "true");
    check("lib.options.mkOption { } == lib.mkOption { }", "true");
}
