#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, missing_docs)]
//! Personal data at rest, through the use cases: a planted valid ID number is imported, looked up,
//! its person viewed and the number revealed by a 扶贫 officer (who does get it in full, and the
//! reveal is audited), a mistyped and an absent number are looked up, and the same file is imported
//! again and refused. Then every byte on disk — the SQLite file, its WAL (not checkpointed) and
//! shared-memory file — and every line of a TRACE-level log of the whole session are searched:
//! none of those numbers may appear in clear, nor the beneficiary's name in the log.
//!
//! The log subscriber is the process-wide default, not a thread's: the registry parser runs on a
//! blocking thread and sqlx's SQLite connections on worker threads of their own, and a
//! thread-local subscriber would not see what they log.
//!
//! On PostgreSQL (when configured) every table of the database is read back as text, with byte
//! columns in hex, and searched the same way.

use std::fs::File;
use std::sync::Mutex;

use fupin_app::{Actor, Affiliation, App, AppError, PiiKeys};
use fupin_domain::{IdNumber, OrgLevel, Role, UnitKind};
use fupin_store::audit::{self, AuditFilter};
use fupin_store::units::{self, NewGovUnit};
use fupin_store::{ConnectOptions, Db, testing};
use time::macros::date;

const NAME: &str = "欧阳秀英";

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

fn id(birth: time::Date, sequence: u16) -> String {
    IdNumber::from_parts("130125", birth, sequence)
        .unwrap()
        .as_str()
        .to_owned()
}

/// The numbers that must never be stored or logged: the planted one, the same with one digit
/// mistyped (an invalid number an officer might type), and a valid one not in the registry.
struct Secrets {
    planted: String,
    mistyped: String,
    absent: String,
}

impl Secrets {
    fn new(sequence: u16) -> Secrets {
        let planted = id(date!(1963 - 07 - 19), sequence);
        let mut mistyped = planted.clone().into_bytes();
        mistyped[12] = if mistyped[12] == b'9' {
            b'0'
        } else {
            mistyped[12] + 1
        };
        Secrets {
            mistyped: String::from_utf8(mistyped).unwrap(),
            absent: id(date!(1971 - 02 - 03), sequence + 1),
            planted,
        }
    }

    fn all(&self) -> [&str; 3] {
        [&self.planted, &self.mistyped, &self.absent]
    }
}

fn registry_file(secrets: &Secrets) -> String {
    format!(
        "户编号,姓名,身份证号,村代码,与户主关系,户属性,主要致贫原因,脱贫状态,脱贫年度\n\
         H9,{NAME},{},130125100201,户主,一般贫困户,因病,未脱贫,\n\
         H9,欧阳建国,{},130125100201,配偶,一般贫困户,因病,未脱贫,\n",
        secrets.planted,
        id(date!(1960 - 01 - 01), 17)
    )
}

/// Imports, looks up, views and reveals as a county 扶贫 officer would; returns the person id.
async fn use_the_registry(app: &App, db: &Db, secrets: &Secrets) -> i64 {
    let system = Actor::system();
    let file = registry_file(secrets);
    let cursor = std::io::Cursor::new(file.clone().into_bytes());
    app.import_registry(&system, "planted.csv", cursor)
        .await
        .unwrap();
    let again = std::io::Cursor::new(file.into_bytes());
    let refused = app.import_registry(&system, "planted.csv", again).await;
    let report = format!(
        "{:?}",
        refused.expect_err("a second import of the same persons")
    );
    for secret in secrets.all() {
        assert!(
            !report.contains(secret),
            "the refusal repeats an ID: {report}"
        );
    }

    let mut tx = db.begin().await.unwrap();
    let unit = NewGovUnit {
        kind: UnitKind::PovertyOffice,
        level: OrgLevel::County,
        region_code: Some("130125".into()),
        name: "行唐县扶贫开发办公室".into(),
    };
    let unit_id = units::insert(&mut tx, &unit).await.unwrap();
    tx.commit().await.unwrap();
    let officer = Actor {
        user_id: Some(41),
        name: "xt.fp".into(),
        roles: vec![Role::Officer],
        affiliation: Affiliation::Government {
            unit_id,
            kind: UnitKind::PovertyOffice,
            region_code: Some("130125".into()),
        },
        source: "10.1.2.3".into(),
    };
    let found = app
        .find_registry_person(&officer, &secrets.planted)
        .await
        .unwrap();
    assert!(matches!(
        app.find_registry_person(&officer, &secrets.mistyped).await,
        Err(AppError::Invalid(_))
    ));
    assert!(matches!(
        app.find_registry_person(&officer, &secrets.absent).await,
        Err(AppError::NotFound)
    ));
    let viewed = app.registry_person(&officer, found.id).await.unwrap();
    assert_eq!(viewed.name, NAME);
    assert_eq!(
        viewed.id_masked,
        IdNumber::parse(&secrets.planted).unwrap().masked()
    );
    let full = app.reveal_registry_id(&officer, found.id).await.unwrap();
    assert_eq!(
        full, secrets.planted,
        "the officer does get the full number"
    );

    let filter = AuditFilter {
        action: "registry.reveal_id".into(),
        target_id: found.id.to_string(),
        ..AuditFilter::default()
    };
    let reveals = audit::search(db, &filter, 10, 0).await.unwrap();
    assert_eq!(reveals.len(), 1, "the reveal is audited");
    assert_eq!(
        (reveals[0].actor_name.as_str(), reveals[0].outcome.as_str()),
        ("xt.fp", "ok")
    );
    let lookups = AuditFilter {
        action: "registry.lookup".into(),
        ..AuditFilter::default()
    };
    assert_eq!(
        audit::count(db, &lookups).await.unwrap(),
        2,
        "found and absent"
    );
    assert_eq!(app.verify_audit_chain(None).await.unwrap().problem, None);
    found.id
}

fn assert_nowhere(what: &str, bytes: &[u8], secrets: &Secrets) {
    for secret in secrets.all() {
        assert!(
            !contains(bytes, secret.as_bytes()),
            "{secret} in clear in {what}"
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sqlite_file_wal_and_trace_log_hold_no_clear_id_number() {
    let dir = tempfile::tempdir().unwrap();
    let log_path = dir.path().join("trace.log");
    let log = File::create(&log_path).unwrap();
    use tracing_subscriber::util::SubscriberInitExt;
    tracing_subscriber::fmt()
        .with_max_level(tracing::Level::TRACE)
        .with_ansi(false)
        .with_thread_names(true)
        .with_writer(Mutex::new(log))
        .finish()
        .try_init()
        .unwrap();

    let file = dir.path().join("fupin.db");
    let url = format!("sqlite://{}", file.display());
    let db = Db::connect(&url, &ConnectOptions::default()).await.unwrap();
    fupin_store::migrate::run(&db).await.unwrap();
    let app = App::new(db.clone(), PiiKeys::from_hex(&"ab".repeat(64)).unwrap());
    let secrets = Secrets::new(451);
    use_the_registry(&app, &db, &secrets).await;
    tracing::info!(target: "pii_at_rest", "session over");

    let database = std::fs::read(&file).unwrap();
    let wal = std::fs::read(dir.path().join("fupin.db-wal")).unwrap_or_default();
    assert!(
        !wal.is_empty(),
        "the WAL holds the recent writes and is searched too"
    );
    let mut searched = 0;
    for entry in std::fs::read_dir(dir.path()).unwrap() {
        let path = entry.unwrap().path();
        let bytes = std::fs::read(&path).unwrap();
        assert_nowhere(&path.display().to_string(), &bytes, &secrets);
        searched += 1;
    }
    assert!(searched >= 3, "database, WAL and log searched");
    let masked = IdNumber::parse(&secrets.planted).unwrap().masked();
    assert!(
        contains(&database, masked.as_bytes()) || contains(&wal, masked.as_bytes()),
        "the search does read the stored rows: their masked form is there"
    );

    let logged = std::fs::read(&log_path).unwrap();
    assert!(
        !contains(&logged, NAME.as_bytes()),
        "the beneficiary's name in the log"
    );
    let text = String::from_utf8_lossy(&logged);
    assert!(text.contains("session over"), "the log was written");
    assert!(
        text.contains("registry_persons"),
        "statements from sqlx's own threads were captured ({} bytes)",
        logged.len()
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn postgres_tables_hold_no_clear_id_number() {
    let Some(test_db) = testing::postgres().await else {
        return;
    };
    let db = test_db.db.clone();
    let app = App::new(db.clone(), PiiKeys::from_hex(&"ab".repeat(64)).unwrap());
    let secrets = Secrets::new(623);
    use_the_registry(&app, &db, &secrets).await;

    let tables: Vec<(String,)> = db
        .fetch_all(
            "SELECT table_name::text FROM information_schema.tables \
             WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY 1",
            &[],
        )
        .await
        .unwrap();
    assert!(
        tables.iter().any(|(t,)| t == "registry_persons"),
        "{tables:?}"
    );
    let hex_of = |s: &str| hex::encode(s.as_bytes());
    for (table,) in &tables {
        // Dynamic SQL wants a 'static statement; a test may leak a few short strings.
        let sql: &'static str =
            Box::leak(format!("SELECT CAST(t AS TEXT) FROM {table} t").into_boxed_str());
        let rows: Vec<(String,)> = db.fetch_all(sql, &[]).await.unwrap();
        let text = rows
            .into_iter()
            .map(|(r,)| r)
            .collect::<Vec<_>>()
            .join("\n");
        assert_nowhere(table, text.as_bytes(), &secrets);
        for secret in secrets.all() {
            assert!(
                !text.contains(&hex_of(secret)),
                "{secret} as bytes in {table}"
            );
        }
    }
}
