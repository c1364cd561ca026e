//! Jurisdiction: which business records an actor may read and change.
//!
//! | who | business records | registry |
//! |---|---|---|
//! | national 民政 / 扶贫 unit | all | all |
//! | 民政 / 扶贫 unit of a region | organizations domiciled in the region, activities of those or located there | persons living there |
//! | 业务主管单位, 行业管理部门 | organizations linked to the unit and their activities | none |
//! | organization staff | their own organization and its activities | none |
//! | platform administrators, the public, users without a business role | none | none |
//!
//! Government staff need the officer or leader role, organization staff the reporter or admin
//! role. The scope is applied in SQL by `fupin-store` ([`Scope`]); a record outside it is reported
//! as not found (404), never partially shown.

use fupin_domain::{Role, UnitKind};
use fupin_store::Scope;

use crate::{Actor, Affiliation};

impl Actor {
    /// The business records (organizations, activities, rosters) this actor may see.
    pub fn scope(&self) -> Scope {
        match &self.affiliation {
            Affiliation::Organization { organization_id }
                if self.has_role(Role::OrgReporter) || self.has_role(Role::OrgAdmin) =>
            {
                Scope::Organization(*organization_id)
            }
            Affiliation::Government {
                unit_id,
                kind,
                region_code,
            } if self.is_government_staff() => match kind {
                UnitKind::RegistrationAuthority | UnitKind::PovertyOffice => {
                    region_scope(region_code.as_deref())
                }
                UnitKind::SupervisoryUnit | UnitKind::IndustryDepartment => {
                    Scope::Supervised(*unit_id)
                }
            },
            _ => Scope::Nothing,
        }
    }

    /// The 建档立卡 registry persons this actor may see: 民政 and 扶贫 staff, in their region.
    pub fn registry_scope(&self) -> Scope {
        match &self.affiliation {
            Affiliation::Government {
                kind: UnitKind::RegistrationAuthority | UnitKind::PovertyOffice,
                region_code,
                ..
            } if self.is_government_staff() => region_scope(region_code.as_deref()),
            _ => Scope::Nothing,
        }
    }

    /// Whether the actor works for a government unit as officer or leader.
    pub fn is_government_staff(&self) -> bool {
        matches!(self.affiliation, Affiliation::Government { .. })
            && (self.has_role(Role::Officer) || self.has_role(Role::Leader))
    }

    /// The kind of government unit the actor works for, if they are its staff.
    pub fn unit_kind(&self) -> Option<UnitKind> {
        match &self.affiliation {
            Affiliation::Government { kind, .. } if self.is_government_staff() => Some(*kind),
            _ => None,
        }
    }
}

fn region_scope(region_code: Option<&str>) -> Scope {
    match region_code {
        None => Scope::All,
        Some(code) => Scope::Region(code.to_owned()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn government(kind: UnitKind, region: Option<&str>, roles: &[Role]) -> Actor {
        Actor {
            user_id: Some(1),
            name: "t".to_owned(),
            roles: roles.to_vec(),
            affiliation: Affiliation::Government {
                unit_id: 7,
                kind,
                region_code: region.map(str::to_owned),
            },
            source: String::new(),
        }
    }

    #[test]
    fn scopes_follow_unit_kind_region_and_role() {
        let county = government(UnitKind::PovertyOffice, Some("130102"), &[Role::Officer]);
        assert_eq!(county.scope(), Scope::Region("130102".to_owned()));
        assert_eq!(county.registry_scope(), Scope::Region("130102".to_owned()));
        let national = government(UnitKind::RegistrationAuthority, None, &[Role::Leader]);
        assert_eq!(national.scope(), Scope::All);
        let supervisor = government(UnitKind::SupervisoryUnit, Some("13"), &[Role::Officer]);
        assert_eq!(supervisor.scope(), Scope::Supervised(7));
        assert_eq!(supervisor.registry_scope(), Scope::Nothing);
        let no_role = government(UnitKind::PovertyOffice, None, &[]);
        assert_eq!(no_role.scope(), Scope::Nothing);
        let admin = Actor {
            roles: vec![Role::SystemAdmin],
            affiliation: Affiliation::Platform,
            ..Actor::public()
        };
        assert_eq!(admin.scope(), Scope::Nothing);
        assert_eq!(Actor::public().scope(), Scope::Nothing);
    }
}
