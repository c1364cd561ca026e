//! Statistics use cases: the maintained rollups (fupin-store `stats`) as the public reads them,
//! with the privacy rule applied to beneficiary counts.
//!
//! Publishing keeps the rollups exact: the workflow calls `fupin_store::stats::publish(tx, id)` in
//! the transaction that publishes version `id` (it withdraws the version `id` supersedes and counts
//! `id`). A database filled by a bulk load is rolled up on first read ([`App::ensure_statistics`]);
//! [`App::rebuild_statistics`] recomputes everything (the repair path).

use fupin_store::stats::{self, Filter, Totals, read};
use serde::Serialize;

use crate::{App, AppError};

/// A beneficiary count as published: exact from 5 up, `<5` for 1–4 (0 stays 0: it names nobody).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PublicCount {
    /// The count (0, or 5 and above).
    Exact(i64),
    /// 1 to 4: shown as `<5`.
    BelowFive,
}

impl PublicCount {
    /// The published form of `n`.
    pub fn of(n: i64) -> PublicCount {
        if (1..5).contains(&n) {
            PublicCount::BelowFive
        } else {
            PublicCount::Exact(n)
        }
    }

    /// As text, with thousands separators for exact counts.
    pub fn text(self) -> String {
        match self {
            PublicCount::BelowFive => "<5".to_owned(),
            PublicCount::Exact(n) => group_thousands(n),
        }
    }
}

impl Serialize for PublicCount {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            PublicCount::Exact(n) => s.serialize_i64(*n),
            PublicCount::BelowFive => s.serialize_str("<5"),
        }
    }
}

/// `1234567` → `1,234,567`.
pub fn group_thousands(n: i64) -> String {
    let digits = n.unsigned_abs().to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    if n < 0 { format!("-{out}") } else { out }
}

/// Beneficiaries as published: totals and by category (codes of `BeneficiaryCategory`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PublicBeneficiaries {
    /// Households.
    pub households: PublicCount,
    /// Persons.
    pub persons: PublicCount,
    /// Persons by category code.
    pub by_category: Vec<(String, PublicCount)>,
}

impl PublicBeneficiaries {
    /// From rollup totals.
    pub fn of_totals(t: &Totals) -> PublicBeneficiaries {
        let by_category = [
            ("registered_poor", t.p_registered_poor),
            ("rural_dibao", t.p_rural_dibao),
            ("tekun", t.p_tekun),
            ("poor_disabled", t.p_poor_disabled),
            ("other", t.p_other),
        ]
        .into_iter()
        .map(|(c, n)| (c.to_owned(), PublicCount::of(n)))
        .collect();
        PublicBeneficiaries {
            households: PublicCount::of(t.households),
            persons: PublicCount::of(t.persons),
            by_category,
        }
    }

    /// From (category, households, persons) rows.
    pub fn of_rows(rows: &[(String, i64, i64)]) -> PublicBeneficiaries {
        PublicBeneficiaries {
            households: PublicCount::of(rows.iter().map(|r| r.1).sum()),
            persons: PublicCount::of(rows.iter().map(|r| r.2).sum()),
            by_category: rows
                .iter()
                .map(|(c, _, p)| (c.clone(), PublicCount::of(*p)))
                .collect(),
        }
    }
}

/// Share verified, in basis points of the roster entries (0 with no roster).
pub fn verified_share_bp(verified: i64, entries: i64) -> i64 {
    if entries <= 0 {
        0
    } else {
        verified * 10_000 / entries
    }
}

/// One node of a rollup with its breakdowns: what the statistics API returns.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NodeStatistics {
    /// `region` or `system`.
    pub axis: &'static str,
    /// Node (`""` for the nation).
    pub node: String,
    /// Totals.
    pub totals: Totals,
    /// Distinct organizations.
    pub organizations: i64,
    /// By year, field, method, organization type, organization level.
    pub breakdowns: Vec<(&'static str, Vec<read::Keyed>)>,
}

impl App {
    /// Builds the rollups if activities were published by a bulk load and none is counted yet.
    /// Once they exist they are kept exact by publishing, so the check runs until then only,
    /// not on every public request.
    pub async fn ensure_statistics(&self) -> Result<(), AppError> {
        use std::sync::atomic::Ordering;
        if self.statistics_ready.load(Ordering::Relaxed) {
            return Ok(());
        }
        if stats::ensure_built(&self.db).await? || stats::is_built(&self.db).await? {
            self.statistics_ready.store(true, Ordering::Relaxed);
        }
        Ok(())
    }

    /// Recomputes every rollup from the published activities (the repair path); returns the
    /// versions counted.
    pub async fn rebuild_statistics(&self) -> Result<usize, AppError> {
        Ok(stats::rebuild(&self.db).await?)
    }

    /// A node's figures with every breakdown; anyone may read them.
    pub async fn node_statistics(
        &self,
        axis: &'static str,
        node: &str,
        filter: &Filter,
    ) -> Result<NodeStatistics, AppError> {
        self.ensure_statistics().await?;
        let totals = read::totals(&self.db, axis, node, filter).await?;
        let organizations = read::organization_count(&self.db, axis, node, filter.year).await?;
        let mut breakdowns = Vec::new();
        for (name, dim) in [
            ("year", read::Dim::Year),
            ("field", read::Dim::Field),
            ("method", read::Dim::Method),
            ("org_type", read::Dim::OrgType),
            ("org_level", read::Dim::OrgLevel),
        ] {
            breakdowns.push((
                name,
                read::breakdown(&self.db, axis, node, dim, filter).await?,
            ));
        }
        Ok(NodeStatistics {
            axis,
            node: node.to_owned(),
            totals,
            organizations,
            breakdowns,
        })
    }

    /// The supervisory units' figures (system axis) with their names.
    pub async fn unit_statistics(
        &self,
        filter: &Filter,
    ) -> Result<Vec<(i64, String, Totals)>, AppError> {
        self.ensure_statistics().await?;
        let units = fupin_store::units::list(&self.db).await?;
        Ok(read::units(&self.db, filter)
            .await?
            .into_iter()
            .filter_map(|k| {
                let id: i64 = k.key.parse().ok()?;
                let name = units.iter().find(|u| u.id == id)?.name.clone();
                Some((id, name, k.totals))
            })
            .collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn small_counts_are_masked() {
        assert_eq!(PublicCount::of(0).text(), "0");
        for n in 1..5 {
            assert_eq!(PublicCount::of(n).text(), "<5");
        }
        assert_eq!(PublicCount::of(5).text(), "5");
        assert_eq!(PublicCount::of(1_234_567).text(), "1,234,567");
        assert_eq!(verified_share_bp(1, 3), 3333);
        assert_eq!(verified_share_bp(0, 0), 0);
    }
}
