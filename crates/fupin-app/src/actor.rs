//! Who is acting, and what they may see.
//!
//! Every service call takes an [`Actor`]: the web layer builds it from the session (see
//! [`crate::auth`]), the command line uses [`Actor::system`].

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
    /// Where the request came from (client address, or `cli`), for the audit log.
    pub source: String,
}

impl Actor {
    /// The anonymous public.
    pub fn public() -> Actor {
        Actor {
            user_id: None,
            name: "anonymous".to_owned(),
            roles: Vec::new(),
            affiliation: Affiliation::Public,
            source: String::new(),
        }
    }

    /// The anonymous public at a client address.
    pub fn public_at(source: &str) -> Actor {
        Actor {
            source: source.to_owned(),
            ..Actor::public()
        }
    }

    /// The platform itself (command-line maintenance run by the operator, demo generation): it
    /// holds every role and is recorded in the audit log as `system` from `cli`.
    pub fn system() -> Actor {
        Actor {
            user_id: None,
            name: "system".to_owned(),
            roles: Role::ALL.to_vec(),
            affiliation: Affiliation::Platform,
            source: "cli".to_owned(),
        }
    }

    /// Whether the actor holds a role.
    pub fn has_role(&self, role: Role) -> bool {
        self.roles.contains(&role)
    }
}
