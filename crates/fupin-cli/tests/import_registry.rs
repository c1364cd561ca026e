//! `fupin import registry`: re-importing an updated file prints the difference; an Excel file loads,
//! and an ID number Excel stored as a number is refused by worksheet row.

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

/// A registry workbook (first worksheet, header on row 1) with villages and years as number
/// cells; with `id_as_number`, the ID of the second person is a number cell, as Excel keeps a
/// number typed into a column not formatted as text.
fn workbook(id_as_number: bool) -> Vec<u8> {
    use fupin_app::open_data::{Cell, Table};
    let second_id = if id_as_number {
        // Written as a number cell (an 18-digit one would be written as text).
        Cell::Int(110_105_491_231_003)
    } else {
        Cell::from("110105194912310038")
    };
    Table {
        name: "建档立卡".into(),
        headers: HEADER.trim_end().split(',').map(str::to_owned).collect(),
        rows: vec![
            vec![
                "H1".into(),
                "张三".into(),
                "11010519491231002X".into(),
                Cell::Int(130_125_100_201),
                "户主".into(),
                "一般贫困户".into(),
                "因病".into(),
                "已脱贫享受政策".into(),
                Cell::Int(2018),
            ],
            vec![
                "H2".into(),
                "李四".into(),
                second_id,
                Cell::Int(130_125_100_202),
                "户主".into(),
                "一般贫困户".into(),
                "因病".into(),
                "未脱贫".into(),
                "".into(),
            ],
        ],
    }
    .to_xlsx()
    .unwrap()
}

#[test]
fn an_excel_registry_loads_and_a_numeric_id_is_refused_by_row() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("numbers.xlsx"), workbook(true)).unwrap();
    let refused = fupin(dir.path(), &["import", "registry", "numbers.xlsx"]);
    assert_eq!(refused.status.code(), Some(1), "{}", text(&refused.stderr));
    let stderr = text(&refused.stderr);
    assert!(
        stderr.contains("第 3 行，“身份证号”列：身份证号在 Excel 中被存成了数字"),
        "{stderr}"
    );
    assert!(stderr.contains("整个文件未写入任何数据"), "{stderr}");

    std::fs::write(dir.path().join("registry.xlsx"), workbook(false)).unwrap();
    let out = fupin(
        dir.path(),
        &[
            "import",
            "registry",
            "registry.xlsx",
            "--effective",
            "2023-01-01",
        ],
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(
        text(&out.stdout).contains("已导入 2 户、2 人"),
        "the refused file wrote nothing, this one is a first load: {}",
        text(&out.stdout)
    );
}
