//! The villages a roster row may name: by 12-digit code, or by name within the activity's
//! locations (`东街村`, `东街村委会`, `城关镇东街村`).

use std::collections::{HashMap, HashSet};

use fupin_store::{Db, StoreError, activities, regions};

/// Region rows of the activity's locations, as `(code, name, level)`.
type RegionTriple = (String, String, i32);

/// What the activity's locations admit.
#[derive(Debug, Default)]
pub(crate) struct Places {
    /// Location prefixes, county or coarser (empty: the activity has no locations yet).
    prefixes: Vec<String>,
    /// Names of the locations, for messages.
    location_names: String,
    /// Known county codes (of the locations, or all when there are none).
    counties: HashSet<String>,
    /// Known township codes within the locations.
    townships: HashSet<String>,
    /// Village codes within the locations (only where villages were imported).
    villages: HashSet<String>,
    /// Counties whose villages are loaded.
    counties_with_villages: HashSet<String>,
    /// Name keys → village codes.
    by_name: HashMap<String, Vec<String>>,
}

/// The key a village name is matched by: the 委员会 suffix of the official name dropped
/// (`东街村民委员会`, `东街村委会` → `东街村`; `东街社区居委会` → `东街社区`).
pub(crate) fn village_key(name: &str) -> String {
    let name: String = crate::tabular::cells::code_text(crate::tabular::cells::trim(name)).into();
    for (suffix, replacement) in [
        ("村民委员会", "村"),
        ("村委会", "村"),
        ("居民委员会", ""),
        ("居委会", ""),
    ] {
        if let Some(stem) = name.strip_suffix(suffix)
            && !stem.is_empty()
        {
            return format!("{stem}{replacement}");
        }
    }
    name
}

impl Places {
    /// Loads the regions of an activity's locations.
    pub(crate) async fn load(db: &Db, activity_id: i64) -> Result<Places, StoreError> {
        let locations = activities::location_codes(db, activity_id).await?;
        let mut places = Places::default();
        if locations.is_empty() {
            places.counties = regions::at_level(db, 3, false)
                .await?
                .into_iter()
                .map(|r| r.code)
                .collect();
            return Ok(places);
        }
        let mut prefixes: Vec<String> = locations
            .into_iter()
            .map(|code| code.chars().take(6).collect())
            .collect();
        prefixes.sort();
        prefixes.dedup();
        // A prefix inside another adds nothing.
        let kept: Vec<String> = prefixes
            .iter()
            .filter(|p| {
                !prefixes
                    .iter()
                    .any(|q| q != *p && p.starts_with(q.as_str()))
            })
            .cloned()
            .collect();
        let mut rows: Vec<RegionTriple> = Vec::new();
        let mut names = Vec::new();
        for prefix in &kept {
            rows.extend(regions::county_and_below(db, prefix).await?);
            let name = regions::get(db, prefix).await?.map(|r| r.name);
            names.push(name.map_or_else(|| prefix.clone(), |n| format!("{n}（{prefix}）")));
        }
        places.prefixes = kept;
        places.location_names = names.join("、");
        places.index(&rows);
        Ok(places)
    }

    fn index(&mut self, rows: &[RegionTriple]) {
        let mut names: HashMap<&str, &str> = HashMap::new();
        for (code, name, level) in rows {
            names.insert(code, name);
            match level {
                3 => {
                    self.counties.insert(code.clone());
                }
                4 => {
                    self.townships.insert(code.clone());
                }
                _ => {}
            }
        }
        for (code, name, level) in rows {
            if *level != 5 || code.len() != 12 {
                continue;
            }
            self.villages.insert(code.clone());
            self.counties_with_villages.insert(code[..6].to_owned());
            let key = village_key(name);
            let township = names.get(&code[..9]).map(|n| village_key(n));
            let county = names.get(&code[..6]).map(|n| village_key(n));
            let mut keys = vec![key.clone()];
            if let Some(t) = &township {
                keys.push(format!("{t}{key}"));
                if let Some(c) = &county {
                    keys.push(format!("{c}{t}{key}"));
                }
            }
            for k in keys {
                let codes = self.by_name.entry(k).or_default();
                if !codes.contains(code) {
                    codes.push(code.clone());
                }
            }
        }
    }

    /// Checks a 12-digit village code against the locations and the region table.
    pub(crate) fn check_code(&self, code: &str) -> Result<(), String> {
        let county = &code[..6];
        if self.prefixes.is_empty() {
            if !self.counties.contains(county) {
                return Err(format!("村代码 {code} 的县级代码 {county} 不存在，请核对"));
            }
            return Ok(());
        }
        if !self.prefixes.iter().any(|p| code.starts_with(p.as_str())) {
            return Err(format!(
                "村代码 {code} 不在本项目的实施地点（{}）内：请核对村代码，或先在项目中添加该地点",
                self.location_names
            ));
        }
        if !self.counties.contains(county) {
            return Err(format!("村代码 {code} 的县级代码 {county} 不存在，请核对"));
        }
        if !self.townships.is_empty() && !self.townships.contains(&code[..9]) {
            return Err(format!(
                "村代码 {code} 的乡镇代码 {} 不存在，请核对",
                &code[..9]
            ));
        }
        if self.counties_with_villages.contains(county) && !self.villages.contains(code) {
            return Err(format!(
                "村代码 {code} 不存在（不是该县的村级区划代码），请核对"
            ));
        }
        Ok(())
    }

    /// Finds a village by name within the locations.
    pub(crate) fn by_name(&self, text: &str) -> Result<String, String> {
        let shown = crate::tabular::cells::trim(text);
        if self.prefixes.is_empty() {
            return Err(format!(
                "无法按村名“{shown}”匹配：本项目尚未填写实施地点，请填写 12 位村级区划代码，或先添加实施地点"
            ));
        }
        if self.villages.is_empty() {
            return Err(format!(
                "无法按村名“{shown}”匹配：平台尚未导入本项目实施地点（{}）的村级区划，请填写 12 位村级区划代码",
                self.location_names
            ));
        }
        let key = village_key(text);
        let found = self
            .by_name
            .get(&key)
            .or_else(|| self.by_name.get(&format!("{key}村")));
        match found.map(Vec::as_slice) {
            Some([code]) => Ok(code.clone()),
            Some(codes) if !codes.is_empty() => {
                let listed: Vec<&str> = codes.iter().take(5).map(String::as_str).collect();
                Err(format!(
                    "本项目实施地点内有 {} 个名为“{shown}”的村（代码 {}{}）：请填写 12 位村级区划代码，或写成“乡镇名+村名”",
                    codes.len(),
                    listed.join("、"),
                    if codes.len() > 5 { "……" } else { "" }
                ))
            }
            _ => Err(format!(
                "在本项目实施地点（{}）内找不到名为“{shown}”的村：请核对村名，或填写 12 位村级区划代码",
                self.location_names
            )),
        }
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

    use super::*;

    fn places() -> Places {
        let mut p = Places {
            prefixes: vec!["130125".into()],
            location_names: "行唐县（130125）".into(),
            ..Places::default()
        };
        let rows: Vec<RegionTriple> = vec![
            ("130125".into(), "行唐县".into(), 3),
            ("130125100".into(), "龙州镇".into(), 4),
            ("130125101".into(), "南桥镇".into(), 4),
            ("130125100201".into(), "东街村委会".into(), 5),
            ("130125100202".into(), "西街村民委员会".into(), 5),
            ("130125101201".into(), "东街村委会".into(), 5),
            ("130125101202".into(), "城南社区居委会".into(), 5),
        ];
        p.index(&rows);
        p
    }

    #[test]
    fn villages_are_found_by_the_names_people_write() {
        let p = places();
        assert_eq!(p.by_name("西街村").unwrap(), "130125100202");
        assert_eq!(p.by_name(" 西街 ").unwrap(), "130125100202");
        assert_eq!(p.by_name("西街村民委员会").unwrap(), "130125100202");
        assert_eq!(p.by_name("城南社区").unwrap(), "130125101202");
        assert_eq!(p.by_name("南桥镇东街村").unwrap(), "130125101201");
        assert_eq!(p.by_name("行唐县龙州镇东街村").unwrap(), "130125100201");
        let ambiguous = p.by_name("东街村").unwrap_err();
        assert!(ambiguous.contains("2 个"), "{ambiguous}");
        assert!(p.by_name("北街村").unwrap_err().contains("找不到"));
    }

    #[test]
    fn codes_must_lie_in_the_locations_and_exist() {
        let p = places();
        assert!(p.check_code("130125100201").is_ok());
        assert!(
            p.check_code("130126100201")
                .unwrap_err()
                .contains("不在本项目")
        );
        assert!(p.check_code("130125100299").unwrap_err().contains("不存在"));
        assert!(p.check_code("130125999201").unwrap_err().contains("乡镇"));
    }
}
