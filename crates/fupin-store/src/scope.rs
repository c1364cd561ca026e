//! Jurisdiction filters for business queries.
//!
//! The service layer decides, from the acting user, which [`Scope`] a query runs in; every query
//! over business records in this crate takes one and applies it in SQL, so lists, details, counts
//! and searches filter alike and nothing outside the scope ever leaves the database.
//!
//! Scoped statements reserve the parameters `$1`..`$4` for the scope ([`Scope::params`]); their own
//! parameters start at `$5`. The predicates are the macros below, spliced into statements with
//! `concat!` so that every statement stays one static string.

use crate::db::Value;

/// Which business records a query may touch.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Scope {
    /// Everything (national government units).
    All,
    /// Records located in the subtree of a region code (民政 and 扶贫 units below national level).
    Region(String),
    /// Organizations linked to a supervisory unit or industry department, and their records.
    Supervised(i64),
    /// One organization's own records.
    Organization(i64),
    /// Nothing (platform administrators, who touch no business data).
    Nothing,
}

impl Scope {
    /// The parameters `$1`..`$4` of a scoped statement: kind, region range low and high, id.
    pub fn params(&self) -> [Value; 4] {
        let (kind, lo, hi, id) = match self {
            Scope::All => ("all", String::new(), String::new(), 0),
            // Region codes are digit strings, so `code >= R AND code < R || ':'` is exactly the
            // codes starting with R (':' follows '9' in ASCII), and it can use an index.
            Scope::Region(prefix) => ("region", prefix.clone(), format!("{prefix}:"), 0),
            Scope::Supervised(unit) => ("unit", String::new(), String::new(), *unit),
            Scope::Organization(org) => ("org", String::new(), String::new(), *org),
            Scope::Nothing => ("none", String::new(), String::new(), 0),
        };
        [
            Value::from(kind),
            Value::from(lo),
            Value::from(hi),
            Value::from(id),
        ]
    }

    /// The scope's parameters followed by a statement's own.
    pub fn with(&self, rest: impl IntoIterator<Item = Value>) -> Vec<Value> {
        self.params().into_iter().chain(rest).collect()
    }
}

/// The organizations (alias `o`) a scope admits: domiciled in the region, linked to the unit, or
/// the organization itself.
#[macro_export]
#[doc(hidden)]
macro_rules! org_in_scope {
    () => {
        "($1 = 'all' \
          OR ($1 = 'region' AND o.region_code >= $2 AND o.region_code < $3) \
          OR ($1 = 'unit' AND EXISTS (SELECT 1 FROM supervision_links l \
                                      WHERE l.organization_id = o.id AND l.unit_id = $4)) \
          OR ($1 = 'org' AND o.id = $4))"
    };
}

/// The activities (alias `a`, its organization joined as `o`) a scope admits: those of an admitted
/// organization, and for a region also those with a location in it (a county office sees what
/// organizations from elsewhere do in its county).
#[macro_export]
#[doc(hidden)]
macro_rules! activity_in_scope {
    () => {
        concat!(
            "(",
            $crate::org_in_scope!(),
            " OR ($1 = 'region' AND EXISTS (SELECT 1 FROM activity_locations al \
               WHERE al.activity_id = a.id AND al.region_code >= $2 AND al.region_code < $3)))"
        )
    };
}

/// The registry persons (alias `p`) a scope admits: only region scopes (and all) reach the registry.
#[macro_export]
#[doc(hidden)]
macro_rules! person_in_scope {
    () => {
        "($1 = 'all' OR ($1 = 'region' AND p.village_code >= $2 AND p.village_code < $3))"
    };
}
