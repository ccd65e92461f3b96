# Whole-file case shaped like a NixOS module evaluated by hand: a function applied to stubs,
# with a small fixpoint and attrset merging, as backup configs use them.
let
  mkIf = cond: content: if cond then content else { };
  recursiveUpdate = lhs: rhs:
    lhs // builtins.mapAttrs
      (name: value:
        if builtins.isAttrs value && builtins.isAttrs (lhs.${name} or null)
        then recursiveUpdate lhs.${name} value
        else value)
      rhs;
  module = { config, ... }: {
    services.borgbackup.jobs = {
      home = {
        paths = [ "/home" ];
        exclude = map (d: "/home/*/${d}") [ ".cache" "Downloads" ];
        repo = "borg@${config.backupHost}:home";
        encryption = { mode = "repokey-blake2"; passCommand = "cat /run/secrets/borg"; };
        environment.BORG_RSH = "ssh -i /etc/ssh/backup_ed25519";
        prune.keep = { daily = 7; weekly = 4; monthly = -1; };
        startAt = "daily";
      };
    } // mkIf config.enableDb {
      db = {
        paths = "/var/backup/db";
        repo = "/mnt/backup/db";
        encryption.mode = "none";
      };
    };
  };
  config = {
    backupHost = "backup.example.org";
    enableDb = true;
  } // (module { inherit config; });
in
recursiveUpdate config {
  services.borgbackup.jobs.home.startAt = [ "daily" "12:00" ];
}
