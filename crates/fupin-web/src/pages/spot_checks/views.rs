//! What the spot-check pages show of a round, its items and findings (no personal data: titles,
//! organization names, codes, the inspectors' notes).

use fupin_app::spot_checks::{FindingOutcome, Recomputation, RoundView, Strata};
use fupin_app::{Actor, App, AppError};
use fupin_domain::Field;
use fupin_store::spot_checks::{FindingRow, ItemRow, RoundRow};

use crate::format::beijing_time;
use crate::pages::staff::label;

/// A weight in thousandths as a decimal (`2000` → `2.000`).
fn weight(milli: i32) -> String {
    format!("{}.{:03}", milli / 1000, milli % 1000)
}

fn or_all(text: &str) -> String {
    if text.is_empty() {
        "全部".to_owned()
    } else {
        text.to_owned()
    }
}

fn strata_label(code: &str) -> String {
    Strata::from_code(code).map_or_else(|| code.to_owned(), |s| s.label_zh().to_owned())
}

fn field_label(code: &str) -> String {
    if code.is_empty() {
        "全部".to_owned()
    } else {
        label::<Field>(code)
    }
}

/// A round in the list.
#[derive(Debug, Clone)]
pub struct RoundListItem {
    pub id: i64,
    pub name: String,
    pub region: String,
    pub unit: String,
    pub year: String,
    pub field: String,
    pub strata: String,
    pub size: i32,
    pub frame_items: i64,
    pub findings: i64,
    pub creator: String,
    pub created_at: String,
}

impl From<RoundRow> for RoundListItem {
    fn from(row: RoundRow) -> Self {
        RoundListItem {
            id: row.id,
            region: or_all(&row.region_prefix),
            unit: row.unit_name.unwrap_or_else(|| "全部".to_owned()),
            year: row
                .year
                .map_or_else(|| "全部".to_owned(), |y| y.to_string()),
            field: field_label(&row.field),
            strata: strata_label(&row.strata),
            size: row.size,
            frame_items: row.frame_items,
            findings: row.findings,
            creator: row.creator_name,
            created_at: beijing_time(row.created_at),
            name: row.name,
        }
    }
}

/// The facts at the top of a round's page.
#[derive(Debug, Clone)]
pub struct RoundFacts {
    pub list: RoundListItem,
    pub weights: String,
    pub seed: String,
    pub frame_digest: String,
}

impl From<&RoundView> for RoundFacts {
    fn from(view: &RoundView) -> Self {
        let mut list = RoundListItem::from(view.row.clone());
        if let Some(name) = &view.region_name {
            list.region = format!("{}（{name}）", view.row.region_prefix);
        }
        RoundFacts {
            list,
            weights: view.row.weights.clone(),
            seed: view.row.seed.clone(),
            frame_digest: view.row.frame_digest.clone(),
        }
    }
}

/// A stratum's share of the draw.
#[derive(Debug, Clone)]
pub struct AllocationVm {
    pub stratum: String,
    pub name: String,
    pub frame_items: usize,
    pub drawn: usize,
}

impl AllocationVm {
    /// The round's allocation, by stratum.
    pub fn list(view: &RoundView) -> Vec<AllocationVm> {
        view.allocation
            .iter()
            .map(|a| AllocationVm {
                name: stratum_name(view, &a.stratum),
                stratum: a.stratum.clone(),
                frame_items: a.frame_items,
                drawn: a.drawn,
            })
            .collect()
    }
}

fn stratum_name(view: &RoundView, stratum: &str) -> String {
    match view.strata {
        Some(Strata::County) => view.stratum_names.get(stratum).cloned().unwrap_or_default(),
        Some(Strata::Field) => label::<Field>(stratum),
        _ => String::new(),
    }
}

/// A drawn item.
#[derive(Debug, Clone)]
pub struct ItemVm {
    pub activity_id: i64,
    pub rank: i32,
    pub stratum: String,
    pub stratum_name: String,
    pub title: String,
    pub organization: String,
    pub county: String,
    pub weight: String,
    pub key: String,
    pub findings: i64,
}

impl ItemVm {
    /// The item as its row shows it.
    pub fn new(item: &ItemRow, view: &RoundView) -> ItemVm {
        ItemVm {
            activity_id: item.activity_id,
            rank: item.rank,
            stratum: item.stratum.clone(),
            stratum_name: stratum_name(view, &item.stratum),
            title: item.title.clone(),
            organization: item.organization_name.clone(),
            county: if item.county_name.is_empty() {
                item.county_code.clone()
            } else {
                item.county_name.clone()
            },
            weight: weight(item.weight_milli),
            key: item.draw_key.clone(),
            findings: item.findings,
        }
    }
}

/// A finding.
#[derive(Debug, Clone)]
pub struct FindingVm {
    /// Id.
    pub id: i64,
    /// The round's name.
    pub round_name: String,
    /// The round's page, where the reader may see it.
    pub round_href: Option<String>,
    /// Activity version.
    pub activity_id: i64,
    /// Its title.
    pub activity_title: String,
    /// Its organization's name.
    pub organization: String,
    /// The outcome's label.
    pub outcome: String,
    /// What the inspector found.
    pub note: String,
    /// The evidence file's download, when there is one.
    pub evidence_href: Option<String>,
    /// Inspector's name.
    pub inspector: String,
    /// When, in Beijing time.
    pub recorded_at: String,
}

impl From<&FindingRow> for FindingVm {
    fn from(row: &FindingRow) -> Self {
        FindingVm {
            id: row.id,
            round_name: row.round_name.clone(),
            round_href: Some(format!("/workspace/spot-checks/{}", row.round_id)),
            activity_id: row.activity_id,
            activity_title: row.activity_title.clone(),
            organization: row.organization_name.clone(),
            outcome: FindingOutcome::from_code(&row.outcome)
                .map_or_else(|| row.outcome.clone(), |o| o.label_zh().to_owned()),
            note: row.note.clone(),
            evidence_href: (!row.evidence_sha256.is_empty()).then(|| {
                format!(
                    "/workspace/spot-checks/{}/findings/{}/evidence",
                    row.round_id, row.id
                )
            }),
            inspector: row.inspector_name.clone(),
            recorded_at: beijing_time(row.recorded_at),
        }
    }
}

/// The findings on an organization's record, for its workspace page (the round pages are
/// linked only for those who may see rounds).
pub async fn organization_findings(
    app: &App,
    actor: &Actor,
    organization_id: i64,
) -> Result<Vec<FindingVm>, AppError> {
    let rows = app
        .findings_for_organization(actor, organization_id)
        .await?;
    let linked = fupin_app::spot_checks::may_spot_check(actor);
    Ok(rows
        .iter()
        .map(|row| FindingVm {
            round_href: if linked {
                Some(format!("/workspace/spot-checks/{}", row.round_id))
            } else {
                None
            },
            ..FindingVm::from(row)
        })
        .collect())
}

/// The result of “重新计算核验”.
#[derive(Debug, Clone)]
pub struct RecomputeVm {
    pub matches: bool,
    pub digest_matches: bool,
    pub items_match: bool,
    pub digest: String,
    pub stored_digest: String,
    pub items: usize,
}

impl From<Recomputation> for RecomputeVm {
    fn from(r: Recomputation) -> Self {
        RecomputeVm {
            matches: r.matches(),
            digest_matches: r.digest_matches,
            items_match: r.items_match,
            items: r.draw.items.len(),
            digest: r.draw.frame_digest,
            stored_digest: r.stored_digest,
        }
    }
}
