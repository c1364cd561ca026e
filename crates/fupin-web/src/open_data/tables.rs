//! The public lists as tables (CSV / Excel) and as JSON items. Money: integer fen plus the exact
//! yuan text; vocabularies: stable code plus the Chinese label.

use fupin_app::Page;
use fupin_app::open_data::{Cell, Table, yuan};
use fupin_domain::Money;
use fupin_domain::{CreditStatus, Field, Method, OrgLevel, OrgType, Taxonomy};
use fupin_store::stats::public::PublicActivity;
use fupin_store::stats::read::ActiveOrganization;
use serde::Serialize;

use crate::api::MoneyJson;

/// The Chinese label of a vocabulary code (the code itself if unknown).
pub fn zh<T: Taxonomy>(code: &str) -> String {
    T::from_code(code).map_or_else(|| code.to_owned(), |t| t.label_zh().to_owned())
}

/// A page of a list in JSON.
#[derive(Debug, Serialize)]
pub struct PageJson<T> {
    /// Items on this page.
    pub items: Vec<T>,
    /// Items over all pages.
    pub total: i64,
    /// Page number, from 1.
    pub page: i64,
    /// Items per page.
    pub per_page: i64,
    /// Pages.
    pub pages: i64,
}

impl<T> PageJson<T> {
    /// Maps a use-case page.
    pub fn of<U>(page: Page<U>, f: impl Fn(U) -> T) -> PageJson<T> {
        PageJson {
            total: page.total,
            page: page.page,
            per_page: page.per_page,
            pages: page.pages(),
            items: page.items.into_iter().map(f).collect(),
        }
    }
}

/// A vocabulary value: code and labels.
#[derive(Debug, Serialize)]
pub struct CodeJson {
    /// Stable code.
    pub code: String,
    /// Chinese label.
    pub label_zh: String,
    /// English label.
    pub label_en: String,
}

impl CodeJson {
    /// From a stored code.
    pub fn of<T: Taxonomy>(code: &str) -> CodeJson {
        let t = T::from_code(code);
        CodeJson {
            code: code.to_owned(),
            label_zh: t.map_or_else(|| code.to_owned(), |t| t.label_zh().to_owned()),
            label_en: t.map_or_else(|| code.to_owned(), |t| t.label_en().to_owned()),
        }
    }
}

/// An activity in a list.
#[derive(Debug, Serialize)]
pub struct ActivityItemJson {
    /// Version id.
    pub id: i64,
    /// Title.
    pub title: String,
    /// Organization id.
    pub organization_id: i64,
    /// Organization name.
    pub organization_name: String,
    /// Year.
    pub year: i32,
    /// Field.
    pub field: CodeJson,
    /// Method.
    pub method: CodeJson,
    /// Committed.
    pub committed: MoneyJson,
    /// Disbursed.
    pub disbursed: MoneyJson,
    /// Spent.
    pub spent: MoneyJson,
    /// Goods.
    pub goods: MoneyJson,
    /// Volunteer hours.
    pub volunteer_hours: i64,
    /// Page URL.
    pub url: String,
}

impl From<PublicActivity> for ActivityItemJson {
    fn from(a: PublicActivity) -> Self {
        ActivityItemJson {
            url: format!("/activity/{}", a.id),
            id: a.id,
            organization_id: a.organization_id,
            organization_name: a.organization_name,
            year: a.year,
            field: CodeJson::of::<Field>(&a.field),
            method: CodeJson::of::<Method>(&a.method),
            committed: Money::from_fen(a.committed_fen).into(),
            disbursed: Money::from_fen(a.disbursed_fen).into(),
            spent: Money::from_fen(a.spent_fen).into(),
            goods: Money::from_fen(a.goods_value_fen).into(),
            volunteer_hours: a.volunteer_hours,
            title: a.title,
        }
    }
}

/// An organization in a list.
#[derive(Debug, Serialize)]
pub struct OrganizationItemJson {
    /// Id.
    pub id: i64,
    /// Name.
    pub name: String,
    /// 统一社会信用代码.
    pub credit_code: String,
    /// Type.
    pub org_type: CodeJson,
    /// Level.
    pub level: CodeJson,
    /// Credit status.
    pub credit_status: CodeJson,
    /// Activities reaching the region.
    pub activities: i64,
    /// Page URL.
    pub url: String,
}

impl From<ActiveOrganization> for OrganizationItemJson {
    fn from(o: ActiveOrganization) -> Self {
        OrganizationItemJson {
            url: format!("/organization/{}", o.id),
            id: o.id,
            org_type: CodeJson::of::<OrgType>(&o.org_type),
            level: CodeJson::of::<OrgLevel>(&o.level),
            credit_status: CodeJson::of::<CreditStatus>(&o.credit_status),
            activities: o.activities,
            credit_code: o.credit_code,
            name: o.name,
        }
    }
}

fn money_cells(row: &mut Vec<Cell>, fen: i64) {
    row.push(Cell::Int(fen));
    row.push(Cell::Text(yuan(fen)));
}

/// Activities as a table.
pub fn activities_table(name: &str, items: &[PublicActivity]) -> Table {
    let headers = [
        "项目编号",
        "项目名称",
        "社会组织",
        "统一社会信用代码",
        "年度",
        "领域",
        "方式",
        "承诺资金（分）",
        "承诺资金（元）",
        "拨付资金（分）",
        "拨付资金（元）",
        "支出资金（分）",
        "支出资金（元）",
        "物资折价（分）",
        "物资折价（元）",
        "志愿服务时长（小时）",
        "网址",
    ];
    let rows = items
        .iter()
        .map(|a| {
            let mut row: Vec<Cell> = vec![
                a.id.into(),
                a.title.clone().into(),
                a.organization_name.clone().into(),
                a.credit_code.clone().into(),
                i64::from(a.year).into(),
                zh::<Field>(&a.field).into(),
                zh::<Method>(&a.method).into(),
            ];
            for fen in [
                a.committed_fen,
                a.disbursed_fen,
                a.spent_fen,
                a.goods_value_fen,
            ] {
                money_cells(&mut row, fen);
            }
            row.push(a.volunteer_hours.into());
            row.push(format!("/activity/{}", a.id).into());
            row
        })
        .collect();
    Table {
        name: name.to_owned(),
        headers: headers.iter().map(|h| (*h).to_owned()).collect(),
        rows,
    }
}

/// Organizations as a table.
pub fn organizations_table(name: &str, items: &[ActiveOrganization]) -> Table {
    let headers = [
        "组织编号",
        "名称",
        "统一社会信用代码",
        "组织类型",
        "登记级别",
        "信用状况",
        "项目数",
        "网址",
    ];
    let rows = items
        .iter()
        .map(|o| {
            vec![
                o.id.into(),
                o.name.clone().into(),
                o.credit_code.clone().into(),
                zh::<OrgType>(&o.org_type).into(),
                zh::<OrgLevel>(&o.level).into(),
                zh::<CreditStatus>(&o.credit_status).into(),
                o.activities.into(),
                format!("/organization/{}", o.id).into(),
            ]
        })
        .collect();
    Table {
        name: name.to_owned(),
        headers: headers.iter().map(|h| (*h).to_owned()).collect(),
        rows,
    }
}
