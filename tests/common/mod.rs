//! Shared helpers of the end-to-end tests: the real binary in a tmux server of its own.
// Each test binary uses a different subset of these helpers.
#![allow(dead_code)]
// Helpers outside #[test] fns set up fixtures; a failure there is a test failure.
#![allow(clippy::unwrap_used)]

use std::path::PathBuf;
use std::process::Command;
use std::time::{Duration, Instant};

pub const BIN: &str = env!("CARGO_BIN_EXE_matn");

pub struct Tmux {
    pub socket: String,
    dir: tempfile::TempDir,
}

impl Drop for Tmux {
    fn drop(&mut self) {
        let _ = Command::new("tmux")
            .args(["-L", &self.socket, "kill-server"])
            .output();
    }
}

pub fn tmux_ok() -> bool {
    let have = Command::new("tmux")
        .arg("-V")
        .output()
        .is_ok_and(|o| o.status.success());
    if !have {
        assert!(
            std::env::var_os("CI").is_none(),
            "tmux is required in CI (install it in .ci/run)"
        );
        eprintln!("SKIPPED: tmux not installed (set CI=1 to make this an error)");
    }
    have
}

pub fn shell_quote(s: &str) -> String {
    format!("'{}'", s.replace('\'', "'\\''"))
}

impl Tmux {
    /// Start matn with `args` in a `cols`×`rows` tmux session on a socket unique to `name`.
    pub fn start(name: &str, cols: u16, rows: u16, args: &[&str]) -> Self {
        let dir = tempfile::tempdir().unwrap();
        let config = dir.path().join("config.toml");
        std::fs::write(&config, "").unwrap();
        let exit = dir.path().join("exit");
        let mut cmd = format!(
            "{} --config {}",
            shell_quote(BIN),
            shell_quote(&config.to_string_lossy())
        );
        // A store of its own: the user's (or an earlier test's) reading position or annotations
        // must never change what a test sees.
        if !args.contains(&"--data-dir") {
            let data = dir.path().join("data");
            cmd.push_str(" --data-dir ");
            cmd.push_str(&shell_quote(&data.to_string_lossy()));
        }
        for a in args {
            cmd.push(' ');
            cmd.push_str(&shell_quote(a));
        }
        let script = format!(
            "{cmd}; echo EXIT:$? > {}",
            shell_quote(&exit.to_string_lossy())
        );
        let socket = format!("matn-e2e-{name}-{}", std::process::id());
        let t = Tmux { socket, dir };
        let out = Command::new("tmux")
            .args(["-L", &t.socket, "-f", "/dev/null", "new-session", "-d"])
            .args(["-x", &cols.to_string(), "-y", &rows.to_string()])
            .args(["sh", "-c", &script])
            .env("LANG", "C.UTF-8")
            .env("LC_ALL", "C.UTF-8")
            .env_remove("MATN_DATA_DIR")
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "tmux: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        t
    }

    pub fn tmux(&self, args: &[&str]) -> String {
        let out = Command::new("tmux")
            .args(["-L", &self.socket])
            .args(args)
            .output()
            .unwrap();
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    pub fn keys(&self, keys: &[&str]) {
        let mut a = vec!["send-keys", "-t", "0"];
        a.extend_from_slice(keys);
        self.tmux(&a);
    }

    /// Type text literally (UTF-8, e.g. Persian).
    pub fn type_text(&self, text: &str) {
        self.tmux(&["send-keys", "-t", "0", "-l", text]);
    }

    pub fn capture(&self) -> String {
        self.tmux(&["capture-pane", "-p", "-t", "0"])
    }

    pub fn capture_styled(&self) -> String {
        self.tmux(&["capture-pane", "-p", "-e", "-t", "0"])
    }

    /// Wait until the screen satisfies `pred`; panics with the screen after 15 s.
    pub fn wait_for(&self, what: &str, pred: impl Fn(&str) -> bool) -> String {
        let start = Instant::now();
        loop {
            let screen = self.capture();
            if pred(&screen) {
                return screen;
            }
            assert!(
                start.elapsed() < Duration::from_secs(15),
                "timed out waiting for {what}; screen:\n{screen}"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    pub fn exit_path(&self) -> PathBuf {
        self.dir.path().join("exit")
    }

    /// Wait for the program to exit; returns the "EXIT:n" line.
    pub fn wait_exit(&self) -> String {
        let start = Instant::now();
        loop {
            if let Ok(s) = std::fs::read_to_string(self.exit_path())
                && !s.is_empty()
            {
                return s.trim().to_owned();
            }
            assert!(
                start.elapsed() < Duration::from_secs(15),
                "matn did not exit; screen:\n{}",
                self.capture()
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }
}

pub fn reversed(s: &str) -> String {
    s.chars().rev().collect()
}

/// The word is on screen, in logical or visual spelling.
pub fn shows(screen: &str, word: &str) -> bool {
    screen.contains(word) || screen.contains(&reversed(word))
}

pub fn status_line(screen: &str) -> &str {
    screen.lines().rfind(|l| !l.trim().is_empty()).unwrap_or("")
}
