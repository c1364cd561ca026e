//! Activities (扶贫项目/活动) and their parts: where, whom, how much, effect.
//!
//! This module holds the row types and the bulk-load tables; the figures the public sees are in
//! [`crate::activities::figures`].

pub mod editor;
pub mod figures;
pub mod scoped;

use fupin_domain::{
    ActivityStatus, BeneficiaryCategory, Field, FundingSource, Method, Money, TransactionKind,
};
use time::{Date, OffsetDateTime};

use crate::bulk::BulkTable;
use crate::db::Value;

/// An activity to insert (first version).
#[derive(Debug, Clone)]
pub struct NewActivity {
    /// Id chosen by the caller.
    pub id: i64,
    /// Reporting organization.
    pub organization_id: i64,
    /// Title.
    pub title: String,
    /// Description.
    pub description: String,
    /// Primary field (§二).
    pub field: Field,
    /// Method (§三).
    pub method: Method,
    /// Workflow status.
    pub status: ActivityStatus,
    /// Reporting year.
    pub year: i32,
    /// Planned start.
    pub planned_start: Option<Date>,
    /// Planned end.
    pub planned_end: Option<Date>,
    /// Actual start.
    pub actual_start: Option<Date>,
    /// Actual end.
    pub actual_end: Option<Date>,
    /// Goods given, valued in money.
    pub goods_value: Money,
    /// Volunteer hours.
    pub volunteer_hours: i64,
    /// When it was published, if it was.
    pub published_at: Option<OffsetDateTime>,
}

/// Bulk table for [`NewActivity`].
pub const ACTIVITIES: BulkTable = BulkTable {
    table: "activities",
    columns: &[
        "id",
        "organization_id",
        "title",
        "description",
        "field",
        "method",
        "status",
        "year",
        "planned_start",
        "planned_end",
        "actual_start",
        "actual_end",
        "goods_value_fen",
        "volunteer_hours",
        "created_at",
        "published_at",
    ],
};

impl NewActivity {
    /// Values in [`ACTIVITIES`] column order.
    pub fn values(&self, now: OffsetDateTime) -> Vec<Value> {
        vec![
            Value::from(self.id),
            Value::from(self.organization_id),
            Value::from(self.title.as_str()),
            Value::from(self.description.as_str()),
            Value::from(self.field.code()),
            Value::from(self.method.code()),
            Value::from(self.status.code()),
            Value::from(self.year),
            Value::from(self.planned_start),
            Value::from(self.planned_end),
            Value::from(self.actual_start),
            Value::from(self.actual_end),
            Value::from(self.goods_value.fen()),
            Value::from(self.volunteer_hours),
            Value::from(now),
            Value::from(self.published_at),
        ]
    }
}

/// Where an activity took place, with its share in basis points (10000 = 100%).
#[derive(Debug, Clone)]
pub struct NewLocation {
    /// Activity id.
    pub activity_id: i64,
    /// Region code, down to village.
    pub region_code: String,
    /// Share in basis points.
    pub share_bp: i32,
}

/// Bulk table for [`NewLocation`]; the ancestry columns are derived from the code.
pub const LOCATIONS: BulkTable = BulkTable {
    table: "activity_locations",
    columns: &[
        "activity_id",
        "region_code",
        "share_bp",
        "province_code",
        "prefecture_code",
        "county_code",
    ],
};

impl NewLocation {
    /// Values in [`LOCATIONS`] column order.
    pub fn values(&self) -> Vec<Value> {
        let code = self.region_code.as_str();
        vec![
            Value::from(self.activity_id),
            Value::from(code),
            Value::from(self.share_bp),
            Value::from(code.get(..2)),
            Value::from(code.get(..4)),
            Value::from(code.get(..6)),
        ]
    }
}

/// One money movement of an activity.
#[derive(Debug, Clone)]
pub struct NewTransaction {
    /// Activity id.
    pub activity_id: i64,
    /// Pledge, commitment, disbursement or expenditure.
    pub kind: TransactionKind,
    /// Date.
    pub occurred_on: Date,
    /// Amount.
    pub amount: Money,
    /// Funding source.
    pub funding_source: FundingSource,
    /// Online fundraising platform (指定互联网公开募捐信息平台).
    pub platform: Option<String>,
    /// Filing number (fundraising or trust).
    pub filing_number: Option<String>,
    /// Government purchase contract number.
    pub contract_number: Option<String>,
    /// Who provided the money.
    pub provider: Option<String>,
    /// Who received it.
    pub receiver: Option<String>,
}

/// Bulk table for [`NewTransaction`].
pub const TRANSACTIONS: BulkTable = BulkTable {
    table: "activity_transactions",
    columns: &[
        "activity_id",
        "kind",
        "occurred_on",
        "amount_fen",
        "funding_source",
        "platform",
        "filing_number",
        "contract_number",
        "provider",
        "receiver",
    ],
};

impl NewTransaction {
    /// Values in [`TRANSACTIONS`] column order.
    pub fn values(&self) -> Vec<Value> {
        vec![
            Value::from(self.activity_id),
            Value::from(self.kind.code()),
            Value::from(self.occurred_on),
            Value::from(self.amount.fen()),
            Value::from(self.funding_source.code()),
            Value::from(self.platform.clone()),
            Value::from(self.filing_number.clone()),
            Value::from(self.contract_number.clone()),
            Value::from(self.provider.clone()),
            Value::from(self.receiver.clone()),
        ]
    }
}

/// Beneficiaries of one category.
#[derive(Debug, Clone)]
pub struct NewBeneficiaryCount {
    /// Activity id.
    pub activity_id: i64,
    /// Category.
    pub category: BeneficiaryCategory,
    /// Households.
    pub households: i64,
    /// Persons.
    pub persons: i64,
}

/// Bulk table for [`NewBeneficiaryCount`].
pub const BENEFICIARIES: BulkTable = BulkTable {
    table: "activity_beneficiaries",
    columns: &["activity_id", "category", "households", "persons"],
};

impl NewBeneficiaryCount {
    /// Values in [`BENEFICIARIES`] column order.
    pub fn values(&self) -> Vec<Value> {
        vec![
            Value::from(self.activity_id),
            Value::from(self.category.code()),
            Value::from(self.households),
            Value::from(self.persons),
        ]
    }
}

/// An effect indicator.
#[derive(Debug, Clone)]
pub struct NewIndicator {
    /// Activity id.
    pub activity_id: i64,
    /// Catalogue code, or `custom`.
    pub code: String,
    /// Name.
    pub name: String,
    /// Unit of measure.
    pub unit: String,
    /// Baseline.
    pub baseline: Option<f64>,
    /// Target.
    pub target: Option<f64>,
    /// Actual.
    pub actual: Option<f64>,
}

/// Bulk table for [`NewIndicator`].
pub const INDICATORS: BulkTable = BulkTable {
    table: "activity_indicators",
    columns: &[
        "activity_id",
        "code",
        "name",
        "unit",
        "baseline",
        "target",
        "actual",
    ],
};

impl NewIndicator {
    /// Values in [`INDICATORS`] column order.
    pub fn values(&self) -> Vec<Value> {
        vec![
            Value::from(self.activity_id),
            Value::from(self.code.as_str()),
            Value::from(self.name.as_str()),
            Value::from(self.unit.as_str()),
            Value::from(self.baseline),
            Value::from(self.target),
            Value::from(self.actual),
        ]
    }
}

/// The region codes of an activity's locations, in code order.
pub async fn location_codes(
    db: &crate::Db,
    activity_id: i64,
) -> Result<Vec<String>, crate::StoreError> {
    let rows: Vec<(String,)> = db
        .fetch_all(
            "SELECT region_code FROM activity_locations WHERE activity_id = $1 ORDER BY region_code",
            &[Value::from(activity_id)],
        )
        .await?;
    Ok(rows.into_iter().map(|(code,)| code).collect())
}
