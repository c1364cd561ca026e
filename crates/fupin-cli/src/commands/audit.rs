//! `fupin audit verify` and `fupin audit purge`: the audit log's hash chain, checked and trimmed
//! by the operator.

use std::process::ExitCode;

use anyhow::Result;
use clap::Subcommand;
use fupin_app::{Actor, AppError};
use time::Date;
use time::macros::format_description;

use crate::DatabaseArgs;
use crate::config::Config;

/// What to do with the audit log.
#[derive(Debug, Subcommand)]
pub enum AuditCommand {
    /// Check the whole hash chain; print the entries checked and the head (record it outside the
    /// platform); exit status 1 naming the first changed, removed or inserted entry.
    Verify {
        /// A head printed by an earlier run (`ID:HEX`) that must still be in the chain; catches
        /// the newest entries being cut off.
        #[arg(long, value_name = "ID:HEX", value_parser = parse_head)]
        expect_head: Option<String>,
        #[command(flatten)]
        database: DatabaseArgs,
    },
    /// Delete entries written before a date; entries are kept at least 180 days.
    Purge {
        /// First day to keep (entries before its midnight UTC go).
        #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_date)]
        before: Date,
        #[command(flatten)]
        database: DatabaseArgs,
    },
}

/// Runs an audit command.
pub async fn run(command: AuditCommand) -> Result<ExitCode> {
    match command {
        AuditCommand::Verify {
            expect_head,
            database,
        } => verify(expect_head.as_deref(), &database).await,
        AuditCommand::Purge { before, database } => purge(before, &database).await,
    }
}

async fn verify(expect_head: Option<&str>, database: &DatabaseArgs) -> Result<ExitCode> {
    let config = Config::load(&database.overrides(), "fupin.db")?;
    let app = super::open_app(&config).await?;
    let report = app.verify_audit_chain(expect_head).await;
    app.db().close().await;
    let report = report?;
    if let Some(problem) = &report.problem {
        eprintln!("审计日志校验失败 (audit chain broken)：{problem}");
        eprintln!(
            "此前已核对 {} 条记录 (entries checked before the problem)",
            report.checked
        );
        return Ok(ExitCode::FAILURE);
    }
    println!(
        "审计日志完整：已核对 {} 条记录 (audit chain intact: {} entries checked)",
        report.checked, report.checked
    );
    match &report.head {
        Some(head) => {
            println!("链头 (head): {head}");
            println!(
                "请在平台之外保存链头，下次以 --expect-head 核对 (keep the head elsewhere; check it later with --expect-head)"
            );
        }
        None => println!("审计日志为空 (the log is empty)"),
    }
    Ok(ExitCode::SUCCESS)
}

async fn purge(before: Date, database: &DatabaseArgs) -> Result<ExitCode> {
    let config = Config::load(&database.overrides(), "fupin.db")?;
    let app = super::open_app(&config).await?;
    let result = app.purge_audit(&Actor::system(), before).await;
    app.db().close().await;
    match result {
        Ok(removed) => {
            println!("已清理 {before} 之前的审计记录 {removed} 条 (entries purged)");
            Ok(ExitCode::SUCCESS)
        }
        Err(AppError::Invalid(message)) => {
            eprintln!("未清理：{message}");
            Ok(ExitCode::FAILURE)
        }
        Err(err) => Err(err.into()),
    }
}

fn parse_date(text: &str) -> Result<Date, String> {
    Date::parse(text.trim(), format_description!("[year]-[month]-[day]"))
        .map_err(|_| format!("日期应为 YYYY-MM-DD：{text}"))
}

fn parse_head(text: &str) -> Result<String, String> {
    let refused = || format!("链头应为 ID:HEX（fupin audit verify 打印的形式）：{text}");
    let (id, hash) = text.trim().split_once(':').ok_or_else(refused)?;
    let id_ok = id.parse::<i64>().is_ok_and(|id| id > 0);
    let hash_ok = !hash.is_empty() && hash.len() % 2 == 0 && hex::decode(hash).is_ok();
    if id_ok && hash_ok {
        Ok(format!("{id}:{}", hash.to_ascii_lowercase()))
    } else {
        Err(refused())
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn heads_and_dates_are_checked_before_anything_runs() {
        assert_eq!(parse_head("12:ABcd").unwrap(), "12:abcd");
        assert!(parse_head("12").is_err());
        assert!(parse_head("x:abcd").is_err());
        assert!(parse_head("3:xyz0").is_err());
        assert_eq!(parse_date("2020-06-30").unwrap().to_string(), "2020-06-30");
        assert!(parse_date("2020/06/30").is_err());
    }
}
