//! The platform administrators created from the command line (`fupin admin create`).
//!
//! A new installation has no account at all, and the web's account administration needs a system
//! administrator and a security administrator to exist first. The operator creates them at the
//! command line, as the platform itself ([`Actor::system`]), with a password of their choosing
//! that must pass the password policy. The account has no second factor yet, so its first sign-in
//! goes to [`super::Stage::Enrol`] (platform administrators must use one).

use fupin_domain::Role;
use fupin_store::users::{self, NewUser};

use super::PLATFORM_ROLES;
use super::accounts::username_problem;
use crate::passwords::hash_password;
use crate::{Actor, App, AppError, AuditEvent};

/// A platform administrator to create.
#[derive(Clone, PartialEq, Eq)]
pub struct FirstAdmin {
    /// Sign-in name: 3–64 letters, digits, `.`, `_` or `-`.
    pub username: String,
    /// Real name as shown in the interface.
    pub display_name: String,
    /// One platform administration role: system administrator, security administrator or auditor.
    pub role: Role,
    /// The chosen password, in clear (hashed before it is stored, never logged).
    pub password: String,
}

impl std::fmt::Debug for FirstAdmin {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("FirstAdmin")
            .field("username", &self.username)
            .field("display_name", &self.display_name)
            .field("role", &self.role)
            .field("password", &"<redacted>")
            .finish()
    }
}

impl App {
    /// Creates a platform administrator with the given password and role, recording
    /// `account.create` in the same transaction; returns the new account's id.
    ///
    /// Only the platform itself may do this: the actor must hold both the system and the security
    /// administrator's role, which no person does (三权分立), so in practice [`Actor::system`]
    /// from the command line. The password must satisfy the policy in force
    /// ([`App::policy`]); the user name must be free.
    pub async fn create_first_admin(
        &self,
        actor: &Actor,
        account: &FirstAdmin,
    ) -> Result<i64, AppError> {
        let event = AuditEvent::new("user.create", "user", &account.username);
        if !(actor.has_role(Role::SystemAdmin) && actor.has_role(Role::SecurityAdmin)) {
            return Err(self.deny(actor, event, AppError::Forbidden).await);
        }
        if !PLATFORM_ROLES.contains(&account.role) {
            return Err(AppError::Invalid(format!(
                "“{}”不是平台管理角色：只能创建系统管理员、安全管理员或安全审计员",
                account.role.label_zh()
            )));
        }
        let mut problems = Vec::new();
        problems.extend(username_problem(&account.username));
        if account.display_name.trim().is_empty() {
            problems.push("请填写姓名".to_owned());
        }
        if let Some(problem) = self
            .policy
            .passwords
            .problem(&account.username, &account.password)
        {
            problems.push(problem);
        }
        if problems.is_empty()
            && users::by_username(&self.db, &account.username)
                .await?
                .is_some()
        {
            problems.push(format!("用户名“{}”已被使用", account.username));
        }
        if !problems.is_empty() {
            return Err(AppError::Invalid(problems.join("；")));
        }
        let user = NewUser {
            username: account.username.clone(),
            display_name: account.display_name.trim().to_owned(),
            password_hash: hash_password(&account.password)?,
            organization_id: None,
            gov_unit_id: None,
            roles: vec![account.role],
        };
        let mut tx = self.begin_audited().await?;
        let id = users::insert(&mut tx, &user, self.now()).await?;
        let event = AuditEvent::new("user.create", "user", id).detail(format!(
            "{} role {}",
            account.username,
            account.role.code()
        ));
        self.append_audit(&mut tx, actor, event).await?;
        tx.commit().await?;
        Ok(id)
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;
    use crate::PiiKeys;
    use crate::auth::Stage;

    fn admin(username: &str, role: Role, password: &str) -> FirstAdmin {
        FirstAdmin {
            username: username.to_owned(),
            display_name: "张管理".to_owned(),
            role,
            password: password.to_owned(),
        }
    }

    #[tokio::test]
    async fn a_first_admin_signs_in_to_enrol_and_is_audited() {
        let test = fupin_store::testing::sqlite().await;
        let app = App::new(
            test.db.clone(),
            PiiKeys::from_hex(&"ab".repeat(64)).unwrap(),
        );
        let system = Actor::system();
        let account = admin("root.admin", Role::SystemAdmin, "Fupin#2017x");
        let id = app.create_first_admin(&system, &account).await.unwrap();
        assert!(id > 0);
        assert!(!format!("{account:?}").contains("Fupin#2017x"));
        let signed = app
            .sign_in("root.admin", "Fupin#2017x", "127.0.0.1", None)
            .await
            .unwrap();
        assert_eq!(signed.stage, Stage::Enrol);

        let again = app.create_first_admin(&system, &account).await;
        assert!(matches!(again, Err(AppError::Invalid(m)) if m.contains("已被使用")));
        let weak = admin("second", Role::Auditor, "password");
        let refused = app.create_first_admin(&system, &weak).await;
        assert!(matches!(refused, Err(AppError::Invalid(m)) if m.contains("3 类")));
        let officer = admin("officer", Role::Officer, "Fupin#2017x");
        assert!(app.create_first_admin(&system, &officer).await.is_err());
        let mut person = Actor::system();
        person.roles = vec![Role::SystemAdmin];
        let other = admin("other", Role::Auditor, "Fupin#2017x");
        assert!(matches!(
            app.create_first_admin(&person, &other).await,
            Err(AppError::Forbidden)
        ));

        let report = app.verify_audit_chain(None).await.unwrap();
        assert_eq!(report.problem, None);
        assert!(report.checked >= 2, "{report:?}");
    }
}
