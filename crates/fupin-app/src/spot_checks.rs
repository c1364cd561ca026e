//! Spot checks (抽查, issue 5): an official defines a round, Fupin freezes its frame and draws
//! with a published seed, inspectors record findings on the drawn activities, and the findings
//! join the organization's record.
//!
//! **Who.** Government officers and leaders ([`may_spot_check`]). A round's scope must lie inside
//! the actor's jurisdiction: a 民政 / 扶贫 unit of a region draws over its region or a part of it
//! (an empty region means its own), a supervisory unit or industry department over its own
//! organizations (`unit_id` is its own), a national unit over anything. Outside: refused
//! (`Forbidden`, audited) before anything is read or written.
//!
//! **Frame.** Current published activities matching the round's scope (region prefix on the
//! activity's locations, supervisory unit via its organization's links, year, primary or further
//! field) and the actor's jurisdiction. Each gets a stratum ([`Strata`]) and a risk weight from
//! the round's [`RiskWeights`]: the verified share of its roster (`activity_verification`; never
//! verified counts as nothing verified), the anomalies of the last bulk run concerning it, and
//! whether its organization is new — registered in the activity's reporting year or the year
//! before, so less than about two years old at the end of that year. Complaints count 0: there is
//! no complaint data yet (投诉数据尚未接入).
//!
//! **Draw.** [`fupin_verify::draw`] over the frame and the seed (`docs/SPOT-CHECKS.md`): the round,
//! its frame and its items are stored in one transaction with one `spot_check.draw` audit entry
//! (scope, sizes, seed, frame digest; nothing personal). Anyone holding the frame file
//! ([`App::spot_check_frame_csv`]) and the seed recomputes the same selection;
//! [`App::recompute_spot_check`] does so from the stored frame.

mod findings;
mod rounds;
mod spec;

use std::collections::BTreeMap;

use fupin_domain::Field;
use fupin_store::Scope;
use fupin_store::spot_checks::{
    self as store, FrameRow, ItemRow, NewDrawnItem, NewRound, RoundRow, RoundScope,
};
use fupin_store::{regions, units};
use fupin_verify::{FrameItem, RiskFactors};

use crate::{Actor, App, AppError, AuditEvent};

pub use fupin_store::spot_checks::FindingRow;
pub use fupin_verify::{Draw, DrawnItem, RiskWeights, Seed, StratumAllocation};
pub use spec::{FindingOutcome, Strata, WEIGHT_KEYS, parse_weights, seed_from_input, weights_text};

/// Most items one round may draw.
pub const MAX_SIZE: usize = 10_000;

/// Rounds listed at most.
const LIST_LIMIT: i64 = 200;

/// A round as an official defines it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RoundSpec {
    /// Name, e.g. “2020年第1轮”.
    pub name: String,
    /// Region code prefix ('' for the actor's whole region).
    pub region_prefix: String,
    /// Only organizations linked to this supervisory unit or industry department.
    pub unit_id: Option<i64>,
    /// Reporting year.
    pub year: Option<i32>,
    /// Field code or label ('' for all).
    pub field: String,
    /// Items to draw.
    pub size: usize,
    /// How the frame is divided.
    pub strata: Strata,
    /// Risk weights.
    pub weights: RiskWeights,
    /// The published seed.
    pub seed: Seed,
}

/// A drawn round.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RoundOutcome {
    /// The stored round's id.
    pub round_id: i64,
    /// Items in its frame.
    pub frame_items: usize,
    /// The draw.
    pub draw: Draw,
}

/// A round as its page and `fupin spot-check show` present it.
#[derive(Debug, Clone)]
pub struct RoundView {
    /// The stored round.
    pub row: RoundRow,
    /// Its strata.
    pub strata: Option<Strata>,
    /// Each stratum's frame size and draw, by stratum.
    pub allocation: Vec<StratumAllocation>,
    /// Names of the strata that are region codes.
    pub stratum_names: BTreeMap<String, String>,
    /// The region's name, when the round has one.
    pub region_name: Option<String>,
    /// The drawn items, by stratum then rank.
    pub items: Vec<ItemRow>,
    /// Findings recorded in the round.
    pub findings: Vec<FindingRow>,
}

/// The result of recomputing a stored round.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Recomputation {
    /// The draw recomputed from the stored frame and seed.
    pub draw: Draw,
    /// The stored frame digest.
    pub stored_digest: String,
    /// Whether the recomputed frame digest is the stored one.
    pub digest_matches: bool,
    /// Whether the recomputed selection (items, ranks, keys) is the stored one.
    pub items_match: bool,
}

impl Recomputation {
    /// Whether the round reproduces exactly.
    pub fn matches(&self) -> bool {
        self.digest_matches && self.items_match
    }
}

/// Whether the actor may draw rounds and record findings: government officers and leaders with a
/// jurisdiction.
pub fn may_spot_check(actor: &Actor) -> bool {
    actor.is_government_staff()
        && matches!(
            actor.scope(),
            Scope::All | Scope::Region(_) | Scope::Supervised(_)
        )
}

impl App {
    /// Defines and draws a round (see the module documentation).
    pub async fn draw_spot_check(
        &self,
        actor: &Actor,
        spec: RoundSpec,
    ) -> Result<RoundOutcome, AppError> {
        let event = AuditEvent::new("spot_check.draw", "spot_check_round", "-");
        if !may_spot_check(actor) {
            return Err(self.deny(actor, event, AppError::Forbidden).await);
        }
        let name = checked_name(&spec.name)?;
        let mut scope = self.checked_scope(&spec).await?;
        let jurisdiction = actor.scope();
        match &jurisdiction {
            Scope::Region(own) if scope.region_prefix.is_empty() => {
                scope.region_prefix = own.clone();
            }
            Scope::Region(own) if !scope.region_prefix.starts_with(own.as_str()) => {
                let event = event.detail(format!("范围 {} 超出本单位辖区", scope.region_prefix));
                return Err(self.deny(actor, event, AppError::Forbidden).await);
            }
            Scope::Supervised(own) if scope.unit_id.is_none() => scope.unit_id = Some(*own),
            Scope::Supervised(own) if scope.unit_id != Some(*own) => {
                let event = event.detail("范围超出本单位主管的社会组织");
                return Err(self.deny(actor, event, AppError::Forbidden).await);
            }
            _ => {}
        }
        if spec.size == 0 || spec.size > MAX_SIZE {
            return Err(AppError::Invalid(format!(
                "抽取数量应为 1–{MAX_SIZE} 之间的整数"
            )));
        }
        let candidates = store::frame_candidates(&self.db, &jurisdiction, &scope).await?;
        let frame: Vec<FrameItem> = candidates
            .iter()
            .map(|c| {
                let verified_share_bp = match (c.entries, c.verified) {
                    (Some(entries), Some(verified)) if entries > 0 => {
                        u32::try_from(verified.clamp(0, entries) * 10_000 / entries).ok()
                    }
                    _ => None,
                };
                let factors = RiskFactors {
                    verified_share_bp,
                    anomalies: u32::try_from(c.anomalies).unwrap_or(u32::MAX),
                    complaints: 0,
                    new_organization: c.registered_on.year() >= c.year - 1,
                };
                FrameItem {
                    item_id: c.activity_id,
                    stratum: spec.strata.stratum_of(c),
                    weight_milli: spec.weights.weight_milli(&factors),
                }
            })
            .collect();
        let draw = fupin_verify::draw(&frame, &spec.seed, spec.size)
            .map_err(|e| AppError::Invalid(format!("无法抽取：{e}")))?;
        let round = NewRound {
            name,
            scope,
            size: i32::try_from(spec.size).unwrap_or(i32::MAX),
            strata: spec.strata.code().to_owned(),
            weights: weights_text(&spec.weights),
            seed: spec.seed.to_hex(),
            frame_digest: draw.frame_digest.clone(),
            created_by: actor.user_id,
            creator_name: actor.name.clone(),
            created_at: self.now(),
        };
        let frame_rows = frame
            .iter()
            .map(|f| FrameRow {
                activity_id: f.item_id,
                stratum: f.stratum.clone(),
                weight_milli: i32::try_from(f.weight_milli).unwrap_or(i32::MAX),
            })
            .collect();
        let items = draw
            .items
            .iter()
            .map(|i| NewDrawnItem {
                activity_id: i.item_id,
                rank: i32::try_from(i.rank).unwrap_or(i32::MAX),
                draw_key: i.key.to_string(),
            })
            .collect();
        let mut tx = self.begin_audited().await?;
        let round_id = store::insert_round(&mut tx, &round, frame_rows, items).await?;
        let detail = format!(
            "{}；范围 区划[{}] 单位[{}] 年度[{}] 领域[{}]；{}；名单 {} 项，抽取 {} 项；种子 {}；名单摘要 {}",
            round.name,
            round.scope.region_prefix,
            round
                .scope
                .unit_id
                .map(|u| u.to_string())
                .unwrap_or_default(),
            round.scope.year.map(|y| y.to_string()).unwrap_or_default(),
            round.scope.field,
            spec.strata.label_zh(),
            frame.len(),
            draw.items.len(),
            round.seed,
            draw.frame_digest
        );
        let event = AuditEvent::new("spot_check.draw", "spot_check_round", round_id).detail(detail);
        self.append_audit(&mut tx, actor, event).await?;
        tx.commit().await?;
        Ok(RoundOutcome {
            round_id,
            frame_items: frame.len(),
            draw,
        })
    }

    /// The round's scope from the spec, each part checked (jurisdiction is checked after).
    async fn checked_scope(&self, spec: &RoundSpec) -> Result<RoundScope, AppError> {
        let region = spec.region_prefix.trim().to_owned();
        if !region.is_empty() {
            let shaped = region.chars().all(|c| c.is_ascii_digit())
                && [2, 4, 6, 9, 12].contains(&region.len());
            if !shaped || regions::get(&self.db, &region).await?.is_none() {
                return Err(AppError::Invalid(format!(
                    "行政区划代码“{region}”不存在：应为 2、4、6、9 或 12 位的区划代码"
                )));
            }
        }
        if let Some(unit) = spec.unit_id
            && units::get(&self.db, unit).await?.is_none()
        {
            return Err(AppError::Invalid(format!("编号为 {unit} 的政府部门不存在")));
        }
        if let Some(year) = spec.year
            && !(2000..=2100).contains(&year)
        {
            return Err(AppError::Invalid(format!(
                "年度 {year} 不在 2000–2100 之间"
            )));
        }
        let field = match spec.field.trim() {
            "" => String::new(),
            given => Field::parse_label(given)
                .ok_or_else(|| AppError::Invalid(format!("领域“{given}”无法识别")))?
                .code()
                .to_owned(),
        };
        Ok(RoundScope {
            region_prefix: region,
            unit_id: spec.unit_id,
            year: spec.year,
            field,
        })
    }
}

fn checked_name(name: &str) -> Result<String, AppError> {
    let name = name.trim();
    if name.is_empty() || name.chars().count() > 100 || name.chars().any(char::is_control) {
        return Err(AppError::Invalid(
            "请填写本轮抽查的名称（不超过100个字），如“2020年第1轮”".to_owned(),
        ));
    }
    Ok(name.to_owned())
}
