//! Officials export the lists they can see (organizations, activities) as CSV or Excel.
//!
//! The rows are exactly those of the list pages ([`App::organizations`], [`App::activities`]):
//! the same jurisdiction ([`Actor::scope`]) and the same search, over all pages. They are read in
//! keyset batches of [`BATCH`] rows and written at once through [`TableWriter`], so a list of
//! 100,000 rows never sits in memory as rows. Cells a spreadsheet would read as a formula are
//! neutralized as in every open-data file. Money is exact: yuan with two decimals from integer
//! fen, as text. Each export is audited (`export.organizations`, `export.activities`) with its
//! format and row count; no search text or personal data goes into the log. The lists hold no
//! beneficiary data.

use fupin_domain::{
    ActivityStatus, CreditStatus, EvaluationGrade, Field, ManagementMode, Method, OrgLevel,
    OrgType, Taxonomy,
};
use fupin_store::Scope;
use fupin_store::activities::scoped::{self as activities, ActivityExportRow};
use fupin_store::organizations::{self, OrganizationExportRow};
use time::UtcOffset;

use crate::open_data::{Cell, FileFormat, TableWriter, yuan};
use crate::{Actor, App, AppError, AuditEvent};

/// Rows read from the database per query.
pub const BATCH: i64 = 5_000;

/// Column headers of the organizations export.
pub const ORGANIZATION_HEADERS: [&str; 14] = [
    "统一社会信用代码",
    "名称",
    "类型",
    "级别",
    "住所地行政区划代码",
    "住所地",
    "登记管理机关",
    "管理方式",
    "法定代表人",
    "登记日期",
    "慈善组织认定",
    "公开募捐资格",
    "评估等级",
    "信用状态",
];

/// Column headers of the activities export.
pub const ACTIVITY_HEADERS: [&str; 14] = [
    "项目编号",
    "项目名称",
    "社会组织",
    "统一社会信用代码",
    "领域",
    "方式",
    "年度",
    "状态",
    "版本",
    "承诺金额（元）",
    "拨付金额（元）",
    "支出金额（元）",
    "地点",
    "地点行政区划代码",
];

/// A finished export file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Export {
    /// The file's bytes.
    pub bytes: Vec<u8>,
    /// Its format.
    pub format: FileFormat,
    /// Data rows (the header not counted).
    pub rows: u64,
    /// A file name: the list's Chinese name and the date in Beijing time, e.g.
    /// `社会组织名单-20261129.csv`.
    pub file_name: String,
}

/// The Chinese label of a vocabulary code (the code itself if unknown).
fn zh<T: Taxonomy>(code: &str) -> String {
    T::from_code(code).map_or_else(|| code.to_owned(), |t| t.label_zh().to_owned())
}

fn yes_no(flag: bool) -> Cell {
    Cell::from(if flag { "是" } else { "否" })
}

/// One organization as a row under [`ORGANIZATION_HEADERS`].
pub fn organization_cells(row: OrganizationExportRow) -> Vec<Cell> {
    vec![
        row.credit_code.into(),
        row.name.into(),
        zh::<OrgType>(&row.org_type).into(),
        zh::<OrgLevel>(&row.level).into(),
        row.region_code.into(),
        row.region_name.unwrap_or_default().into(),
        row.authority_name.unwrap_or_default().into(),
        zh::<ManagementMode>(&row.management_mode).into(),
        row.legal_representative.into(),
        row.registered_on.to_string().into(),
        yes_no(row.charity_recognized),
        yes_no(row.public_fundraising),
        zh::<EvaluationGrade>(&row.evaluation_grade).into(),
        zh::<CreditStatus>(&row.credit_status).into(),
    ]
}

/// One activity as a row under [`ACTIVITY_HEADERS`].
pub fn activity_cells(row: ActivityExportRow) -> Vec<Cell> {
    vec![
        row.id.into(),
        row.title.into(),
        row.organization_name.into(),
        row.credit_code.into(),
        zh::<Field>(&row.field).into(),
        zh::<Method>(&row.method).into(),
        i64::from(row.year).into(),
        zh::<ActivityStatus>(&row.status).into(),
        i64::from(row.version).into(),
        yuan(row.committed_fen).into(),
        yuan(row.disbursed_fen).into(),
        yuan(row.spent_fen).into(),
        row.location_names.unwrap_or_default().into(),
        row.location_codes.unwrap_or_default().into(),
    ]
}

/// Beijing time, for the date in file names.
const BEIJING: UtcOffset = time::macros::offset!(+8);

impl App {
    /// The organizations the actor may see whose name contains `search` (or whose credit code it
    /// is), all pages, as a file in `format`; audited as `export.organizations`.
    pub async fn export_organizations(
        &self,
        actor: &Actor,
        search: &str,
        format: FileFormat,
    ) -> Result<Export, AppError> {
        let event = AuditEvent::new("export.organizations", "organization", "-");
        let scope = self.export_scope(actor, &event, format).await?;
        let search = search.trim();
        let mut out = TableWriter::new(format, "社会组织", &ORGANIZATION_HEADERS)?;
        let mut after = 0;
        loop {
            let batch =
                organizations::export_batch_scoped(&self.db, &scope, search, after, BATCH).await?;
            let complete = batch.len() < usize::try_from(BATCH).unwrap_or(usize::MAX);
            for row in batch {
                after = row.id;
                out.write_row(&organization_cells(row))?;
            }
            if complete {
                break;
            }
        }
        self.finish_export(actor, event, out, format, "社会组织名单")
            .await
    }

    /// The current activity versions the actor may see, newest first, all pages, as a file in
    /// `format`; audited as `export.activities`.
    pub async fn export_activities(
        &self,
        actor: &Actor,
        format: FileFormat,
    ) -> Result<Export, AppError> {
        let event = AuditEvent::new("export.activities", "activity", "-");
        let scope = self.export_scope(actor, &event, format).await?;
        let mut out = TableWriter::new(format, "扶贫项目", &ACTIVITY_HEADERS)?;
        let mut before = i64::MAX;
        loop {
            let batch = activities::export_batch_scoped(&self.db, &scope, before, BATCH).await?;
            let complete = batch.len() < usize::try_from(BATCH).unwrap_or(usize::MAX);
            for row in batch {
                before = row.id;
                out.write_row(&activity_cells(row))?;
            }
            if complete {
                break;
            }
        }
        self.finish_export(actor, event, out, format, "扶贫项目名单")
            .await
    }

    /// The actor's scope; a user without one is refused (and the refusal audited).
    async fn export_scope(
        &self,
        actor: &Actor,
        event: &AuditEvent,
        format: FileFormat,
    ) -> Result<Scope, AppError> {
        let scope = actor.scope();
        if scope == Scope::Nothing {
            let event = event
                .clone()
                .detail(format!("format={}", format.extension()));
            return Err(self.deny(actor, event, AppError::Forbidden).await);
        }
        Ok(scope)
    }

    async fn finish_export(
        &self,
        actor: &Actor,
        event: AuditEvent,
        out: TableWriter,
        format: FileFormat,
        list_name: &str,
    ) -> Result<Export, AppError> {
        let rows = out.rows();
        let bytes = out.finish()?;
        let detail = format!("format={} rows={rows}", format.extension());
        self.audit(actor, event.detail(detail)).await?;
        let date = self.now().to_offset(BEIJING).date();
        Ok(Export {
            bytes,
            format,
            rows,
            file_name: file_name(list_name, date, format),
        })
    }
}

/// `{list_name}-{YYYYMMDD}.{ext}`.
fn file_name(list_name: &str, date: time::Date, format: FileFormat) -> String {
    format!(
        "{list_name}-{:04}{:02}{:02}.{}",
        date.year(),
        u8::from(date.month()),
        date.day(),
        format.extension()
    )
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use proptest::prelude::*;
    use time::macros::date;

    use super::*;

    #[test]
    fn file_names_carry_the_list_and_the_date() {
        assert_eq!(
            file_name("社会组织名单", date!(2026 - 11 - 29), FileFormat::Csv),
            "社会组织名单-20261129.csv"
        );
        assert_eq!(
            file_name("扶贫项目名单", date!(2020 - 01 - 05), FileFormat::Xlsx),
            "扶贫项目名单-20200105.xlsx"
        );
    }

    #[test]
    fn formats_parse_and_others_are_refused_in_chinese() {
        assert_eq!(FileFormat::parse(" CSV ").unwrap(), FileFormat::Csv);
        assert_eq!(FileFormat::parse("xlsx").unwrap(), FileFormat::Xlsx);
        for bad in ["", "pdf", "xls"] {
            let message = match FileFormat::parse(bad) {
                Err(AppError::Invalid(message)) => message,
                other => format!("{bad} must be refused: {other:?}"),
            };
            assert!(message.contains("csv 或 xlsx"), "{message}");
        }
    }

    proptest! {
        /// Yuan text is exact: two decimals, and reading it back gives the fen.
        #[test]
        fn yuan_text_round_trips_to_fen(fen in any::<i64>()) {
            let text = yuan(fen);
            let (whole, cents) = text.trim_start_matches('-').split_once('.').unwrap();
            prop_assert_eq!(cents.len(), 2);
            prop_assert!(whole.chars().all(|c| c.is_ascii_digit()) && !whole.is_empty());
            let abs = whole.parse::<u128>().unwrap() * 100 + cents.parse::<u128>().unwrap();
            prop_assert_eq!(abs, u128::from(fen.unsigned_abs()));
            prop_assert_eq!(text.starts_with('-'), fen < 0);
        }
    }
}
