//! The region tree the generator works in: provinces, the prefectures holding poor counties, and the
//! 831 poor counties (2023 codes) with their townships and villages, read once from the database.

use std::collections::HashMap;

use fupin_store::Db;
use fupin_store::regions::{self, RegionRow};

use crate::DemoError;

/// A province.
#[derive(Debug, Clone)]
pub(crate) struct Province {
    /// Two-digit code.
    pub code: String,
    /// Official name (贵州省).
    pub name: String,
    /// Domicile of provincial organizations: the first county of the capital.
    pub seat: String,
    /// Poor counties in the province (indexes into [`Geography::counties`]).
    pub counties: Vec<usize>,
}

impl Province {
    /// 北京、天津、上海、重庆: departments are 局/委员会 rather than 厅.
    pub(crate) fn is_municipality(&self) -> bool {
        matches!(self.code.as_str(), "11" | "12" | "31" | "50")
    }
}

/// A prefecture that holds at least one poor county.
#[derive(Debug, Clone)]
pub(crate) struct Prefecture {
    /// Four-digit code.
    pub code: String,
    /// Official name.
    pub name: String,
    /// Index into [`Geography::provinces`].
    pub province: usize,
    /// Whether it is a real prefecture with its own departments (not 省直辖县级行政区划, 市辖区, 县).
    pub has_units: bool,
    /// Domicile of prefectural organizations: its first county.
    pub seat: String,
    /// Poor counties in it.
    pub counties: Vec<usize>,
}

/// A national poor county.
#[derive(Debug, Clone)]
pub(crate) struct County {
    /// Six-digit code.
    pub code: String,
    /// Official name.
    pub name: String,
    /// Index into [`Geography::provinces`].
    pub province: usize,
    /// Index into [`Geography::prefectures`].
    pub prefecture: usize,
    /// Townships (9-digit codes).
    pub townships: Vec<u64>,
    /// Villages (12-digit codes).
    pub villages: Vec<u64>,
}

/// The regions the demo data lives in.
#[derive(Debug, Clone)]
pub(crate) struct Geography {
    /// All 31 provinces, by code.
    pub provinces: Vec<Province>,
    /// Prefectures with poor counties, by code.
    pub prefectures: Vec<Prefecture>,
    /// Poor counties, by code.
    pub counties: Vec<County>,
}

impl Geography {
    /// Reads provinces, poor counties, their townships and villages (load villages first).
    pub(crate) async fn load(db: &Db) -> Result<Geography, DemoError> {
        let mut provinces = Vec::new();
        for row in regions::provinces(db).await? {
            let seat = first_county(db, &row.code).await?.unwrap_or_default();
            provinces.push(Province {
                code: row.code,
                name: row.name,
                seat,
                counties: Vec::new(),
            });
        }
        let province_index: HashMap<String, usize> = provinces
            .iter()
            .enumerate()
            .map(|(i, p)| (p.code.clone(), i))
            .collect();

        let poor = regions::poor_counties(db).await?;
        if poor.is_empty() {
            return Err(DemoError::MissingReference("国家级贫困县".to_owned()));
        }
        let mut prefectures: Vec<Prefecture> = Vec::new();
        let mut prefecture_index: HashMap<String, usize> = HashMap::new();
        let mut counties = Vec::with_capacity(poor.len());
        for row in poor {
            let Some(&province) = province_index.get(&row.province_code) else {
                return Err(DemoError::MissingReference(format!(
                    "省级区划 {}",
                    row.province_code
                )));
            };
            let prefecture_code = row
                .prefecture_code
                .clone()
                .unwrap_or_else(|| row.code[..4].to_owned());
            let prefecture = match prefecture_index.get(&prefecture_code) {
                Some(&i) => i,
                None => {
                    let found = regions::get(db, &prefecture_code).await?;
                    let name = found.map(|r| r.name).unwrap_or_default();
                    let has_units = !name.is_empty()
                        && !name.contains("直辖")
                        && name != "市辖区"
                        && name != "县";
                    let seat = first_county(db, &prefecture_code)
                        .await?
                        .unwrap_or_else(|| row.code.clone());
                    prefectures.push(Prefecture {
                        code: prefecture_code.clone(),
                        name,
                        province,
                        has_units,
                        seat,
                        counties: Vec::new(),
                    });
                    prefecture_index.insert(prefecture_code, prefectures.len() - 1);
                    prefectures.len() - 1
                }
            };
            let (townships, villages) = below(db, &row).await?;
            let index = counties.len();
            provinces[province].counties.push(index);
            prefectures[prefecture].counties.push(index);
            counties.push(County {
                code: row.code,
                name: row.name,
                province,
                prefecture,
                townships,
                villages,
            });
        }
        Ok(Geography {
            provinces,
            prefectures,
            counties,
        })
    }
}

/// The first county-level child of a province (through its first prefecture) or prefecture.
async fn first_county(db: &Db, code: &str) -> Result<Option<String>, DemoError> {
    let mut current = code.to_owned();
    while current.len() < 6 {
        let children = regions::children(db, &current).await?;
        match children.into_iter().next() {
            Some(child) => current = child.code,
            None => return Ok(None),
        }
    }
    Ok(Some(current))
}

/// Townships and villages of a county, as integer codes.
async fn below(db: &Db, county: &RegionRow) -> Result<(Vec<u64>, Vec<u64>), DemoError> {
    let mut townships = Vec::new();
    let mut villages = Vec::new();
    for township in regions::children(db, &county.code).await? {
        if let Ok(code) = township.code.parse::<u64>() {
            townships.push(code);
        }
        for village in regions::children(db, &township.code).await? {
            if let Ok(code) = village.code.parse::<u64>() {
                villages.push(code);
            }
        }
    }
    if villages.is_empty() {
        return Err(DemoError::MissingReference(format!(
            "{}（{}）的村级区划",
            county.name, county.code
        )));
    }
    Ok((townships, villages))
}
