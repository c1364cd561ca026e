//! The other lists (农村低保, 特困人员, 贫困残疾人) beside the 建档立卡 registry.
//!
//! Each list is indexed exactly like the registry ([`RegistryIndex`], 32 bytes a person): its
//! members' standing is mapped onto the registry's statuses (在册 → 未脱贫, 已退出 in a year →
//! 已脱贫不再享受政策 that year, 已死亡 → 已死亡/注销 that year), and the engine words its
//! reasons for a list (module `engine`). An entry of a category that has a loaded list is looked
//! up there first and then in the registry, which records 低保 and 特困供养 households too.

use std::fmt;

use fupin_domain::{AssistanceList, ListStatus, RegistryStatus};

use crate::index::{RegistryIndex, RegistryRecord};

/// One member of an assistance list, as the store reads it.
///
/// `Debug` shows neither the name nor the hash.
#[derive(Clone, PartialEq, Eq)]
pub struct ListMember {
    /// HMAC-SHA-256 of the ID number, truncated to 128 bits.
    pub id_hash: [u8; 16],
    /// The name on the list.
    pub name: String,
    /// Standing on the list.
    pub status: ListStatus,
    /// Year the member left the list or died, if so.
    pub exit_year: Option<i32>,
    /// The 12-digit village code.
    pub village_code: String,
}

impl fmt::Debug for ListMember {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ListMember")
            .field("status", &self.status)
            .field("exit_year", &self.exit_year)
            .field("village_code", &self.village_code)
            .finish_non_exhaustive()
    }
}

impl ListMember {
    /// The member as a record of the index.
    pub fn record(&self) -> RegistryRecord {
        let (status, exit_year, status_year) = match self.status {
            ListStatus::Active => (RegistryStatus::NotLifted, None, None),
            ListStatus::Exited => (RegistryStatus::LiftedNoPolicy, self.exit_year, None),
            ListStatus::Deceased => (RegistryStatus::Deceased, None, self.exit_year),
        };
        RegistryRecord {
            id_hash: self.id_hash,
            name: self.name.clone(),
            status,
            exit_year,
            status_year,
            village_code: self.village_code.clone(),
        }
    }
}

/// What entries are verified against: the registry, and each list that has been loaded.
#[derive(Debug, Clone, Copy)]
pub struct Sources<'a> {
    registry: &'a RegistryIndex,
    lists: [Option<&'a RegistryIndex>; 3],
}

impl<'a> Sources<'a> {
    /// The registry alone (every entry is verified against it).
    pub fn registry(registry: &'a RegistryIndex) -> Self {
        Sources {
            registry,
            lists: [None; 3],
        }
    }

    /// Adds the index of `list` (an empty index counts as not loaded).
    #[must_use]
    pub fn with_list(mut self, list: AssistanceList, index: &'a RegistryIndex) -> Self {
        if let Some(slot) = self.lists.get_mut(list.index()) {
            *slot = (!index.is_empty()).then_some(index);
        }
        self
    }

    /// The registry's index.
    pub fn registry_index(&self) -> &'a RegistryIndex {
        self.registry
    }

    /// Whether any list is loaded.
    pub fn any_list(&self) -> bool {
        self.lists.iter().any(Option::is_some)
    }

    /// The index of `list`, when loaded.
    pub fn list(&self, list: AssistanceList) -> Option<&'a RegistryIndex> {
        self.lists.get(list.index()).copied().flatten()
    }
}
