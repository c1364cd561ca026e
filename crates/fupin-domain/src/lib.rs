//! Fupin domain: the value types, vocabularies and rules of the
//! poverty-alleviation information platform for social organizations
//! (国开发〔2017〕12号). Pure code: no I/O, no clock, no randomness.
//!
//! - [`IdNumber`] — 居民身份证号码 (GB 11643), masked in `Display`/`Debug`.
//! - [`CreditCode`] — 统一社会信用代码 (GB 32100).
//! - [`RegionCode`] / [`RegionLevel`] — GB/T 2260 + NBS region codes;
//!   [`PoorCounty`] — the 832 national poor counties with exit year.
//! - [`Money`] — amounts in integer fen, with a forgiving parser.
//! - [`PersonName`] — a beneficiary's name, masked in `Display`/`Debug`.
//! - [`taxonomy`] — closed vocabularies ([`Field`], [`Method`], …) behind
//!   the [`Taxonomy`] trait.
//!
//! Error messages (`Display` of the error types) are in Simplified Chinese
//! and name what exactly is wrong, so they can be shown to users as is.
//!
//! ```
//! use fupin_domain::{CreditCode, IdNumber, Money, OrgType, RegionCode, Taxonomy};
//!
//! let id = IdNumber::parse("11010519491231002x")?;
//! assert_eq!(id.to_string(), "1101**********002X");
//!
//! let code = CreditCode::from_parts('5', '3', "110000", "50001234")?;
//! assert_eq!(code.social_org_kind(), Some(OrgType::Foundation));
//!
//! assert_eq!(Money::parse("1.2万元")?.to_string(), "¥12,000.00");
//! assert_eq!(RegionCode::from_padded("130102000000")?.as_str(), "130102");
//! assert_eq!(OrgType::parse_label("民办非企业单位"), Some(OrgType::SocialServiceAgency));
//! assert_eq!(<OrgType as Taxonomy>::ALL.len(), 4);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

pub mod activity_rules;
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
    ActivityStatus, AssistanceList, BeneficiaryCategory, CreditStatus, EvaluationGrade, Field,
    FundingSource, HouseholdAttribute, ListStatus, ManagementMode, Method, OrgLevel, OrgType,
    PovertyCause, RegistryStatus, Role, Taxonomy, TransactionKind, UnitKind, UnknownLabel,
};
