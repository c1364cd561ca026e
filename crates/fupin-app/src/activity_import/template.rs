//! The downloadable activity workbook templates: CSV (UTF-8 with BOM, opens in Excel) and XLSX
//! (a “项目” sheet first, code and date columns formatted as text, and a “填写说明” sheet).

use rust_xlsxwriter::XlsxError;

use crate::tabular::template::{self, TemplateSpec};

use super::columns::Column;

/// The example row of the templates (a made-up organization; the credit code passes GB 32100).
pub const EXAMPLE: [&str; 21] = [
    "53130125000000094N",
    "行唐县助学项目",
    "教育扶贫",
    "扶贫项目",
    "2020",
    "2020-03-01",
    "2020-03-01",
    "2020-12-31",
    "130125:60%；130126:40%",
    "100000",
    "90000",
    "80000",
    "社会捐赠",
    "40",
    "120",
    "资助两县建档立卡家庭学生完成学业",
    "2020-12-31",
    "建档立卡贫困人口",
    "",
    "",
    "",
];

/// The header row of the templates.
pub fn header() -> [&'static str; 21] {
    Column::ALL.map(Column::label)
}

/// The activity templates' content.
fn spec<'a>(header: &'a [&'a str], notes: &'a [String]) -> TemplateSpec<'a> {
    TemplateSpec {
        sheet: "项目",
        header,
        example: &EXAMPLE,
        // Every column as text: codes, dates and amounts stay as typed.
        text_columns: &ALL_COLUMNS,
        wide_columns: &[0, 1, 8],
        notes,
    }
}

/// Column indexes 0..21.
const ALL_COLUMNS: [u16; 21] = [
    0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20,
];

fn notes() -> Vec<String> {
    vec![
        "每行一个项目；第一行为表头，列名不可修改（可增加“序号”“备注”等其他列）。只读取第一个工作表。".to_owned(),
        "统一社会信用代码：18 位，须为本单位管辖范围内已登记的社会组织。".to_owned(),
        format!("领域：{}。", labels::<fupin_domain::Field>()),
        format!("方式：{}。", labels::<fupin_domain::Method>()),
        format!("资金来源：{}（有金额时必填）。", labels::<fupin_domain::FundingSource>()),
        "实施地点：行政区划代码，多个地点用“；”分隔并注明占比，占比合计 100%，如 130125:60%；130126:40%；只有一个地点时可不填占比。".to_owned(),
        "金额单位为元（可写 1.2万）；日期如 2020-03-01；受益户数不大于受益人数。".to_owned(),
        "网络募捐须填写募捐平台和备案编号，政府购买服务须填写合同编号，慈善信托须填写备案编号。".to_owned(),
        "导入的项目为该社会组织的草稿，由社会组织核对后提交审核。".to_owned(),
        "上传时逐行检查，有任何错误则整个文件不导入，并列出每处错误的行号和列名。".to_owned(),
    ]
}

/// The CSV template: header row and one example row, UTF-8 with BOM.
pub fn activity_template_csv() -> Vec<u8> {
    template::csv(&spec(&header(), &[]))
}

/// The XLSX template: a “项目” sheet with the header and one example row, and a “填写说明” sheet.
pub fn activity_template_xlsx() -> Result<Vec<u8>, XlsxError> {
    template::xlsx(&spec(&header(), &notes()))
}

fn labels<T: fupin_domain::Taxonomy>() -> String {
    T::ALL
        .iter()
        .map(|v| v.label_zh())
        .collect::<Vec<_>>()
        .join("、")
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

    use super::*;

    #[test]
    fn the_example_parses() {
        assert!(fupin_domain::CreditCode::parse(EXAMPLE[0]).is_ok());
        assert!(activity_template_xlsx().unwrap().starts_with(b"PK\x03\x04"));
        assert!(activity_template_csv().starts_with(b"\xEF\xBB\xBF"));
    }
}
