//! `fupin import list`: an assistance list loads and prints its counts; a faulty file exits 1
//! with the report by row and column; an unknown list is refused before anything is read.

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

const HEADER: &str = "姓名,身份证号,村代码,名单状态,退出年度\n";
const ID: &str = "11010519491231002X"; // GB 11643's published example

#[test]
fn a_list_loads_and_a_faulty_one_is_reported() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("tekun.csv");
    std::fs::write(&file, format!("{HEADER}张三,{ID},130125100201,在册,\n")).unwrap();
    let args = [
        "import",
        "list",
        "--list",
        "特困",
        "tekun.csv",
        "--effective",
        "2023-01-01",
    ];
    let out = fupin(dir.path(), &args);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let printed = text(&out.stdout);
    assert!(
        printed.contains("特困人员名单") && printed.contains("新增 1 人"),
        "{printed}"
    );
    assert!(!printed.contains(ID) && !printed.contains("张三"));

    std::fs::write(&file, format!("{HEADER}张三,{ID},130125100201,已退出,\n")).unwrap();
    let out = fupin(dir.path(), &args);
    assert_eq!(out.status.code(), Some(1));
    let report = text(&out.stderr);
    assert!(
        report.contains("退出年度") && report.contains('2'),
        "{report}"
    );

    let out = fupin(
        dir.path(),
        &["import", "list", "--list", "富裕户", "tekun.csv"],
    );
    assert!(!out.status.success());
    assert!(
        text(&out.stderr).contains("不是救助名单"),
        "{}",
        text(&out.stderr)
    );
}
