//! A county office imports many organizations' activities from one workbook (issue 4, item 5):
//! every row validated, all or nothing, with the same row-and-column report as the roster import.
//!
//! **The workbook.** The sheet named “项目” of an XLSX/XLS workbook, else its first sheet, or a
//! CSV file in UTF-8, with BOM or GBK ([`crate::tabular`]), one row per activity, header found under
//! title rows. Columns ([`columns::SPECS`]): 统一社会信用代码, 项目名称, 领域, 方式, 年度,
//! 计划开始日期, 实际开始日期, 实际结束日期, 实施地点, 承诺金额（元）, 拨付金额（元）,
//! 支出金额（元）, 资金来源, 受益户数, 受益人数, 项目简介, and optional 计划结束日期, 受益类别
//! (blank: 其他), 募捐平台, 备案编号, 合同编号 (which the funding rules ask for). Labels match the
//! domain taxonomies' `label_zh()` (or their aliases and codes). 实施地点 lists region codes
//! separated by `；` or `;`, each with a share (`130125:60%`); one code alone is 100%. Each
//! amount becomes one transaction of its kind with the row's funding source, dated at the actual
//! start (else the planned start, else 1 January of the year); disbursement and expenditure at
//! the actual end when given. A reporting organization must report its own activities: there is
//! no other honest date.
//!
//! **Who.** An officer (role `Officer`) of a government unit. Every row's organization must lie
//! within the officer's jurisdiction ([`crate::Actor::scope`]): a code the scoped lookup does not
//! find is reported as “不在本单位管辖范围内”, whether the organization exists elsewhere or not.
//!
//! **Checks.** Credit code, labels, dates, amounts ([`fupin_domain::Money`], not negative),
//! shares, region codes known to the platform, and the activity rules at the *submission* stage
//! ([`fupin_domain::activity_rules::check`]): each error finding is reported on its row, in the
//! column it concerns. Any problem anywhere: nothing is written.
//!
//! **Effect.** Each row becomes a **draft** owned by its organization, all in one transaction with
//! one `activity.bulk_import` audit entry (file name and counts; nothing personal), which records
//! that the office imported them. Drafts rather than accepted reports because a report is the
//! organization's statement: the office typing it in does not make it one, the organization is
//! the one that answers for it (it checks, completes indicators and evidence, and submits), and
//! the importing unit is often not the reviewing unit fixed on submission. Having passed the
//! submission rules already, a draft can be submitted as it is.

pub mod columns;
mod row;
pub mod template;

use std::collections::{BTreeMap, BTreeSet};
use std::io::{Read, Seek};
use std::ops::ControlFlow;

use fupin_domain::Role;
use fupin_domain::activity_rules::{ActivityContent, Finding, Severity, Stage};
use fupin_store::activities::editor::{self, NewVersion};
use fupin_store::{organizations, regions};

use crate::import_report::{ImportError, ImportReport};
use crate::tabular::{self, Format, Row, header};
use crate::{Actor, Affiliation, App, AppError, AuditEvent};
use columns::Column;

pub use template::{activity_template_csv, activity_template_xlsx};

/// The worksheet read when a workbook has one of this name (else the first).
pub const SHEET: &str = "项目";

/// Largest file accepted (the web upload limit).
pub const MAX_BYTES: usize = 16 * 1024 * 1024;

/// Most data rows one workbook may have.
pub const MAX_ROWS: usize = 5000;

/// What a successful import wrote.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ActivitiesImported {
    /// Drafts created, in file order.
    pub ids: Vec<i64>,
    /// Distinct organizations they belong to.
    pub organizations: usize,
    /// The file's format.
    pub format: Format,
}

/// A valid row, ready to write.
struct Ready {
    organization_id: i64,
    content: ActivityContent,
}

/// Whether the actor may import activities: an officer of a government unit (the import checks
/// again, and each row's organization against the actor's jurisdiction).
pub fn may_import(actor: &Actor) -> bool {
    matches!(actor.affiliation, Affiliation::Government { .. }) && actor.has_role(Role::Officer)
}

impl App {
    /// Imports the activities in `reader` as drafts of their organizations (see the module
    /// documentation): all of them, or none with a report naming every problem.
    pub async fn import_activities<R: Read + Seek + Send + 'static>(
        &self,
        actor: &Actor,
        file_name: &str,
        mut reader: R,
    ) -> Result<ActivitiesImported, ImportError> {
        let event = AuditEvent::new("activity.bulk_import", "gov_unit", "-");
        let unit_id = match actor.affiliation {
            Affiliation::Government { unit_id, .. } if may_import(actor) => unit_id,
            _ => return Err(self.deny(actor, event, AppError::Forbidden).await.into()),
        };
        let format = Format::sniff_reader(&mut reader)
            .map_err(|e| AppError::Invalid(format!("无法读取文件：{e}")))?;
        let name = file_name.to_owned();
        let (rows, columns, mut report) =
            tokio::task::spawn_blocking(move || read_file(reader, format, &name))
                .await
                .map_err(|e| AppError::Invalid(format!("导入线程异常：{e}")))?;
        let ready = self.check_rows(actor, &rows, &columns, &mut report).await?;
        if report.has_problems() {
            report.problems.sort_by_key(|p| p.row);
            return Err(ImportError::Rejected(report));
        }
        let mut tx = self.begin_audited().await?;
        let now = self.now();
        let mut ids = Vec::with_capacity(ready.len());
        for row in &ready {
            let version = NewVersion {
                organization_id: row.organization_id,
                corrects: None,
            };
            ids.push(
                editor::insert(&mut tx, version, &row.content, now)
                    .await
                    .map_err(AppError::from)?,
            );
        }
        let organizations = ready
            .iter()
            .map(|r| r.organization_id)
            .collect::<BTreeSet<_>>()
            .len();
        let detail = format!(
            "{file_name}（{} 格式）：导入 {} 个项目草稿，涉及 {organizations} 个社会组织",
            format.name(),
            ids.len()
        );
        let event = AuditEvent::new("activity.bulk_import", "gov_unit", unit_id).detail(detail);
        self.append_audit(&mut tx, actor, event).await?;
        tx.commit().await.map_err(AppError::from)?;
        Ok(ActivitiesImported {
            ids,
            organizations,
            format,
        })
    }

    /// Checks every data row; returns the valid ones (complete only when the report is empty).
    async fn check_rows(
        &self,
        actor: &Actor,
        rows: &[Row],
        index: &[Option<usize>],
        report: &mut ImportReport,
    ) -> Result<Vec<Ready>, AppError> {
        let mut parsed = Vec::with_capacity(rows.len());
        for row in rows {
            let line = row.line;
            let checked = row::check_row(row, index, &mut |column, message| {
                report.add(line, Some(column.label()), message);
            });
            parsed.push((line, checked));
        }
        let scope = actor.scope();
        let mut orgs: BTreeMap<String, Option<i64>> = BTreeMap::new();
        let mut places: BTreeMap<String, bool> = BTreeMap::new();
        for (_, p) in &parsed {
            if let Some(code) = &p.credit_code
                && !orgs.contains_key(code.as_str())
            {
                let found = organizations::by_credit_code_scoped(&self.db, &scope, code).await?;
                orgs.insert(code.as_str().to_owned(), found.map(|o| o.id));
            }
            for location in p.content.iter().flat_map(|c| &c.locations) {
                let code = location.region.as_str();
                if !places.contains_key(code) {
                    let known = regions::get(&self.db, code).await?.is_some();
                    places.insert(code.to_owned(), known);
                }
            }
        }
        let mut ready = Vec::new();
        for (line, p) in parsed {
            let organization_id = p.credit_code.and_then(|code| {
                let id = orgs.get(code.as_str()).copied().flatten();
                if id.is_none() {
                    report.add(
                        line,
                        Some(Column::CreditCode.label()),
                        format!(
                            "统一社会信用代码为 {} 的社会组织不在本单位管辖范围内：请核对代码，或由其所在地、主管单位导入",
                            code.as_str()
                        ),
                    );
                }
                id
            });
            let Some(content) = p.content else { continue };
            let mut clean = true;
            for location in &content.locations {
                let code = location.region.as_str();
                if places.get(code) != Some(&true) {
                    clean = false;
                    report.add(
                        line,
                        Some(Column::Locations.label()),
                        format!("行政区划代码 {code} 不存在：请核对地点代码"),
                    );
                }
            }
            let mut said = BTreeSet::new();
            for finding in self.activity_findings(&content, Stage::Submit) {
                if finding.severity != Severity::Error {
                    continue;
                }
                clean = false;
                // One row has one funding source: say its missing details once, by column.
                let message = funding_message(&finding).unwrap_or(finding.message.as_str());
                if said.insert(message.to_owned()) {
                    report.add(line, column_of(&finding).map(Column::label), message);
                }
            }
            if let (Some(organization_id), true) = (organization_id, clean) {
                ready.push(Ready {
                    organization_id,
                    content,
                });
            }
        }
        Ok(ready)
    }
}

/// The funding rules speak of “the n-th transaction”; a row's amounts share one source, so the
/// row is told once, naming the column to fill.
fn funding_message(finding: &Finding) -> Option<&'static str> {
    Some(match finding.rule {
        "funding.platform_missing" => {
            "资金来源为网络募捐：请在“募捐平台”列填写指定的互联网公开募捐信息平台"
        }
        "funding.filing_missing" if finding.message.contains("慈善信托") => {
            "资金来源为慈善信托：请在“备案编号”列填写慈善信托备案编号"
        }
        "funding.filing_missing" => "资金来源为网络募捐：请在“备案编号”列填写募捐方案备案编号",
        "funding.contract_missing" => {
            "资金来源为政府购买服务：请在“合同编号”列填写购买服务合同编号"
        }
        _ => return None,
    })
}

/// The column a rule's finding concerns, where there is one.
fn column_of(finding: &Finding) -> Option<Column> {
    let rule = finding.rule;
    Some(match rule {
        _ if rule.starts_with("title.") => Column::Title,
        _ if rule.starts_with("year.") => Column::Year,
        "dates.planned_order" => Column::PlannedEnd,
        "dates.actual_order" => Column::ActualEnd,
        "dates.actual_future" if finding.message.starts_with("实际开始") => Column::ActualStart,
        "dates.actual_future" => Column::ActualEnd,
        _ if rule.starts_with("locations.") || rule.starts_with("fields.") => Column::Locations,
        _ if rule.starts_with("funding.") => Column::FundingSource,
        _ if rule.starts_with("beneficiaries.") => Column::Households,
        _ => return None,
    })
}

/// Reads the whole file (at most [`MAX_ROWS`] data rows) and finds its header; the report holds
/// what could not be read.
fn read_file<R: Read + Seek>(
    reader: R,
    format: Format,
    file_name: &str,
) -> (Vec<Row>, Vec<Option<usize>>, ImportReport) {
    let mut report = ImportReport::new(file_name);
    let mut rows = Vec::new();
    let mut too_many = None;
    let read = tabular::read_rows_in(reader, format, Some(SHEET), &mut |row| {
        if rows.len() >= MAX_ROWS + header::SEARCH_ROWS {
            too_many = Some(row.line);
            return ControlFlow::Break(());
        }
        rows.push(row);
        ControlFlow::Continue(())
    });
    if let Err(err) = read {
        report.add(err.line, None, err.message);
    }
    if rows.is_empty() {
        if !report.has_problems() {
            report.add(1, None, "文件是空的：没有表头，也没有数据行");
        }
        return (Vec::new(), Vec::new(), report);
    }
    let head = rows.len().min(header::SEARCH_ROWS);
    let found = match header::find(&rows[..head], &columns::SPECS) {
        Ok(found) => found,
        Err(err) => {
            report.add(err.line, None, err.message);
            return (Vec::new(), Vec::new(), report);
        }
    };
    rows.drain(..found.rows_used);
    if rows.len() > MAX_ROWS || too_many.is_some() {
        let line = too_many.unwrap_or_else(|| rows.last().map_or(0, |r| r.line));
        report.add(
            line,
            None,
            format!("文件超过 {MAX_ROWS} 个项目的上限：请拆分为多个文件导入"),
        );
        return (Vec::new(), found.columns, report);
    }
    if rows.is_empty() {
        report.add(1, None, "文件只有表头，没有数据行");
    }
    (rows, found.columns, report)
}
