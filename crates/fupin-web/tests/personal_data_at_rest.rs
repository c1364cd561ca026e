#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
//! A planted full ID number, imported, looked up, revealed and signed in around through the
//! router with every log level recorded, is then searched for in the database file, its WAL and
//! the log: it must appear nowhere in clear text (nor the beneficiary's name in the log).

mod support;

use std::io::Write;
use std::sync::{Arc, Mutex};

use fupin_app::{Actor, App, Clock, PiiKeys};
use fupin_domain::{IdNumber, Role, UnitKind};
use fupin_store::{ConnectOptions, Db};
use fupin_web::{WebState, router};
use support::browser::{Browser, account, county_unit};
use time::macros::date;

/// A log sink shared with the test.
#[derive(Clone, Default)]
struct Captured(Arc<Mutex<Vec<u8>>>);

impl Write for Captured {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_planted_id_number_is_nowhere_in_clear_text() {
    let log = Captured::default();
    let sink = log.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_max_level(tracing::Level::TRACE)
        .with_ansi(false)
        .with_writer(move || sink.clone())
        .finish();
    let _guard = tracing::subscriber::set_default(subscriber);

    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("fupin.db");
    let db = Db::connect(
        &format!("sqlite://{}", file.display()),
        &ConnectOptions::default(),
    )
    .await
    .unwrap();
    fupin_store::migrate::run(&db).await.unwrap();
    let keys = PiiKeys::from_hex(&"ab".repeat(64)).unwrap();
    let app = App::new(db.clone(), keys).with_clock(Clock::system());
    let site = router(WebState::new(app.clone()));

    let planted = IdNumber::from_parts("130125", date!(1963 - 07 - 19), 451).unwrap();
    let planted = planted.as_str().to_owned();
    let csv = format!(
        "户编号,姓名,身份证号,村代码,与户主关系,户属性,主要致贫原因,脱贫状态,脱贫年度\n\
         H9,欧阳秀英,{planted},130125100201,户主,一般贫困户,因病,未脱贫,\n"
    );
    app.import_registry(&Actor::system(), "planted.csv", std::io::Cursor::new(csv))
        .await
        .unwrap();

    let office = county_unit(
        &app,
        UnitKind::PovertyOffice,
        "130125",
        "行唐县扶贫开发办公室",
    )
    .await;
    account(
        &app,
        "xt.fp",
        "Fupin#2017test",
        None,
        Some(office),
        &[Role::Officer],
    )
    .await;
    let mut browser = Browser::new(&site);
    browser.sign_in("xt.fp", "Fupin#2017test").await;
    let found = browser
        .submit(
            "/workspace/registry",
            "/workspace/registry",
            &[("id_number", &planted)],
        )
        .await;
    assert_eq!(found.status, 303);
    let person = found.header("location").to_owned();
    let shown = browser
        .submit(&person, &format!("{person}/reveal"), &[])
        .await;
    assert!(
        shown.body.contains(&planted),
        "the officer does see it, once"
    );
    browser.get("/").await;
    browser.get("/workspace/organizations").await;
    let verified = app.verify_audit_chain(None).await.unwrap();
    assert!(verified.problem.is_none());
    drop(_guard);

    let needle = planted.as_bytes();
    let database = std::fs::read(&file).unwrap();
    assert!(
        !contains(&database, needle),
        "ID number in the database file"
    );
    let wal = std::fs::read(dir.path().join("fupin.db-wal")).unwrap_or_default();
    assert!(
        !wal.is_empty(),
        "the WAL holds the recent writes and is searched too"
    );
    assert!(!contains(&wal, needle), "ID number in the WAL");
    let logged = log.0.lock().unwrap().clone();
    assert!(
        logged.len() > 1_000,
        "the log was captured: {} bytes",
        logged.len()
    );
    assert!(!contains(&logged, needle), "ID number in the log");
    assert!(
        !contains(&logged, "欧阳秀英".as_bytes()),
        "beneficiary name in the log"
    );
    let masked_tail = &planted[14..];
    assert!(
        contains(&database, masked_tail.as_bytes()) || contains(&wal, masked_tail.as_bytes()),
        "only the masked form is kept in clear"
    );
}
