//! A throwaway OpenSSH server for the tests that drive borg over ssh: loopback only, a free
//! port, its own host key and configuration, and an `AuthorizedKeysFile` the test writes.

use std::fs;
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// The path of `tool` on PATH (or in /usr/sbin); fails pointing at scripts/setup when missing.
pub fn require(tool: &str) -> PathBuf {
    let path = std::env::var_os("PATH").unwrap_or_default();
    std::env::split_paths(&path)
        .chain([PathBuf::from("/usr/sbin")])
        .map(|d| d.join(tool))
        .find(|p| p.is_file())
        .unwrap_or_else(|| panic!("{tool} is required for this test: run scripts/setup"))
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

/// A running sshd, killed when dropped.
pub struct Sshd {
    child: Child,
    /// The loopback port it listens on.
    pub port: u16,
}

impl Drop for Sshd {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Makes an ed25519 key pair without a passphrase at `path` and returns the public key line.
pub fn keygen(path: &Path) -> String {
    let o = Command::new(require("ssh-keygen"))
        .args(["-q", "-t", "ed25519", "-N", "", "-C", "backix-test", "-f"])
        .arg(path)
        .output()
        .expect("ssh-keygen runs");
    assert!(o.status.success(), "ssh-keygen: {}", text(&o.stderr));
    let mut public = path.as_os_str().to_owned();
    public.push(".pub");
    fs::read_to_string(public).unwrap().trim_end().to_string()
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free port")
}

/// Starts sshd with its files below `root` (host key, configuration, pid file, `sshd.log`,
/// and `server-base` as the served borg's `BORG_BASE_DIR`), reading keys from
/// `authorized_keys` for every user; returns once it accepts connections.
pub fn start_sshd(root: &Path, authorized_keys: &Path) -> Sshd {
    let sshd = require("sshd");
    // sshd insists on its privilege separation directory.
    fs::create_dir_all("/run/sshd").expect("create /run/sshd (the test runs as root)");
    keygen(&root.join("host_key"));
    let server_base = root.join("server-base");
    fs::create_dir_all(&server_base).unwrap();
    let port = free_port();
    let config = root.join("sshd_config");
    fs::write(
        &config,
        format!(
            "Port {port}\nListenAddress 127.0.0.1\nHostKey {hk}\nPidFile {pid}\n\
             AuthorizedKeysFile {ak}\nStrictModes no\nPasswordAuthentication no\n\
             KbdInteractiveAuthentication no\nUsePAM no\nPermitRootLogin prohibit-password\n\
             SetEnv BORG_BASE_DIR={base}\nLogLevel VERBOSE\n",
            hk = root.join("host_key").display(),
            pid = root.join("sshd.pid").display(),
            ak = authorized_keys.display(),
            base = server_base.display(),
        ),
    )
    .unwrap();
    let child = Command::new(sshd)
        .args(["-D", "-e", "-f"])
        .arg(&config)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(fs::File::create(root.join("sshd.log")).unwrap())
        .spawn()
        .expect("sshd starts");
    let mut server = Sshd { child, port };
    let start = Instant::now();
    while TcpStream::connect(("127.0.0.1", port)).is_err() {
        if let Ok(Some(status)) = server.child.try_wait() {
            panic!(
                "sshd exited ({status}): {}",
                fs::read_to_string(root.join("sshd.log")).unwrap_or_default()
            );
        }
        assert!(
            start.elapsed() < Duration::from_secs(20),
            "sshd did not start"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
    server
}

/// A `BORG_RSH` value reaching `server` with the private key at `key` and nothing else (no
/// user configuration, no host key prompts).
pub fn borg_rsh(server: &Sshd, key: &Path) -> String {
    format!(
        "ssh -F /dev/null -p {} -i {} -o IdentitiesOnly=yes -o BatchMode=yes \
         -o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null -o LogLevel=ERROR",
        server.port,
        key.display()
    )
}
