//! Government units: 登记管理机关, 扶贫部门, 业务主管单位, 行业管理部门.

use fupin_domain::{OrgLevel, UnitKind};

use crate::db::{Db, Tx, Value};
use crate::error::StoreError;

/// A government unit to create.
#[derive(Debug, Clone)]
pub struct NewGovUnit {
    /// What kind of unit.
    pub kind: UnitKind,
    /// Administrative level.
    pub level: OrgLevel,
    /// Region it governs; `None` for national units.
    pub region_code: Option<String>,
    /// Official name, unique.
    pub name: String,
}

/// A government unit as stored.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct GovUnitRow {
    /// Id.
    pub id: i64,
    /// [`UnitKind`] code.
    pub kind: String,
    /// [`OrgLevel`] code.
    pub level: String,
    /// Region it governs; `None` for national units.
    pub region_code: Option<String>,
    /// Official name.
    pub name: String,
}

/// Inserts a unit and returns its id.
pub async fn insert(tx: &mut Tx, unit: &NewGovUnit) -> Result<i64, StoreError> {
    tx.fetch_i64(
        "INSERT INTO gov_units (kind, level, region_code, name) VALUES ($1, $2, $3, $4) RETURNING id",
        &[
            Value::from(unit.kind.code()),
            Value::from(unit.level.code()),
            Value::from(unit.region_code.clone()),
            Value::from(unit.name.as_str()),
        ],
    )
    .await
}

/// A unit by id.
pub async fn get(db: &Db, id: i64) -> Result<Option<GovUnitRow>, StoreError> {
    db.fetch_optional(
        "SELECT id, kind, level, region_code, name FROM gov_units WHERE id = $1",
        &[Value::from(id)],
    )
    .await
}

/// Every unit, by kind and name.
pub async fn list(db: &Db) -> Result<Vec<GovUnitRow>, StoreError> {
    db.fetch_all(
        "SELECT id, kind, level, region_code, name FROM gov_units ORDER BY kind, id",
        &[],
    )
    .await
}

/// Links an organization to a supervisory unit (`supervisory`) or industry department (`industry`).
pub async fn link(
    tx: &mut Tx,
    organization_id: i64,
    unit_id: i64,
    relation: &str,
) -> Result<(), StoreError> {
    tx.execute(
        "INSERT INTO supervision_links (organization_id, unit_id, relation) VALUES ($1, $2, $3)",
        &[
            Value::from(organization_id),
            Value::from(unit_id),
            Value::from(relation),
        ],
    )
    .await?;
    Ok(())
}

/// Ids of the organizations a unit supervises (as supervisory unit or industry department).
pub async fn supervised_organizations(db: &Db, unit_id: i64) -> Result<Vec<i64>, StoreError> {
    let rows: Vec<(i64,)> = db
        .fetch_all(
            "SELECT DISTINCT organization_id FROM supervision_links WHERE unit_id = $1 ORDER BY organization_id",
            &[Value::from(unit_id)],
        )
        .await?;
    Ok(rows.into_iter().map(|(id,)| id).collect())
}

/// A unit by its official name.
pub async fn by_name(db: &Db, name: &str) -> Result<Option<GovUnitRow>, StoreError> {
    db.fetch_optional(
        "SELECT id, kind, level, region_code, name FROM gov_units WHERE name = $1",
        &[Value::from(name)],
    )
    .await
}
