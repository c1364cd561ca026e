//! The `fupin` binary as officials and scripts use it.

#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs)]

use std::path::Path;
use std::process::{Command, Output};

fn fupin(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_fupin"))
        .args(args)
        .current_dir(dir)
        .env_remove("FUPIN_DATABASE_URL")
        .env_remove("FUPIN_CONFIG")
        .env("FUPIN_PII_KEY", "ab".repeat(64))
        .env("RUST_LOG", "warn")
        .output()
        .unwrap()
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

#[test]
fn migrate_creates_the_default_database_and_is_repeatable() {
    let dir = tempfile::tempdir().unwrap();
    let first = fupin(dir.path(), &["migrate"]);
    assert!(first.status.success(), "{}", text(&first.stderr));
    assert!(
        dir.path().join("fupin.db").exists(),
        "the default database is ./fupin.db"
    );
    assert!(
        text(&first.stdout).contains("2978"),
        "{}",
        text(&first.stdout)
    );
    let second = fupin(dir.path(), &["migrate"]);
    assert!(second.status.success());
}

#[test]
fn an_unknown_database_scheme_is_a_clear_error() {
    let dir = tempfile::tempdir().unwrap();
    let out = fupin(
        dir.path(),
        &["migrate", "--database-url", "mysql://root@localhost/fupin"],
    );
    assert!(!out.status.success());
    let stderr = text(&out.stderr);
    assert!(stderr.contains("mysql"), "{stderr}");
    assert!(
        stderr.contains("sqlite://"),
        "the message says what is accepted: {stderr}"
    );
}

#[test]
fn a_rejected_registry_file_exits_1_with_the_report_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("registry.csv");
    std::fs::write(
        &file,
        "户编号,姓名,身份证号,村代码,与户主关系,户属性,主要致贫原因,脱贫状态,脱贫年度\n\
         H1,张三,11010519491231002X,130125100201,户主,一般贫困户,因病,未脱贫,\n\
         H2,李四,110105194912310021,130125100201,户主,一般贫困户,因病,未脱贫,\n",
    )
    .unwrap();
    let out = fupin(dir.path(), &["import", "registry", "registry.csv"]);
    assert_eq!(out.status.code(), Some(1));
    let stderr = text(&out.stderr);
    assert!(
        stderr.contains("第 3 行") && stderr.contains("身份证号"),
        "{stderr}"
    );
    assert!(
        !stderr.contains("110105194912310021"),
        "the report must not echo a full ID number: {stderr}"
    );

    std::fs::write(
        &file,
        "户编号,姓名,身份证号,村代码,与户主关系,户属性,主要致贫原因,脱贫状态,脱贫年度\n\
         H1,张三,11010519491231002X,130125100201,户主,一般贫困户,因病,未脱贫,\n",
    )
    .unwrap();
    let out = fupin(dir.path(), &["import", "registry", "registry.csv"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(
        text(&out.stdout).contains("1 户、1 人"),
        "{}",
        text(&out.stdout)
    );
}

#[test]
fn regions_export_as_csv_with_a_bom() {
    let dir = tempfile::tempdir().unwrap();
    let out = fupin(
        dir.path(),
        &["export", "regions", "--poor-only", "-o", "poor.csv"],
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    let csv = std::fs::read_to_string(dir.path().join("poor.csv")).unwrap();
    assert!(
        csv.starts_with('\u{feff}'),
        "Excel needs the BOM to read UTF-8"
    );
    assert_eq!(csv.lines().count(), 1 + 831);
    assert!(csv.contains("130125,行唐县,1301,是,2018"));
}

#[test]
fn data_written_under_one_key_is_not_opened_with_another() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("r.csv"),
        "户编号,姓名,身份证号,村代码,与户主关系,户属性,主要致贫原因,脱贫状态,脱贫年度\n\
         H1,张三,11010519491231002X,130125100201,户主,一般贫困户,因病,未脱贫,\n",
    )
    .unwrap();
    assert!(
        fupin(dir.path(), &["import", "registry", "r.csv"])
            .status
            .success()
    );
    let out = Command::new(env!("CARGO_BIN_EXE_fupin"))
        .args(["import", "registry", "r.csv"])
        .current_dir(dir.path())
        .env_remove("FUPIN_DATABASE_URL")
        .env("FUPIN_PII_KEY", "cd".repeat(64))
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(text(&out.stderr).contains("密钥"), "{}", text(&out.stderr));
}
