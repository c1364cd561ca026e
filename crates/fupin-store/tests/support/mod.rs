//! Builders shared by the store tests.

#![allow(dead_code)]

pub mod rollups;

use fupin_domain::{
    CreditCode, HouseholdAttribute, ManagementMode, OrgLevel, OrgType, PovertyCause, RegistryStatus,
};
use fupin_store::Tx;
use fupin_store::organizations::{self, NewOrganization};
use fupin_store::registry::{self, NewHousehold, NewPerson};
use time::OffsetDateTime;
use time::macros::{date, datetime};

/// A fixed "now", so rows compare equal across runs.
pub fn now() -> OffsetDateTime {
    datetime!(2026-11-28 08:00:00 UTC)
}

/// A valid credit code for a 河北 social-service agency, distinct per `n`.
pub fn credit_code(n: i64) -> CreditCode {
    CreditCode::from_parts('5', '2', "130125", &format!("{:08}", 10_000_000 + n)).unwrap()
}

pub fn new_org(id: i64, authority: i64) -> NewOrganization {
    NewOrganization {
        id,
        credit_code: credit_code(id),
        name: format!("行唐县助学服务中心{id}"),
        org_type: OrgType::SocialServiceAgency,
        level: OrgLevel::County,
        region_code: "130125".into(),
        registration_authority_id: authority,
        management_mode: ManagementMode::DirectRegistration,
        legal_representative: "王明".into(),
        registered_on: date!(2010 - 03 - 15),
        charity_recognized: true,
        public_fundraising: true,
        evaluation_grade: "4a".into(),
        credit_status: "normal".into(),
    }
}

/// Inserts an organization with id `id`; returns the id.
pub async fn insert_org(tx: &mut Tx, id: i64, authority: i64) -> i64 {
    let org = new_org(id, authority);
    tx.bulk_insert(organizations::TABLE, vec![org.values(now())])
        .await
        .unwrap();
    id
}

pub fn person_row(household_id: i64, id_hash: Vec<u8>) -> NewPerson {
    NewPerson {
        household_id,
        name: "李四".into(),
        id_hash,
        id_cipher: vec![9; 46],
        id_masked: "1301**********0011".into(),
        relation: "户主".into(),
        status: RegistryStatus::LiftedWithPolicy,
        exit_year: Some(2018),
        village_code: "130125100201".into(),
    }
}

/// A household (id 1) in 行唐县 with one member whose keyed hash is `id_hash`.
pub async fn insert_household_with_person(tx: &mut Tx, id_hash: Vec<u8>) {
    let household = NewHousehold {
        id: 1,
        household_no: "1301250001".into(),
        village_code: "130125100201".into(),
        attribute: HouseholdAttribute::General,
        poverty_cause: PovertyCause::Illness,
        status: RegistryStatus::LiftedWithPolicy,
        exit_year: Some(2018),
    };
    tx.bulk_insert(registry::HOUSEHOLDS, vec![household.values()])
        .await
        .unwrap();
    tx.bulk_insert(registry::PERSONS, vec![person_row(1, id_hash).values()])
        .await
        .unwrap();
}
