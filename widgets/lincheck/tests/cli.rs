//! The command-line tool: verdicts, exit codes, errors.

use std::path::PathBuf;
use std::process::Command;

/// A temporary file, removed when dropped.
struct Temp(PathBuf);

impl Temp {
    fn to_str(&self) -> Option<&str> {
        self.0.to_str()
    }
}

impl Drop for Temp {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.0);
    }
}

fn file(name: &str, text: &str) -> Temp {
    let path = std::env::temp_dir().join(format!("dsw-lincheck-{}-{name}", std::process::id()));
    std::fs::write(&path, text).expect("write");
    Temp(path)
}

fn run(args: &[&str]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_lincheck"))
        .args(args)
        .output()
        .expect("runs");
    (
        out.status.code().expect("exit code"),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

const GOOD: &str = "\
INFO  jepsen.util - 0\t:invoke\t:write\t1
INFO  jepsen.util - 0\t:ok\t:write\t1
INFO  jepsen.util - 1\t:invoke\t:read\tnil
INFO  jepsen.util - 1\t:ok\t:read\t1
";

const STALE: &str = "\
{:process 0, :type :invoke, :f :write, :value 3}
{:process 0, :type :ok, :f :write, :value 3}
{:process 1, :type :invoke, :f :write, :value 4}
{:process 1, :type :ok, :f :write, :value 4}
{:process 2, :type :invoke, :f :read, :value nil}
{:process 2, :type :ok, :f :read, :value 3}
";

#[test]
fn a_linearizable_log() {
    let path = file("good.log", GOOD);
    let (code, out, _) = run(&[path.to_str().expect("utf-8")]);
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("verdict: linearizable"), "{out}");
    assert!(
        out.contains("2 operations (2 ok, 0 failed, 0 unknown)"),
        "{out}"
    );
    assert!(out.contains("checked in"), "{out}");
}

#[test]
fn a_stale_read() {
    let path = file("stale.edn", STALE);
    let (code, out, _) = run(&[path.to_str().expect("utf-8"), "--levels"]);
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("verdict: NOT linearizable"), "{out}");
    assert!(out.contains("minimal failing operations (3 of 3)"), "{out}");
    assert!(out.contains("why: r2 read 3"), "{out}");
    assert!(out.contains("sequentially consistent: holds"), "{out}");
    assert!(out.contains("causally consistent: holds"), "{out}");
    let (code, out, _) = run(&[
        path.to_str().expect("utf-8"),
        "--model",
        "kv",
        "--format",
        "edn",
    ]);
    assert_eq!(code, 1);
    assert!(out.contains("failing key: (no key)"), "{out}");
}

#[test]
fn bad_input_exits_with_2() {
    let path = file(
        "bad.edn",
        "{:process 0, :type :invoke, :f :read}\n{:process 0 :type}\n",
    );
    let (code, _, err) = run(&[path.to_str().expect("utf-8")]);
    assert_eq!(code, 2);
    assert!(err.contains("line 2, column 1"), "{err}");
    let (code, _, err) = run(&["/nonexistent/history.edn"]);
    assert_eq!(code, 2);
    assert!(err.contains("cannot read"), "{err}");
    let good = file("good2.log", GOOD);
    let (code, _, err) = run(&[good.to_str().expect("utf-8"), "--model", "queue"]);
    assert_eq!(code, 2);
    assert!(err.contains("unknown model"), "{err}");
    let (code, _, err) = run(&[]);
    assert_eq!(code, 2);
    assert!(err.contains("usage"), "{err}");
    let appends = file(
        "append.edn",
        "{:process 0, :type :invoke, :f :append, :key 1, :value 2}\n",
    );
    let (code, _, err) = run(&[appends.to_str().expect("utf-8"), "--model", "register"]);
    assert_eq!(code, 2);
    assert!(err.contains("append model"), "{err}");
}
