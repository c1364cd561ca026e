//! The downloadable roster templates: CSV (UTF-8 with BOM, opens in Excel) and XLSX (the ID
//! column formatted as text, so Excel keeps all 18 digits).

use fupin_domain::IdNumber;
use rust_xlsxwriter::XlsxError;
use time::macros::date;

use crate::tabular::template::{self, TemplateSpec};

use super::columns::Column;

/// The example row of the templates: a made-up person whose ID number is built here, at run time,
/// so that it passes the GB 11643 check without any real number being written into the source.
pub fn example() -> [String; 6] {
    let id = IdNumber::from_parts("130125", date!(1980 - 05 - 01), 123)
        .map(|id| id.as_str().to_owned())
        .unwrap_or_default();
    [
        "张三".to_owned(),
        id,
        "130125100209".to_owned(),
        "建档立卡贫困人口".to_owned(),
        "1200.00".to_owned(),
        "2019-03-05".to_owned(),
    ]
}

/// The header row of the templates.
pub fn header() -> [&'static str; 6] {
    Column::ALL.map(Column::label)
}

/// The roster templates' content.
fn spec<'a>(
    header: &'a [&'a str],
    example: &'a [&'a str],
    notes: &'a [String],
) -> TemplateSpec<'a> {
    TemplateSpec {
        sheet: "受益人名单",
        header,
        example,
        // ID, village and date: text, so Excel cannot turn ID numbers into numbers.
        text_columns: &[1, 2, 5],
        wide_columns: &[1, 2],
        notes,
    }
}

fn notes() -> Vec<String> {
    [
        "每行一名受益人；第一行为表头，列名不可修改（可增加“序号”“备注”等其他列）。",
        "身份证号：18 位，请保持“文本”格式，不要改成数字格式（否则 Excel 会丢失后几位）。",
        "村：12 位村级区划代码，或本项目实施地点内的村名（同名村请写“乡镇名+村名”或填代码）。",
        "受益类别：建档立卡贫困人口、农村低保对象、特困人员、贫困残疾人、其他。",
        "帮扶金额（元）：非资金帮扶填 0。帮扶日期：如 2019-03-05。",
        "上传时逐行检查，有任何错误则整个文件不导入，并列出每处错误的行号和列名。",
    ]
    .map(str::to_owned)
    .to_vec()
}

/// The CSV template: header row and one example row, UTF-8 with BOM.
pub fn roster_template_csv() -> Vec<u8> {
    let example = example();
    let cells: Vec<&str> = example.iter().map(String::as_str).collect();
    template::csv(&spec(&header(), &cells, &[]))
}

/// The XLSX template: a “受益人名单” sheet with the header, one example row and the ID, village and
/// date columns formatted as text (so Excel cannot turn ID numbers into numbers), and a
/// “填写说明” sheet.
pub fn roster_template_xlsx() -> Result<Vec<u8>, XlsxError> {
    let example = example();
    let cells: Vec<&str> = example.iter().map(String::as_str).collect();
    template::xlsx(&spec(&header(), &cells, &notes()))
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

    use super::*;

    #[test]
    fn the_csv_template_has_a_bom_the_header_and_a_valid_example() {
        let csv = roster_template_csv();
        let text = std::str::from_utf8(&csv[3..]).unwrap();
        assert!(csv.starts_with(b"\xEF\xBB\xBF"));
        assert!(text.starts_with("姓名,身份证号,村,受益类别,帮扶金额（元）,帮扶日期\r\n"));
        assert!(fupin_domain::IdNumber::parse(&example()[1]).is_ok());
    }

    #[test]
    fn the_xlsx_template_is_a_workbook() {
        let bytes = roster_template_xlsx().unwrap();
        assert!(bytes.starts_with(b"PK\x03\x04"));
    }
}
