#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, missing_docs)]
//! The activity workflow on SQLite and PostgreSQL: draft → submitted → accepted | returned →
//! published, corrections as new versions, role and jurisdiction checks on every step (audited),
//! and failed requests that leave nothing behind.

#[path = "activity_workflow/fixture.rs"]
mod fixture;
#[path = "activity_workflow/refusals.rs"]
mod refusals;

use fixture::{World, money, report, reporter, seed};
use fupin_app::AppError;
use fupin_domain::activity_rules::Severity;
use fupin_domain::{ActivityStatus, FundingSource, Money, TransactionKind};
use fupin_store::Db;

fupin_store::conformance!(
    an_activity_goes_from_draft_to_published,
    a_returned_report_is_fixed_and_resubmitted,
    a_correction_is_a_new_version_that_replaces_the_old_when_published,
);

pub(crate) fn invalid(result: Result<impl std::fmt::Debug, AppError>) -> String {
    match result {
        Err(AppError::Invalid(message)) => message,
        other => panic!("expected Invalid, got {other:?}"),
    }
}

async fn an_activity_goes_from_draft_to_published(db: Db) {
    let w = seed(&db).await;
    let org = reporter(1);
    let (id, warnings) = w.app.create_activity(&org, &report()).await.unwrap();
    assert!(warnings.is_empty(), "{warnings:?}");
    let view = w.app.activity_view(&org, id).await.unwrap();
    assert_eq!(view.status, ActivityStatus::Draft);
    assert_eq!(
        view.content,
        report(),
        "what is read back is what was saved"
    );
    assert!(view.may_edit && !view.may_review);

    w.app.submit_activity(&org, id).await.unwrap();
    let officer = w.supervisor_officer();
    let queue = w.app.review_queue(&officer, 1).await.unwrap();
    assert_eq!(queue.items.iter().map(|r| r.id).collect::<Vec<_>>(), [id]);
    assert_eq!(
        w.app
            .review_queue(&w.authority_officer(), 1)
            .await
            .unwrap()
            .total,
        0,
        "an organization with a 业务主管单位 is reviewed by it, not by 民政"
    );
    let seen = w.app.activity_view(&officer, id).await.unwrap();
    assert!(seen.may_review && !seen.may_edit);
    let edit = w.app.edit_activity(&org, id, "title", |c| {
        c.title = "改名".to_owned();
        Ok(())
    });
    assert!(
        invalid(edit.await).contains("已提交"),
        "a submitted report is not editable"
    );

    w.app
        .accept_activity(&officer, id, "材料齐全", false)
        .await
        .unwrap();
    assert!(w.app.activity_view(&officer, id).await.unwrap().may_publish);
    w.app.publish_activity(&officer, id).await.unwrap();
    let done = w.app.activity_view(&org, id).await.unwrap();
    assert_eq!(done.status, ActivityStatus::Published);
    assert!(done.row.is_current && done.row.published_at.is_some());
    assert_eq!(
        done.reviews
            .iter()
            .map(|r| r.decision.as_str())
            .collect::<Vec<_>>(),
        ["submitted", "accepted", "published"]
    );
    assert_eq!(done.reviews[1].comment, "材料齐全");
    assert_eq!(done.reviews[1].unit_name.as_deref(), Some("河北省教育厅"));
    assert!(done.may_correct);
    let actions: Vec<String> = w.audit().await.into_iter().map(|(a, _)| a).collect();
    for step in [
        "activity.create",
        "activity.submit",
        "activity.accept",
        "activity.publish",
    ] {
        assert!(
            actions.iter().any(|a| a == step),
            "{step} is audited: {actions:?}"
        );
    }
    assert!(invalid(w.app.publish_activity(&officer, id).await).contains("已公开"));
}

async fn a_returned_report_is_fixed_and_resubmitted(db: Db) {
    let w = seed(&db).await;
    let org = reporter(1);
    let mut first = report();
    first.locations[1].share_bp = 3000;
    let (id, _) = w.app.create_activity(&org, &first).await.unwrap();
    let refused = invalid(w.app.submit_activity(&org, id).await);
    assert!(
        refused.contains("90%"),
        "the share rule says what is wrong: {refused}"
    );

    w.app
        .edit_activity(&org, id, "locations", |c| {
            c.locations[1].share_bp = 4000;
            Ok(())
        })
        .await
        .unwrap();
    w.app.submit_activity(&org, id).await.unwrap();
    let officer = w.supervisor_officer();
    assert!(invalid(w.app.return_activity(&officer, id, "  ").await).contains("审核意见"));
    w.app
        .return_activity(&officer, id, "请补充支出凭证")
        .await
        .unwrap();
    let back = w.app.activity_view(&org, id).await.unwrap();
    assert_eq!(back.status, ActivityStatus::Returned);
    assert!(back.may_edit);
    assert_eq!(back.reviews.last().unwrap().comment, "请补充支出凭证");
    assert_eq!(w.app.review_queue(&officer, 1).await.unwrap().total, 0);

    let warnings = w
        .app
        .edit_activity(&org, id, "transactions", |c| {
            c.transactions.push(money(
                TransactionKind::Expenditure,
                30_000,
                FundingSource::Donations,
            ));
            Ok(())
        })
        .await
        .unwrap();
    assert_eq!(warnings.len(), 1, "spending above commitment is flagged");
    assert_eq!(warnings[0].severity, Severity::Warning);
    w.app.submit_activity(&org, id).await.unwrap();
    w.app.accept_activity(&officer, id, "", true).await.unwrap();
    let done = w.app.activity_view(&org, id).await.unwrap();
    assert_eq!(
        done.status,
        ActivityStatus::Published,
        "accepted and published in one step"
    );
    assert_eq!(
        done.reviews
            .iter()
            .map(|r| r.decision.as_str())
            .collect::<Vec<_>>(),
        [
            "submitted",
            "returned",
            "submitted",
            "accepted",
            "published"
        ]
    );
}

async fn publish(w: &World, id: i64) {
    w.app.submit_activity(&reporter(1), id).await.unwrap();
    w.app
        .accept_activity(&w.supervisor_officer(), id, "", true)
        .await
        .unwrap();
}

async fn a_correction_is_a_new_version_that_replaces_the_old_when_published(db: Db) {
    let w = seed(&db).await;
    let org = reporter(1);
    let (v1, _) = w.app.create_activity(&org, &report()).await.unwrap();
    publish(&w, v1).await;
    assert!(invalid(w.app.correct_activity(&org, v1, " ").await).contains("更正说明"));
    let v2 = w
        .app
        .correct_activity(&org, v1, "支出金额更正为审计后数字")
        .await
        .unwrap();
    assert_ne!(v1, v2);
    assert!(
        invalid(w.app.correct_activity(&org, v1, "再次更正").await).contains("已有一个更正版本")
    );
    w.app
        .edit_activity(&org, v2, "transactions", |c| {
            c.transactions[1].amount = Money::from_fen(7_500_000);
            Ok(())
        })
        .await
        .unwrap();
    let old = w.app.activity_view(&org, v1).await.unwrap();
    assert!(
        old.row.is_current,
        "the published version stays current until the correction is published"
    );
    assert_eq!(old.content, report(), "nothing is overwritten");
    let draft = w.app.activity_view(&org, v2).await.unwrap();
    assert_eq!((draft.row.version, draft.row.supersedes_id), (2, Some(v1)));
    assert!(!draft.row.is_current);
    assert_eq!(
        draft.row.correction_note.as_deref(),
        Some("支出金额更正为审计后数字")
    );

    publish(&w, v2).await;
    let old = w.app.activity_view(&org, v1).await.unwrap();
    let new = w.app.activity_view(&org, v2).await.unwrap();
    assert!(!old.row.is_current && new.row.is_current);
    assert_eq!(
        old.status,
        ActivityStatus::Published,
        "the old version stays in the history"
    );
    assert_eq!(
        new.content.transactions[1].amount,
        Money::from_fen(7_500_000)
    );
    let versions: Vec<(i64, i32, bool)> = new
        .history
        .iter()
        .map(|v| (v.id, v.version, v.is_current))
        .collect();
    assert_eq!(versions, [(v1, 1, false), (v2, 2, true)]);
    assert_eq!(
        old.history, new.history,
        "either version lists the same history"
    );
    assert!(!old.may_correct && new.may_correct);
    assert_eq!(
        w.app.activities(&org, 1).await.unwrap().total,
        1,
        "lists show the current version"
    );
}
