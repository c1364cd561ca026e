//! The actors of the jurisdiction test: every affiliation with sensible and senseless role sets.

use fupin_app::{Actor, Affiliation};
use fupin_domain::{Role, UnitKind};

use super::world::{Unit, World};

impl World {
    /// Every kind of actor the platform has, with sensible and senseless role sets.
    pub fn actors(&self) -> Vec<Actor> {
        let actor = |affiliation: Affiliation, roles: &[Role]| Actor {
            user_id: Some(7),
            name: "tester".into(),
            roles: roles.to_vec(),
            affiliation,
            source: "127.0.0.1".into(),
        };
        let mut all = vec![
            Actor::public(),
            Actor::public_at("10.0.0.9"),
            Actor::system(),
            actor(Affiliation::Platform, &[Role::SystemAdmin]),
            actor(Affiliation::Platform, &[Role::SecurityAdmin]),
            actor(Affiliation::Platform, &[Role::Auditor]),
            actor(Affiliation::Platform, &[Role::Officer, Role::Leader]),
            actor(Affiliation::Public, &[Role::Officer, Role::OrgAdmin]),
        ];
        let org_roles: [&[Role]; 6] = [
            &[],
            &[Role::OrgReporter],
            &[Role::OrgAdmin],
            &[Role::Officer],
            &[Role::Leader, Role::SystemAdmin],
            &[Role::OrgReporter, Role::Officer],
        ];
        for org in self.orgs.keys().copied().chain([0, 999]) {
            for roles in org_roles {
                let affiliation = Affiliation::Organization {
                    organization_id: org,
                };
                all.push(actor(affiliation, roles));
            }
        }
        let unit_roles: [&[Role]; 6] = [
            &[],
            &[Role::Officer],
            &[Role::Leader],
            &[Role::OrgAdmin, Role::OrgReporter],
            &[Role::Auditor, Role::SystemAdmin],
            &[Role::Officer, Role::SecurityAdmin],
        ];
        let ghost = Unit {
            id: 9_999,
            kind: UnitKind::SupervisoryUnit,
            region: None,
        };
        for unit in self.units.iter().chain([&ghost]) {
            for roles in unit_roles {
                let affiliation = Affiliation::Government {
                    unit_id: unit.id,
                    kind: unit.kind,
                    region_code: unit.region.clone(),
                };
                all.push(actor(affiliation, roles));
            }
        }
        all
    }
}
