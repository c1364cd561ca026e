//! A tiny browser for the HTTP tests: keeps cookies, finds the CSRF token in forms, posts forms
//! and multipart uploads through the router, and seeds accounts.

use std::collections::BTreeMap;

use axum::Router;
use axum::body::Body;
use axum::http::Request;
use fupin_app::passwords::hash_password;
use fupin_app::{App, Clock, ManualClock, PiiKeys};
use fupin_domain::{OrgLevel, Role, UnitKind};
use fupin_store::Db;
use fupin_store::units::{self, NewGovUnit};
use fupin_store::users::{self, NewUser};
use fupin_web::{WebState, router};
use http_body_util::BodyExt;
use time::OffsetDateTime;
use tower::ServiceExt;

use super::Reply;

/// The site over `db` with a clock the test moves, and its `App` for direct checks.
pub fn site_with_clock(db: Db) -> (Router, App, ManualClock) {
    let keys = PiiKeys::from_hex(&"ab".repeat(64)).unwrap();
    let start = OffsetDateTime::now_utc();
    let (clock, hand) = Clock::manual(start);
    let app = App::new(db, keys).with_clock(clock);
    (router(WebState::new(app.clone())), app, hand)
}

/// Creates an account with `roles` and returns its id.
pub async fn account(
    app: &App,
    username: &str,
    password: &str,
    organization_id: Option<i64>,
    gov_unit_id: Option<i64>,
    roles: &[Role],
) -> i64 {
    let mut tx = app.db().begin().await.unwrap();
    let id = users::insert(
        &mut tx,
        &NewUser {
            username: username.to_owned(),
            display_name: format!("测试{username}"),
            password_hash: hash_password(password).unwrap(),
            organization_id,
            gov_unit_id,
            roles: roles.to_vec(),
        },
        app.now(),
    )
    .await
    .unwrap();
    tx.commit().await.unwrap();
    id
}

/// A county-level government unit of `kind` governing `region`; returns its id.
pub async fn county_unit(app: &App, kind: UnitKind, region: &str, name: &str) -> i64 {
    let mut tx = app.db().begin().await.unwrap();
    let unit = NewGovUnit {
        kind,
        level: OrgLevel::County,
        region_code: Some(region.to_owned()),
        name: name.to_owned(),
    };
    let id = units::insert(&mut tx, &unit).await.unwrap();
    tx.commit().await.unwrap();
    id
}

/// A browser session: cookies kept between requests.
#[derive(Clone)]
pub struct Browser {
    site: Router,
    /// The client address the server sees.
    pub address: std::net::SocketAddr,
    /// Cookies by name.
    pub cookies: BTreeMap<String, String>,
}

impl Browser {
    /// A fresh browser on `site`.
    pub fn new(site: &Router) -> Browser {
        static NEXT: std::sync::atomic::AtomicU32 = std::sync::atomic::AtomicU32::new(1);
        let n = NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        Browser {
            site: site.clone(),
            address: std::net::SocketAddr::from(([10, 0, (n >> 8) as u8, n as u8], 40_000)),
            cookies: BTreeMap::new(),
        }
    }

    fn cookie_header(&self) -> String {
        self.cookies
            .iter()
            .map(|(k, v)| format!("{k}={v}"))
            .collect::<Vec<_>>()
            .join("; ")
    }

    async fn send(&mut self, mut request: Request<Body>) -> Reply {
        request
            .extensions_mut()
            .insert(axum::extract::ConnectInfo(self.address));
        let response = self.site.clone().oneshot(request).await.unwrap();
        let status = response.status();
        let headers = response.headers().clone();
        for value in headers.get_all("set-cookie") {
            let text = value.to_str().unwrap();
            let pair = text.split(';').next().unwrap();
            let (name, value) = pair.split_once('=').unwrap();
            if value.is_empty() || text.contains("Max-Age=0") {
                self.cookies.remove(name);
            } else {
                self.cookies.insert(name.to_owned(), value.to_owned());
            }
        }
        let bytes = response.into_body().collect().await.unwrap().to_bytes();
        Reply {
            status,
            headers,
            body: String::from_utf8(bytes.to_vec()).unwrap(),
        }
    }

    /// `GET uri`.
    pub async fn get(&mut self, uri: &str) -> Reply {
        let request = Request::builder()
            .uri(uri)
            .header("cookie", self.cookie_header())
            .body(Body::empty())
            .unwrap();
        self.send(request).await
    }

    /// `POST uri` with an urlencoded form, exactly as given (add `csrf` yourself, or use
    /// [`Browser::submit`]), and extra headers.
    pub async fn post(
        &mut self,
        uri: &str,
        fields: &[(&str, &str)],
        headers: &[(&str, &str)],
    ) -> Reply {
        let body = form_urlencoded::Serializer::new(String::new())
            .extend_pairs(fields)
            .finish();
        let mut request = Request::builder()
            .method("POST")
            .uri(uri)
            .header("content-type", "application/x-www-form-urlencoded")
            .header("cookie", self.cookie_header());
        for (name, value) in headers {
            request = request.header(*name, *value);
        }
        self.send(request.body(Body::from(body)).unwrap()).await
    }

    /// Loads `page` and posts `fields` to `action` with the CSRF token the page's forms carry.
    pub async fn submit(&mut self, page: &str, action: &str, fields: &[(&str, &str)]) -> Reply {
        let shown = self.get(page).await;
        let token =
            csrf_in(&shown.body).unwrap_or_else(|| panic!("no form on {page}: {}", shown.body));
        let mut all = vec![("csrf", token.as_str())];
        all.extend_from_slice(fields);
        self.post(action, &all, &[]).await
    }

    /// A multipart upload of one file in field `file` to `uri` (the CSRF token in the query).
    pub async fn upload(&mut self, uri: &str, file_name: &str, content: &[u8]) -> Reply {
        let boundary = "fupin-test-boundary";
        let mut body = format!(
            "--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{file_name}\"\r\nContent-Type: text/csv\r\n\r\n"
        )
        .into_bytes();
        body.extend_from_slice(content);
        body.extend_from_slice(format!("\r\n--{boundary}--\r\n").as_bytes());
        let request = Request::builder()
            .method("POST")
            .uri(uri)
            .header(
                "content-type",
                format!("multipart/form-data; boundary={boundary}"),
            )
            .header("cookie", self.cookie_header())
            .body(Body::from(body))
            .unwrap();
        self.send(request).await
    }

    /// Signs in with a password (the account must need no further step to be useful).
    pub async fn sign_in(&mut self, username: &str, password: &str) -> Reply {
        self.submit(
            "/sign-in",
            "/sign-in",
            &[("username", username), ("password", password)],
        )
        .await
    }
}

/// The CSRF token of the first form in `html`.
pub fn csrf_in(html: &str) -> Option<String> {
    let marker = r#"name="csrf" value=""#;
    let start = html.find(marker)? + marker.len();
    let end = html[start..].find('"')? + start;
    Some(html[start..end].to_owned())
}

/// The first match of `<span class="secret">…</span>` (a TOTP secret or one-time password).
pub fn secret_in(html: &str) -> Option<String> {
    let marker = r#"<span class="secret">"#;
    let start = html.find(marker)? + marker.len();
    let end = html[start..].find('<')? + start;
    Some(html[start..end].to_owned())
}
