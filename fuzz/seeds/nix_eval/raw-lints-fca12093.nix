{ pkgs, ... }: {
  home-manager.users.alice = {
    programs.borgmatic.enable = true;
    programs.borgmatic.backups.docs = {
      location.sourceDirectories = [ "/home/alice/docs" ];
      location.repositories = [ "/mnt/usb/borg" ];
      storage.encryptionPasscommand = "cat /nix/store/0ab1-pw"; # <-
    };
  };
}