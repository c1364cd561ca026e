//! A small world for roster imports: two organizations, activities in 行唐县 (130125) in several
//! states, a few real villages of the county, and the actors who try to import.

use fupin_app::{Actor, Affiliation, App, PiiKeys};
use fupin_domain::{
    ActivityStatus, CreditCode, Field, IdNumber, ManagementMode, Method, Money, OrgLevel, OrgType,
    Role, UnitKind,
};
use fupin_store::activities::{ACTIVITIES, LOCATIONS, NewActivity, NewLocation};
use fupin_store::organizations::{self, NewOrganization};
use fupin_store::units::{self, NewGovUnit};
use fupin_store::{Db, Value};
use time::OffsetDateTime;
use time::macros::date;

/// A draft activity of organization 1, located in 行唐县.
pub const DRAFT: i64 = 10;
/// A published activity of organization 1.
pub const PUBLISHED: i64 = 11;
/// A draft activity of organization 2.
pub const OTHER_ORG: i64 = 12;
/// A returned activity of organization 1 without locations.
pub const NO_LOCATIONS: i64 = 13;

/// Real villages of 行唐县 (codes and names as in `data/regions`), plus a made-up namesake of
/// 东庄村委会 in another township for the ambiguity test.
pub const VILLAGES: [(&str, &str); 5] = [
    ("130125100209", "庄头村委会"),
    ("130125100210", "马凹村委会"),
    ("130125100229", "东庄村委会"),
    ("130125101201", "南桥村委会"),
    ("130125101299", "东庄村委会"),
];

pub fn app(db: Db) -> App {
    App::new(db, PiiKeys::from_hex(&"ab".repeat(64)).unwrap())
}

/// A valid ID number of a person born in 行唐县.
pub fn id(seq: u16) -> String {
    IdNumber::from_parts("130125", date!(1980 - 05 - 01), seq)
        .unwrap()
        .as_str()
        .to_owned()
}

/// A staff member of organization `org` with `roles`.
pub fn org_user(org: i64, roles: Vec<Role>) -> Actor {
    Actor {
        user_id: Some(100 + org),
        name: format!("org{org}-user"),
        roles,
        affiliation: Affiliation::Organization {
            organization_id: org,
        },
        source: "127.0.0.1".into(),
    }
}

/// Seeds the world.
pub async fn seed(db: &Db) {
    let now = OffsetDateTime::now_utc();
    let mut tx = db.begin().await.unwrap();
    let unit = units::insert(
        &mut tx,
        &NewGovUnit {
            kind: UnitKind::RegistrationAuthority,
            level: OrgLevel::County,
            region_code: Some("130125".into()),
            name: "行唐县民政局".into(),
        },
    )
    .await
    .unwrap();
    let orgs = (1..=2_i64)
        .map(|id| {
            NewOrganization {
                id,
                credit_code: CreditCode::from_parts('5', '3', "130125", &format!("{id:08}"))
                    .unwrap(),
                name: format!("测试社会组织{id}"),
                org_type: OrgType::SocialGroup,
                level: OrgLevel::County,
                region_code: "130125".into(),
                registration_authority_id: unit,
                management_mode: ManagementMode::DualManagement,
                legal_representative: "张三".into(),
                registered_on: date!(2012 - 03 - 01),
                charity_recognized: false,
                public_fundraising: false,
                evaluation_grade: "unrated".into(),
                credit_status: "normal".into(),
            }
            .values(now)
        })
        .collect();
    tx.bulk_insert(organizations::TABLE, orgs).await.unwrap();
    let plan = [
        (DRAFT, 1, ActivityStatus::Draft, true),
        (PUBLISHED, 1, ActivityStatus::Published, true),
        (OTHER_ORG, 2, ActivityStatus::Draft, true),
        (NO_LOCATIONS, 1, ActivityStatus::Returned, false),
    ];
    let mut activities = Vec::new();
    let mut locations = Vec::new();
    for (id, org, status, located) in plan {
        activities.push(
            NewActivity {
                id,
                organization_id: org,
                title: format!("测试项目{id}"),
                description: String::new(),
                field: Field::Education,
                method: Method::Project,
                status,
                year: 2019,
                planned_start: None,
                planned_end: None,
                actual_start: None,
                actual_end: None,
                goods_value: Money::from_fen(0),
                volunteer_hours: 0,
                published_at: (status == ActivityStatus::Published).then_some(now),
            }
            .values(now),
        );
        if located {
            locations.push(
                NewLocation {
                    activity_id: id,
                    region_code: "130125".into(),
                    share_bp: 10_000,
                }
                .values(),
            );
        }
    }
    tx.bulk_insert(ACTIVITIES, activities).await.unwrap();
    tx.bulk_insert(LOCATIONS, locations).await.unwrap();
    for (code, name) in VILLAGES {
        tx.execute(
            "INSERT INTO regions (code, name, level, parent_code, province_code, prefecture_code, \
             county_code, township_code) VALUES ($1, $2, 5, $3, '13', '1301', '130125', $3)",
            &[
                Value::from(code),
                Value::from(name),
                Value::from(&code[..9]),
            ],
        )
        .await
        .unwrap();
    }
    tx.commit().await.unwrap();
}

/// Roster entries of an activity.
pub async fn count(db: &Db, activity: i64) -> i64 {
    fupin_store::rosters::count_for_activity(db, activity)
        .await
        .unwrap()
}

/// `(name, village_code, aid_fen, service_date)` of each entry of `DRAFT`, by row.
pub async fn entries(db: &Db) -> Vec<(String, Option<String>, i64, String)> {
    let rows: Vec<(String, Option<String>, i64, time::Date)> = db
        .fetch_all(
            "SELECT name, village_code, aid_fen, service_date FROM roster_entries \
             WHERE activity_id = $1 ORDER BY row_no",
            &[Value::from(DRAFT)],
        )
        .await
        .unwrap();
    rows.into_iter()
        .map(|(n, v, a, d)| (n, v, a, d.to_string()))
        .collect()
}

/// The import audit entries: (outcome, detail).
pub async fn audit(db: &Db) -> Vec<(String, String)> {
    db.fetch_all(
        "SELECT outcome, detail FROM audit_log WHERE action = 'roster.import' ORDER BY id",
        &[],
    )
    .await
    .unwrap()
}
