//! One demo account per role: an organization's reporter and administrator, officers and leaders of
//! a county 民政局, a county 扶贫开发办公室 and a provincial 扶贫开发办公室, a supervisory unit's officer,
//! and the platform's three separated administrators (系统管理员, 安全管理员, 安全审计员).
//!
//! The organization is the one with the first roster, the county that roster's county, so the demo
//! accounts see verification data. Passwords are deterministic (`Demo#2017` + the role in
//! CamelCase): demo data only.
//!
//! Given the [`App`], each account is recorded in the audit log (`account.create` by the platform
//! itself) in the transaction that creates it.

use fupin_app::passwords::hash_password;
use fupin_app::{Actor, App, AuditEvent};
use fupin_domain::Role;
use fupin_store::Db;
use fupin_store::users::{self, NewUser};
use time::OffsetDateTime;

use crate::geo::Geography;
use crate::organizations::OrgSet;
use crate::registry::RegistryPlan;
use crate::rosters::RosterPlan;
use crate::units::UnitDirectory;
use crate::{DemoAccount, DemoError};

/// Where an account works.
enum Post {
    Organization(i64),
    Unit(i64),
    Platform,
}

/// The demo password of a role: `Demo#2017OrgReporter`, `Demo#2017Officer`, ….
pub fn password(role: Role) -> String {
    let camel: String = role
        .code()
        .split('_')
        .map(|part| {
            let mut chars = part.chars();
            chars
                .next()
                .map(|c| c.to_ascii_uppercase().to_string() + chars.as_str())
                .unwrap_or_default()
        })
        .collect();
    format!("Demo#2017{camel}")
}

/// Creates the demo accounts in one transaction, audited when `audit` is given.
pub(crate) async fn create(
    db: &Db,
    audit: Option<&App>,
    geo: &Geography,
    units: &UnitDirectory,
    orgs: &OrgSet,
    plan: &RegistryPlan,
    rosters: &[RosterPlan],
) -> Result<Vec<DemoAccount>, DemoError> {
    let first = rosters.first();
    let org = orgs
        .orgs
        .get(first.map_or(0, |r| r.org_index))
        .ok_or_else(|| DemoError::Invalid("没有社会组织，无法创建演示账号".to_owned()))?;
    let county_index = first
        .and_then(|r| r.counties.first())
        .or_else(|| (!plan.counties.is_empty()).then_some(&0))
        .and_then(|&c| plan.counties.get(c))
        .map_or(0, |c| c.geo);
    let county = geo
        .counties
        .get(county_index)
        .ok_or_else(|| DemoError::MissingReference("贫困县".to_owned()))?;
    let province = &geo.provinces[county.province];
    let county_units = units.counties.get(&county.code).copied();
    let province_units = units.provinces.get(&province.code).copied();
    let supervisor = org
        .supervisor
        .or_else(|| units.national_supervisors.first().copied());
    let missing = || DemoError::Invalid("演示账号所在的政府部门不存在".to_owned());
    let county_units = county_units.ok_or_else(missing)?;
    let province_units = province_units.ok_or_else(missing)?;
    let supervisor = supervisor.ok_or_else(missing)?;

    let plan: Vec<(&str, Role, Post)> = vec![
        (
            "demo.org.reporter",
            Role::OrgReporter,
            Post::Organization(org.id),
        ),
        ("demo.org.admin", Role::OrgAdmin, Post::Organization(org.id)),
        (
            "demo.county.mz.officer",
            Role::Officer,
            Post::Unit(county_units.civil_affairs),
        ),
        (
            "demo.county.mz.leader",
            Role::Leader,
            Post::Unit(county_units.civil_affairs),
        ),
        (
            "demo.county.fp.officer",
            Role::Officer,
            Post::Unit(county_units.poverty),
        ),
        (
            "demo.county.fp.leader",
            Role::Leader,
            Post::Unit(county_units.poverty),
        ),
        (
            "demo.province.fp.officer",
            Role::Officer,
            Post::Unit(province_units.poverty),
        ),
        (
            "demo.province.fp.leader",
            Role::Leader,
            Post::Unit(province_units.poverty),
        ),
        (
            "demo.supervisor.officer",
            Role::Officer,
            Post::Unit(supervisor),
        ),
        ("demo.sysadmin", Role::SystemAdmin, Post::Platform),
        ("demo.secadmin", Role::SecurityAdmin, Post::Platform),
        ("demo.auditor", Role::Auditor, Post::Platform),
    ];
    let now = OffsetDateTime::now_utc();
    let mut tx = match audit {
        Some(app) => app.begin_audited().await?,
        None => db.begin().await?,
    };
    let system = Actor::system();
    let mut accounts = Vec::with_capacity(plan.len());
    for (username, role, post) in plan {
        let password = password(role);
        let (organization_id, gov_unit_id, unit) = match post {
            Post::Organization(id) => (Some(id), None, org.name.clone()),
            Post::Unit(id) => (None, Some(id), units.name(id)),
            Post::Platform => (None, None, "平台".to_owned()),
        };
        let user = NewUser {
            username: username.to_owned(),
            display_name: format!("演示{}（{unit}）", role.label_zh()),
            password_hash: hash_password(&password)?,
            organization_id,
            gov_unit_id,
            roles: vec![role],
        };
        let id = users::insert(&mut tx, &user, now).await?;
        if let Some(app) = audit {
            let event = AuditEvent::new("user.create", "user", id)
                .detail(format!("{username} role {}", role.code()));
            app.append_audit(&mut tx, &system, event).await?;
        }
        accounts.push(DemoAccount {
            username: username.to_owned(),
            password,
            role,
            unit,
        });
    }
    tx.commit().await?;
    Ok(accounts)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn passwords_meet_the_policy() {
        for &role in Role::ALL {
            let p = password(role);
            assert!(p.chars().count() >= 8, "{p}");
            assert!(p.chars().any(|c| c.is_ascii_uppercase()));
            assert!(p.chars().any(|c| c.is_ascii_lowercase()));
            assert!(p.chars().any(|c| c.is_ascii_digit()));
            assert!(p.chars().any(|c| !c.is_ascii_alphanumeric()));
        }
        assert_eq!(password(Role::OrgReporter), "Demo#2017OrgReporter");
    }
}
