//! Reference data embedded in the binary: administrative divisions and the 832 poor counties.
//! Provenance and licences: `data/PROVENANCE.md` at the repository root.

use std::collections::HashMap;
use std::io::Read;

use flate2::read::GzDecoder;
use serde::Deserialize;

use crate::bulk::BulkTable;
use crate::db::{Db, Value};
use crate::error::StoreError;

const PROVINCES: &str = include_str!("../../../data/regions/provinces.csv");
const PREFECTURES: &str = include_str!("../../../data/regions/cities.csv");
const COUNTIES: &str = include_str!("../../../data/regions/areas.csv");
const TOWNSHIPS: &str = include_str!("../../../data/regions/streets.csv");
const VILLAGES_GZ: &[u8] = include_bytes!("../../../data/regions/villages.csv.gz");
const POOR_COUNTIES: &str = include_str!("../../../data/poor_counties.csv");

/// Rows per bulk statement when loading regions.
const BATCH: usize = 5_000;

const REGIONS: BulkTable = BulkTable {
    table: "regions",
    columns: &[
        "code",
        "name",
        "level",
        "parent_code",
        "province_code",
        "prefecture_code",
        "county_code",
        "township_code",
        "poor_county",
        "poor_exit_year",
    ],
};

/// One row of any of the division files; the parent columns present depend on the level.
#[derive(Deserialize)]
struct DivisionRecord {
    code: String,
    name: String,
    #[serde(rename = "provinceCode")]
    province: Option<String>,
    #[serde(rename = "cityCode")]
    prefecture: Option<String>,
    #[serde(rename = "areaCode")]
    county: Option<String>,
    #[serde(rename = "streetCode")]
    township: Option<String>,
}

#[derive(Deserialize)]
struct PoorCountyRecord {
    code_2023: String,
    exit_year: i32,
}

/// What a reference load wrote.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct ReferenceCounts {
    /// Region rows inserted.
    pub regions: u64,
    /// Counties flagged as national poor counties.
    pub poor_counties: u64,
}

/// Exit year of every poor county by 2023 code (茫崖市 appears twice; the earlier exit is kept).
pub fn poor_counties() -> Result<HashMap<String, i32>, StoreError> {
    let mut out: HashMap<String, i32> = HashMap::new();
    for record in csv::Reader::from_reader(POOR_COUNTIES.as_bytes()).deserialize() {
        let record: PoorCountyRecord =
            record.map_err(|e| StoreError::ReferenceData(e.to_string()))?;
        let year = out.entry(record.code_2023).or_insert(record.exit_year);
        *year = (*year).min(record.exit_year);
    }
    Ok(out)
}

/// Loads provinces, prefectures, counties and townships unless they are there already.
pub async fn load_regions(db: &Db) -> Result<ReferenceCounts, StoreError> {
    let present = db
        .fetch_i64("SELECT COUNT(*) FROM regions WHERE level <= 4", &[])
        .await?;
    if present > 0 {
        return Ok(ReferenceCounts::default());
    }
    let poor = poor_counties()?;
    let mut tx = db.begin().await?;
    let mut counts = ReferenceCounts::default();
    for (level, text) in [
        (1, PROVINCES),
        (2, PREFECTURES),
        (3, COUNTIES),
        (4, TOWNSHIPS),
    ] {
        let mut batch = Vec::with_capacity(BATCH);
        for record in csv::Reader::from_reader(text.as_bytes()).deserialize() {
            let record: DivisionRecord =
                record.map_err(|e| StoreError::ReferenceData(e.to_string()))?;
            let exit_year = poor.get(&record.code).copied().filter(|_| level == 3);
            counts.poor_counties += u64::from(exit_year.is_some());
            batch.push(region_row(level, record, exit_year));
            if batch.len() == BATCH {
                counts.regions += tx.bulk_insert(REGIONS, std::mem::take(&mut batch)).await?;
            }
        }
        counts.regions += tx.bulk_insert(REGIONS, batch).await?;
    }
    tx.commit().await?;
    Ok(counts)
}

/// Loads the 620k village-level units (村/居委会), once; returns how many were inserted.
pub async fn load_villages(db: &Db) -> Result<u64, StoreError> {
    let present = db
        .fetch_i64("SELECT COUNT(*) FROM regions WHERE level = 5", &[])
        .await?;
    if present > 0 {
        return Ok(0);
    }
    let mut text = String::new();
    GzDecoder::new(VILLAGES_GZ)
        .read_to_string(&mut text)
        .map_err(|e| StoreError::ReferenceData(e.to_string()))?;
    let mut tx = db.begin().await?;
    let mut written = 0;
    let mut batch = Vec::with_capacity(BATCH);
    for record in csv::Reader::from_reader(text.as_bytes()).deserialize() {
        let record: DivisionRecord =
            record.map_err(|e| StoreError::ReferenceData(e.to_string()))?;
        batch.push(region_row(5, record, None));
        if batch.len() == BATCH {
            written += tx.bulk_insert(REGIONS, std::mem::take(&mut batch)).await?;
        }
    }
    written += tx.bulk_insert(REGIONS, batch).await?;
    tx.commit().await?;
    Ok(written)
}

fn region_row(level: i32, record: DivisionRecord, poor_exit_year: Option<i32>) -> Vec<Value> {
    // Ancestry by code prefix: the files' own parent columns agree with it (checked when copied).
    let code = record.code;
    // `at(n)`: the first n digits when the code is at least that long (the region itself included).
    let at = |digits: usize| code.get(..digits).map(str::to_owned);
    let parent = match level {
        1 => None,
        2 => record.province.clone(),
        3 => record.prefecture.clone(),
        4 => record.county.clone(),
        _ => record.township.clone(),
    };
    vec![
        Value::from(code.as_str()),
        Value::from(record.name),
        Value::from(level),
        Value::from(parent),
        Value::from(at(2).unwrap_or_default()),
        Value::from(at(4)),
        Value::from(at(6)),
        Value::from(at(9)),
        Value::from(poor_exit_year.is_some()),
        Value::from(poor_exit_year),
    ]
}
