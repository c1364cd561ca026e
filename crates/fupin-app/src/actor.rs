//! Who is acting, and what they may see.
//!
//! Every service call takes an [`Actor`]. The accounts issue fills in sign-in; here the shapes are
//! fixed so that every use case is written against them from the start.

use fupin_domain::{Role, UnitKind};

/// Where the acting user works.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Affiliation {
    /// Not signed in: the public.
    Public,
    /// Staff of a social organization.
    Organization {
        /// Organization id.
        organization_id: i64,
    },
    /// Staff of a government unit.
    Government {
        /// Unit id.
        unit_id: i64,
        /// Unit kind.
        kind: UnitKind,
        /// Region governed; `None` for national units.
        region_code: Option<String>,
    },
    /// Platform administration (system admin, security admin, auditor).
    Platform,
}

/// The acting user of a service call.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Actor {
    /// User id; `None` for the public and for the system itself.
    pub user_id: Option<i64>,
    /// Name for the audit log.
    pub name: String,
    /// Granted roles.
    pub roles: Vec<Role>,
    /// Where the user works.
    pub affiliation: Affiliation,
}

impl Actor {
    /// The anonymous public.
    pub fn public() -> Actor {
        Actor {
            user_id: None,
            name: "anonymous".to_owned(),
            roles: Vec::new(),
            affiliation: Affiliation::Public,
        }
    }

    /// The platform itself (command-line maintenance, demo generation).
    pub fn system() -> Actor {
        Actor {
            user_id: None,
            name: "system".to_owned(),
            roles: vec![Role::SystemAdmin],
            affiliation: Affiliation::Platform,
        }
    }

    /// Whether the actor holds a role.
    pub fn has_role(&self, role: Role) -> bool {
        self.roles.contains(&role)
    }
}
