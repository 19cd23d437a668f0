//! A real SMTP server on loopback for the tests: aiosmtpd, in a venv under target/ made on
//! first use (from PyPI).

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::OnceLock;

/// The Python with aiosmtpd: `target/smtp-venv`, created (from PyPI) on first use.
pub fn smtp_python() -> &'static Path {
    static PYTHON: OnceLock<PathBuf> = OnceLock::new();
    PYTHON.get_or_init(|| {
        let venv = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("../smtp-venv");
        let python = venv.join("bin/python");
        let ready = |p: &Path| {
            Command::new(p)
                .args(["-c", "import aiosmtpd"])
                .status()
                .is_ok_and(|s| s.success())
        };
        if !ready(&python) {
            let made = Command::new("python3")
                .args(["-m", "venv"])
                .arg(&venv)
                .status()
                .unwrap();
            assert!(made.success(), "python3 -m venv failed");
            let pip = Command::new(venv.join("bin/pip"))
                .args(["install", "-q", "aiosmtpd==1.4.6"])
                .status()
                .unwrap();
            assert!(pip.success(), "pip install aiosmtpd failed");
        }
        assert!(ready(&python), "aiosmtpd is not importable");
        python
    })
}

/// A running SMTP server; stops when dropped.
pub struct SmtpServer {
    child: Child,
    pub port: u16,
    mailbox: tempfile::TempDir,
}

impl SmtpServer {
    /// Starts `tests/smtp/server.py` in `mode` (`accept`, ...).
    pub fn start(mode: &str) -> SmtpServer {
        let mailbox = tempfile::tempdir().unwrap();
        let mut child = Command::new(smtp_python())
            .arg("tests/smtp/server.py")
            .arg(mode)
            .arg(mailbox.path())
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .spawn()
            .unwrap();
        let mut line = String::new();
        BufReader::new(child.stdout.take().unwrap())
            .read_line(&mut line)
            .unwrap();
        let port = line
            .trim()
            .strip_prefix("PORT ")
            .expect("server started")
            .parse()
            .unwrap();
        SmtpServer {
            child,
            port,
            mailbox,
        }
    }

    pub fn url(&self) -> String {
        format!("smtp://127.0.0.1:{}", self.port)
    }

    pub fn received(&self) -> Vec<Vec<u8>> {
        let mut files: Vec<_> = std::fs::read_dir(self.mailbox.path())
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|e| e == "eml"))
            .collect();
        files.sort();
        files.iter().map(|p| std::fs::read(p).unwrap()).collect()
    }
}

impl Drop for SmtpServer {
    fn drop(&mut self) {
        drop(self.child.stdin.take());
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
