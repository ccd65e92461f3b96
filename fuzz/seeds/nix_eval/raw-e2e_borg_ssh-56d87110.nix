{{ ... }}: {{
  services.borgbackup.repos = {{
    full = {{ path = "{d}/data/full"; user = "root"; authorizedKeys = [ "{full}" ]; }};
    append = {{ path = "{d}/data/append"; user = "root"; authorizedKeysAppendOnly = [ "{append}" ]; }};
    quota = {{ path = "{d}/data/quota"; user = "root"; quota = "10M"; authorizedKeys = [ "{quota}" ]; }};
  }};
}}
