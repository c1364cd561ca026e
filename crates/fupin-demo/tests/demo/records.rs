//! Checks of the generated records: organizations, activities, registry, accounts.

use std::collections::{HashMap, HashSet};

use fupin_app::PiiKeys;
use fupin_app::passwords::verify_password;
use fupin_demo::DemoSummary;
use fupin_domain::{CreditCode, IdNumber, OrgLevel, OrgType, Role};
use fupin_store::Db;

use crate::count;

pub(crate) async fn check_summary(db: &Db, s: &DemoSummary) {
    assert_eq!(
        count(db, "SELECT COUNT(*) FROM organizations").await,
        s.organizations as i64
    );
    assert_eq!(
        count(db, "SELECT COUNT(*) FROM gov_units").await,
        s.gov_units as i64
    );
    assert_eq!(
        count(db, "SELECT COUNT(*) FROM activities").await,
        s.activities as i64
    );
    assert_eq!(
        count(db, "SELECT COUNT(*) FROM activity_transactions").await,
        s.transactions as i64
    );
    assert_eq!(
        count(db, "SELECT COUNT(*) FROM registry_persons").await,
        s.persons as i64
    );
    assert_eq!(
        count(db, "SELECT COUNT(*) FROM registry_households").await,
        s.households as i64
    );
    assert_eq!(
        count(db, "SELECT COUNT(*) FROM roster_entries").await,
        s.faults.entries as i64
    );
    assert_eq!(s.organizations, 160);
    assert_eq!(s.activities, 900);
    assert!((8_000..=10_000).contains(&s.persons), "{}", s.persons);
    assert!(
        (3_000..=5_000).contains(&s.faults.entries),
        "{}",
        s.faults.entries
    );
}

pub(crate) async fn check_organizations(db: &Db) {
    let rows: Vec<(String, String, String, String)> = db
        .fetch_all(
            "SELECT credit_code, org_type, level, name FROM organizations",
            &[],
        )
        .await
        .unwrap();
    let mut seen = HashSet::new();
    for (code, org_type, level, name) in &rows {
        let code = CreditCode::parse(code).unwrap_or_else(|e| panic!("{code}: {e}"));
        let org_type = OrgType::from_code(org_type).unwrap();
        assert_eq!(code.category(), org_type.credit_category());
        if level == "national" {
            assert_eq!(code.region_code(), "100000");
        }
        seen.insert((org_type, OrgLevel::from_code(level).unwrap()));
        assert!(name.chars().count() >= 6, "{name}");
    }
    assert_eq!(
        seen.len(),
        OrgType::ALL.len() * OrgLevel::ALL.len(),
        "every type at every level"
    );
    let names: HashSet<&String> = rows.iter().map(|r| &r.3).collect();
    assert_eq!(names.len(), rows.len(), "organization names are unique");
    // Registered by the authority of its own level.
    let wrong = "SELECT COUNT(*) FROM organizations o JOIN gov_units u ON u.id = o.registration_authority_id \
                 WHERE u.kind <> 'registration_authority' OR u.level <> o.level \
                 OR (o.level <> 'national' AND substr(o.region_code, 1, length(u.region_code)) <> u.region_code)";
    assert_eq!(count(db, wrong).await, 0);
    let unlinked = "SELECT COUNT(*) FROM organizations o WHERE (management_mode = 'dual_management' AND NOT EXISTS \
                    (SELECT 1 FROM supervision_links l JOIN gov_units u ON u.id = l.unit_id WHERE l.organization_id = o.id \
                    AND l.relation = 'supervisory' AND u.kind = 'supervisory_unit')) OR (management_mode = \
                    'decoupled_association' AND NOT EXISTS (SELECT 1 FROM supervision_links l JOIN gov_units u ON \
                    u.id = l.unit_id WHERE l.organization_id = o.id AND l.relation = 'industry' AND u.kind = 'industry_department'))";
    assert_eq!(count(db, unlinked).await, 0);
    assert!(
        count(
            db,
            "SELECT COUNT(*) FROM organizations WHERE management_mode = 'decoupled_association'"
        )
        .await
            > 0
    );
    assert!(
        count(
            db,
            "SELECT COUNT(*) FROM organizations WHERE credit_status <> 'normal'"
        )
        .await
            > 0
    );
    assert!(
        count(
            db,
            "SELECT COUNT(*) FROM organizations WHERE public_fundraising"
        )
        .await
            > 0
    );
}

pub(crate) async fn check_activities(db: &Db, s: &DemoSummary) {
    let bad_shares = "SELECT COUNT(*) FROM (SELECT activity_id FROM activity_locations GROUP BY activity_id \
                      HAVING SUM(share_bp) <> 10000)";
    assert_eq!(count(db, bad_shares).await, 0);
    assert_eq!(
        count(
            db,
            "SELECT COUNT(DISTINCT activity_id) FROM activity_locations"
        )
        .await,
        s.activities as i64
    );
    let outside = "SELECT COUNT(*) FROM activity_locations l JOIN regions r ON r.code = l.county_code WHERE NOT r.poor_county";
    assert_eq!(count(db, outside).await, 0);
    assert_eq!(
        count(db, "SELECT COUNT(DISTINCT field) FROM activities").await,
        13
    );
    assert_eq!(
        count(db, "SELECT COUNT(DISTINCT method) FROM activities").await,
        6
    );
    assert_eq!(
        count(db, "SELECT COUNT(DISTINCT status) FROM activities").await,
        5
    );
    assert_eq!(
        count(
            db,
            "SELECT COUNT(DISTINCT year) FROM activities WHERE year BETWEEN 2016 AND 2020"
        )
        .await,
        5
    );
    assert_eq!(
        count(
            db,
            "SELECT COUNT(DISTINCT funding_source) FROM activity_transactions"
        )
        .await,
        5
    );
    assert_eq!(
        count(
            db,
            "SELECT COUNT(DISTINCT length(region_code)) FROM activity_locations"
        )
        .await,
        3
    );
    let no_commitment = "SELECT COUNT(*) FROM activities a WHERE NOT EXISTS (SELECT 1 FROM activity_transactions t \
                         WHERE t.activity_id = a.id AND t.kind = 'commitment')";
    assert_eq!(count(db, no_commitment).await, 0);
    let overspent = "SELECT COUNT(*) FROM activities a WHERE (SELECT COALESCE(SUM(amount_fen), 0) FROM \
                     activity_transactions t WHERE t.activity_id = a.id AND t.kind = 'expenditure') > (SELECT \
                     SUM(amount_fen) FROM activity_transactions t WHERE t.activity_id = a.id AND t.kind = 'commitment')";
    assert_eq!(count(db, overspent).await, s.overspent_activities as i64);
    let online_without_filing = "SELECT COUNT(*) FROM activity_transactions WHERE funding_source = 'online_fundraising' \
                                 AND (platform IS NULL OR filing_number IS NULL)";
    assert_eq!(count(db, online_without_filing).await, 0);
    let unqualified = "SELECT COUNT(*) FROM activity_transactions t JOIN activities a ON a.id = t.activity_id JOIN \
                       organizations o ON o.id = a.organization_id WHERE t.funding_source = 'online_fundraising' \
                       AND NOT o.public_fundraising";
    assert_eq!(count(db, unqualified).await, 0);
    let volunteer =
        "SELECT COUNT(*) FROM activities WHERE field = 'volunteer' AND volunteer_hours = 0";
    assert_eq!(count(db, volunteer).await, 0);
    assert!(
        count(
            db,
            "SELECT COUNT(*) FROM activity_indicators WHERE actual IS NOT NULL"
        )
        .await
            > 0
    );
}

pub(crate) struct Person {
    pub name: String,
    pub status: String,
    pub exit_year: Option<i32>,
    pub village: String,
}

/// Every registry ID decrypts to a valid number of the person's county; returns persons by hash.
pub(crate) async fn check_registry(db: &Db, keys: &PiiKeys) -> HashMap<Vec<u8>, Person> {
    type Row = (
        i64,
        String,
        Vec<u8>,
        Vec<u8>,
        String,
        String,
        Option<i32>,
        String,
    );
    let rows: Vec<Row> = db
        .fetch_all(
            "SELECT household_id, name, id_hash, id_cipher, relation, status, exit_year, village_code \
             FROM registry_persons ORDER BY id",
            &[],
        )
        .await
        .unwrap();
    let mut heads: HashMap<i64, IdNumber> = HashMap::new();
    let mut out = HashMap::new();
    for (household, name, hash, cipher, relation, status, exit_year, village) in rows {
        let id = IdNumber::parse(&keys.reveal(&cipher).unwrap()).unwrap();
        assert_eq!(keys.id_hash(&id), hash);
        assert_eq!(
            id.region_prefix(),
            &village[..6],
            "ID region is the person's county"
        );
        let born = id.birth_date().year();
        assert!((1921..=2015).contains(&born), "{born}");
        let male = matches!(relation.as_str(), "之子" | "之父" | "之孙子");
        let female = matches!(relation.as_str(), "之女" | "之母" | "之儿媳" | "之孙女");
        assert!(
            (!male || id.is_male()) && (!female || !id.is_male()),
            "{relation}"
        );
        assert!(id.sequence() < 900, "registry sequences stay below 900");
        match relation.as_str() {
            "户主" => {
                assert!((1936..=1991).contains(&born));
                heads.insert(household, id);
            }
            "之子" | "之女" => {
                let head = heads.get(&household).unwrap();
                assert!(
                    id.birth_date().year() >= head.birth_date().year() + 19,
                    "a child is younger than the head"
                );
            }
            "之父" | "之母" => {
                let head = heads.get(&household).unwrap();
                assert!(
                    id.birth_date().year() <= head.birth_date().year() - 19,
                    "a parent is older than the head"
                );
            }
            _ => {}
        }
        assert!(fupin_domain::PersonName::parse(&name).is_ok(), "{name}");
        out.insert(
            hash,
            Person {
                name,
                status,
                exit_year,
                village,
            },
        );
    }
    let statuses = count(db, "SELECT COUNT(DISTINCT status) FROM registry_persons").await;
    assert_eq!(statuses, 5, "every registry status occurs");
    out
}

pub(crate) async fn check_accounts(db: &Db, s: &DemoSummary) {
    let roles: HashSet<Role> = s.accounts.iter().map(|a| a.role).collect();
    assert_eq!(
        roles.len(),
        Role::ALL.len(),
        "one account per role at least"
    );
    assert_eq!(
        count(db, "SELECT COUNT(*) FROM users").await,
        s.accounts.len() as i64
    );
    for account in &s.accounts {
        assert!(!account.unit.is_empty());
    }
    let first = &s.accounts[0];
    let user = fupin_store::users::by_username(db, &first.username)
        .await
        .unwrap()
        .unwrap();
    assert!(verify_password(&first.password, &user.password_hash));
    assert!(user.organization_id.is_some());
}
