//! Administration of units, accounts and roles, split three ways (三权分立):
//!
//! * the **system administrator** creates government units and accounts, resets passwords,
//!   unlocks and disables accounts, but cannot grant roles or read the audit log;
//! * the **security administrator** grants and revokes roles, and touches no business data;
//! * the **auditor** only reads the audit log ([`crate::audit`]).
//!
//! No one holds two platform administration roles, and no one changes their own roles.

use fupin_domain::Role;
use fupin_store::units::{self, GovUnitRow, NewGovUnit};
use fupin_store::users::{self, NewUser, UserRow};
use fupin_store::{organizations, sessions};
use time::OffsetDateTime;

use super::{PLATFORM_ROLES, session::user_roles};
use crate::passwords::{hash_password, temporary_password};
use crate::records::{PER_PAGE, Page};
use crate::{Actor, App, AppError, AuditEvent};

/// Where a new account works.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Post {
    /// A social organization, by id.
    Organization(i64),
    /// A government unit, by id.
    Unit(i64),
    /// Platform administration.
    Platform,
}

/// An account to create.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewAccount {
    /// Sign-in name: 3–64 letters, digits, `.`, `_` or `-`.
    pub username: String,
    /// Real name as shown in the interface.
    pub display_name: String,
    /// Where the account works.
    pub post: Post,
}

/// An account as administrators see it (never the password hash).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AccountView {
    /// Id.
    pub id: i64,
    /// Sign-in name.
    pub username: String,
    /// Display name.
    pub display_name: String,
    /// Where the account works.
    pub post: Post,
    /// Granted roles.
    pub roles: Vec<Role>,
    /// Whether it may sign in.
    pub active: bool,
    /// Locked after failed sign-ins until then.
    pub locked_until: Option<OffsetDateTime>,
    /// Whether an authenticator is set up.
    pub second_factor: bool,
    /// Whether the next sign-in must set a new password.
    pub must_change_password: bool,
}

/// A created (or reset) account and its one-time password, shown once to the administrator.
#[derive(Clone, PartialEq, Eq)]
pub struct IssuedPassword {
    /// Account id.
    pub id: i64,
    /// Sign-in name.
    pub username: String,
    /// Temporary password; the user must change it at first sign-in.
    pub password: String,
}

impl std::fmt::Debug for IssuedPassword {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("IssuedPassword")
            .field("id", &self.id)
            .field("username", &self.username)
            .field("password", &"<redacted>")
            .finish()
    }
}

/// Why a user name is not acceptable, if it is not.
pub fn username_problem(username: &str) -> Option<String> {
    let ok_chars = username
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-'));
    if !(3..=64).contains(&username.len()) || !ok_chars {
        return Some(format!(
            "用户名“{username}”无效：需 3–64 个字符，只能包含英文字母、数字、点、下划线和连字符"
        ));
    }
    None
}

impl App {
    async fn require(&self, actor: &Actor, role: Role, event: AuditEvent) -> Result<(), AppError> {
        if actor.has_role(role) {
            Ok(())
        } else {
            Err(self.deny(actor, event, AppError::Forbidden).await)
        }
    }

    /// Every government unit (system and security administrators).
    pub async fn units(&self, actor: &Actor) -> Result<Vec<GovUnitRow>, AppError> {
        if !(actor.has_role(Role::SystemAdmin) || actor.has_role(Role::SecurityAdmin)) {
            return Err(AppError::Forbidden);
        }
        Ok(units::list(&self.db).await?)
    }

    /// Creates a government unit (system administrator).
    pub async fn create_unit(&self, actor: &Actor, unit: &NewGovUnit) -> Result<i64, AppError> {
        let event = AuditEvent::new("unit.create", "gov_unit", &unit.name);
        self.require(actor, Role::SystemAdmin, event.clone())
            .await?;
        if unit.name.trim().is_empty() {
            return Err(AppError::Invalid("请填写单位名称".to_owned()));
        }
        if let Some(code) = &unit.region_code
            && fupin_store::regions::get(&self.db, code).await?.is_none()
        {
            return Err(AppError::Invalid(format!("行政区划代码 {code} 不存在")));
        }
        if units::by_name(&self.db, unit.name.trim()).await?.is_some() {
            return Err(AppError::Invalid(format!(
                "单位“{}”已存在",
                unit.name.trim()
            )));
        }
        let mut tx = self.begin_audited().await?;
        let id = units::insert(&mut tx, unit).await?;
        self.append_audit(&mut tx, actor, event.detail(format!("id {id}")))
            .await?;
        tx.commit().await?;
        Ok(id)
    }

    /// A page of accounts (system and security administrators).
    pub async fn accounts(
        &self,
        actor: &Actor,
        search: &str,
        page: i64,
    ) -> Result<Page<AccountView>, AppError> {
        if !(actor.has_role(Role::SystemAdmin) || actor.has_role(Role::SecurityAdmin)) {
            return Err(AppError::Forbidden);
        }
        let search = search.trim();
        let rows =
            users::list_page(&self.db, search, PER_PAGE, (page.max(1) - 1) * PER_PAGE).await?;
        let mut items = Vec::with_capacity(rows.len());
        for row in &rows {
            items.push(self.view(row).await?);
        }
        let total = users::count_matching(&self.db, search).await?;
        Ok(Page {
            items,
            total,
            per_page: PER_PAGE,
            page: page.max(1),
        })
    }

    /// One account (system and security administrators).
    pub async fn account(&self, actor: &Actor, id: i64) -> Result<AccountView, AppError> {
        if !(actor.has_role(Role::SystemAdmin) || actor.has_role(Role::SecurityAdmin)) {
            return Err(AppError::Forbidden);
        }
        let row = users::get(&self.db, id).await?.ok_or(AppError::NotFound)?;
        self.view(&row).await
    }

    async fn view(&self, row: &UserRow) -> Result<AccountView, AppError> {
        Ok(AccountView {
            id: row.id,
            username: row.username.clone(),
            display_name: row.display_name.clone(),
            post: match (row.organization_id, row.gov_unit_id) {
                (Some(org), _) => Post::Organization(org),
                (None, Some(unit)) => Post::Unit(unit),
                (None, None) => Post::Platform,
            },
            roles: user_roles(self, row.id).await?,
            active: row.active,
            locked_until: row.locked_until.filter(|&t| t > self.now()),
            second_factor: row.totp_secret.is_some(),
            must_change_password: row.must_change_password,
        })
    }

    /// Checks a new account's name and post; `Ok` with the problem list empty when it is fine.
    pub(crate) async fn account_problems(
        &self,
        account: &NewAccount,
    ) -> Result<Vec<String>, AppError> {
        let mut problems = Vec::new();
        problems.extend(username_problem(&account.username));
        if account.display_name.trim().is_empty() {
            problems.push("请填写姓名".to_owned());
        }
        if users::by_username(&self.db, &account.username)
            .await?
            .is_some()
        {
            problems.push(format!("用户名“{}”已被使用", account.username));
        }
        match account.post {
            Post::Organization(id) if organizations::get(&self.db, id).await?.is_none() => {
                problems.push(format!("社会组织 {id} 不存在"));
            }
            Post::Unit(id) if units::get(&self.db, id).await?.is_none() => {
                problems.push(format!("单位 {id} 不存在"));
            }
            _ => {}
        }
        Ok(problems)
    }

    /// Creates an account without roles (the security administrator grants them) and a temporary
    /// password the user must change at first sign-in (system administrator).
    pub async fn create_account(
        &self,
        actor: &Actor,
        account: &NewAccount,
    ) -> Result<IssuedPassword, AppError> {
        let event = AuditEvent::new("user.create", "user", &account.username);
        self.require(actor, Role::SystemAdmin, event.clone())
            .await?;
        let problems = self.account_problems(account).await?;
        if !problems.is_empty() {
            return Err(AppError::Invalid(problems.join("；")));
        }
        let mut tx = self.begin_audited().await?;
        let issued = self.insert_account(&mut tx, actor, account).await?;
        tx.commit().await?;
        Ok(issued)
    }

    pub(crate) async fn insert_account(
        &self,
        tx: &mut fupin_store::Tx,
        actor: &Actor,
        account: &NewAccount,
    ) -> Result<IssuedPassword, AppError> {
        let password = temporary_password();
        let (organization_id, gov_unit_id) = match account.post {
            Post::Organization(id) => (Some(id), None),
            Post::Unit(id) => (None, Some(id)),
            Post::Platform => (None, None),
        };
        let user = NewUser {
            username: account.username.clone(),
            display_name: account.display_name.trim().to_owned(),
            password_hash: hash_password(&password)?,
            organization_id,
            gov_unit_id,
            roles: Vec::new(),
        };
        let id = users::insert(tx, &user, self.now()).await?;
        users::set_password(tx, id, &user.password_hash, true, self.now()).await?;
        let event = AuditEvent::new("user.create", "user", id).detail(account.username.clone());
        self.append_audit(tx, actor, event).await?;
        Ok(IssuedPassword {
            id,
            username: account.username.clone(),
            password,
        })
    }

    /// Issues a new temporary password, ends the account's sessions and clears any lock (system
    /// administrator).
    pub async fn reset_password(&self, actor: &Actor, id: i64) -> Result<IssuedPassword, AppError> {
        let event = AuditEvent::new("user.reset_password", "user", id);
        self.require(actor, Role::SystemAdmin, event.clone())
            .await?;
        let user = users::get(&self.db, id).await?.ok_or(AppError::NotFound)?;
        let password = temporary_password();
        let mut tx = self.begin_audited().await?;
        users::set_password(&mut tx, id, &hash_password(&password)?, true, self.now()).await?;
        users::set_failures(&mut tx, id, 0, None, None).await?;
        sessions::delete_for_user(&mut tx, id).await?;
        self.append_audit(&mut tx, actor, event).await?;
        tx.commit().await?;
        Ok(IssuedPassword {
            id,
            username: user.username,
            password,
        })
    }

    /// Lifts a lockout (system administrator).
    pub async fn unlock(&self, actor: &Actor, id: i64) -> Result<(), AppError> {
        let event = AuditEvent::new("user.unlock", "user", id);
        self.require(actor, Role::SystemAdmin, event.clone())
            .await?;
        users::get(&self.db, id).await?.ok_or(AppError::NotFound)?;
        let mut tx = self.begin_audited().await?;
        users::set_failures(&mut tx, id, 0, None, None).await?;
        self.append_audit(&mut tx, actor, event).await?;
        tx.commit().await?;
        Ok(())
    }

    /// Enables or disables an account; disabling ends its sessions (system administrator).
    pub async fn set_account_active(
        &self,
        actor: &Actor,
        id: i64,
        active: bool,
    ) -> Result<(), AppError> {
        let event = AuditEvent::new(
            if active {
                "user.enable"
            } else {
                "user.disable"
            },
            "user",
            id,
        );
        self.require(actor, Role::SystemAdmin, event.clone())
            .await?;
        if actor.user_id == Some(id) {
            return Err(AppError::Invalid("不能停用自己的账户".to_owned()));
        }
        users::get(&self.db, id).await?.ok_or(AppError::NotFound)?;
        let mut tx = self.begin_audited().await?;
        users::set_active(&mut tx, id, active).await?;
        if !active {
            sessions::delete_for_user(&mut tx, id).await?;
        }
        self.append_audit(&mut tx, actor, event).await?;
        tx.commit().await?;
        Ok(())
    }

    /// Grants (`grant = true`) or revokes a role (security administrator). A role must fit where
    /// the account works, platform roles are never combined, and no one changes their own roles.
    /// The account's sessions end, so the change takes effect at once.
    pub async fn set_role(
        &self,
        actor: &Actor,
        id: i64,
        role: Role,
        grant: bool,
    ) -> Result<(), AppError> {
        let action = if grant {
            "user.grant_role"
        } else {
            "user.revoke_role"
        };
        let event = AuditEvent::new(action, "user", id).detail(role.code());
        self.require(actor, Role::SecurityAdmin, event.clone())
            .await?;
        if actor.user_id == Some(id) {
            return Err(self
                .deny(
                    actor,
                    event,
                    AppError::Invalid("不能修改自己的角色".to_owned()),
                )
                .await);
        }
        let user = users::get(&self.db, id).await?.ok_or(AppError::NotFound)?;
        if grant {
            let held = user_roles(self, id).await?;
            if let Some(problem) = role_problem(&user, role, &held) {
                return Err(AppError::Invalid(problem));
            }
        }
        let mut tx = self.begin_audited().await?;
        let changed = if grant {
            users::grant_role(&mut tx, id, role).await?
        } else {
            users::revoke_role(&mut tx, id, role).await?
        };
        if changed {
            sessions::delete_for_user(&mut tx, id).await?;
            self.append_audit(&mut tx, actor, event).await?;
        }
        tx.commit().await?;
        Ok(())
    }
}

/// Why `role` may not be granted to `user`, who holds `held`.
fn role_problem(user: &UserRow, role: Role, held: &[Role]) -> Option<String> {
    let fits = match role {
        Role::OrgReporter | Role::OrgAdmin => user.organization_id.is_some(),
        Role::Officer | Role::Leader => user.gov_unit_id.is_some(),
        Role::SystemAdmin | Role::SecurityAdmin | Role::Auditor => {
            user.organization_id.is_none() && user.gov_unit_id.is_none()
        }
    };
    if !fits {
        return Some(format!("“{}”角色与该账户所属单位不符", role.label_zh()));
    }
    if PLATFORM_ROLES.contains(&role)
        && held
            .iter()
            .any(|h| PLATFORM_ROLES.contains(h) && *h != role)
    {
        return Some("系统管理员、安全管理员、安全审计员须由不同人员担任（三权分立）".to_owned());
    }
    None
}
