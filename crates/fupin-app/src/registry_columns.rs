//! The columns of a registry file, recognised by Chinese or English header names (compared by
//! [`header_key`](crate::tabular::cells::header_key): spaces, full-width forms, `*` markers and
//! line breaks are ignored), in a header row found by [`header::find`](crate::tabular::header::find)
//! under any title rows.
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

use crate::tabular::header::ColumnSpec;

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

/// The columns, in the template's order (the order of [`Column`]), with their header names.
pub const SPECS: [ColumnSpec; 9] = [
    ColumnSpec {
        label: "户编号",
        names: &["户编号", "household_no"],
        required: true,
    },
    ColumnSpec {
        label: "姓名",
        names: &["姓名", "name"],
        required: true,
    },
    ColumnSpec {
        label: "身份证号",
        names: &["身份证号", "证件号码", "身份证件号码", "id_number"],
        required: true,
    },
    ColumnSpec {
        label: "村代码",
        names: &["村代码", "行政区划代码", "village_code"],
        required: true,
    },
    ColumnSpec {
        label: "与户主关系",
        names: &["与户主关系", "relation"],
        required: true,
    },
    ColumnSpec {
        label: "户属性",
        names: &["户属性", "attribute"],
        required: true,
    },
    ColumnSpec {
        label: "主要致贫原因",
        names: &["主要致贫原因", "致贫原因", "poverty_cause"],
        required: true,
    },
    ColumnSpec {
        label: "脱贫状态",
        names: &["脱贫状态", "贫困户状态", "status"],
        required: true,
    },
    ColumnSpec {
        label: "脱贫年度",
        names: &["脱贫年度", "exit_year"],
        required: false,
    },
];

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
        SPECS[self as usize].label
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

    use super::*;
    use crate::tabular::header;
    use crate::tabular::{Cell, Row};

    fn row(line: u64, cells: &[&str]) -> Row {
        Row {
            line,
            cells: cells.iter().map(|c| Cell::Text((*c).to_owned())).collect(),
        }
    }

    #[test]
    fn specs_follow_the_columns() {
        for (i, column) in Column::ALL.into_iter().enumerate() {
            assert_eq!(column as usize, i);
            assert_eq!(column.label(), SPECS[i].names[0]);
        }
    }

    #[test]
    fn english_and_spaced_headers_are_found_under_a_title() {
        let rows = [
            row(1, &["XX县建档立卡贫困人口名单"]),
            row(
                2,
                &[
                    "household_no",
                    "姓 名",
                    "证件号码",
                    "Village_Code",
                    "*与户主关系",
                    "户属性",
                    "致贫原因",
                    "status",
                ],
            ),
        ];
        let found = header::find(&rows, &SPECS).unwrap();
        assert_eq!(found.rows_used, 2);
        assert_eq!(found.columns[Column::Name as usize], Some(1));
        assert_eq!(found.columns[Column::ExitYear as usize], None);
        let err = header::find(&[row(1, &["户编号", "姓名"])], &SPECS).unwrap_err();
        assert!(err.message.contains("身份证号"), "{}", err.message);
    }
}
