//! The same workflow through the JSON API: writes need the `X-CSRF-Token` header.

use axum::Router;
use axum::body::Body;
use axum::http::Request;
use fupin_store::Db;
use http_body_util::BodyExt;
use tower::ServiceExt;

use super::support::Reply;
use super::support::browser::Browser;
use super::{signed_in, world};

fupin_store::conformance!(the_json_api_runs_the_same_workflow);

/// A JSON request through the router with the browser's cookies.
async fn json(
    site: &Router,
    browser: &Browser,
    method: &str,
    uri: &str,
    token: Option<&str>,
    body: &str,
) -> Reply {
    let cookies = browser
        .cookies
        .iter()
        .map(|(k, v)| format!("{k}={v}"))
        .collect::<Vec<_>>()
        .join("; ");
    let mut request = Request::builder()
        .method(method)
        .uri(uri)
        .header("cookie", cookies)
        .header("content-type", "application/json");
    if let Some(token) = token {
        request = request.header("x-csrf-token", token);
    }
    let mut request = request.body(Body::from(body.to_owned())).unwrap();
    request
        .extensions_mut()
        .insert(axum::extract::ConnectInfo(browser.address));
    let response = site.clone().oneshot(request).await.unwrap();
    let status = response.status();
    let headers = response.headers().clone();
    let bytes = response.into_body().collect().await.unwrap().to_bytes();
    Reply {
        status,
        headers,
        body: String::from_utf8(bytes.to_vec()).unwrap(),
    }
}

async fn token_of(site: &Router, browser: &Browser) -> String {
    let me = json(site, browser, "GET", "/api/v1/me", None, "").await;
    let value: serde_json::Value = serde_json::from_str(&me.body).unwrap();
    value["csrf_token"].as_str().unwrap().to_owned()
}

const REPORT: &str = r#"{
  "title": "API 助学项目", "field": "education", "more_fields": ["health"], "method": "project", "year": 2020,
  "actual_start": "2020-03-01",
  "locations": [{"region_code": "110101", "share_bp": 6000}, {"region_code": "110102", "share_bp": 4000}],
  "transactions": [
    {"kind": "commitment", "occurred_on": "2020-04-01", "amount_fen": 10000000, "funding_source": "donations"},
    {"kind": "expenditure", "occurred_on": "2020-05-01", "amount_fen": 12000000, "funding_source": "donations"}
  ],
  "beneficiaries": [{"category": "registered_poor", "households": 30, "persons": 100}],
  "indicators": [{"code": "jobs", "target": 20, "actual": 18}]
}"#;

async fn the_json_api_runs_the_same_workflow(db: Db) {
    let (site, _app, _) = world(&db).await;
    let org = signed_in(&site, "org.reporter").await;
    let token = token_of(&site, &org).await;
    let refused = json(&site, &org, "POST", "/api/v1/activities", None, REPORT).await;
    assert_eq!(refused.status, 403, "writes need the X-CSRF-Token header");
    let created = json(
        &site,
        &org,
        "POST",
        "/api/v1/activities",
        Some(&token),
        REPORT,
    )
    .await;
    assert_eq!(created.status, 201, "{}", created.body);
    let saved: serde_json::Value = serde_json::from_str(&created.body).unwrap();
    let id = saved["id"].as_i64().unwrap();
    assert_eq!(saved["status"], "draft");
    assert_eq!(
        saved["warnings"][0]["rule"],
        "transactions.expenditure_exceeds_commitment"
    );

    let uri = format!("/api/v1/activities/{id}");
    let changed = REPORT
        .replace("12000000", "9000000")
        .replace("6000", "7000");
    let put = json(&site, &org, "PUT", &uri, Some(&token), &changed).await;
    assert_eq!(put.status, 200, "{}", put.body);
    let submit = json(
        &site,
        &org,
        "POST",
        &format!("{uri}/submit"),
        Some(&token),
        "",
    )
    .await;
    assert_eq!(submit.status, 400, "shares of 70/40 are refused");
    assert!(submit.body.contains("110%"), "{}", submit.body);
    let fixed = REPORT.replace("12000000", "9000000");
    assert_eq!(
        json(&site, &org, "PUT", &uri, Some(&token), &fixed)
            .await
            .status,
        200
    );
    let submit = json(
        &site,
        &org,
        "POST",
        &format!("{uri}/submit"),
        Some(&token),
        "",
    )
    .await;
    assert_eq!(submit.status, 200, "{}", submit.body);

    let officer = signed_in(&site, "sup.officer").await;
    let officer_token = token_of(&site, &officer).await;
    let other = signed_in(&site, "other.reporter").await;
    let other_token = token_of(&site, &other).await;
    let outsider = json(
        &site,
        &other,
        "POST",
        &format!("{uri}/accept"),
        Some(&other_token),
        "{}",
    )
    .await;
    assert_eq!(outsider.status, 404, "outside the jurisdiction: not found");
    let accepted = json(
        &site,
        &officer,
        "POST",
        &format!("{uri}/accept"),
        Some(&officer_token),
        r#"{"publish": true}"#,
    )
    .await;
    assert_eq!(accepted.status, 200, "{}", accepted.body);
    assert!(
        accepted.body.contains(r#""status":"published""#),
        "{}",
        accepted.body
    );

    let shown = json(&site, &org, "GET", &uri, None, "").await;
    let detail: serde_json::Value = serde_json::from_str(&shown.body).unwrap();
    assert_eq!(detail["status"], "published");
    assert_eq!(
        detail["content"]["transactions"][1]["amount_fen"],
        9_000_000
    );
    assert_eq!(detail["content"]["indicators"][0]["name"], "就业人数");
    assert_eq!(detail["reviews"].as_array().unwrap().len(), 3);

    let correct = json(
        &site,
        &org,
        "POST",
        &format!("{uri}/correct"),
        Some(&token),
        r#"{"note": "受益人数更正"}"#,
    )
    .await;
    assert_eq!(correct.status, 200, "{}", correct.body);
    let v2: serde_json::Value = serde_json::from_str(&correct.body).unwrap();
    let v2_id = v2["id"].as_i64().unwrap();
    assert_ne!(v2_id, id);
    let history = json(
        &site,
        &org,
        "GET",
        &format!("/api/v1/activities/{v2_id}"),
        None,
        "",
    )
    .await;
    let history: serde_json::Value = serde_json::from_str(&history.body).unwrap();
    assert_eq!(history["version"], 2);
    assert_eq!(history["history"].as_array().unwrap().len(), 2);
    assert_eq!(history["correction_note"], "受益人数更正");
}
