#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
//! Spot checks through the router, on SQLite and PostgreSQL: a county officer finds the page,
//! draws a round with the form (303 to the round), sees its seed, digest and selection, recomputes
//! it, downloads the frame file, records a finding with an evidence file; a draw over another
//! county is refused and a faulty form is shown again with its problem, neither storing
//! anything; the organization sees the finding on its record and no spot-check pages.

mod support;

use axum::Router;
use axum::body::Body;
use axum::http::Request;
use fupin_domain::{Role, UnitKind};
use fupin_store::Db;
use http_body_util::BodyExt;
use support::browser::{Browser, account, county_unit, csrf_in, site_with_clock};
use support::{Reply, seed};
use tower::ServiceExt;

const PASSWORD: &str = "Fupin#2017test";

fupin_store::conformance!(a_county_officer_draws_and_records_findings_from_the_workspace);

async fn signed_in(site: &Router, username: &str) -> Browser {
    let mut browser = Browser::new(site);
    let reply = browser.sign_in(username, PASSWORD).await;
    assert_eq!(reply.status, 303, "{username}: {}", reply.body);
    browser
}

async fn rounds(db: &Db) -> i64 {
    db.fetch_i64("SELECT COUNT(*) FROM spot_check_rounds", &[])
        .await
        .unwrap()
}

/// A multipart form with text fields and one file in `file`, posted as `browser`.
async fn post_multipart(
    site: &Router,
    browser: &Browser,
    uri: &str,
    fields: &[(&str, &str)],
    file: (&str, &[u8]),
) -> Reply {
    let boundary = "fupin-spot-check-boundary";
    let mut body = Vec::new();
    for (name, value) in fields {
        body.extend_from_slice(
            format!(
                "--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n"
            )
            .as_bytes(),
        );
    }
    body.extend_from_slice(
        format!(
            "--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{}\"\r\nContent-Type: application/octet-stream\r\n\r\n",
            file.0
        )
        .as_bytes(),
    );
    body.extend_from_slice(file.1);
    body.extend_from_slice(format!("\r\n--{boundary}--\r\n").as_bytes());
    let request = Request::builder()
        .method("POST")
        .uri(uri)
        .header(
            "content-type",
            format!("multipart/form-data; boundary={boundary}"),
        )
        .body(Body::from(body))
        .unwrap();
    let (reply, _) = send(site, browser, request).await;
    reply
}

/// Sends `request` with the browser's cookies and address; the body also as bytes (a download
/// need not be text).
async fn send(site: &Router, browser: &Browser, mut request: Request<Body>) -> (Reply, Vec<u8>) {
    let cookies: Vec<String> = browser
        .cookies
        .iter()
        .map(|(k, v)| format!("{k}={v}"))
        .collect();
    request
        .headers_mut()
        .insert("cookie", cookies.join("; ").parse().unwrap());
    request
        .extensions_mut()
        .insert(axum::extract::ConnectInfo(browser.address));
    let response = site.clone().oneshot(request).await.unwrap();
    let status = response.status();
    let headers = response.headers().clone();
    let bytes = response.into_body().collect().await.unwrap().to_bytes();
    let reply = Reply {
        status,
        headers,
        body: String::from_utf8_lossy(&bytes).into_owned(),
    };
    (reply, bytes.to_vec())
}

fn draw_fields<'a>(name: &'a str, region: &'a str, seed: &'a str) -> Vec<(&'a str, &'a str)> {
    vec![
        ("name", name),
        ("region", region),
        ("unit_id", ""),
        ("year", ""),
        ("field", ""),
        ("size", "1"),
        ("strata", "county"),
        ("seed", seed),
        ("w_low_verified_share", "1000"),
        ("w_per_anomaly", "1000"),
        ("w_max_anomalies", "3"),
        ("w_per_complaint", "500"),
        ("w_max_complaints", "4"),
        ("w_new_organization", ""),
    ]
}

async fn a_county_officer_draws_and_records_findings_from_the_workspace(db: Db) {
    let (site, app, _) = site_with_clock(db.clone());
    seed(&db).await;
    let office = county_unit(&app, UnitKind::PovertyOffice, "130125", "行唐县扶贫办").await;
    account(
        &app,
        "officer",
        PASSWORD,
        None,
        Some(office),
        &[Role::Officer],
    )
    .await;
    account(
        &app,
        "reporter",
        PASSWORD,
        Some(1),
        None,
        &[Role::OrgReporter],
    )
    .await;
    let mut officer = signed_in(&site, "officer").await;

    let home = officer.get("/workspace").await;
    assert!(
        home.body.contains("href=\"/workspace/spot-checks\""),
        "{}",
        home.body
    );
    let page = officer.get("/workspace/spot-checks").await;
    assert_eq!(page.status, 200, "{}", page.body);
    assert!(page.body.contains("新一轮抽查") && page.body.contains("投诉数据尚未接入"));

    let seed_phrase = "2020年第1轮";
    let fields = draw_fields("行唐县2020年第1轮", "", seed_phrase);
    let done = officer
        .submit("/workspace/spot-checks", "/workspace/spot-checks", &fields)
        .await;
    assert_eq!(done.status, 303, "{}", done.body);
    let location = done.header("location").to_owned();
    assert!(location.ends_with("?done=drawn"), "{location}");
    let round = officer.get(&location).await;
    assert_eq!(round.status, 200, "{}", round.body);
    let digest: (String, String) = db
        .fetch_one("SELECT seed, frame_digest FROM spot_check_rounds", &[])
        .await
        .unwrap();
    assert!(round.body.contains(&digest.0), "the seed is shown");
    assert!(round.body.contains(&digest.1), "the frame digest is shown");
    assert!(round.body.contains("已抽取"));
    assert!(
        round
            .body
            .contains("href=\"/workspace/activities/1\">测试项目1</a>"),
        "the only published activity of 行唐县: {}",
        round.body
    );
    assert!(
        !round.body.contains("测试项目2"),
        "another county's activity"
    );

    let base = location.trim_end_matches("?done=drawn").to_owned();
    let checked = officer.get(&format!("{base}?recompute=1")).await;
    assert!(checked.body.contains("重新计算一致"), "{}", checked.body);
    let frame = officer.get(&format!("{base}/frame.csv")).await;
    assert_eq!(frame.status, 200);
    assert_eq!(frame.body, "1,130125,2000\n");
    assert!(frame.header("content-type").starts_with("text/csv"));

    let before = rounds(&db).await;
    let elsewhere = draw_fields("越权", "110101", seed_phrase);
    let refused = officer
        .submit(
            "/workspace/spot-checks",
            "/workspace/spot-checks",
            &elsewhere,
        )
        .await;
    assert_eq!(refused.status, 403, "{}", refused.body);
    let faulty = draw_fields("无种子", "", "");
    let shown = officer
        .submit("/workspace/spot-checks", "/workspace/spot-checks", &faulty)
        .await;
    assert_eq!(shown.status, 400, "{}", shown.body);
    assert!(shown.body.contains("请填写随机种子"), "{}", shown.body);
    assert!(
        shown.body.contains("value=\"无种子\""),
        "the form keeps what was typed"
    );
    assert_eq!(rounds(&db).await, before, "nothing stored");

    let token = csrf_in(&round.body).unwrap();
    let action = format!("{base}/findings?csrf={token}");
    let png = [
        &[0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A][..],
        b"photo",
    ]
    .concat();
    let fields = [
        ("activity_id", "1"),
        ("outcome", "minor"),
        ("note", "台账缺少签收记录"),
    ];
    let recorded = post_multipart(&site, &officer, &action, &fields, ("现场.png", &png)).await;
    assert_eq!(recorded.status, 303, "{}", recorded.body);
    let not_drawn = [("activity_id", "2"), ("outcome", "minor"), ("note", "x")];
    let refused = post_multipart(&site, &officer, &action, &not_drawn, ("a.png", &png)).await;
    assert_eq!(refused.status, 400, "{}", refused.body);
    assert!(refused.body.contains("不在本轮抽中的名单中"));
    let round = officer.get(&base).await;
    assert!(round.body.contains("台账缺少签收记录") && round.body.contains("存在一般问题"));
    let finding: i64 = db
        .fetch_i64("SELECT id FROM spot_check_findings", &[])
        .await
        .unwrap();
    let request = Request::builder()
        .uri(format!("{base}/findings/{finding}/evidence"))
        .body(Body::empty())
        .unwrap();
    let (evidence, bytes) = send(&site, &officer, request).await;
    assert_eq!(evidence.status, 200);
    assert_eq!(evidence.header("content-type"), "image/png");
    assert_eq!(bytes, png);

    let mut reporter = signed_in(&site, "reporter").await;
    let home = reporter.get("/workspace").await;
    assert!(!home.body.contains("/workspace/spot-checks"));
    assert_eq!(reporter.get("/workspace/spot-checks").await.status, 403);
    assert_eq!(reporter.get(&base).await.status, 404);
    let own = reporter.get("/workspace/organizations/1").await;
    assert_eq!(own.status, 200, "{}", own.body);
    assert!(own.body.contains("台账缺少签收记录"), "{}", own.body);
}
