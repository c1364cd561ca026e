//! `fupin admin create`: the platform administrators, created at the command line before anyone
//! can sign in.

use std::io::{BufRead, IsTerminal, Write};
use std::process::ExitCode;

use anyhow::{Context, Result, bail};
use clap::{Args, Subcommand};
use fupin_app::auth::first_admin::FirstAdmin;
use fupin_app::{Actor, AppError};
use fupin_domain::Role;

use crate::DatabaseArgs;
use crate::config::Config;

/// Environment variable holding the new account's password (else it is read from standard input).
pub const PASSWORD_ENV: &str = "FUPIN_ADMIN_PASSWORD";

/// What to do with platform administrator accounts.
#[derive(Debug, Subcommand)]
pub enum AdminCommand {
    /// Create a platform administrator (no unit) with one role. The password comes from
    /// FUPIN_ADMIN_PASSWORD, else one line of standard input; the second factor (TOTP) is set up
    /// at the first sign-in.
    Create(CreateArgs),
}

/// Options of `fupin admin create`.
#[derive(Debug, Args)]
pub struct CreateArgs {
    /// Sign-in name: 3–64 letters, digits, `.`, `_` or `-`.
    #[arg(long)]
    username: String,
    /// Real name as shown in the interface.
    #[arg(long)]
    display_name: String,
    /// The platform role (三权分立: one role per person).
    #[arg(long, value_parser = clap::builder::PossibleValuesParser::new(
        ["system_admin", "security_admin", "auditor"]
    ))]
    role: String,
    #[command(flatten)]
    database: DatabaseArgs,
}

/// Runs an admin command.
pub async fn run(command: AdminCommand) -> Result<ExitCode> {
    match command {
        AdminCommand::Create(args) => create(args).await,
    }
}

async fn create(args: CreateArgs) -> Result<ExitCode> {
    let Some(role) = Role::from_code(&args.role) else {
        bail!("未知角色 {}", args.role);
    };
    let config = Config::load(&args.database.overrides(), "fupin.db")?;
    let password = read_password()?;
    let app = super::open_app(&config).await?;
    let account = FirstAdmin {
        username: args.username,
        display_name: args.display_name,
        role,
        password,
    };
    let result = app.create_first_admin(&Actor::system(), &account).await;
    app.db().close().await;
    match result {
        Ok(_) => {
            println!(
                "已创建平台账户 {}（{}）(account created)",
                account.username,
                role.label_zh()
            );
            println!(
                "首次登录时须绑定动态口令（TOTP 认证器）(TOTP enrolment follows at first sign-in)"
            );
            Ok(ExitCode::SUCCESS)
        }
        Err(AppError::Invalid(message)) => {
            eprintln!("未创建账户：{message}");
            Ok(ExitCode::FAILURE)
        }
        Err(err) => Err(err.into()),
    }
}

/// The password from the environment, else one line of standard input (asked twice, without
/// echo where possible, when standard input is a terminal).
fn read_password() -> Result<String> {
    if let Some(password) = std::env::var(PASSWORD_ENV).ok().filter(|p| !p.is_empty()) {
        return Ok(password);
    }
    let stdin = std::io::stdin();
    if !stdin.is_terminal() {
        let line = read_line(&mut stdin.lock())?;
        return line.with_context(|| {
            format!("未提供密码：请设置 {PASSWORD_ENV}，或从标准输入提供一行 (no password given)")
        });
    }
    let _echo = EchoOff::new();
    let first = prompt("新账户的密码 (password): ")?;
    let second = prompt("再次输入 (again): ")?;
    match (first, second) {
        (Some(a), Some(b)) if a == b => Ok(a),
        (Some(_), Some(_)) => bail!("两次输入的密码不一致 (the passwords differ)"),
        _ => bail!("未提供密码 (no password given)"),
    }
}

fn prompt(text: &str) -> Result<Option<String>> {
    let mut stderr = std::io::stderr();
    write!(stderr, "{text}")?;
    stderr.flush()?;
    let line = read_line(&mut std::io::stdin().lock())?;
    writeln!(stderr)?;
    Ok(line)
}

/// One line without its line ending; `None` at the end of input.
fn read_line(input: &mut impl BufRead) -> Result<Option<String>> {
    let mut line = String::new();
    if input.read_line(&mut line)? == 0 {
        return Ok(None);
    }
    let trimmed = line.trim_end_matches(['\n', '\r']);
    Ok(Some(trimmed.to_owned()))
}

/// Turns the terminal's echo off while the password is typed (best effort, via `stty`), and back
/// on when dropped.
struct EchoOff {
    active: bool,
}

impl EchoOff {
    fn new() -> EchoOff {
        EchoOff {
            active: stty("-echo"),
        }
    }
}

impl Drop for EchoOff {
    fn drop(&mut self) {
        if self.active {
            stty("echo");
        }
    }
}

fn stty(setting: &str) -> bool {
    cfg!(unix)
        && std::process::Command::new("stty")
            .arg(setting)
            .stdin(std::process::Stdio::inherit())
            .stderr(std::process::Stdio::null())
            .status()
            .is_ok_and(|status| status.success())
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn a_line_loses_only_its_line_ending() {
        let mut input = std::io::Cursor::new(" Fupin#2017 \r\nrest\n");
        assert_eq!(
            read_line(&mut input).unwrap().as_deref(),
            Some(" Fupin#2017 ")
        );
        let mut empty = std::io::Cursor::new("");
        assert_eq!(read_line(&mut empty).unwrap(), None);
    }
}
