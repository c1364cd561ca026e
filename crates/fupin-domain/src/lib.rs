//! Fupin's domain: the types, vocabularies and rules of the platform, with no I/O.
//!
//! Every type validates on construction and refuses bad input with a specific message in
//! Simplified Chinese that says what is wrong (e.g. which check character was expected):
//!
//! * [`IdNumber`] — 居民身份证号码 (GB 11643), masked for display.
//! * [`CreditCode`] — 统一社会信用代码 (GB 32100, with the GB 11714 organization code inside).
//! * [`RegionCode`] — 行政区划代码 (GB/T 2260 and NBS codes below county level); [`PoorCounty`].
//! * [`Money`] — integer fen, parsed the way officials type amounts.
//! * [`PersonName`] — a beneficiary's name, masked for display (`张*`, `欧阳*`).
//! * the taxonomies of the brief in [`taxonomy`], behind the [`Taxonomy`] trait.

pub mod credit_code;
pub mod id_number;
pub mod money;
pub mod person_name;
pub mod province;
pub mod region;
pub mod region_code;
pub mod taxonomy;
mod text;

pub use credit_code::{CreditCode, CreditCodeError};
pub use id_number::{IdNumber, IdNumberError};
pub use money::{Money, MoneyError};
pub use person_name::{PersonName, PersonNameError};
pub use region::{PoorCounty, PoorCountyError};
pub use region_code::{RegionCode, RegionCodeError, RegionLevel};
pub use taxonomy::{
    ActivityStatus, BeneficiaryCategory, CreditStatus, EvaluationGrade, Field, FundingSource,
    HouseholdAttribute, ManagementMode, Method, OrgLevel, OrgType, PovertyCause, RegistryStatus,
    Role, Taxonomy, TransactionKind, UnitKind,
};
