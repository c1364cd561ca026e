//! Social organizations (社会组织).

use fupin_domain::{CreditCode, CreditStatus, ManagementMode, OrgLevel, OrgType};
use time::{Date, OffsetDateTime};

use crate::bulk::BulkTable;
use crate::db::{Db, Tx, Value};
use crate::error::StoreError;
use crate::scope::Scope;

/// An organization to register.
#[derive(Debug, Clone)]
pub struct NewOrganization {
    /// Id chosen by the caller (bulk loads assign ids up front so links can refer to them).
    pub id: i64,
    /// 统一社会信用代码.
    pub credit_code: CreditCode,
    /// Registered name.
    pub name: String,
    /// 社会团体 / 社会服务机构 / 基金会.
    pub org_type: OrgType,
    /// 全国性 / 省级 / 市级 / 县级.
    pub level: OrgLevel,
    /// Domicile region code.
    pub region_code: String,
    /// The registration authority (a `gov_units` id).
    pub registration_authority_id: i64,
    /// 双重管理 / 脱钩 / 直接登记.
    pub management_mode: ManagementMode,
    /// 法定代表人 (public information for organizations).
    pub legal_representative: String,
    /// Registration date.
    pub registered_on: Date,
    /// 慈善组织认定.
    pub charity_recognized: bool,
    /// 公开募捐资格.
    pub public_fundraising: bool,
    /// Evaluation grade code.
    pub evaluation_grade: String,
    /// Credit status code.
    pub credit_status: String,
}

/// The columns a bulk organization load fills.
pub const TABLE: BulkTable = BulkTable {
    table: "organizations",
    columns: &[
        "id",
        "credit_code",
        "name",
        "org_type",
        "level",
        "region_code",
        "registration_authority_id",
        "management_mode",
        "legal_representative",
        "registered_on",
        "charity_recognized",
        "public_fundraising",
        "evaluation_grade",
        "credit_status",
        "created_at",
    ],
};

impl NewOrganization {
    /// The row's values in [`TABLE`] column order.
    pub fn values(&self, now: OffsetDateTime) -> Vec<Value> {
        vec![
            Value::from(self.id),
            Value::from(self.credit_code.as_str()),
            Value::from(self.name.as_str()),
            Value::from(self.org_type.code()),
            Value::from(self.level.code()),
            Value::from(self.region_code.as_str()),
            Value::from(self.registration_authority_id),
            Value::from(self.management_mode.code()),
            Value::from(self.legal_representative.as_str()),
            Value::from(self.registered_on),
            Value::from(self.charity_recognized),
            Value::from(self.public_fundraising),
            Value::from(self.evaluation_grade.as_str()),
            Value::from(self.credit_status.as_str()),
            Value::from(now),
        ]
    }
}

/// An organization as stored.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct OrganizationRow {
    /// Id.
    pub id: i64,
    /// 统一社会信用代码.
    pub credit_code: String,
    /// Registered name.
    pub name: String,
    /// [`OrgType`] code.
    pub org_type: String,
    /// [`OrgLevel`] code.
    pub level: String,
    /// Domicile region code.
    pub region_code: String,
    /// Registration authority id.
    pub registration_authority_id: i64,
    /// [`ManagementMode`] code.
    pub management_mode: String,
    /// Legal representative.
    pub legal_representative: String,
    /// Registration date.
    pub registered_on: Date,
    /// Registration status.
    pub status: String,
    /// 慈善组织认定.
    pub charity_recognized: bool,
    /// 公开募捐资格.
    pub public_fundraising: bool,
    /// Evaluation grade code.
    pub evaluation_grade: String,
    /// Credit status code.
    pub credit_status: String,
}

macro_rules! select {
    ($tail:literal) => {
        concat!(
            "SELECT id, credit_code, name, org_type, level, region_code, registration_authority_id, ",
            "management_mode, legal_representative, registered_on, status, charity_recognized, ",
            "public_fundraising, evaluation_grade, credit_status FROM organizations ",
            $tail
        )
    };
}

/// An organization by id.
pub async fn get(db: &Db, id: i64) -> Result<Option<OrganizationRow>, StoreError> {
    db.fetch_optional(select!("WHERE id = $1"), &[Value::from(id)])
        .await
}

/// An organization by credit code.
pub async fn by_credit_code(
    db: &Db,
    code: &CreditCode,
) -> Result<Option<OrganizationRow>, StoreError> {
    db.fetch_optional(
        select!("WHERE credit_code = $1"),
        &[Value::from(code.as_str())],
    )
    .await
}

/// A page of organizations whose domicile lies under `region_prefix` ("" for all), by id.
pub async fn list_in_region(
    db: &Db,
    region_prefix: &str,
    limit: i64,
    offset: i64,
) -> Result<Vec<OrganizationRow>, StoreError> {
    db.fetch_all(
        select!("WHERE region_code LIKE $1 ORDER BY id LIMIT $2 OFFSET $3"),
        &[
            Value::from(format!("{region_prefix}%")),
            Value::from(limit),
            Value::from(offset),
        ],
    )
    .await
}

/// Columns of [`OrganizationRow`] qualified by the alias `o`, for scoped statements.
macro_rules! select_scoped {
    ($tail:literal) => {
        concat!(
            "SELECT o.id, o.credit_code, o.name, o.org_type, o.level, o.region_code, ",
            "o.registration_authority_id, o.management_mode, o.legal_representative, ",
            "o.registered_on, o.status, o.charity_recognized, o.public_fundraising, ",
            "o.evaluation_grade, o.credit_status FROM organizations o WHERE ",
            crate::org_in_scope!(),
            $tail
        )
    };
}

/// An organization by id, if `scope` admits it.
pub async fn get_scoped(
    db: &Db,
    scope: &Scope,
    id: i64,
) -> Result<Option<OrganizationRow>, StoreError> {
    db.fetch_optional(
        select_scoped!(" AND o.id = $5"),
        &scope.with([Value::from(id)]),
    )
    .await
}

/// An organization by credit code, if `scope` admits it (`None` both when it does not exist and
/// when it lies outside the scope, so a caller cannot tell the two apart).
pub async fn by_credit_code_scoped(
    db: &Db,
    scope: &Scope,
    code: &CreditCode,
) -> Result<Option<OrganizationRow>, StoreError> {
    db.fetch_optional(
        select_scoped!(" AND o.credit_code = $5"),
        &scope.with([Value::from(code.as_str())]),
    )
    .await
}

/// A page of the organizations `scope` admits whose name contains `search` or whose credit code
/// is `search` ("" for all), by id.
pub async fn list_scoped(
    db: &Db,
    scope: &Scope,
    search: &str,
    limit: i64,
    offset: i64,
) -> Result<Vec<OrganizationRow>, StoreError> {
    db.fetch_all(
        select_scoped!(
            " AND ($5 = '' OR o.credit_code = $5 OR LOWER(o.name) LIKE $8 ESCAPE '\\') \
             ORDER BY o.id LIMIT $6 OFFSET $7"
        ),
        &scope.with([
            Value::from(search),
            Value::from(limit),
            Value::from(offset),
            Value::from(crate::search::contains_pattern(search)),
        ]),
    )
    .await
}

/// How many organizations [`list_scoped`] would list over all pages.
pub async fn count_scoped(db: &Db, scope: &Scope, search: &str) -> Result<i64, StoreError> {
    db.fetch_i64(
        concat!(
            "SELECT COUNT(*) FROM organizations o WHERE ",
            crate::org_in_scope!(),
            " AND ($5 = '' OR o.credit_code = $5 OR LOWER(o.name) LIKE $6 ESCAPE '\\')"
        ),
        &scope.with([
            Value::from(search),
            Value::from(crate::search::contains_pattern(search)),
        ]),
    )
    .await
}

/// An organization as officials export it: the stored columns plus the names of its domicile
/// and of its registration authority.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct OrganizationExportRow {
    /// Id.
    pub id: i64,
    /// 统一社会信用代码.
    pub credit_code: String,
    /// Registered name.
    pub name: String,
    /// [`OrgType`] code.
    pub org_type: String,
    /// [`OrgLevel`] code.
    pub level: String,
    /// Domicile region code.
    pub region_code: String,
    /// Domicile region name.
    pub region_name: Option<String>,
    /// Registration authority name.
    pub authority_name: Option<String>,
    /// [`ManagementMode`] code.
    pub management_mode: String,
    /// Legal representative (public registration information).
    pub legal_representative: String,
    /// Registration date.
    pub registered_on: Date,
    /// 慈善组织认定.
    pub charity_recognized: bool,
    /// 公开募捐资格.
    pub public_fundraising: bool,
    /// Evaluation grade code.
    pub evaluation_grade: String,
    /// Credit status code.
    pub credit_status: String,
}

/// The next at most `limit` organizations of [`list_scoped`] (same scope and search) with ids
/// above `after_id`, by id: an export pages through the whole list with these keyset batches.
pub async fn export_batch_scoped(
    db: &Db,
    scope: &Scope,
    search: &str,
    after_id: i64,
    limit: i64,
) -> Result<Vec<OrganizationExportRow>, StoreError> {
    db.fetch_all(
        concat!(
            "SELECT o.id, o.credit_code, o.name, o.org_type, o.level, o.region_code, ",
            "(SELECT r.name FROM regions r WHERE r.code = o.region_code) AS region_name, ",
            "(SELECT u.name FROM gov_units u WHERE u.id = o.registration_authority_id) ",
            "AS authority_name, o.management_mode, o.legal_representative, o.registered_on, ",
            "o.charity_recognized, o.public_fundraising, o.evaluation_grade, o.credit_status ",
            "FROM organizations o WHERE ",
            crate::org_in_scope!(),
            " AND ($5 = '' OR o.credit_code = $5 OR LOWER(o.name) LIKE $8 ESCAPE '\\') \
             AND o.id > $6 ORDER BY o.id LIMIT $7"
        ),
        &scope.with([
            Value::from(search),
            Value::from(after_id),
            Value::from(limit),
            Value::from(crate::search::contains_pattern(search)),
        ]),
    )
    .await
}

/// Sets an organization's credit status if `scope` admits it; returns whether it did.
pub async fn set_credit_status(
    tx: &mut Tx,
    scope: &Scope,
    id: i64,
    status: CreditStatus,
) -> Result<bool, StoreError> {
    let changed = tx
        .execute(
            concat!(
                "UPDATE organizations SET credit_status = $5 WHERE id = $6 AND id IN ",
                "(SELECT o.id FROM organizations o WHERE ",
                crate::org_in_scope!(),
                ")"
            ),
            &scope.with([Value::from(status.code()), Value::from(id)]),
        )
        .await?;
    Ok(changed == 1)
}

/// Number of registered organizations.
pub async fn count(db: &Db) -> Result<i64, StoreError> {
    db.fetch_i64("SELECT COUNT(*) FROM organizations", &[])
        .await
}
