//! User accounts, their roles and their sign-in state.

use fupin_domain::Role;
use time::OffsetDateTime;

use crate::db::{Db, Tx, Value};
use crate::error::StoreError;

/// An account to create. The password arrives already hashed (Argon2id, in the service layer).
#[derive(Debug, Clone)]
pub struct NewUser {
    /// Sign-in name, unique.
    pub username: String,
    /// Name shown in the interface and the audit log.
    pub display_name: String,
    /// PHC-format password hash.
    pub password_hash: String,
    /// The organization the user works for, if any.
    pub organization_id: Option<i64>,
    /// The government unit the user works for, if any.
    pub gov_unit_id: Option<i64>,
    /// Granted roles.
    pub roles: Vec<Role>,
}

/// An account as stored (the password hash included: never serialize this to a page).
#[derive(Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct UserRow {
    /// Id.
    pub id: i64,
    /// Sign-in name.
    pub username: String,
    /// Display name.
    pub display_name: String,
    /// PHC-format password hash.
    pub password_hash: String,
    /// Organization, if any.
    pub organization_id: Option<i64>,
    /// Government unit, if any.
    pub gov_unit_id: Option<i64>,
    /// Whether the account may sign in.
    pub active: bool,
    /// When the password was last set.
    pub password_changed_at: OffsetDateTime,
    /// Whether the next sign-in must set a new password (after a reset).
    pub must_change_password: bool,
    /// Failed sign-ins in the current window.
    pub failed_attempts: i32,
    /// Start of the current failure window.
    pub first_failed_at: Option<OffsetDateTime>,
    /// Locked until then.
    pub locked_until: Option<OffsetDateTime>,
    /// TOTP secret, encrypted; `None` until the second factor is set up.
    pub totp_secret: Option<Vec<u8>>,
    /// Last TOTP time step accepted (a code is never accepted twice).
    pub totp_last_step: Option<i64>,
}

impl std::fmt::Debug for UserRow {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("UserRow")
            .field("id", &self.id)
            .field("username", &self.username)
            .field("password_hash", &"<redacted>")
            .field("active", &self.active)
            .finish_non_exhaustive()
    }
}

macro_rules! select {
    ($tail:literal) => {
        concat!(
            "SELECT id, username, display_name, password_hash, organization_id, gov_unit_id, active, ",
            "password_changed_at, must_change_password, failed_attempts, first_failed_at, locked_until, ",
            "totp_secret, totp_last_step FROM users ",
            $tail
        )
    };
}

/// Creates an account with its roles; returns its id.
pub async fn insert(tx: &mut Tx, user: &NewUser, now: OffsetDateTime) -> Result<i64, StoreError> {
    let id = tx
        .fetch_i64(
            "INSERT INTO users (username, display_name, password_hash, organization_id, gov_unit_id, \
             password_changed_at, created_at) VALUES ($1, $2, $3, $4, $5, $6, $6) RETURNING id",
            &[
                Value::from(user.username.as_str()),
                Value::from(user.display_name.as_str()),
                Value::from(user.password_hash.as_str()),
                Value::from(user.organization_id),
                Value::from(user.gov_unit_id),
                Value::from(now),
            ],
        )
        .await?;
    for role in &user.roles {
        grant_role(tx, id, *role).await?;
    }
    Ok(id)
}

/// An account by sign-in name.
pub async fn by_username(db: &Db, username: &str) -> Result<Option<UserRow>, StoreError> {
    db.fetch_optional(select!("WHERE username = $1"), &[Value::from(username)])
        .await
}

/// An account by id.
pub async fn get(db: &Db, id: i64) -> Result<Option<UserRow>, StoreError> {
    db.fetch_optional(select!("WHERE id = $1"), &[Value::from(id)])
        .await
}

/// Role codes granted to a user.
pub async fn roles(db: &Db, user_id: i64) -> Result<Vec<String>, StoreError> {
    let rows: Vec<(String,)> = db
        .fetch_all(
            "SELECT role FROM user_roles WHERE user_id = $1 ORDER BY role",
            &[Value::from(user_id)],
        )
        .await?;
    Ok(rows.into_iter().map(|(r,)| r).collect())
}

/// Grants a role (granting it twice changes nothing); returns whether it was new.
pub async fn grant_role(tx: &mut Tx, user_id: i64, role: Role) -> Result<bool, StoreError> {
    let added = tx
        .execute(
            "INSERT INTO user_roles (user_id, role) VALUES ($1, $2) ON CONFLICT DO NOTHING",
            &[Value::from(user_id), Value::from(role.code())],
        )
        .await?;
    Ok(added == 1)
}

/// Revokes a role; returns whether the user had it.
pub async fn revoke_role(tx: &mut Tx, user_id: i64, role: Role) -> Result<bool, StoreError> {
    let removed = tx
        .execute(
            "DELETE FROM user_roles WHERE user_id = $1 AND role = $2",
            &[Value::from(user_id), Value::from(role.code())],
        )
        .await?;
    Ok(removed == 1)
}

/// Every account, by id.
pub async fn list(db: &Db) -> Result<Vec<UserRow>, StoreError> {
    db.fetch_all(select!("ORDER BY id"), &[]).await
}

/// A page of accounts whose username or display name contains `search` ("" for all), by id.
pub async fn list_page(
    db: &Db,
    search: &str,
    limit: i64,
    offset: i64,
) -> Result<Vec<UserRow>, StoreError> {
    db.fetch_all(
        select!(
            "WHERE ($1 = '' OR LOWER(username) LIKE $4 ESCAPE '\\' \
             OR LOWER(display_name) LIKE $4 ESCAPE '\\') ORDER BY id LIMIT $2 OFFSET $3"
        ),
        &[
            Value::from(search),
            Value::from(limit),
            Value::from(offset),
            Value::from(crate::search::contains_pattern(search)),
        ],
    )
    .await
}

/// Stores the sign-in failure state the service layer computed.
pub async fn set_failures(
    tx: &mut Tx,
    id: i64,
    failed_attempts: i32,
    first_failed_at: Option<OffsetDateTime>,
    locked_until: Option<OffsetDateTime>,
) -> Result<(), StoreError> {
    tx.execute(
        "UPDATE users SET failed_attempts = $2, first_failed_at = $3, locked_until = $4 WHERE id = $1",
        &[
            Value::from(id),
            Value::from(failed_attempts),
            Value::from(first_failed_at),
            Value::from(locked_until),
        ],
    )
    .await?;
    Ok(())
}

/// Sets a new password hash, keeping the old one in the history.
pub async fn set_password(
    tx: &mut Tx,
    id: i64,
    password_hash: &str,
    must_change: bool,
    now: OffsetDateTime,
) -> Result<(), StoreError> {
    tx.execute(
        "INSERT INTO password_history (user_id, password_hash, changed_at) \
         SELECT id, password_hash, password_changed_at FROM users WHERE id = $1",
        &[Value::from(id)],
    )
    .await?;
    tx.execute(
        "UPDATE users SET password_hash = $2, must_change_password = $3, password_changed_at = $4 \
         WHERE id = $1",
        &[
            Value::from(id),
            Value::from(password_hash),
            Value::from(must_change),
            Value::from(now),
        ],
    )
    .await?;
    Ok(())
}

/// The user's earlier password hashes, newest first, at most `limit`.
pub async fn password_history(db: &Db, id: i64, limit: i64) -> Result<Vec<String>, StoreError> {
    let rows: Vec<(String,)> = db
        .fetch_all(
            "SELECT password_hash FROM password_history WHERE user_id = $1 \
             ORDER BY changed_at DESC LIMIT $2",
            &[Value::from(id), Value::from(limit)],
        )
        .await?;
    Ok(rows.into_iter().map(|(h,)| h).collect())
}

/// Sets (or with `None` clears) the encrypted TOTP secret.
pub async fn set_totp_secret(
    tx: &mut Tx,
    id: i64,
    secret: Option<Vec<u8>>,
) -> Result<(), StoreError> {
    tx.execute(
        "UPDATE users SET totp_secret = $2, totp_last_step = NULL WHERE id = $1",
        &[Value::from(id), Value::from(secret)],
    )
    .await?;
    Ok(())
}

/// Records that the TOTP code of `step` was used, unless that step or a later one already was:
/// returns false for a replayed code.
pub async fn use_totp_step(tx: &mut Tx, id: i64, step: i64) -> Result<bool, StoreError> {
    let changed = tx
        .execute(
            "UPDATE users SET totp_last_step = $2 \
             WHERE id = $1 AND (totp_last_step IS NULL OR totp_last_step < $2)",
            &[Value::from(id), Value::from(step)],
        )
        .await?;
    Ok(changed == 1)
}

/// Enables or disables an account.
pub async fn set_active(tx: &mut Tx, id: i64, active: bool) -> Result<(), StoreError> {
    tx.execute(
        "UPDATE users SET active = $2 WHERE id = $1",
        &[Value::from(id), Value::from(active)],
    )
    .await?;
    Ok(())
}

/// How many accounts [`list_page`] would list over all pages.
pub async fn count_matching(db: &Db, search: &str) -> Result<i64, StoreError> {
    db.fetch_i64(
        "SELECT COUNT(*) FROM users WHERE ($1 = '' OR LOWER(username) LIKE $2 ESCAPE '\\' \
         OR LOWER(display_name) LIKE $2 ESCAPE '\\')",
        &[
            Value::from(search),
            Value::from(crate::search::contains_pattern(search)),
        ],
    )
    .await
}
