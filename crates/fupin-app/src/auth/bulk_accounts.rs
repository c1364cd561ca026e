//! Creating many accounts from one CSV file (system administrator): all or nothing, with a report
//! of every problem by row and column.
//!
//! Columns (header names in Chinese or English, any order): 用户名 / username, 姓名 / name,
//! 单位 / unit — the unified social credit code of an organization, the exact name of a government
//! unit, or 平台 / platform. Roles are not part of the file: the security administrator grants them.

use std::collections::HashSet;
use std::io::Read;

use fupin_domain::{CreditCode, Role};
use fupin_store::{organizations, units};

use super::accounts::{IssuedPassword, NewAccount, Post};
use crate::import_report::{ImportError, ImportReport};
use crate::{Actor, App, AppError, AuditEvent};

/// The most accounts one file may create.
pub const MAX_ROWS: usize = 5_000;

const COLUMNS: [(&str, &str, &str); 3] = [
    ("用户名", "username", "username"),
    ("姓名", "name", "name"),
    ("单位", "unit", "unit"),
];

impl App {
    /// Creates the accounts listed in a CSV file; nothing is created unless every row is valid.
    pub async fn import_accounts_csv<R: Read>(
        &self,
        actor: &Actor,
        file_name: &str,
        reader: R,
    ) -> Result<Vec<IssuedPassword>, ImportError> {
        let event = AuditEvent::new("user.bulk_create", "file", file_name);
        if !actor.has_role(Role::SystemAdmin) {
            return Err(self.deny(actor, event, AppError::Forbidden).await.into());
        }
        let mut report = ImportReport::new(file_name);
        let accounts = self.parse_accounts(reader, &mut report).await?;
        if report.has_problems() {
            return Err(ImportError::Rejected(report));
        }
        let mut tx = self.begin_audited().await?;
        let mut issued = Vec::with_capacity(accounts.len());
        for account in &accounts {
            issued.push(self.insert_account(&mut tx, actor, account).await?);
        }
        let summary = event.detail(format!("{} accounts", issued.len()));
        self.append_audit(&mut tx, actor, summary).await?;
        tx.commit().await.map_err(AppError::from)?;
        Ok(issued)
    }

    async fn parse_accounts<R: Read>(
        &self,
        reader: R,
        report: &mut ImportReport,
    ) -> Result<Vec<NewAccount>, AppError> {
        let mut csv = csv::ReaderBuilder::new().flexible(true).from_reader(reader);
        let header: Vec<String> = match csv.headers() {
            Ok(h) => h
                .iter()
                .map(|c| c.trim().trim_start_matches('\u{feff}').to_owned())
                .collect(),
            Err(_) => {
                report.add(1, None, "无法读取表头：文件须为 UTF-8 编码的 CSV");
                return Ok(Vec::new());
            }
        };
        let mut index = [usize::MAX; 3];
        for (slot, (zh, en, _)) in index.iter_mut().zip(COLUMNS) {
            match header
                .iter()
                .position(|h| h == zh || h.eq_ignore_ascii_case(en))
            {
                Some(i) => *slot = i,
                None => report.add(1, Some(zh), format!("缺少“{zh}”列")),
            }
        }
        if report.has_problems() {
            return Ok(Vec::new());
        }
        let mut accounts = Vec::new();
        let mut seen = HashSet::new();
        for (n, record) in csv.records().enumerate() {
            let line = n as u64 + 2;
            let Ok(record) = record else {
                report.add(line, None, "该行无法解析（引号不匹配或编码错误）");
                continue;
            };
            if accounts.len() >= MAX_ROWS {
                report.add(line, None, format!("一个文件最多创建 {MAX_ROWS} 个账户"));
                break;
            }
            let cell = |i: usize| record.get(index[i]).unwrap_or("").trim().to_owned();
            let (username, display_name, unit) = (cell(0), cell(1), cell(2));
            let post = match self.post_named(&unit).await? {
                Some(post) => post,
                None => {
                    report.add(line, Some("单位"), format!("单位“{unit}”不存在：请填写社会组织的统一社会信用代码、政府单位的全称或“平台”"));
                    continue;
                }
            };
            let account = NewAccount {
                username,
                display_name,
                post,
            };
            for problem in self.account_problems(&account).await? {
                let column = if problem.contains("姓名") {
                    "姓名"
                } else {
                    "用户名"
                };
                report.add(line, Some(column), problem);
            }
            if !seen.insert(account.username.clone()) {
                report.add(
                    line,
                    Some("用户名"),
                    format!("用户名“{}”在文件中重复", account.username),
                );
            }
            accounts.push(account);
        }
        if accounts.is_empty() && !report.has_problems() {
            report.add(2, None, "文件中没有账户");
        }
        Ok(accounts)
    }

    /// Where an account works, from the text officials write in the 单位 column or field: `平台`,
    /// an organization's unified social credit code, or a government unit's exact name.
    pub async fn post_named(&self, unit: &str) -> Result<Option<Post>, AppError> {
        if unit == "平台" || unit.eq_ignore_ascii_case("platform") {
            return Ok(Some(Post::Platform));
        }
        if let Ok(code) = CreditCode::parse(unit)
            && let Some(org) = organizations::by_credit_code(&self.db, &code).await?
        {
            return Ok(Some(Post::Organization(org.id)));
        }
        Ok(units::by_name(&self.db, unit)
            .await?
            .map(|u| Post::Unit(u.id)))
    }
}
