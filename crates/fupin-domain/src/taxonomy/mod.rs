//! Closed vocabularies of the platform (扶贫领域, 帮扶方式, 组织类型, …).
//!
//! Every enum has a stable lowercase ASCII [`Taxonomy::code`] (what the
//! database stores and serde writes), a Chinese label (what users see and
//! `Display` prints) and an English label. [`Taxonomy::parse_label`] accepts
//! the Chinese label, a listed alias, the code or the English label, so
//! spreadsheet imports can use whichever officials typed.
//!
//! Each enum also has inherent `ALL`, `code`, `label_zh`, `label_en`,
//! `from_code` and `parse_label`, so callers need not import the trait.

mod activity_status;
mod assistance_list;
mod beneficiary_category;
mod credit_status;
mod evaluation_grade;
mod field;
mod funding_source;
mod household_attribute;
mod management_mode;
mod method;
mod org_level;
mod org_type;
mod poverty_cause;
mod registry_status;
mod role;
#[cfg(test)]
mod tests;
mod transaction_kind;
mod unit_kind;

pub use activity_status::ActivityStatus;
pub use assistance_list::{AssistanceList, ListStatus};
pub use beneficiary_category::BeneficiaryCategory;
pub use credit_status::CreditStatus;
pub use evaluation_grade::EvaluationGrade;
pub use field::Field;
pub use funding_source::FundingSource;
pub use household_attribute::HouseholdAttribute;
pub use management_mode::ManagementMode;
pub use method::Method;
pub use org_level::OrgLevel;
pub use org_type::OrgType;
pub use poverty_cause::PovertyCause;
pub use registry_status::RegistryStatus;
pub use role::Role;
pub use transaction_kind::TransactionKind;
pub use unit_kind::UnitKind;

/// A closed vocabulary with stable codes and bilingual labels.
pub trait Taxonomy: Sized + Copy + Eq + 'static {
    /// What the vocabulary is called, in Chinese (used in error messages).
    const KIND_ZH: &'static str;
    /// Every variant, in display order.
    const ALL: &'static [Self];

    /// Stable lowercase ASCII code stored in the database.
    fn code(&self) -> &'static str;
    /// Chinese label shown to users.
    fn label_zh(&self) -> &'static str;
    /// English label.
    fn label_en(&self) -> &'static str;
    /// Other Chinese spellings accepted by [`Taxonomy::parse_label`].
    fn aliases_zh(&self) -> &'static [&'static str] {
        &[]
    }

    /// The variant with exactly this code.
    fn from_code(code: &str) -> Option<Self> {
        Self::ALL.iter().copied().find(|v| v.code() == code)
    }

    /// Accepts (after trimming) the Chinese label, an alias, the code or
    /// the English label (ASCII case-insensitive for the last two).
    fn parse_label(text: &str) -> Option<Self> {
        let t = text.trim();
        Self::ALL
            .iter()
            .copied()
            .find(|v| v.label_zh() == t || v.aliases_zh().contains(&t))
            .or_else(|| {
                Self::ALL.iter().copied().find(|v| {
                    v.code().eq_ignore_ascii_case(t) || v.label_en().eq_ignore_ascii_case(t)
                })
            })
    }
}

/// A text that is not a label or code of the expected vocabulary.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("“{text}”不是有效的{kind}，可选值：{choices}")]
pub struct UnknownLabel {
    /// The vocabulary's Chinese name.
    pub kind: &'static str,
    /// The text given.
    pub text: String,
    /// The Chinese labels accepted, joined by `、`.
    pub choices: String,
}

impl UnknownLabel {
    /// Builds the error for vocabulary `T`.
    pub fn new<T: Taxonomy>(text: &str) -> Self {
        Self {
            kind: T::KIND_ZH,
            text: text.to_owned(),
            choices: T::ALL
                .iter()
                .map(Taxonomy::label_zh)
                .collect::<Vec<_>>()
                .join("、"),
        }
    }
}

/// Parses `text` as a label or code of `T`, with a specific error.
pub fn parse_or_error<T: Taxonomy>(text: &str) -> Result<T, UnknownLabel> {
    T::parse_label(text).ok_or_else(|| UnknownLabel::new::<T>(text))
}

/// Implements [`Taxonomy`], `Display` (Chinese label), `FromStr`
/// (`parse_label`), serde as the code, and inherent `from_code` /
/// `parse_label`, by forwarding to the enum's inherent `KIND_ZH`, `ALL`,
/// `code`, `label_zh`, `label_en` (and `aliases_zh` when `aliases` is given).
macro_rules! impl_taxonomy {
    ($ty:ident) => {
        $crate::taxonomy::impl_taxonomy!(@impl $ty {});
    };
    ($ty:ident, aliases) => {
        $crate::taxonomy::impl_taxonomy!(@impl $ty {
            fn aliases_zh(&self) -> &'static [&'static str] {
                <$ty>::aliases_zh(self)
            }
        });
    };
    (@impl $ty:ident { $($extra:tt)* }) => {
        impl $crate::taxonomy::Taxonomy for $ty {
            const KIND_ZH: &'static str = <$ty>::KIND_ZH;
            const ALL: &'static [Self] = <$ty>::ALL;
            fn code(&self) -> &'static str {
                <$ty>::code(self)
            }
            fn label_zh(&self) -> &'static str {
                <$ty>::label_zh(self)
            }
            fn label_en(&self) -> &'static str {
                <$ty>::label_en(self)
            }
            $($extra)*
        }

        impl $ty {
            /// The variant with exactly this database code.
            pub fn from_code(code: &str) -> Option<Self> {
                <Self as $crate::taxonomy::Taxonomy>::from_code(code)
            }

            /// Accepts the Chinese label, an alias, the code or the English label.
            pub fn parse_label(text: &str) -> Option<Self> {
                <Self as $crate::taxonomy::Taxonomy>::parse_label(text)
            }
        }

        impl ::std::fmt::Display for $ty {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(<$ty>::label_zh(self))
            }
        }

        impl ::std::str::FromStr for $ty {
            type Err = $crate::taxonomy::UnknownLabel;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                $crate::taxonomy::parse_or_error(s)
            }
        }

        impl ::serde::Serialize for $ty {
            fn serialize<S: ::serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(<$ty>::code(self))
            }
        }

        impl<'de> ::serde::Deserialize<'de> for $ty {
            fn deserialize<D: ::serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                let code = <::std::string::String as ::serde::Deserialize>::deserialize(d)?;
                <$ty>::from_code(&code).ok_or_else(|| {
                    ::serde::de::Error::custom(format!(
                        "“{}”不是有效的{}代码",
                        code,
                        <$ty>::KIND_ZH
                    ))
                })
            }
        }
    };
}

pub(crate) use impl_taxonomy;
