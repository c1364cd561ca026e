//! User accounts and their roles.

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
}

impl std::fmt::Debug for UserRow {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("UserRow")
            .field("id", &self.id)
            .field("username", &self.username)
            .field("password_hash", &"<redacted>")
            .finish_non_exhaustive()
    }
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
        tx.execute(
            "INSERT INTO user_roles (user_id, role) VALUES ($1, $2)",
            &[Value::from(id), Value::from(role.code())],
        )
        .await?;
    }
    Ok(id)
}

/// An account by sign-in name.
pub async fn by_username(db: &Db, username: &str) -> Result<Option<UserRow>, StoreError> {
    db.fetch_optional(
        "SELECT id, username, display_name, password_hash, organization_id, gov_unit_id, active \
         FROM users WHERE username = $1",
        &[Value::from(username)],
    )
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

/// Every account, by id.
pub async fn list(db: &Db) -> Result<Vec<UserRow>, StoreError> {
    db.fetch_all(
        "SELECT id, username, display_name, password_hash, organization_id, gov_unit_id, active \
         FROM users ORDER BY id",
        &[],
    )
    .await
}
