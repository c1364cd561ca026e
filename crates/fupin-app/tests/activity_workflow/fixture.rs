//! A small world for the workflow tests: a county 民政, a supervisory unit, a second supervisory
//! unit that supervises nobody here, three organizations, and actors for each.

use fupin_app::{Actor, Affiliation, App, PiiKeys};
use fupin_domain::activity_rules::{
    ActivityContent, Beneficiaries, Indicator, Location, Transaction,
};
use fupin_domain::{
    BeneficiaryCategory, CreditCode, Field, FundingSource, ManagementMode, Method, Money, OrgLevel,
    OrgType, RegionCode, Role, TransactionKind, UnitKind,
};
use fupin_store::Db;
use fupin_store::organizations::{self, NewOrganization};
use fupin_store::units::{self, NewGovUnit};
use time::OffsetDateTime;
use time::macros::date;

/// The seeded world.
pub struct World {
    pub app: App,
    /// County 民政 of 130125, registration authority of every organization.
    pub county_authority: i64,
    /// The 业务主管单位 of organization 1.
    pub supervisor: i64,
    /// A supervisory unit linked to no organization here.
    pub other_supervisor: i64,
}

pub async fn seed(db: &Db) -> World {
    let app = App::new(db.clone(), PiiKeys::from_hex(&"cd".repeat(64)).unwrap());
    let now = OffsetDateTime::now_utc();
    let mut tx = db.begin().await.unwrap();
    let unit = |kind, level, region: Option<&str>, name: &str| NewGovUnit {
        kind,
        level,
        region_code: region.map(str::to_owned),
        name: name.to_owned(),
    };
    let county_authority = units::insert(
        &mut tx,
        &unit(
            UnitKind::RegistrationAuthority,
            OrgLevel::County,
            Some("130125"),
            "行唐县民政局",
        ),
    )
    .await
    .unwrap();
    let supervisor = units::insert(
        &mut tx,
        &unit(
            UnitKind::SupervisoryUnit,
            OrgLevel::Provincial,
            Some("13"),
            "河北省教育厅",
        ),
    )
    .await
    .unwrap();
    let other_supervisor = units::insert(
        &mut tx,
        &unit(
            UnitKind::SupervisoryUnit,
            OrgLevel::Provincial,
            Some("13"),
            "河北省卫生健康委员会",
        ),
    )
    .await
    .unwrap();
    let rows = (1..=3_i64)
        .map(|id| {
            NewOrganization {
                id,
                credit_code: CreditCode::from_parts('5', '3', "130125", &format!("{id:08}"))
                    .unwrap(),
                name: format!("行唐县测试社会组织{id}"),
                org_type: OrgType::SocialGroup,
                level: OrgLevel::County,
                region_code: "130125".to_owned(),
                registration_authority_id: county_authority,
                management_mode: ManagementMode::DualManagement,
                legal_representative: "张三".to_owned(),
                registered_on: date!(2012 - 03 - 01),
                charity_recognized: false,
                public_fundraising: false,
                evaluation_grade: "unrated".to_owned(),
                credit_status: "normal".to_owned(),
            }
            .values(now)
        })
        .collect();
    tx.bulk_insert(organizations::TABLE, rows).await.unwrap();
    units::link(&mut tx, 1, supervisor, "supervisory")
        .await
        .unwrap();
    units::link(&mut tx, 2, other_supervisor, "industry")
        .await
        .unwrap();
    tx.commit().await.unwrap();
    World {
        app,
        county_authority,
        supervisor,
        other_supervisor,
    }
}

fn actor(name: &str, affiliation: Affiliation, roles: &[Role]) -> Actor {
    Actor {
        user_id: None,
        name: name.to_owned(),
        roles: roles.to_vec(),
        affiliation,
        source: "127.0.0.1".to_owned(),
    }
}

/// The reporter of organization `org`.
pub fn reporter(org: i64) -> Actor {
    actor(
        &format!("reporter{org}"),
        Affiliation::Organization {
            organization_id: org,
        },
        &[Role::OrgReporter],
    )
}

/// Staff of organization `org` without a role.
pub fn roleless(org: i64) -> Actor {
    actor(
        "roleless",
        Affiliation::Organization {
            organization_id: org,
        },
        &[],
    )
}

/// An officer of unit `unit_id`.
pub fn officer(unit_id: i64, kind: UnitKind, region: Option<&str>) -> Actor {
    actor(
        &format!("officer{unit_id}"),
        Affiliation::Government {
            unit_id,
            kind,
            region_code: region.map(str::to_owned),
        },
        &[Role::Officer],
    )
}

impl World {
    pub fn supervisor_officer(&self) -> Actor {
        officer(self.supervisor, UnitKind::SupervisoryUnit, Some("13"))
    }
    pub fn other_supervisor_officer(&self) -> Actor {
        officer(self.other_supervisor, UnitKind::SupervisoryUnit, Some("13"))
    }
    pub fn authority_officer(&self) -> Actor {
        officer(
            self.county_authority,
            UnitKind::RegistrationAuthority,
            Some("130125"),
        )
    }

    /// The audit actions recorded so far, with their outcomes.
    pub async fn audit(&self) -> Vec<(String, String)> {
        self.app
            .db()
            .fetch_all("SELECT action, outcome FROM audit_log ORDER BY id", &[])
            .await
            .unwrap()
    }

    pub async fn count(&self, sql: &'static str) -> i64 {
        self.app.db().fetch_i64(sql, &[]).await.unwrap()
    }
}

/// A complete report: two counties 60/40, a commitment and an expenditure, beneficiaries and an
/// indicator from the catalogue.
pub fn report() -> ActivityContent {
    let mut c = ActivityContent::new("行唐县助学项目", Field::Education, Method::Project, 2020);
    c.more_fields = vec![Field::Health];
    c.actual_start = Some(date!(2020 - 03 - 01));
    c.locations = vec![location("130125", 6000), location("130126", 4000)];
    c.transactions = vec![
        money(
            TransactionKind::Commitment,
            100_000,
            FundingSource::Donations,
        ),
        money(
            TransactionKind::Expenditure,
            80_000,
            FundingSource::Donations,
        ),
    ];
    c.beneficiaries = vec![Beneficiaries {
        category: BeneficiaryCategory::RegisteredPoor,
        households: 40,
        persons: 120,
    }];
    c.indicators = vec![Indicator {
        code: "students_supported".to_owned(),
        name: "资助学生人数".to_owned(),
        unit: "人".to_owned(),
        baseline: Some(0.0),
        target: Some(100.0),
        actual: Some(96.0),
    }];
    c
}

pub fn location(code: &str, share_bp: i32) -> Location {
    Location {
        region: RegionCode::parse(code).unwrap(),
        share_bp,
    }
}

pub fn money(kind: TransactionKind, yuan: i64, source: FundingSource) -> Transaction {
    Transaction {
        kind,
        occurred_on: date!(2020 - 04 - 01),
        amount: Money::from_fen(yuan * 100),
        funding_source: source,
        platform: None,
        filing_number: None,
        contract_number: None,
        provider: None,
        receiver: None,
        provider_org_id: None,
    }
}
