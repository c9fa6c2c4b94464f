//! Shared helpers of the end-to-end tests: the real binary in a tmux server of its own.
// Each test binary uses a different subset of these helpers.
#![allow(dead_code)]
// Helpers outside #[test] fns set up fixtures; a failure there is a test failure.
#![allow(clippy::unwrap_used)]

use std::path::PathBuf;
use std::process::Command;
use std::time::{Duration, Instant};

pub const BIN: &str = env!("CARGO_BIN_EXE_matn");

/// How long a wait may take before the test fails (generous: CI machines are slow and shared).
const TIMEOUT: Duration = Duration::from_secs(20);

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
    /// Start matn with `args` in a `cols`×`rows` tmux session on a socket unique to `name`; its
    /// exit status lands in [`Self::exit_path`].
    pub fn start(name: &str, cols: u16, rows: u16, args: &[&str]) -> Self {
        Self::launch(name, cols, rows, args, false)
    }

    /// Like [`Self::start`], but matn is exec'd (the pane's pid is matn's, for `kill -9`) and the
    /// pane stays after it exits (no exit file: watch `#{pane_dead}`).
    pub fn start_exec(name: &str, cols: u16, rows: u16, args: &[&str]) -> Self {
        let t = Self::launch(name, cols, rows, args, true);
        t.tmux(&["set-option", "-t", "0", "remain-on-exit", "on"]);
        t
    }

    fn launch(name: &str, cols: u16, rows: u16, args: &[&str], exec: bool) -> Self {
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
        let script = if exec {
            format!("exec {cmd}")
        } else {
            format!(
                "{cmd}; echo EXIT:$? > {}",
                shell_quote(&exit.to_string_lossy())
            )
        };
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

    /// The pid of the pane's process (matn itself after [`Self::start_exec`]).
    pub fn pid(&self) -> u32 {
        self.tmux(&["display-message", "-p", "-t", "0", "#{pane_pid}"])
            .trim()
            .parse()
            .unwrap()
    }

    /// Wait until the pane's process has ended (after [`Self::start_exec`]).
    pub fn wait_dead(&self) {
        let start = Instant::now();
        while self
            .tmux(&["display-message", "-p", "-t", "0", "#{pane_dead}"])
            .trim()
            != "1"
        {
            assert!(start.elapsed() < TIMEOUT, "matn did not quit");
            std::thread::sleep(Duration::from_millis(40));
        }
    }

    /// The status line (last non-blank row) now.
    pub fn status(&self) -> String {
        status_line(&self.capture()).to_owned()
    }

    /// Wait until the status line satisfies `pred`; returns it.
    pub fn wait_status(&self, what: &str, pred: impl Fn(&str) -> bool) -> String {
        let screen = self.wait_for(what, |s| pred(status_line(s)));
        status_line(&screen).to_owned()
    }

    pub fn tmux(&self, args: &[&str]) -> String {
        let out = Command::new("tmux")
            .args(["-L", &self.socket])
            .args(args)
            .output()
            .unwrap();
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    /// Send keys one `send-keys` at a time, pausing after Esc: "Esc G" in one write reaches
    /// the program as the bytes ESC G, which terminals (and crossterm) read as Alt-G.
    pub fn keys(&self, keys: &[&str]) {
        for k in keys {
            self.tmux(&["send-keys", "-t", "0", k]);
            if k.eq_ignore_ascii_case("esc") || k.eq_ignore_ascii_case("escape") {
                std::thread::sleep(Duration::from_millis(150));
            }
        }
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

    /// Wait until the screen satisfies `pred`; panics with the screen after [`TIMEOUT`].
    pub fn wait_for(&self, what: &str, pred: impl Fn(&str) -> bool) -> String {
        let start = Instant::now();
        loop {
            let screen = self.capture();
            if pred(&screen) {
                return screen;
            }
            assert!(
                start.elapsed() < TIMEOUT,
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
                start.elapsed() < TIMEOUT,
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
