//! The parts of an activity version: fields, locations, transactions, beneficiaries, indicators
//! and partners. A save replaces them all (they are small), so what is stored is exactly what the
//! rules checked.

use fupin_domain::activity_rules::ActivityContent;
use time::Date;

use crate::db::{Tx, Value};
use crate::error::StoreError;

/// A location with its region's name.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct LocationRow {
    /// Region code.
    pub region_code: String,
    /// Share in basis points.
    pub share_bp: i32,
    /// Region name, when the region is known.
    pub region_name: Option<String>,
}

/// A transaction as stored.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct TransactionRow {
    /// Id.
    pub id: i64,
    /// Kind code.
    pub kind: String,
    /// Date.
    pub occurred_on: Date,
    /// Amount in fen.
    pub amount_fen: i64,
    /// Funding source code.
    pub funding_source: String,
    /// Online fundraising platform.
    pub platform: Option<String>,
    /// Filing number.
    pub filing_number: Option<String>,
    /// Contract number.
    pub contract_number: Option<String>,
    /// Provider.
    pub provider: Option<String>,
    /// Receiver.
    pub receiver: Option<String>,
    /// Registered organization that provided the money.
    pub provider_org_id: Option<i64>,
}

/// Beneficiaries of one category.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct BeneficiaryRow {
    /// Category code.
    pub category: String,
    /// Households.
    pub households: i64,
    /// Persons.
    pub persons: i64,
}

/// An effect indicator.
#[derive(Debug, Clone, PartialEq, sqlx::FromRow)]
pub struct IndicatorRow {
    /// Catalogue code or `custom`.
    pub code: String,
    /// Name.
    pub name: String,
    /// Unit.
    pub unit: String,
    /// Baseline.
    pub baseline: Option<f64>,
    /// Target.
    pub target: Option<f64>,
    /// Actual.
    pub actual: Option<f64>,
}

/// A partner, with the linked organization's credit code.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct PartnerRow {
    /// `cofunder` or `implementer`.
    pub role: String,
    /// Name as reported.
    pub name: String,
    /// Linked organization.
    pub organization_id: Option<i64>,
    /// Its credit code.
    pub credit_code: Option<String>,
}

/// Every part of one version.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Parts {
    /// Further fields (codes), without the primary one.
    pub more_fields: Vec<String>,
    /// Locations, by region code.
    pub locations: Vec<LocationRow>,
    /// Transactions, in entry order.
    pub transactions: Vec<TransactionRow>,
    /// Beneficiaries, by category.
    pub beneficiaries: Vec<BeneficiaryRow>,
    /// Indicators, in entry order.
    pub indicators: Vec<IndicatorRow>,
    /// Partners, by role and name.
    pub partners: Vec<PartnerRow>,
}

/// Every part of version `id`.
pub async fn load(tx: &mut Tx, id: i64) -> Result<Parts, StoreError> {
    let p = [Value::from(id)];
    let fields: Vec<(String,)> = tx
        .fetch_all(
            "SELECT field FROM activity_fields WHERE activity_id = $1 ORDER BY field",
            &p,
        )
        .await?;
    Ok(Parts {
        more_fields: fields.into_iter().map(|(f,)| f).collect(),
        locations: tx
            .fetch_all(
                "SELECT l.region_code, l.share_bp, r.name AS region_name FROM activity_locations l \
                 LEFT JOIN regions r ON r.code = l.region_code WHERE l.activity_id = $1 ORDER BY l.region_code",
                &p,
            )
            .await?,
        transactions: tx
            .fetch_all(
                "SELECT id, kind, occurred_on, amount_fen, funding_source, platform, filing_number, \
                 contract_number, provider, receiver, provider_org_id FROM activity_transactions \
                 WHERE activity_id = $1 ORDER BY id",
                &p,
            )
            .await?,
        beneficiaries: tx
            .fetch_all(
                "SELECT category, households, persons FROM activity_beneficiaries \
                 WHERE activity_id = $1 ORDER BY category",
                &p,
            )
            .await?,
        indicators: tx
            .fetch_all(
                "SELECT code, name, unit, baseline, target, actual FROM activity_indicators \
                 WHERE activity_id = $1 ORDER BY id",
                &p,
            )
            .await?,
        partners: tx
            .fetch_all(
                "SELECT p.role, p.name, p.organization_id, o.credit_code FROM activity_partners p \
                 LEFT JOIN organizations o ON o.id = p.organization_id WHERE p.activity_id = $1 \
                 ORDER BY p.role, p.name",
                &p,
            )
            .await?,
    })
}

/// Replaces every part of version `id` with `content`'s.
pub async fn replace(tx: &mut Tx, id: i64, content: &ActivityContent) -> Result<(), StoreError> {
    let p = [Value::from(id)];
    for sql in [
        "DELETE FROM activity_fields WHERE activity_id = $1",
        "DELETE FROM activity_locations WHERE activity_id = $1",
        "DELETE FROM activity_transactions WHERE activity_id = $1",
        "DELETE FROM activity_beneficiaries WHERE activity_id = $1",
        "DELETE FROM activity_indicators WHERE activity_id = $1",
        "DELETE FROM activity_partners WHERE activity_id = $1",
    ] {
        tx.execute(sql, &p).await?;
    }
    for field in content.fields().into_iter().skip(1) {
        tx.execute(
            "INSERT INTO activity_fields (activity_id, field) VALUES ($1, $2)",
            &[Value::from(id), Value::from(field.code())],
        )
        .await?;
    }
    for l in &content.locations {
        let code = l.region.as_str();
        tx.execute(
            "INSERT INTO activity_locations (activity_id, region_code, share_bp, province_code, \
             prefecture_code, county_code) VALUES ($1, $2, $3, $4, $5, $6)",
            &[
                Value::from(id),
                Value::from(code),
                Value::from(l.share_bp),
                Value::from(code.get(..2)),
                Value::from(code.get(..4)),
                Value::from(code.get(..6)),
            ],
        )
        .await?;
    }
    for t in &content.transactions {
        tx.execute(
            "INSERT INTO activity_transactions (activity_id, kind, occurred_on, amount_fen, \
             funding_source, platform, filing_number, contract_number, provider, receiver, \
             provider_org_id) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)",
            &[
                Value::from(id),
                Value::from(t.kind.code()),
                Value::from(t.occurred_on),
                Value::from(t.amount.fen()),
                Value::from(t.funding_source.code()),
                Value::from(t.platform.clone()),
                Value::from(t.filing_number.clone()),
                Value::from(t.contract_number.clone()),
                Value::from(t.provider.clone()),
                Value::from(t.receiver.clone()),
                Value::from(t.provider_org_id),
            ],
        )
        .await?;
    }
    for b in &content.beneficiaries {
        tx.execute(
            "INSERT INTO activity_beneficiaries (activity_id, category, households, persons) \
             VALUES ($1, $2, $3, $4)",
            &[
                Value::from(id),
                Value::from(b.category.code()),
                Value::from(b.households),
                Value::from(b.persons),
            ],
        )
        .await?;
    }
    for i in &content.indicators {
        tx.execute(
            "INSERT INTO activity_indicators (activity_id, code, name, unit, baseline, target, actual) \
             VALUES ($1, $2, $3, $4, $5, $6, $7)",
            &[
                Value::from(id),
                Value::from(i.code.as_str()),
                Value::from(i.name.trim()),
                Value::from(i.unit.trim()),
                Value::from(i.baseline),
                Value::from(i.target),
                Value::from(i.actual),
            ],
        )
        .await?;
    }
    for partner in &content.partners {
        tx.execute(
            "INSERT INTO activity_partners (activity_id, role, name, organization_id) \
             VALUES ($1, $2, $3, $4)",
            &[
                Value::from(id),
                Value::from(partner.role.code()),
                Value::from(partner.name.trim()),
                Value::from(partner.organization_id),
            ],
        )
        .await?;
    }
    Ok(())
}
