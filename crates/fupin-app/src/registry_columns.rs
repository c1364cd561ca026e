//! The columns of a registry file, recognised by Chinese or English header names.
//!
//! | column | header names accepted |
//! |---|---|
//! | household number | 户编号, household_no |
//! | name | 姓名, name |
//! | ID number | 身份证号, 证件号码, 身份证件号码, id_number |
//! | village code | 村代码, 行政区划代码, village_code |
//! | relation to head | 与户主关系, relation |
//! | household attribute | 户属性, attribute |
//! | main poverty cause | 主要致贫原因, 致贫原因, poverty_cause |
//! | status | 脱贫状态, 贫困户状态, status |
//! | exit year (optional) | 脱贫年度, exit_year |

/// A registry column.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Column {
    /// 户编号.
    HouseholdNo,
    /// 姓名.
    Name,
    /// 身份证号.
    IdNumber,
    /// 村代码.
    VillageCode,
    /// 与户主关系.
    Relation,
    /// 户属性.
    Attribute,
    /// 主要致贫原因.
    PovertyCause,
    /// 脱贫状态.
    Status,
    /// 脱贫年度 (optional).
    ExitYear,
}

impl Column {
    /// Every column, in the template's order.
    pub const ALL: [Column; 9] = [
        Column::HouseholdNo,
        Column::Name,
        Column::IdNumber,
        Column::VillageCode,
        Column::Relation,
        Column::Attribute,
        Column::PovertyCause,
        Column::Status,
        Column::ExitYear,
    ];

    /// The Chinese header name used in reports and templates.
    pub fn label(self) -> &'static str {
        self.names()[0]
    }

    fn names(self) -> &'static [&'static str] {
        match self {
            Column::HouseholdNo => &["户编号", "household_no"],
            Column::Name => &["姓名", "name"],
            Column::IdNumber => &["身份证号", "证件号码", "身份证件号码", "id_number"],
            Column::VillageCode => &["村代码", "行政区划代码", "village_code"],
            Column::Relation => &["与户主关系", "relation"],
            Column::Attribute => &["户属性", "attribute"],
            Column::PovertyCause => &["主要致贫原因", "致贫原因", "poverty_cause"],
            Column::Status => &["脱贫状态", "贫困户状态", "status"],
            Column::ExitYear => &["脱贫年度", "exit_year"],
        }
    }

    fn optional(self) -> bool {
        self == Column::ExitYear
    }
}

/// Where each column sits in the file.
#[derive(Debug, Clone)]
pub struct Columns {
    index: [Option<usize>; 9],
}

impl Columns {
    /// Finds the columns in a header row; a missing required column is an error naming it.
    pub fn from_header(header: &csv::ByteRecord) -> Result<Columns, String> {
        let names: Vec<String> = header
            .iter()
            .map(|cell| {
                String::from_utf8_lossy(cell)
                    .trim()
                    .trim_start_matches('\u{feff}')
                    .to_lowercase()
            })
            .collect();
        let mut index = [None; 9];
        let mut missing = Vec::new();
        for (slot, column) in index.iter_mut().zip(Column::ALL) {
            *slot = names
                .iter()
                .position(|n| column.names().contains(&n.as_str()));
            if slot.is_none() && !column.optional() {
                missing.push(column.label());
            }
        }
        if missing.is_empty() {
            Ok(Columns { index })
        } else {
            Err(format!(
                "表头缺少列：{}（应包含 {}）",
                missing.join("、"),
                Column::ALL.map(Column::label).join("、")
            ))
        }
    }

    /// The cell of `column` in `record` as text ("" for an absent optional column).
    pub fn get<'r>(&self, record: &'r csv::ByteRecord, column: Column) -> Result<&'r str, String> {
        let Some(i) = self.index[column as usize] else {
            return Ok("");
        };
        let bytes = record
            .get(i)
            .ok_or_else(|| format!("本行只有 {} 列，缺少此列", record.len()))?;
        std::str::from_utf8(bytes)
            .map_err(|_| "不是 UTF-8 文本：请将文件另存为 UTF-8 编码的 CSV".to_owned())
    }
}
