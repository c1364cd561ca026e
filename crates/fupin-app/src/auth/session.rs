//! Signing in and out, the second factor, password changes, and resolving a session cookie to the
//! acting user.

use fupin_domain::{Role, UnitKind};
use fupin_store::sessions::{self, NewSession};
use fupin_store::units;
use fupin_store::users::{self, UserRow};
use time::OffsetDateTime;

use super::{Stage, is_platform_admin, random_token, token_hash, totp};
use crate::passwords::{hash_password, verify_password};
use crate::{Actor, Affiliation, App, AppError, AuditEvent, Outcome};

/// A session opened by [`App::sign_in`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SignedIn {
    /// The cookie value (shown to no one else, stored only hashed).
    pub token: String,
    /// What the session still lacks.
    pub stage: Stage,
}

/// A live session, resolved from its cookie.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Session {
    /// The signed-in user as use cases see them (with no roles until the stage is [`Stage::Full`]).
    pub actor: Actor,
    /// Sign-in name.
    pub username: String,
    /// The token every form of this session must carry.
    pub csrf_token: String,
    /// What the session still lacks.
    pub stage: Stage,
}

/// The refusal for an unknown name and for a wrong password alike, so that the message does not
/// tell which names exist (it states the lock rule instead of counting down an account's tries).
const BAD_CREDENTIALS: &str = "用户名或密码错误（15 分钟内连续失败 5 次，账户将被锁定 15 分钟）";

impl App {
    /// Checks a user name and password from `source` and opens a new session. `previous` is the
    /// session cookie the browser already had, if any: it is ended, so a session id never
    /// survives a sign-in.
    pub async fn sign_in(
        &self,
        username: &str,
        password: &str,
        source: &str,
        previous: Option<&str>,
    ) -> Result<SignedIn, AppError> {
        let now = self.now();
        let anonymous = Actor {
            name: username.chars().take(64).collect(),
            ..Actor::public_at(source)
        };
        let event = AuditEvent::new(
            "auth.sign_in",
            "user",
            username.chars().take(64).collect::<String>(),
        );
        let Some(user) = users::by_username(&self.db, username).await? else {
            // Spend the time a real check takes, so timing does not reveal which names exist.
            crate::passwords::verify_nothing(password);
            let error = AppError::Unauthenticated(BAD_CREDENTIALS.to_owned());
            return Err(self
                .deny(&anonymous, event.detail("unknown user"), error)
                .await);
        };
        let actor = Actor {
            user_id: Some(user.id),
            name: user.username.clone(),
            ..anonymous
        };
        if let Some(until) = user.locked_until.filter(|&until| until > now) {
            let error = AppError::Unauthenticated(locked_message(until));
            return Err(self.deny(&actor, event.detail("locked"), error).await);
        }
        if !verify_password(password, &user.password_hash) {
            return Err(self
                .fail_sign_in(&actor, &user, event.detail("wrong password"))
                .await);
        }
        if !user.active {
            let error = AppError::Unauthenticated("账户已停用，请联系系统管理员".to_owned());
            return Err(self.deny(&actor, event.detail("inactive"), error).await);
        }
        let roles = user_roles(self, user.id).await?;
        let stage = self.first_stage(&user, &roles, now);
        let token = random_token();
        let mut tx = self.begin_audited().await?;
        if let Some(previous) = previous {
            sessions::delete(&mut tx, &token_hash(previous)).await?;
        }
        users::set_failures(&mut tx, user.id, 0, None, None).await?;
        let session = NewSession {
            token_hash: token_hash(&token),
            user_id: user.id,
            csrf_token: random_token(),
            stage: stage.code().to_owned(),
            source_addr: source.to_owned(),
        };
        sessions::insert(&mut tx, &session, now).await?;
        self.append_audit(
            &mut tx,
            &actor,
            event.detail(format!("stage {}", stage.code())),
        )
        .await?;
        tx.commit().await?;
        Ok(SignedIn { token, stage })
    }

    /// The stage a fresh session starts in.
    fn first_stage(&self, user: &UserRow, roles: &[Role], now: OffsetDateTime) -> Stage {
        if user.totp_secret.is_some() {
            Stage::SecondFactor
        } else if is_platform_admin(roles) {
            Stage::Enrol
        } else {
            self.password_stage(user, now)
        }
    }

    fn password_stage(&self, user: &UserRow, now: OffsetDateTime) -> Stage {
        let expired = self
            .policy
            .passwords
            .max_age
            .is_some_and(|age| user.password_changed_at + age < now);
        if user.must_change_password || expired {
            Stage::ChangePassword
        } else {
            Stage::Full
        }
    }

    /// Counts a failed password or code; the failure that reaches the limit locks the account.
    async fn fail_sign_in(&self, actor: &Actor, user: &UserRow, event: AuditEvent) -> AppError {
        let policy = &self.policy.sessions;
        let now = self.now();
        let in_window = user
            .first_failed_at
            .is_some_and(|first| first + policy.failure_window > now);
        let (count, first) = if in_window {
            (user.failed_attempts + 1, user.first_failed_at)
        } else {
            (1, Some(now))
        };
        let result = async {
            let mut tx = self.begin_audited().await?;
            let locked = count >= policy.max_failures;
            let message = if locked {
                let until = now + policy.lock_for;
                users::set_failures(&mut tx, user.id, 0, None, Some(until)).await?;
                self.append_audit(&mut tx, actor, event.outcome(Outcome::Denied))
                    .await?;
                let lock = AuditEvent::new("auth.lock", "user", user.id)
                    .outcome(Outcome::Denied)
                    .detail(format!("{count} failures; locked until {until}"));
                self.append_audit(&mut tx, actor, lock).await?;
                locked_message(until)
            } else {
                users::set_failures(&mut tx, user.id, count, first, None).await?;
                self.append_audit(&mut tx, actor, event.outcome(Outcome::Denied))
                    .await?;
                BAD_CREDENTIALS.to_owned()
            };
            tx.commit().await?;
            Ok::<_, AppError>(AppError::Unauthenticated(message))
        };
        match result.await {
            Ok(error) | Err(error) => error,
        }
    }

    /// Resolves a session cookie. `None` when there is no such session or it has timed out (a
    /// timed-out session is ended). Records the request as activity on the session.
    pub async fn session(&self, token: &str, source: &str) -> Result<Option<Session>, AppError> {
        let hash = token_hash(token);
        let Some(row) = sessions::get(&self.db, &hash).await? else {
            return Ok(None);
        };
        let Some(user) = users::get(&self.db, row.user_id).await? else {
            return Ok(None);
        };
        let roles = user_roles(self, user.id).await?;
        let now = self.now();
        let policy = &self.policy.sessions;
        let idle = if is_platform_admin(&roles) {
            policy.idle_admin
        } else {
            policy.idle
        };
        let stage = Stage::from_code(&row.stage).unwrap_or(Stage::SecondFactor);
        let mut actor = actor_for(self, &user, roles, source).await?;
        if row.last_seen_at + idle <= now || row.created_at + policy.absolute <= now || !user.active
        {
            let mut tx = self.begin_audited().await?;
            sessions::delete(&mut tx, &hash).await?;
            let event = AuditEvent::new("auth.session_end", "user", user.id).detail("timed out");
            self.append_audit(&mut tx, &actor, event).await?;
            tx.commit().await?;
            return Ok(None);
        }
        // One write per quarter minute at most: the idle timeout does not need more precision.
        if now - row.last_seen_at > time::Duration::seconds(15) {
            sessions::touch(&self.db, &hash, now).await?;
        }
        if stage != Stage::Full {
            actor.roles.clear();
        }
        Ok(Some(Session {
            actor,
            username: user.username,
            csrf_token: row.csrf_token,
            stage,
        }))
    }

    /// Ends a session.
    pub async fn sign_out(&self, token: &str, actor: &Actor) -> Result<(), AppError> {
        let mut tx = self.begin_audited().await?;
        sessions::delete(&mut tx, &token_hash(token)).await?;
        let event = AuditEvent::new("auth.sign_out", "user", actor.user_id.unwrap_or_default());
        self.append_audit(&mut tx, actor, event).await?;
        tx.commit().await?;
        Ok(())
    }

    /// Checks the second-factor code of a session in [`Stage::SecondFactor`].
    pub async fn second_factor(
        &self,
        token: &str,
        source: &str,
        code: &str,
    ) -> Result<Stage, AppError> {
        let (user, actor) = self.staged(token, source, Stage::SecondFactor).await?;
        let event = AuditEvent::new("auth.second_factor", "user", user.id);
        let secret = user
            .totp_secret
            .as_deref()
            .and_then(|c| self.pii.decrypt_secret(c).ok())
            .ok_or(AppError::Forbidden)?;
        let step = totp::matching_step(&secret, code, self.now().unix_timestamp());
        let mut tx = self.begin_audited().await?;
        let fresh = match step {
            Some(step) => users::use_totp_step(&mut tx, user.id, step).await?,
            None => false,
        };
        if !fresh {
            drop(tx);
            return Err(self
                .fail_sign_in(&actor, &user, event.detail("wrong code"))
                .await);
        }
        let next = self.password_stage(&user, self.now());
        self.advance(tx, token, &actor, next, event).await
    }

    /// Sets up the second factor of a session in [`Stage::Enrol`]: `secret` is the base32 secret
    /// the enrolment page showed, `code` the first code the authenticator made from it.
    pub async fn enrol_second_factor(
        &self,
        token: &str,
        source: &str,
        secret: &str,
        code: &str,
    ) -> Result<Stage, AppError> {
        let (user, actor) = self.staged(token, source, Stage::Enrol).await?;
        let secret = totp::from_base32(secret)
            .filter(|s| s.len() >= 16)
            .ok_or_else(|| AppError::Invalid("密钥无效，请重新开始绑定".to_owned()))?;
        let Some(step) = totp::matching_step(&secret, code, self.now().unix_timestamp()) else {
            return Err(AppError::Invalid(
                "验证码不正确：请输入身份验证器当前显示的 6 位数字".to_owned(),
            ));
        };
        let mut tx = self.begin_audited().await?;
        users::set_totp_secret(&mut tx, user.id, Some(self.pii.encrypt_secret(&secret))).await?;
        users::use_totp_step(&mut tx, user.id, step).await?;
        let next = self.password_stage(&user, self.now());
        let event = AuditEvent::new("auth.enrol_second_factor", "user", user.id);
        self.advance(tx, token, &actor, next, event).await
    }

    /// Changes the password of the session's user (in [`Stage::ChangePassword`] or signed in).
    pub async fn change_password(
        &self,
        token: &str,
        source: &str,
        current: &str,
        new: &str,
    ) -> Result<Stage, AppError> {
        let (user, actor) = match self.staged(token, source, Stage::ChangePassword).await {
            Ok(found) => found,
            Err(_) => self.staged(token, source, Stage::Full).await?,
        };
        let event = AuditEvent::new("auth.change_password", "user", user.id);
        if !verify_password(current, &user.password_hash) {
            return Err(self
                .fail_sign_in(&actor, &user, event.detail("wrong current password"))
                .await);
        }
        self.check_new_password(&user, new).await?;
        let mut tx = self.begin_audited().await?;
        users::set_password(&mut tx, user.id, &hash_password(new)?, false, self.now()).await?;
        self.advance(tx, token, &actor, Stage::Full, event).await
    }

    /// Refuses a new password the policy does not allow, saying why.
    pub(crate) async fn check_new_password(
        &self,
        user: &UserRow,
        new: &str,
    ) -> Result<(), AppError> {
        if let Some(problem) = self.policy.passwords.problem(&user.username, new) {
            return Err(AppError::Invalid(problem));
        }
        let history = self.policy.passwords.history;
        if history > 0 {
            let earlier = users::password_history(&self.db, user.id, history - 1).await?;
            let reused = std::iter::once(&user.password_hash)
                .chain(&earlier)
                .any(|old| verify_password(new, old));
            if reused {
                return Err(AppError::Invalid(format!(
                    "新密码不能与最近 {history} 次使用过的密码相同"
                )));
            }
        }
        Ok(())
    }

    async fn staged(
        &self,
        token: &str,
        source: &str,
        stage: Stage,
    ) -> Result<(UserRow, Actor), AppError> {
        let session = self
            .session(token, source)
            .await?
            .ok_or(AppError::Forbidden)?;
        if session.stage != stage {
            return Err(AppError::Forbidden);
        }
        let user_id = session.actor.user_id.ok_or(AppError::Forbidden)?;
        let user = users::get(&self.db, user_id)
            .await?
            .ok_or(AppError::Forbidden)?;
        Ok((user, session.actor))
    }

    async fn advance(
        &self,
        mut tx: fupin_store::Tx,
        token: &str,
        actor: &Actor,
        next: Stage,
        event: AuditEvent,
    ) -> Result<Stage, AppError> {
        sessions::set_stage(&mut tx, &token_hash(token), next.code()).await?;
        self.append_audit(&mut tx, actor, event).await?;
        tx.commit().await?;
        Ok(next)
    }
}

fn locked_message(until: OffsetDateTime) -> String {
    let beijing = until.to_offset(time::macros::offset!(+8));
    format!(
        "账户因多次登录失败已锁定，请于北京时间 {:02}:{:02} 后再试，或联系系统管理员解锁",
        beijing.hour(),
        beijing.minute()
    )
}

/// The roles granted to a user (codes no longer known are ignored).
pub(crate) async fn user_roles(app: &App, user_id: i64) -> Result<Vec<Role>, AppError> {
    Ok(users::roles(&app.db, user_id)
        .await?
        .iter()
        .filter_map(|code| Role::from_code(code))
        .collect())
}

/// The acting user an account signs in as.
pub(crate) async fn actor_for(
    app: &App,
    user: &UserRow,
    roles: Vec<Role>,
    source: &str,
) -> Result<Actor, AppError> {
    let affiliation = match (user.organization_id, user.gov_unit_id) {
        (Some(organization_id), _) => Affiliation::Organization { organization_id },
        (None, Some(unit_id)) => {
            let unit = units::get(&app.db, unit_id)
                .await?
                .ok_or(AppError::NotFound)?;
            let kind = UnitKind::from_code(&unit.kind)
                .ok_or_else(|| AppError::corrupt("unit kind", &unit.kind))?;
            Affiliation::Government {
                unit_id,
                kind,
                region_code: unit.region_code,
            }
        }
        (None, None) => Affiliation::Platform,
    };
    Ok(Actor {
        user_id: Some(user.id),
        name: user.username.clone(),
        roles,
        affiliation,
        source: source.to_owned(),
    })
}
