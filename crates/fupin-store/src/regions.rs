//! Administrative divisions.

use crate::db::{Db, Value};
use crate::error::StoreError;

/// A region as stored, with its ancestry.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct RegionRow {
    /// GB/T 2260 / NBS code (2, 4, 6, 9 or 12 digits).
    pub code: String,
    /// Official name.
    pub name: String,
    /// 1 province … 5 village.
    pub level: i32,
    /// Parent region code.
    pub parent_code: Option<String>,
    /// Province code.
    pub province_code: String,
    /// Prefecture code, for levels 2 and below.
    pub prefecture_code: Option<String>,
    /// County code, for levels 3 and below.
    pub county_code: Option<String>,
    /// One of the 832 national poor counties.
    pub poor_county: bool,
    /// Year the poor county exited (摘帽).
    pub poor_exit_year: Option<i32>,
}

/// `SELECT <every RegionRow column> FROM regions <tail>`, as one static string.
macro_rules! select {
    ($tail:literal) => {
        concat!(
            "SELECT code, name, level, parent_code, province_code, prefecture_code, county_code, ",
            "poor_county, poor_exit_year FROM regions ",
            $tail
        )
    };
}

/// A region by code.
pub async fn get(db: &Db, code: &str) -> Result<Option<RegionRow>, StoreError> {
    db.fetch_optional(select!("WHERE code = $1"), &[Value::from(code)])
        .await
}

/// The direct children of a region, by code.
pub async fn children(db: &Db, code: &str) -> Result<Vec<RegionRow>, StoreError> {
    db.fetch_all(
        select!("WHERE parent_code = $1 ORDER BY code"),
        &[Value::from(code)],
    )
    .await
}

/// All provinces.
pub async fn provinces(db: &Db) -> Result<Vec<RegionRow>, StoreError> {
    db.fetch_all(select!("WHERE level = 1 ORDER BY code"), &[])
        .await
}

/// The national poor counties, by code.
pub async fn poor_counties(db: &Db) -> Result<Vec<RegionRow>, StoreError> {
    db.fetch_all(select!("WHERE poor_county ORDER BY code"), &[])
        .await
}

/// Number of regions at a level (1–5).
pub async fn count_at_level(db: &Db, level: i32) -> Result<i64, StoreError> {
    db.fetch_i64(
        "SELECT COUNT(*) FROM regions WHERE level = $1",
        &[Value::from(level)],
    )
    .await
}

/// Every region at a level (1–5), optionally only the national poor counties, by code.
pub async fn at_level(db: &Db, level: i32, poor_only: bool) -> Result<Vec<RegionRow>, StoreError> {
    db.fetch_all(
        select!("WHERE level = $1 AND (poor_county OR NOT $2) ORDER BY code"),
        &[Value::from(level), Value::from(poor_only)],
    )
    .await
}

/// `(code, name, level)` of the counties, townships and villages inside `prefix` (a province's
/// 2, a prefecture's 4 or a county's 6 digits), for matching places by code or name.
pub async fn county_and_below(
    db: &Db,
    prefix: &str,
) -> Result<Vec<(String, String, i32)>, StoreError> {
    let sql = match prefix.len() {
        2 => "SELECT code, name, level FROM regions WHERE province_code = $1 AND level >= 3",
        4 => "SELECT code, name, level FROM regions WHERE prefecture_code = $1 AND level >= 3",
        _ => "SELECT code, name, level FROM regions WHERE county_code = $1 AND level >= 3",
    };
    db.fetch_all(sql, &[Value::from(prefix)]).await
}
