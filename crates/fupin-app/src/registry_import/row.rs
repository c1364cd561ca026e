//! A valid row of a registry file, and the store rows it becomes.

use fupin_domain::{HouseholdAttribute, PovertyCause, RegistryStatus};
use fupin_store::registry::history::StatusState;
use fupin_store::registry::{NewHousehold, NewPerson};

use crate::ProtectedId;

/// A valid row of the file, its ID number already protected.
pub(crate) struct FileRow {
    pub household_no: String,
    /// Whether this is the first row of its household in the file (the one whose values the
    /// household takes).
    pub household_first: bool,
    pub name: String,
    pub protected: ProtectedId,
    pub relation: String,
    pub attribute: HouseholdAttribute,
    pub cause: PovertyCause,
    pub status: RegistryStatus,
    pub exit_year: Option<i32>,
    pub village: String,
}

impl FileRow {
    /// The row's state as the history records it.
    pub(crate) fn state(&self) -> StatusState {
        StatusState {
            status: self.status,
            exit_year: self.exit_year,
            village_code: self.village.clone(),
        }
    }

    /// The household this row founds, with id `id`.
    pub(crate) fn household(&self, id: i64) -> NewHousehold {
        NewHousehold {
            id,
            household_no: self.household_no.clone(),
            village_code: self.village.clone(),
            attribute: self.attribute,
            poverty_cause: self.cause,
            status: self.status,
            exit_year: self.exit_year,
        }
    }

    /// The person row, in household `household_id`.
    pub(crate) fn person(self, household_id: i64) -> NewPerson {
        NewPerson {
            household_id,
            name: self.name,
            id_hash: self.protected.hash.unwrap_or_default(),
            id_cipher: self.protected.cipher,
            id_masked: self.protected.masked,
            relation: self.relation,
            status: self.status,
            exit_year: self.exit_year,
            village_code: self.village,
        }
    }
}
