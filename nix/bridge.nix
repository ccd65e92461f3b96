# The backix evaluator bridge (format version 1, documented in docs/bridge-json.md).
#
# Turns an evaluated NixOS or home-manager configuration (`{ config, options, ... }`, as
# `nixosSystem` and `homeManagerConfiguration` return) into plain data for `builtins.toJSON`:
# every backup option root with its value, each leaf guarded with `builtins.tryEval`, and the
# files that define each option. Nothing here needs nixpkgs: the file is self-contained so
# backix can inline it into `nix eval --expr` and `lib.mkCheck` can import it.
#
#   (import ./bridge.nix).configuration { inherit (nixosConfigurations.host) config options; }
#   (import ./bridge.nix).flake self.outputs null      # every configuration of a flake
let
  version = 1;

  # Deepest value nesting encoded; deeper values become an error marker.
  maxDepth = 40;

  # Deepest path followed inside raw definitions when looking for the file of an option.
  maxDefinitionDepth = 6;

  # `set.a.b.c` for a list of names, or null when absent.
  getPath =
    path: set:
    builtins.foldl' (
      acc: name: if acc != null && builtins.isAttrs acc && acc ? ${name} then acc.${name} else null
    ) set path;

  forced = v: builtins.tryEval v;

  isDerivation =
    v:
    let
      t = forced (v.type or null);
    in
    t.success && t.value == "derivation";

  # A derivation is recorded by name: its store path would make Nix evaluate every input of
  # the package, and building it is never needed to check a configuration.
  encodeDerivation =
    v:
    let
      name = forced (v.name or null);
    in
    {
      type = "derivation";
      name = if name.success && builtins.isString name.value then name.value else null;
    };

  failure = {
    type = "error";
    message = "evaluation failed here (throw or assert)";
  };

  # Encodes a value of any type, guarding it with tryEval.
  encode =
    depth: v:
    let
      r = forced v;
    in
    if !r.success then failure else encodeForced depth r.value;

  encodeForced =
    depth: v:
    let
      t = builtins.typeOf v;
    in
    if depth > maxDepth then
      {
        type = "error";
        message = "value nested too deeply to show";
      }
    else if t == "null" then
      { type = "null"; }
    else if t == "bool" || t == "int" || t == "float" || t == "string" then
      {
        type = t;
        value = v;
      }
    else if t == "path" then
      {
        type = "path";
        value = toString v;
      }
    else if t == "lambda" then
      { type = "function"; }
    else if t == "list" then
      {
        type = "list";
        items = map (encode (depth + 1)) v;
      }
    else if t == "set" then
      if v ? __functor then
        { type = "function"; }
      else if isDerivation v then
        encodeDerivation v
      else
        {
          type = "set";
          attrs = builtins.mapAttrs (_: encode (depth + 1)) v;
        }
    else
      {
        type = "error";
        message = "value of type ${t} cannot be shown";
      };

  # The contents of a raw definition, with the module system's wrappers
  # (mkIf, mkMerge, mkOverride, mkOrder) looked through.
  unwrap =
    v:
    let
      r = forced v;
      value = r.value;
      kind = forced (value._type or null);
    in
    if !r.success || !builtins.isAttrs value || isDerivation value then
      [ ]
    else if !kind.success then
      [ ]
    else if kind.value == "merge" then
      builtins.concatMap unwrap (value.contents or [ ])
    else if kind.value == "if" || kind.value == "override" || kind.value == "order" then
      unwrap (value.content or null)
    else if kind.value == null then
      [ value ]
    else
      [ ];

  # Every attribute path a raw definition writes, below `prefix`, as `{ path; file; }`.
  definedPaths =
    file: depth: path: v:
    [
      {
        inherit path file;
      }
    ]
    ++ (
      if depth >= maxDefinitionDepth then
        [ ]
      else
        builtins.concatMap (
          set:
          builtins.concatMap (name: definedPaths file (depth + 1) (path ++ [ name ]) set.${name}) (
            builtins.attrNames set
          )
        ) (unwrap v)
    );

  # The definitions of one option, as `{ file; value; }`, or [] when unknown.
  definitionsOf =
    option:
    let
      r = forced (
        if option == null then
          [ ]
        else if option ? definitionsWithLocations then
          option.definitionsWithLocations
        else
          map (file: {
            inherit file;
            value = null;
          }) (option.files or [ ])
      );
    in
    if r.success && builtins.isList r.value then r.value else [ ];

  fileName = f: if builtins.isString f || builtins.isPath f then toString f else "<unknown>";

  # The definition sites of an option, with the paths below it that each one writes,
  # relative to `prefix` (a path the caller strips: the user of `home-manager.users`).
  sitesOf =
    option: prefix:
    let
      depth = builtins.length prefix;
      strip =
        site:
        let
          n = builtins.length site.path;
        in
        if n < depth || builtins.genList (i: builtins.elemAt site.path i) depth != prefix then
          [ ]
        else
          [
            {
              inherit (site) file;
              path = builtins.genList (i: builtins.elemAt site.path (i + depth)) (n - depth);
            }
          ];
    in
    builtins.concatMap strip (
      builtins.concatMap (def: definedPaths (fileName (def.file or null)) 0 [ ] (def.value or null)) (
        definitionsOf option
      )
    );

  isOption = o: builtins.isAttrs o && (o._type or null) == "option";

  # A root that is one option (`services.borgbackup.jobs`): present when it has definitions,
  # or, without `options`, when its value is a non-empty set.
  optionRoot =
    {
      config,
      options,
      path,
      module,
      user ? null,
      # The option holding the definitions and the path of the root below it.
      defOption ? getPath path options,
      defPrefix ? [ ],
    }:
    let
      value = forced (getPath path config);
      sites = sitesOf defOption defPrefix;
      present =
        if options != null then
          sites != [ ]
        else
          value.success && builtins.isAttrs value.value && value.value != { };
    in
    if !present then
      [ ]
    else
      [
        {
          option = builtins.concatStringsSep "." path;
          inherit module user;
          value = encode 0 (getPath path config);
          definitions = sites;
        }
      ];

  # A root that is a group of options (`services.borgmatic`): the options with definitions.
  groupRoot =
    {
      config,
      options,
      path,
      module,
      user ? null,
      defOption ? null,
      defPrefix ? [ ],
    }:
    let
      group = forced (getPath path config);
      groupOptions = if options == null then null else getPath path options;
      names =
        if !(group.success && builtins.isAttrs group.value) then
          [ ]
        else
          builtins.attrNames group.value;
      sitesOfName =
        name:
        if defOption != null then
          builtins.filter (s: s.path != [ ] && builtins.head s.path == name) (
            sitesOf defOption (defPrefix ++ path)
          )
        else
          let
            opt = getPath [ name ] groupOptions;
          in
          if isOption opt then map (s: s // { path = [ name ] ++ s.path; }) (sitesOf opt [ ]) else [ ];
      chosen =
        if options == null then
          (
            if (forced (group.value.enable or false)).value == true then
              names
            else
              [ ]
          )
        else
          builtins.filter (name: sitesOfName name != [ ]) names;
    in
    if chosen == [ ] then
      [ ]
    else
      [
        {
          option = builtins.concatStringsSep "." path;
          inherit module user;
          value = {
            type = "set";
            attrs = builtins.listToAttrs (
              map (name: {
                inherit name;
                value = encode 1 group.value.${name};
              }) chosen
            );
          };
          definitions = builtins.concatMap sitesOfName chosen;
        }
      ];

  homeRoots =
    args:
    groupRoot (
      args
      // {
        path = [
          "programs"
          "borgmatic"
        ];
        module = "home-programs-borgmatic";
      }
    )
    ++ groupRoot (
      args
      // {
        path = [
          "services"
          "borgmatic"
        ];
        module = "home-services-borgmatic";
      }
    );

  nixosRoots =
    { config, options }:
    let
      args = { inherit config options; };
      users = forced (getPath [ "home-manager" "users" ] config);
      usersOption = if options == null then null else getPath [ "home-manager" "users" ] options;
      userRoots =
        user:
        homeRoots {
          config = users.value.${user};
          # Per-user options are not reachable; definitions come from `home-manager.users`.
          options = if usersOption == null then null else { };
          inherit user;
          defOption = usersOption;
          defPrefix = [ user ];
        };
    in
    optionRoot (
      args
      // {
        path = [
          "services"
          "borgbackup"
          "jobs"
        ];
        module = "borgbackup-jobs";
      }
    )
    ++ optionRoot (
      args
      // {
        path = [
          "services"
          "borgbackup"
          "repos"
        ];
        module = "borgbackup-repos";
      }
    )
    ++ optionRoot (
      args
      // {
        path = [
          "services"
          "restic"
          "backups"
        ];
        module = "restic-backups";
      }
    )
    ++ groupRoot (
      args
      // {
        path = [
          "services"
          "borgmatic"
        ];
        module = "nixos-borgmatic";
      }
    )
    ++ (
      if users.success && builtins.isAttrs users.value then
        builtins.concatMap userRoots (builtins.attrNames users.value)
      else
        [ ]
    );

  # NixOS when the configuration has NixOS-only options, home-manager when it has `home`.
  classOf =
    config: options:
    if config ? system || config ? boot || config ? home-manager then
      "nixos"
    else if config ? home then
      "home-manager"
    else
      "nixos";

  configuration =
    {
      config,
      options ? null,
      class ? null,
      name ? "configuration",
      ...
    }:
    let
      klass = if class != null then class else classOf config options;
    in
    {
      inherit name;
      class = klass;
      roots =
        if klass == "home-manager" then
          homeRoots { inherit config options; }
        else
          nixosRoots { inherit config options; };
    };

  # Every configuration of a flake's outputs, or the one named by `attr`
  # (`nixosConfigurations.host`, `homeConfigurations.name`, or just `host`/`name`).
  flake =
    outputs: attr:
    let
      kinds = [
        {
          set = "nixosConfigurations";
          class = "nixos";
        }
        {
          set = "homeConfigurations";
          class = "home-manager";
        }
      ];
      all = builtins.concatMap (
        k:
        map (n: {
          name = "${k.set}.${n}";
          inherit (k) class;
          value = outputs.${k.set}.${n};
        }) (builtins.attrNames (outputs.${k.set} or { }))
      ) kinds;
      wanted =
        if attr == null then
          all
        else
          builtins.filter (
            c: c.name == attr || builtins.elem c.name (map (k: "${k.set}.${attr}") kinds)
          ) all;
    in
    {
      inherit version;
      available = map (c: c.name) all;
      systems = map (
        c:
        configuration {
          inherit (c) name class;
          config = c.value.config;
          options = c.value.options or null;
        }
      ) wanted;
    };
in
{
  inherit version configuration flake;
  # One configuration as a whole bridge document, for `lib.mkCheck` and `--eval-json`.
  document = args: {
    inherit version;
    systems = [ (configuration args) ];
  };
}
