//! The check of one row of a registry file, cell by cell, whatever the file's format.
//!
//! A CSV cell is always text. A workbook's cells keep their Excel type: an ID number or a household
//! number of more than 15 digits stored as a number cell has lost its last digits (Excel keeps 15
//! significant digits) and is refused with what to do, never guessed; a village code or a year typed
//! as a number is read as its digits; a year in a date-formatted cell gives the date's year.

use std::collections::HashSet;

use fupin_domain::{HouseholdAttribute, IdNumber, PersonName, PovertyCause, RegistryStatus};

use crate::registry_columns::Column;
use crate::roster_import::columns::{IdShape, check_id};
use crate::tabular::cells::{code_text, number_text, trim};
use crate::tabular::{Cell, Row};

/// What a cell whose bytes are not text in the file's encoding is told.
const UNDECODABLE: &str =
    "无法识别的文字编码：请在 Excel 中另存为“CSV UTF-8”，或直接上传 .xlsx 文件";

/// A household number Excel kept as a number of 16 or more digits.
const HOUSEHOLD_AS_NUMBER: &str = "户编号在 Excel 中被存成了数字，超过 15 位的数字已丢失末几位，号码无法还原，平台不做猜测：请把“户编号”列设为“文本”格式，重新录入完整编号后再上传";

/// The values of one row, each valid or `None` (its problem reported); the household number and
/// the relation are `""` when missing. The household number and the ID number are kept even when
/// other cells are wrong, so the parser can still check the order of households and duplicates.
pub(crate) struct Fields {
    pub household_no: String,
    pub name: Option<PersonName>,
    pub id: Option<IdNumber>,
    pub id_shape: IdShape,
    pub village: Option<String>,
    pub relation: String,
    pub attribute: Option<HouseholdAttribute>,
    pub cause: Option<PovertyCause>,
    pub status: Option<RegistryStatus>,
    pub exit_year: Option<i32>,
}

/// Where the parser checks a row: the importer's region and the counties that exist.
pub(crate) struct Area<'a> {
    pub region_prefix: &'a str,
    pub counties: &'a HashSet<String>,
}

/// Checks one data row (its cells are taken out of it); every problem goes to `bad` with its column.
/// `index` gives each column's cell; `csv` tells that a missing cell is a short line (in a
/// workbook, trailing empty cells are simply absent).
pub(crate) fn check_row(
    row: &mut Row,
    index: &[Option<usize>],
    csv: bool,
    area: &Area<'_>,
    bad: &mut dyn FnMut(Column, String),
) -> Fields {
    let mut cells = Cells { row, index, csv };
    let household_no = cells.text(Column::HouseholdNo, bad).unwrap_or_default();
    let name = cells.text(Column::Name, bad).and_then(|name| {
        PersonName::parse(&name)
            .map_err(|e| bad(Column::Name, e.to_string()))
            .ok()
    });
    let (id, id_shape) = match cells.take(Column::IdNumber, bad) {
        Some(cell) => check_id(&cell, &mut |message| bad(Column::IdNumber, message)),
        None => (None, IdShape::Plain),
    };
    let village = cells.text(Column::VillageCode, bad).and_then(|text| {
        check_village(code_text(&text), area)
            .map_err(|message| bad(Column::VillageCode, message))
            .ok()
    });
    let relation = cells.text(Column::Relation, bad).unwrap_or_default();
    let attribute = cells.text(Column::Attribute, bad).and_then(|text| {
        HouseholdAttribute::parse_label(&text)
            .ok_or_else(|| {
                bad(
                    Column::Attribute,
                    format!("“{text}”不是户属性（一般贫困户/低保贫困户/特困供养贫困户）"),
                );
            })
            .ok()
    });
    let cause = cells.text(Column::PovertyCause, bad).and_then(|text| {
        PovertyCause::parse_label(&text)
            .ok_or_else(|| {
                bad(
                    Column::PovertyCause,
                    format!("“{text}”不是致贫原因（因病、因残、因学……）"),
                );
            })
            .ok()
    });
    let status = cells.text(Column::Status, bad).and_then(|text| {
        RegistryStatus::parse_label(&text)
            .ok_or_else(|| {
                bad(
                    Column::Status,
                    format!(
                        "“{text}”不是脱贫状态（未脱贫/已脱贫享受政策/返贫/已脱贫不再享受政策/已死亡/注销）"
                    ),
                );
            })
            .ok()
    });
    let exit_year = match cells.take(Column::ExitYear, bad) {
        Some(cell) => check_exit_year(cell).unwrap_or_else(|message| {
            bad(Column::ExitYear, message);
            None
        }),
        None => None,
    };
    Fields {
        household_no,
        name,
        id,
        id_shape,
        village,
        relation,
        attribute,
        cause,
        status,
        exit_year,
    }
}

/// The cells of the row being checked, taken out one column at a time.
struct Cells<'r> {
    row: &'r mut Row,
    index: &'r [Option<usize>],
    csv: bool,
}

impl Cells<'_> {
    /// The cell of `column`; `None` for an absent optional column or a short CSV line (reported).
    fn take(&mut self, column: Column, bad: &mut dyn FnMut(Column, String)) -> Option<Cell> {
        let i = self.index[column as usize]?;
        let width = self.row.cells.len();
        match self.row.cells.get_mut(i) {
            Some(cell) => Some(std::mem::replace(cell, Cell::Empty)),
            None if self.csv => {
                bad(column, format!("本行只有 {width} 列，缺少此列"));
                None
            }
            None => Some(Cell::Empty),
        }
    }

    /// The cell of `column` as trimmed text; `None` when it is absent or refused (reported, so
    /// nothing else is said of it). An empty household number or relation is reported here.
    fn text(&mut self, column: Column, bad: &mut dyn FnMut(Column, String)) -> Option<String> {
        let text = match as_text(self.take(column, bad)?, column) {
            Ok(text) => text,
            Err(message) => {
                bad(column, message);
                return None;
            }
        };
        if text.is_empty() {
            match column {
                Column::HouseholdNo => bad(column, "户编号不能为空".into()),
                Column::Relation => bad(column, "与户主关系不能为空".into()),
                _ => {}
            }
        }
        Some(text)
    }
}

/// A cell as the trimmed text a person reading the sheet sees; refused when it cannot be trusted.
fn as_text(cell: Cell, column: Column) -> Result<String, String> {
    match cell {
        Cell::Empty => Ok(String::new()),
        Cell::Text(text) | Cell::Other(text) => {
            let trimmed = trim(&text);
            Ok(if trimmed.len() == text.len() {
                text
            } else {
                trimmed.to_owned()
            })
        }
        Cell::Number(x) if column == Column::HouseholdNo && x.abs() >= 1e15 => {
            Err(HOUSEHOLD_AS_NUMBER.to_owned())
        }
        Cell::Number(x) => Ok(number_text(x)),
        Cell::Date(date) => Ok(date.to_string()),
        Cell::Undecodable => Err(UNDECODABLE.to_owned()),
    }
}

/// A village code: 12 digits, inside the importer's region, in a county that exists.
fn check_village(code: std::borrow::Cow<'_, str>, area: &Area<'_>) -> Result<String, String> {
    if code.len() != 12 || !code.bytes().all(|b| b.is_ascii_digit()) {
        Err(format!("村级区划代码应为 12 位数字，实际为“{code}”"))
    } else if !code.starts_with(area.region_prefix) {
        Err(format!(
            "村 {code} 不在本单位辖区（{}）内",
            area.region_prefix
        ))
    } else if !area.counties.contains(&code[..6]) {
        Err(format!("区划代码 {code} 的县级代码 {} 不存在", &code[..6]))
    } else {
        Ok(code.into_owned())
    }
}

/// The exit year: empty, or a year of 2013–2030 (as text, a number cell, or the year of a date).
fn check_exit_year(cell: Cell) -> Result<Option<i32>, String> {
    let in_range = |year: i32| (2013..=2030).contains(&year);
    let text = match cell {
        Cell::Date(date) if in_range(date.year()) => return Ok(Some(date.year())),
        Cell::Date(date) => {
            return Err(format!(
                "脱贫年度应为 2013–2030 的年份，这里是日期格式的单元格（显示为 {date}）：请把该列设为“常规”或“文本”格式后填写年份，如 2018"
            ));
        }
        cell => as_text(cell, Column::ExitYear)?,
    };
    let code = code_text(&text);
    match code.as_ref() {
        "" => Ok(None),
        digits => match digits.parse::<i32>() {
            Ok(year) if in_range(year) => Ok(Some(year)),
            _ => Err(format!("脱贫年度应为 2013–2030 的年份，实际为“{text}”")),
        },
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

    use time::macros::date;

    use super::*;

    fn checked(cells: Vec<Cell>, csv: bool) -> (Fields, Vec<(Column, String)>) {
        let counties: HashSet<String> = ["130125".to_owned()].into();
        let area = Area {
            region_prefix: "13",
            counties: &counties,
        };
        let index: Vec<Option<usize>> = (0..9).map(Some).collect();
        let mut row = Row { line: 2, cells };
        let mut problems = Vec::new();
        let fields = check_row(&mut row, &index, csv, &area, &mut |c, m| {
            problems.push((c, m));
        });
        (fields, problems)
    }

    fn id() -> String {
        IdNumber::from_parts("130125", date!(1970 - 01 - 01), 1)
            .unwrap()
            .as_str()
            .to_owned()
    }

    fn text(s: &str) -> Cell {
        Cell::Text(s.to_owned())
    }

    #[test]
    fn typed_workbook_cells_are_read_as_their_digits() {
        let (fields, problems) = checked(
            vec![
                Cell::Number(130_125_100_201_001.0),
                text(" 张三 "),
                text(&id()),
                Cell::Number(130_125_100_201.0),
                text("户主"),
                text("一般贫困户"),
                text("因病"),
                text("已脱贫享受政策"),
                Cell::Date(date!(2018 - 12 - 01)),
            ],
            false,
        );
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(fields.household_no, "130125100201001");
        assert_eq!(fields.village.as_deref(), Some("130125100201"));
        assert_eq!(fields.exit_year, Some(2018));
        assert_eq!(fields.name.unwrap().as_str(), "张三");
    }

    #[test]
    fn numbers_that_lost_digits_are_refused() {
        let id_number = id()[..17].parse::<f64>().unwrap() * 10.0;
        let (fields, problems) = checked(
            vec![
                Cell::Number(1_301_251_002_010_001.0),
                text("张三"),
                Cell::Number(id_number),
                text("130125100201"),
                text("户主"),
                text("一般贫困户"),
                text("因病"),
                text("未脱贫"),
                Cell::Date(date!(1905 - 07 - 10)),
            ],
            false,
        );
        assert!(fields.id.is_none());
        let columns: Vec<Column> = problems.iter().map(|(c, _)| *c).collect();
        assert_eq!(
            columns,
            [Column::HouseholdNo, Column::IdNumber, Column::ExitYear]
        );
        assert!(problems[1].1.contains("“文本”格式"), "{}", problems[1].1);
    }

    #[test]
    fn a_short_csv_line_names_the_missing_cells() {
        let cells = ["H1", "张三", &id(), "130125100201", "户主", "一般贫困户"]
            .map(text)
            .to_vec();
        let (_, problems) = checked(cells.clone(), true);
        let columns: Vec<Column> = problems.iter().map(|(c, _)| *c).collect();
        assert_eq!(
            columns,
            [Column::PovertyCause, Column::Status, Column::ExitYear],
            "one problem a cell: {problems:?}"
        );
        assert!(problems.iter().all(|(_, m)| m == "本行只有 6 列，缺少此列"));
        let (_, problems) = checked(cells, false);
        assert_eq!(problems.len(), 2, "a workbook's absent cells are empty");
    }
}
