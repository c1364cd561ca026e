//! Anomalies (异常线索) found by a bulk run over everything: aid per person far from similar
//! activities, one evidence file used by several organizations, persons aided by many
//! organizations in one year. Stored one row per activity concerned, so each county's officers
//! see the leads of their own activities; the details hold no personal data.

use std::collections::BTreeMap;

use fupin_store::Scope;
use fupin_store::verification::anomalies::{self as store, AnomalyRow, NewAnomaly};
use fupin_verify::{
    ActivityAid, Anomaly, DEFAULT_MAX_ORGANIZATIONS, EvidenceUse, OutlierOptions, PersonClaim,
    aid_outliers, many_organizations, sha256_from_hex, shared_evidence,
};

use super::load::LoadedEntries;
use crate::{Actor, App, AppError};

impl App {
    /// Finds and stores the anomalies over `loaded` (every reported entry); returns how many rows.
    pub(super) async fn store_anomalies(
        &self,
        run_id: i64,
        loaded: &LoadedEntries,
    ) -> Result<u64, AppError> {
        let aid = store::roster_aid(&self.db).await?;
        let county: BTreeMap<i64, String> = aid
            .iter()
            .map(|a| (a.activity_id, a.county_code.clone()))
            .collect();
        let activities: Vec<ActivityAid> = aid
            .into_iter()
            .map(|a| ActivityAid {
                activity_id: a.activity_id,
                organization_id: a.organization_id,
                field: a.field,
                county_code: a.county_code,
                aid_fen: a.aid_fen,
                beneficiaries: u64::try_from(a.persons).unwrap_or(0),
            })
            .collect();
        let mut found: Vec<Anomaly> = aid_outliers(&activities, OutlierOptions::default())
            .into_iter()
            .map(Anomaly::from)
            .collect();
        let files: Vec<EvidenceUse> = store::evidence_uses(&self.db)
            .await?
            .into_iter()
            .filter_map(|f| {
                Some(EvidenceUse {
                    sha256: sha256_from_hex(&f.sha256)?,
                    activity_id: f.activity_id,
                    organization_id: f.organization_id,
                })
            })
            .collect();
        found.extend(shared_evidence(&files).into_iter().map(Anomaly::from));
        let organization: BTreeMap<i64, i64> = activities
            .iter()
            .map(|a| (a.activity_id, a.organization_id))
            .collect();
        let claims: Vec<PersonClaim> = loaded
            .entries
            .iter()
            .filter_map(|e| {
                Some(PersonClaim {
                    id_hash: e.id_hash?,
                    organization_id: *organization.get(&e.activity_id)?,
                    activity_id: e.activity_id,
                    year: e.service_date.year(),
                })
            })
            .collect();
        found.extend(
            many_organizations(&claims, DEFAULT_MAX_ORGANIZATIONS)
                .into_iter()
                .map(Anomaly::from),
        );
        let rows = rows_per_activity(&found, &county, &organization);
        let mut tx = self.db.begin().await?;
        let written = store::replace_all(&mut tx, run_id, self.now(), rows).await?;
        tx.commit().await?;
        Ok(written)
    }

    /// The stored anomalies an official may see (民政/扶贫 staff, by region), strongest first.
    pub async fn anomalies(&self, actor: &Actor, limit: i64) -> Result<Vec<AnomalyRow>, AppError> {
        let scope = actor.registry_scope();
        if scope == Scope::Nothing {
            return Err(AppError::Forbidden);
        }
        Ok(store::list(&self.db, &scope, limit).await?)
    }
}

fn rows_per_activity(
    found: &[Anomaly],
    county: &BTreeMap<i64, String>,
    organization: &BTreeMap<i64, i64>,
) -> Vec<NewAnomaly> {
    let mut rows = Vec::new();
    for anomaly in found {
        let score = match anomaly {
            Anomaly::AidOutlier(o) => o.z_milli.abs(),
            Anomaly::SharedEvidence(s) => s.organizations.len() as i64,
            Anomaly::ManyOrganizations(m) => m.organization_count() as i64,
        };
        for activity_id in anomaly.activity_ids() {
            rows.push(NewAnomaly {
                kind: anomaly.code().to_owned(),
                activity_id: Some(activity_id),
                organization_id: organization.get(&activity_id).copied(),
                region_code: county.get(&activity_id).cloned().unwrap_or_default(),
                score,
                detail_zh: anomaly.message_zh(),
            });
        }
    }
    rows
}
