//! Stored rows back into [`ActivityContent`], so an edit starts from exactly what was saved.

use fupin_domain::activity_rules::{
    ActivityContent, Beneficiaries, Indicator, Location, Partner, PartnerRole, Transaction,
};
use fupin_domain::{
    BeneficiaryCategory, Field, FundingSource, Method, Money, RegionCode, Taxonomy, TransactionKind,
};
use fupin_store::activities::editor::ActivityRow;
use fupin_store::activities::editor::parts::Parts;

use crate::AppError;

fn code<T: Taxonomy>(what: &str, value: &str) -> Result<T, AppError> {
    T::from_code(value).ok_or_else(|| AppError::corrupt(what, value))
}

/// The content of a stored version.
pub(crate) fn content(row: &ActivityRow, parts: &Parts) -> Result<ActivityContent, AppError> {
    let mut more_fields = Vec::new();
    for f in &parts.more_fields {
        more_fields.push(code::<Field>("activity field", f)?);
    }
    let mut locations = Vec::new();
    for l in &parts.locations {
        locations.push(Location {
            region: RegionCode::parse(&l.region_code)
                .map_err(|_| AppError::corrupt("location", &l.region_code))?,
            share_bp: l.share_bp,
        });
    }
    let mut transactions = Vec::new();
    for t in &parts.transactions {
        transactions.push(Transaction {
            kind: code::<TransactionKind>("transaction kind", &t.kind)?,
            occurred_on: t.occurred_on,
            amount: Money::from_fen(t.amount_fen),
            funding_source: code::<FundingSource>("funding source", &t.funding_source)?,
            platform: t.platform.clone(),
            filing_number: t.filing_number.clone(),
            contract_number: t.contract_number.clone(),
            provider: t.provider.clone(),
            receiver: t.receiver.clone(),
            provider_org_id: t.provider_org_id,
        });
    }
    let mut beneficiaries = Vec::new();
    for b in &parts.beneficiaries {
        beneficiaries.push(Beneficiaries {
            category: code::<BeneficiaryCategory>("beneficiary category", &b.category)?,
            households: b.households,
            persons: b.persons,
        });
    }
    let mut partners = Vec::new();
    for p in &parts.partners {
        partners.push(Partner {
            role: PartnerRole::from_code(&p.role)
                .ok_or_else(|| AppError::corrupt("partner role", &p.role))?,
            name: p.name.clone(),
            organization_id: p.organization_id,
        });
    }
    Ok(ActivityContent {
        title: row.title.clone(),
        description: row.description.clone(),
        field: code::<Field>("activity field", &row.field)?,
        more_fields,
        method: code::<Method>("activity method", &row.method)?,
        year: row.year,
        planned_start: row.planned_start,
        planned_end: row.planned_end,
        actual_start: row.actual_start,
        actual_end: row.actual_end,
        goods_value: Money::from_fen(row.goods_value_fen),
        volunteer_hours: row.volunteer_hours,
        locations,
        transactions,
        beneficiaries,
        indicators: parts
            .indicators
            .iter()
            .map(|i| Indicator {
                code: i.code.clone(),
                name: i.name.clone(),
                unit: i.unit.clone(),
                baseline: i.baseline,
                target: i.target,
                actual: i.actual,
            })
            .collect(),
        partners,
    })
}
