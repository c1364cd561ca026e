//! Refusals: the wrong organization, reviewers outside the jurisdiction or the review chain,
//! inputs the rules refuse, evidence of the wrong type or size — each leaving nothing behind.

use fupin_app::AppError;
use fupin_domain::{ActivityStatus, FundingSource, Money};
use fupin_store::Db;

use super::fixture::{location, report, reporter, roleless, seed};
use super::invalid;

fupin_store::conformance!(
    only_the_owning_organization_edits,
    reviewers_outside_the_jurisdiction_find_nothing,
    a_failed_request_leaves_no_partial_record,
    evidence_is_checked_and_kept_once_per_hash,
);

async fn only_the_owning_organization_edits(db: Db) {
    let w = seed(&db).await;
    let (id, _) = w
        .app
        .create_activity(&reporter(1), &report())
        .await
        .unwrap();
    let rename = |c: &mut fupin_domain::activity_rules::ActivityContent| {
        c.title = "别人的项目".to_owned();
        Ok(())
    };
    let other = w.app.edit_activity(&reporter(2), id, "title", rename).await;
    assert!(
        matches!(other, Err(AppError::NotFound)),
        "another organization does not see it"
    );
    assert!(matches!(
        w.app.submit_activity(&reporter(2), id).await,
        Err(AppError::NotFound)
    ));
    let officer = w
        .app
        .edit_activity(&w.supervisor_officer(), id, "title", rename)
        .await;
    assert!(
        matches!(officer, Err(AppError::Forbidden)),
        "the reviewer sees it but does not edit it"
    );
    assert!(matches!(
        w.app.create_activity(&roleless(1), &report()).await,
        Err(AppError::Forbidden)
    ));
    assert!(
        matches!(
            w.app.accept_activity(&reporter(1), id, "", false).await,
            Err(AppError::Forbidden)
        ),
        "an organization does not review itself"
    );
    let denied = w
        .audit()
        .await
        .into_iter()
        .filter(|(_, o)| o == "denied")
        .count();
    assert_eq!(denied, 5, "every refusal is audited");
    assert_eq!(
        w.app
            .activity_view(&reporter(1), id)
            .await
            .unwrap()
            .content
            .title,
        "行唐县助学项目"
    );
}

async fn reviewers_outside_the_jurisdiction_find_nothing(db: Db) {
    let w = seed(&db).await;
    let (id, _) = w
        .app
        .create_activity(&reporter(1), &report())
        .await
        .unwrap();
    w.app.submit_activity(&reporter(1), id).await.unwrap();
    let outsider = w.other_supervisor_officer();
    assert!(matches!(
        w.app.accept_activity(&outsider, id, "", true).await,
        Err(AppError::NotFound)
    ));
    assert!(matches!(
        w.app.return_activity(&outsider, id, "不行").await,
        Err(AppError::NotFound)
    ));
    assert!(matches!(
        w.app.activity_view(&outsider, id).await,
        Err(AppError::NotFound)
    ));
    let county = w.authority_officer();
    assert!(
        matches!(
            w.app.accept_activity(&county, id, "", false).await,
            Err(AppError::Forbidden)
        ),
        "民政 sees the county's activities but the 业务主管单位 reviews this one"
    );
    assert_eq!(
        w.app.activity_view(&county, id).await.unwrap().status,
        ActivityStatus::Submitted
    );

    let (id2, _) = w
        .app
        .create_activity(&reporter(2), &report())
        .await
        .unwrap();
    w.app.submit_activity(&reporter(2), id2).await.unwrap();
    assert!(
        matches!(
            w.app.accept_activity(&outsider, id2, "", false).await,
            Err(AppError::Forbidden)
        ),
        "an industry department sees but does not review"
    );
    w.app.accept_activity(&county, id2, "", true).await.unwrap();
    let audit = w.audit().await;
    assert_eq!(
        audit
            .iter()
            .filter(|(a, o)| a == "activity.accept" && o == "denied")
            .count(),
        3
    );
}

async fn a_failed_request_leaves_no_partial_record(db: Db) {
    let w = seed(&db).await;
    let org = reporter(1);
    let before = w.audit().await.len();
    let mut bad = report();
    bad.transactions[0].funding_source = FundingSource::OnlineFundraising;
    assert!(invalid(w.app.create_activity(&org, &bad).await).contains("互联网公开募捐信息平台"));
    let mut unknown = report();
    unknown.locations.push(location("130199", 0));
    assert!(invalid(w.app.create_activity(&org, &unknown).await).contains("130199"));
    let mut dangling = report();
    dangling.transactions[1].provider_org_id = Some(9_999);
    assert!(
        matches!(
            w.app.create_activity(&org, &dangling).await,
            Err(AppError::Store(_))
        ),
        "a storage failure after the activity row was written"
    );
    for table in [
        "SELECT COUNT(*) FROM activities",
        "SELECT COUNT(*) FROM activity_locations",
        "SELECT COUNT(*) FROM activity_transactions",
        "SELECT COUNT(*) FROM activity_beneficiaries",
        "SELECT COUNT(*) FROM activity_indicators",
    ] {
        assert_eq!(w.count(table).await, 0, "{table}");
    }
    assert_eq!(
        w.audit().await.len(),
        before,
        "nothing is recorded for a refused input"
    );

    let (id, _) = w.app.create_activity(&org, &report()).await.unwrap();
    let refused = w.app.edit_activity(&org, id, "transactions", |c| {
        c.transactions[0].amount = Money::from_fen(-5);
        c.locations.clear();
        Ok(())
    });
    assert!(invalid(refused.await).contains("负数"));
    let kept = w.app.activity_view(&org, id).await.unwrap();
    assert_eq!(kept.content, report(), "a refused edit changes nothing");
    w.app
        .edit_activity(&org, id, "locations", |c| {
            c.locations.clear();
            Ok(())
        })
        .await
        .unwrap();
    assert!(invalid(w.app.submit_activity(&org, id).await).contains("项目地点"));
    assert_eq!(
        w.app.activity_view(&org, id).await.unwrap().status,
        ActivityStatus::Draft
    );
    assert_eq!(w.count("SELECT COUNT(*) FROM activity_reviews").await, 0);
}

async fn evidence_is_checked_and_kept_once_per_hash(db: Db) {
    let w = seed(&db).await;
    let org = reporter(1);
    let (id, _) = w.app.create_activity(&org, &report()).await.unwrap();
    let pdf = b"%PDF-1.4\n1 0 obj\n<<>>\nendobj\n%%EOF\n".to_vec();
    let a = w
        .app
        .add_evidence(&org, id, "收据.pdf", &pdf)
        .await
        .unwrap();
    let b = w
        .app
        .add_evidence(&org, id, "C:\\扫描\\收据副本.pdf", &pdf)
        .await
        .unwrap();
    assert_ne!(a, b);
    assert_eq!(
        w.count("SELECT COUNT(*) FROM evidence_blobs").await,
        1,
        "bytes kept once"
    );
    let (file, bytes) = w
        .app
        .evidence_file(&w.supervisor_officer(), id, b)
        .await
        .unwrap();
    assert_eq!(
        (file.file_name.as_str(), file.content_type.as_str()),
        ("收据副本.pdf", "application/pdf")
    );
    assert_eq!(bytes, pdf);
    assert_eq!(file.sha256.len(), 64);
    assert!(invalid(w.app.add_evidence(&org, id, "a.exe", b"MZ\x90\x00").await).contains("PDF"));
    assert!(invalid(w.app.add_evidence(&org, id, "photo.png", &pdf).await).contains(".png"));
    let huge = [
        b"%PDF-".as_slice(),
        &vec![b'x'; fupin_app::activity_editor::MAX_EVIDENCE_BYTES],
    ]
    .concat();
    assert!(invalid(w.app.add_evidence(&org, id, "big.pdf", &huge).await).contains("10 MiB"));
    assert!(matches!(
        w.app.add_evidence(&reporter(2), id, "x.pdf", &pdf).await,
        Err(AppError::NotFound)
    ));
    w.app.remove_evidence(&org, id, a).await.unwrap();
    assert_eq!(
        w.app.activity_view(&org, id).await.unwrap().evidence.len(),
        1
    );
}
