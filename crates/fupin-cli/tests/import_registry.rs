//! `fupin import registry` re-importing an updated file: the difference is printed.

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

const HEADER: &str =
    "户编号,姓名,身份证号,村代码,与户主关系,户属性,主要致贫原因,脱贫状态,脱贫年度\n";

#[test]
fn a_reimport_prints_the_difference() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("registry.csv");
    std::fs::write(
        &file,
        format!(
            "{HEADER}H1,张三,11010519491231002X,130125100201,户主,一般贫困户,因病,未脱贫,\n\
             H2,李四,110105194912310038,130125100202,户主,一般贫困户,因病,未脱贫,\n"
        ),
    )
    .unwrap();
    let out = fupin(
        dir.path(),
        &[
            "import",
            "registry",
            "registry.csv",
            "--effective",
            "2023-01-01",
        ],
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(
        text(&out.stdout).contains("2 户、2 人"),
        "{}",
        text(&out.stdout)
    );

    std::fs::write(
        &file,
        format!(
            "{HEADER}H1,张三,11010519491231002X,130125100201,户主,一般贫困户,因病,已脱贫享受政策,2024\n"
        ),
    )
    .unwrap();
    let bad = fupin(
        dir.path(),
        &[
            "import",
            "registry",
            "registry.csv",
            "--effective",
            "2024/06/30",
        ],
    );
    assert!(!bad.status.success());
    assert!(
        text(&bad.stderr).contains("YYYY-MM-DD"),
        "{}",
        text(&bad.stderr)
    );

    let out = fupin(
        dir.path(),
        &[
            "import",
            "registry",
            "registry.csv",
            "--effective",
            "2024-06-30",
        ],
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    let stdout = text(&out.stdout);
    for expected in [
        "2024-06-30",
        "新增 0 人",
        "脱贫 1 人",
        "注销（名单中已无）1 人",
        "未变化 0 人",
    ] {
        assert!(stdout.contains(expected), "{expected} in {stdout}");
    }
    assert!(!stdout.contains("张三") && !stdout.contains("110105"));
}
