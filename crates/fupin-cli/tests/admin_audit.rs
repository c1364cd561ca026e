//! `fupin admin create` and `fupin audit verify | purge` as the operator runs them.

#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs)]

use std::io::Write;
use std::path::Path;
use std::process::{Command, Output, Stdio};

const GOOD_PASSWORD: &str = "Fupin#2017Root";

/// The binary in `dir`, with the test key and no configuration from the environment; `env` adds
/// variables and `stdin` is written to its standard input.
fn fupin_with(dir: &Path, args: &[&str], env: &[(&str, &str)], stdin: &str) -> Output {
    let mut command = Command::new(env!("CARGO_BIN_EXE_fupin"));
    command
        .args(args)
        .current_dir(dir)
        .env_remove("FUPIN_DATABASE_URL")
        .env_remove("FUPIN_CONFIG")
        .env_remove("FUPIN_ADMIN_PASSWORD")
        .env_remove("FUPIN_PASSWORD_PROFILE")
        .env_remove("FUPIN_SECURE_COOKIES")
        .env("FUPIN_PII_KEY", "ab".repeat(64))
        .env("RUST_LOG", "warn")
        .envs(env.iter().copied())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let mut child = command.spawn().unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(stdin.as_bytes())
        .unwrap();
    child.wait_with_output().unwrap()
}

fn fupin(dir: &Path, args: &[&str]) -> Output {
    fupin_with(dir, args, &[], "")
}

fn create_admin(dir: &Path, username: &str, role: &str, password: &str) -> Output {
    fupin_with(
        dir,
        &[
            "admin",
            "create",
            "--username",
            username,
            "--display-name",
            "张管理",
            "--role",
            role,
        ],
        &[("FUPIN_ADMIN_PASSWORD", password)],
        "",
    )
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// The number of entries `audit verify` reports as checked.
fn checked(out: &Output) -> u64 {
    let stdout = text(&out.stdout);
    let after = stdout.split("已核对 ").nth(1).expect(&stdout);
    after
        .split(' ')
        .next()
        .and_then(|n| n.parse().ok())
        .expect(&stdout)
}

/// The head `audit verify` printed.
fn head(out: &Output) -> String {
    let stdout = text(&out.stdout);
    let line = stdout
        .lines()
        .find_map(|l| l.strip_prefix("链头 (head): "))
        .expect(&stdout);
    line.trim().to_owned()
}

/// Runs one statement against a SQLite file, as someone with access to the file could.
fn tamper(file: &Path, sql: &'static str) {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    runtime.block_on(async {
        let url = format!("sqlite://{}", file.display());
        let options = fupin_store::ConnectOptions::default();
        let db = fupin_store::Db::connect(&url, &options).await.unwrap();
        assert_eq!(db.execute(sql, &[]).await.unwrap(), 1);
        db.close().await;
    });
}

#[test]
fn admin_create_makes_an_audited_platform_account() {
    let dir = tempfile::tempdir().unwrap();
    let out = create_admin(dir.path(), "root.admin", "system_admin", GOOD_PASSWORD);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let stdout = text(&out.stdout);
    assert!(stdout.contains("root.admin"), "{stdout}");
    assert!(stdout.contains("TOTP"), "{stdout}");
    let all = stdout + &text(&out.stderr);
    assert!(
        !all.contains(GOOD_PASSWORD),
        "the password is never shown: {all}"
    );

    let verified = fupin(dir.path(), &["audit", "verify"]);
    assert!(verified.status.success(), "{}", text(&verified.stderr));
    assert!(checked(&verified) >= 1, "{}", text(&verified.stdout));
    let recorded = head(&verified);
    let again = fupin(dir.path(), &["audit", "verify", "--expect-head", &recorded]);
    assert!(again.status.success(), "{}", text(&again.stderr));

    let duplicate = create_admin(dir.path(), "root.admin", "auditor", "Audit#2017Other");
    assert_eq!(duplicate.status.code(), Some(1));
    assert!(
        text(&duplicate.stderr).contains("已被使用"),
        "{}",
        text(&duplicate.stderr)
    );
}

#[test]
fn a_weak_password_is_refused_and_creates_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let weak = create_admin(dir.path(), "sec.admin", "security_admin", "password");
    assert_eq!(weak.status.code(), Some(1));
    let stderr = text(&weak.stderr);
    assert!(stderr.contains("密码需要包含"), "{stderr}");
    assert!(!text(&weak.stdout).contains("已创建"));

    let verified = fupin(dir.path(), &["audit", "verify"]);
    assert!(verified.status.success(), "{}", text(&verified.stderr));
    assert_eq!(checked(&verified), 0, "nothing was written");
    // The name is still free.
    let out = create_admin(dir.path(), "sec.admin", "security_admin", GOOD_PASSWORD);
    assert!(out.status.success(), "{}", text(&out.stderr));
}

#[test]
fn the_password_can_come_from_standard_input_and_the_profile_from_configuration() {
    let dir = tempfile::tempdir().unwrap();
    let args = [
        "admin",
        "create",
        "--username",
        "audit.one",
        "--display-name",
        "李审计",
        "--role",
        "auditor",
    ];
    let basic = [("FUPIN_PASSWORD_PROFILE", "basic")];
    let out = fupin_with(dir.path(), &args, &basic, "plainpassword\n");
    assert!(out.status.success(), "{}", text(&out.stderr));

    let unknown = [("FUPIN_PASSWORD_PROFILE", "strict")];
    let out = fupin_with(dir.path(), &["audit", "verify"], &unknown, "");
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out.stderr).contains("strict"),
        "{}",
        text(&out.stderr)
    );

    let out = fupin_with(dir.path(), &args, &[], "");
    assert_eq!(out.status.code(), Some(1), "no password, no account");
}

#[test]
fn a_young_audit_log_is_not_purged() {
    let dir = tempfile::tempdir().unwrap();
    let out = create_admin(dir.path(), "root.admin", "system_admin", GOOD_PASSWORD);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let today = time::OffsetDateTime::now_utc().date().to_string();
    let out = fupin(dir.path(), &["audit", "purge", "--before", &today]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out.stderr).contains("180 天"),
        "{}",
        text(&out.stderr)
    );
    let verified = fupin(dir.path(), &["audit", "verify"]);
    assert_eq!(checked(&verified), 1, "the entry is still there");
}

#[test]
fn the_demo_audit_chain_verifies_and_a_changed_entry_is_named() {
    let dir = tempfile::tempdir().unwrap();
    let demo = fupin(dir.path(), &["demo", "--no-serve"]);
    assert!(demo.status.success(), "{}", text(&demo.stderr));
    let original = [
        "audit",
        "verify",
        "--database-url",
        "sqlite://fupin-demo.db",
    ];
    let verified = fupin(dir.path(), &original);
    assert!(verified.status.success(), "{}", text(&verified.stderr));
    assert!(
        checked(&verified) >= 13,
        "one entry per demo account and one for the generation: {}",
        text(&verified.stdout)
    );

    let copy = dir.path().join("tampered.db");
    std::fs::copy(dir.path().join("fupin-demo.db"), &copy).unwrap();
    tamper(
        &copy,
        "UPDATE audit_log SET detail = detail || 'x' WHERE id = 2",
    );
    let out = fupin(
        dir.path(),
        &["audit", "verify", "--database-url", "sqlite://tampered.db"],
    );
    assert_eq!(out.status.code(), Some(1));
    let stderr = text(&out.stderr);
    assert!(
        stderr.contains("第 2 条") && stderr.contains("entry 2"),
        "{stderr}"
    );

    let still = fupin(dir.path(), &original);
    assert!(still.status.success(), "the original is untouched");
}
