#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, missing_docs)]
//! Spot-check rounds on SQLite and PostgreSQL, over the jurisdiction test's world (130 published
//! activities in two provinces, some superseded): the same seed over the same data draws the same
//! items, a recomputation from the stored frame matches (and notices a changed frame), another
//! seed draws others, the frame file's digest is the stored one, the risk inputs reach the
//! weights, a county officer cannot draw over another county and a refused draw stores nothing,
//! and findings are recorded only on drawn items and reach the organization's record.

mod common;
#[path = "spot_checks/fixture.rs"]
mod fixture;

use std::collections::BTreeSet;

use fixture::{count, frame_lines, officer, selection, spec, unit, world};
use fupin_app::spot_checks::{FindingOutcome, Seed};
use fupin_app::{Actor, Affiliation, AppError};
use fupin_domain::{Role, UnitKind};
use fupin_store::{Db, Value};
use sha2::{Digest, Sha256};
use time::macros::date;

fupin_store::conformance!(
    the_same_seed_draws_the_same_items_and_recomputes,
    the_risk_inputs_reach_the_frame_weights,
    a_county_officer_draws_only_inside_the_county,
    findings_are_recorded_only_on_drawn_items_and_reach_the_organization,
);

async fn the_same_seed_draws_the_same_items_and_recomputes(db: Db) {
    let w = world(&db).await;
    let national = officer(unit(&w, UnitKind::PovertyOffice, None));
    let first = w
        .app
        .draw_spot_check(&national, spec("2019年第1轮", 12))
        .await
        .unwrap();
    let second = w
        .app
        .draw_spot_check(&national, spec("2019年第1轮", 12))
        .await
        .unwrap();
    assert_ne!(first.round_id, second.round_id);
    assert_eq!(first.draw, second.draw, "same seed, same data, same draw");
    let stored = selection(&w, &national, first.round_id).await;
    assert_eq!(stored.len(), 12);
    assert_eq!(stored, selection(&w, &national, second.round_id).await);

    let current: BTreeSet<i64> = w
        .activities
        .iter()
        .filter(|(_, a)| a.current)
        .map(|(id, _)| *id)
        .collect();
    assert_eq!(first.frame_items, current.len(), "every current activity");
    assert!(stored.iter().all(|(id, _, _)| current.contains(id)));

    let other = w
        .app
        .draw_spot_check(&national, spec("2019年第2轮", 12))
        .await
        .unwrap();
    assert_ne!(
        selection(&w, &national, other.round_id).await,
        stored,
        "another seed draws other items"
    );
    assert_eq!(first.draw.frame_digest, other.draw.frame_digest);

    let csv = w
        .app
        .spot_check_frame_csv(&national, first.round_id)
        .await
        .unwrap();
    let view = w
        .app
        .spot_check_round(&national, first.round_id)
        .await
        .unwrap();
    assert_eq!(
        hex::encode(Sha256::digest(csv.as_bytes())),
        view.row.frame_digest
    );
    assert_eq!(view.row.seed, Seed::from_phrase("2019年第1轮").to_hex());
    assert_eq!(
        view.allocation.iter().map(|a| a.drawn).sum::<usize>(),
        12,
        "{:?}",
        view.allocation
    );
    let frame: Vec<fupin_verify::FrameItem> = frame_lines(&csv)
        .into_iter()
        .map(|(item_id, stratum, weight_milli)| fupin_verify::FrameItem {
            item_id,
            stratum,
            weight_milli,
        })
        .collect();
    let outside = fupin_verify::draw(&frame, &Seed::from_phrase("2019年第1轮"), 12).unwrap();
    assert_eq!(
        outside, first.draw,
        "the published file and seed recompute it"
    );

    let again = w
        .app
        .recompute_spot_check(&national, first.round_id)
        .await
        .unwrap();
    assert!(again.matches(), "{again:?}");
    // A frame changed after the draw no longer reproduces.
    let item = stored[0].0;
    db.execute(
        "UPDATE spot_check_frame SET weight_milli = weight_milli + 1 WHERE round_id = $1 AND activity_id = $2",
        &[Value::from(first.round_id), Value::from(item)],
    )
    .await
    .unwrap();
    let tampered = w
        .app
        .recompute_spot_check(&national, first.round_id)
        .await
        .unwrap();
    assert!(!tampered.digest_matches && !tampered.matches());
}

async fn the_risk_inputs_reach_the_frame_weights(db: Db) {
    let w = world(&db).await;
    let national = officer(unit(&w, UnitKind::PovertyOffice, None));
    let (&verified_activity, a) = w.activities.iter().find(|(_, a)| a.current).unwrap();
    let new_org = (1..=30).find(|o| *o != a.org).unwrap();
    db.execute(
        "UPDATE organizations SET registered_on = $1 WHERE id = $2",
        &[Value::from(date!(2018 - 06 - 01)), Value::from(new_org)],
    )
    .await
    .unwrap();
    let run = db
        .fetch_i64(
            "INSERT INTO verification_runs (trigger_kind, started_at, started_by) \
             VALUES ('bulk', $1, 'test') RETURNING id",
            &[Value::from(w.app.now())],
        )
        .await
        .unwrap();
    db.execute(
        "INSERT INTO activity_verification (activity_id, organization_id, entries, verified, \
         quality_points, aid_fen, verified_aid_fen, run_id, verified_at) \
         VALUES ($1, $2, 10, 10, 100000, 0, 0, $3, $4)",
        &[
            Value::from(verified_activity),
            Value::from(a.org),
            Value::from(run),
            Value::from(w.app.now()),
        ],
    )
    .await
    .unwrap();
    let round = w
        .app
        .draw_spot_check(&national, spec("权重", 5))
        .await
        .unwrap();
    let csv = w
        .app
        .spot_check_frame_csv(&national, round.round_id)
        .await
        .unwrap();
    for (id, _, weight) in frame_lines(&csv) {
        let activity = &w.activities[&id];
        let expected = if id == verified_activity {
            1_000 // fully verified, not new
        } else if activity.org == new_org {
            3_000 // nothing verified, new organization
        } else {
            2_000 // nothing verified
        };
        assert_eq!(weight, expected, "activity {id}");
    }
}

async fn a_county_officer_draws_only_inside_the_county(db: Db) {
    let w = world(&db).await;
    let county = w.counties[0].clone();
    let office = officer(unit(&w, UnitKind::PovertyOffice, Some(&county)));
    let mut elsewhere = spec("越权", 1);
    elsewhere.region_prefix = w.counties[1].clone();
    let refused = w.app.draw_spot_check(&office, elsewhere).await;
    assert!(matches!(refused, Err(AppError::Forbidden)), "{refused:?}");
    let mut province = spec("越权", 1);
    province.region_prefix = county[..2].to_owned();
    let refused = w.app.draw_spot_check(&office, province).await;
    assert!(matches!(refused, Err(AppError::Forbidden)), "{refused:?}");
    for table in ["rounds", "frame", "items"] {
        assert_eq!(count(&db, table).await, 0, "a refused draw stores nothing");
    }
    let denied = db
        .fetch_i64(
            "SELECT COUNT(*) FROM audit_log WHERE action = 'spot_check.draw' AND outcome = 'denied'",
            &[],
        )
        .await
        .unwrap();
    assert_eq!(denied, 2, "refusals are audited");

    let in_county: BTreeSet<i64> = w
        .activities
        .iter()
        .filter(|(_, a)| a.current && a.places.iter().any(|p| w.covers(Some(&county), p)))
        .map(|(id, _)| *id)
        .collect();
    assert!(!in_county.is_empty());
    let round = w
        .app
        .draw_spot_check(&office, spec("本县", 1))
        .await
        .unwrap();
    let view = w
        .app
        .spot_check_round(&office, round.round_id)
        .await
        .unwrap();
    assert_eq!(
        view.row.region_prefix, county,
        "an empty region is the officer's own"
    );
    let csv = w
        .app
        .spot_check_frame_csv(&office, round.round_id)
        .await
        .unwrap();
    let framed: BTreeSet<i64> = frame_lines(&csv).into_iter().map(|(id, ..)| id).collect();
    assert_eq!(framed, in_county);

    let national = officer(unit(&w, UnitKind::PovertyOffice, None));
    let wide = w
        .app
        .draw_spot_check(&national, spec("全国", 3))
        .await
        .unwrap();
    let listed: Vec<i64> = w
        .app
        .spot_check_rounds(&office)
        .await
        .unwrap()
        .iter()
        .map(|r| r.id)
        .collect();
    assert_eq!(
        listed,
        [round.round_id],
        "a national round is not the county's"
    );
    let hidden = w.app.spot_check_round(&office, wide.round_id).await;
    assert!(matches!(hidden, Err(AppError::NotFound)), "{hidden:?}");
    let other = officer(unit(&w, UnitKind::PovertyOffice, Some(&w.counties[1])));
    let hidden = w.app.recompute_spot_check(&other, round.round_id).await;
    assert!(matches!(hidden, Err(AppError::NotFound)), "{hidden:?}");

    let reporter = Actor {
        roles: vec![Role::OrgReporter],
        affiliation: Affiliation::Organization { organization_id: 1 },
        ..officer(unit(&w, UnitKind::PovertyOffice, None))
    };
    let refused = w.app.draw_spot_check(&reporter, spec("机构", 1)).await;
    assert!(matches!(refused, Err(AppError::Forbidden)), "{refused:?}");
    let supervisor = unit(&w, UnitKind::SupervisoryUnit, None);
    let mut foreign = spec("他单位", 1);
    foreign.unit_id = Some(unit(&w, UnitKind::IndustryDepartment, None).id);
    let refused = w.app.draw_spot_check(&officer(supervisor), foreign).await;
    assert!(matches!(refused, Err(AppError::Forbidden)), "{refused:?}");
    assert_eq!(count(&db, "rounds").await, 2);
    let drawn = db
        .fetch_i64(
            "SELECT COUNT(*) FROM audit_log WHERE action = 'spot_check.draw' AND outcome = 'ok'",
            &[],
        )
        .await
        .unwrap();
    assert_eq!(drawn, 2, "each draw is audited");
}

async fn findings_are_recorded_only_on_drawn_items_and_reach_the_organization(db: Db) {
    let w = world(&db).await;
    let national = officer(unit(&w, UnitKind::PovertyOffice, None));
    let round = w
        .app
        .draw_spot_check(&national, spec("核查", 4))
        .await
        .unwrap();
    let drawn: BTreeSet<i64> = round.draw.items.iter().map(|i| i.item_id).collect();
    let (&not_drawn, _) = w
        .activities
        .iter()
        .find(|(id, a)| a.current && !drawn.contains(id))
        .unwrap();
    let refused = w
        .app
        .record_finding(
            &national,
            round.round_id,
            not_drawn,
            FindingOutcome::Minor,
            "无",
            None,
        )
        .await;
    assert!(matches!(refused, Err(AppError::Invalid(_))), "{refused:?}");
    assert_eq!(count(&db, "findings").await, 0);

    let item = round.draw.items[0].item_id;
    let org = w.activities[&item].org;
    let png = [
        &[0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A][..],
        b"evidence",
    ]
    .concat();
    let id = w
        .app
        .record_finding(
            &national,
            round.round_id,
            item,
            FindingOutcome::Serious,
            "受益人数与台账不符",
            Some(("现场照片.png", &png)),
        )
        .await
        .unwrap();
    let bad = w
        .app
        .record_finding(
            &national,
            round.round_id,
            item,
            FindingOutcome::Minor,
            "附件",
            Some(("x.exe", b"MZ....")),
        )
        .await;
    assert!(matches!(bad, Err(AppError::Invalid(_))), "{bad:?}");

    let own = Actor {
        roles: vec![Role::OrgReporter],
        affiliation: Affiliation::Organization {
            organization_id: org,
        },
        ..national.clone()
    };
    let record = w.app.findings_for_organization(&own, org).await.unwrap();
    assert_eq!(record.len(), 1);
    assert_eq!((record[0].id, record[0].activity_id), (id, item));
    assert_eq!(record[0].outcome, "serious");
    assert_eq!(record[0].evidence_sha256, hex::encode(Sha256::digest(&png)));
    let file = w
        .app
        .finding_evidence(&own, round.round_id, id)
        .await
        .unwrap();
    assert_eq!((file.content_type, file.content), ("image/png", png));
    let stranger = Actor {
        affiliation: Affiliation::Organization {
            organization_id: if org == 1 { 2 } else { 1 },
        },
        ..own.clone()
    };
    let hidden = w.app.findings_for_organization(&stranger, org).await;
    assert!(matches!(hidden, Err(AppError::NotFound)), "{hidden:?}");
    let hidden = w.app.finding_evidence(&stranger, round.round_id, id).await;
    assert!(matches!(hidden, Err(AppError::NotFound)), "{hidden:?}");
    let refused = w
        .app
        .record_finding(
            &own,
            round.round_id,
            item,
            FindingOutcome::Confirmed,
            "自查",
            None,
        )
        .await;
    assert!(matches!(refused, Err(AppError::Forbidden)), "{refused:?}");
    let view = w
        .app
        .spot_check_round(&national, round.round_id)
        .await
        .unwrap();
    assert_eq!(view.findings.len(), 1);
    assert_eq!(
        view.items
            .iter()
            .find(|i| i.activity_id == item)
            .unwrap()
            .findings,
        1
    );
}
