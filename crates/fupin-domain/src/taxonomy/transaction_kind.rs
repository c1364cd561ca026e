//! 资金流水类型: the kind of a money transaction of an activity.

/// 资金流水类型: the kind of a money transaction of an activity.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum TransactionKind {
    /// 认捐 — pledge before commitment; counts in no total.
    Pledge,
    /// 承诺 — Commitment.
    Commitment,
    /// 拨付 — Disbursement.
    Disbursement,
    /// 支出 — Expenditure.
    Expenditure,
}

impl TransactionKind {
    /// What this vocabulary is called.
    pub const KIND_ZH: &str = "资金流水类型";

    /// Every variant, in display order.
    pub const ALL: &[Self] = &[
        Self::Pledge,
        Self::Commitment,
        Self::Disbursement,
        Self::Expenditure,
    ];

    /// Stable lowercase ASCII code stored in the database.
    pub const fn code(&self) -> &'static str {
        match self {
            Self::Pledge => "pledge",
            Self::Commitment => "commitment",
            Self::Disbursement => "disbursement",
            Self::Expenditure => "expenditure",
        }
    }

    /// Chinese label shown to users.
    pub const fn label_zh(&self) -> &'static str {
        match self {
            Self::Pledge => "认捐",
            Self::Commitment => "承诺",
            Self::Disbursement => "拨付",
            Self::Expenditure => "支出",
        }
    }

    /// English label.
    pub const fn label_en(&self) -> &'static str {
        match self {
            Self::Pledge => "Pledge",
            Self::Commitment => "Commitment",
            Self::Disbursement => "Disbursement",
            Self::Expenditure => "Expenditure",
        }
    }

    /// Other Chinese spellings accepted when parsing.
    pub const fn aliases_zh(&self) -> &'static [&'static str] {
        match self {
            Self::Pledge => &["认捐(承诺前)", "认捐（承诺前）"],
            Self::Commitment => &["承诺捐赠"],
            Self::Disbursement => &[],
            Self::Expenditure => &[],
        }
    }

    /// Whether amounts of this kind count in totals (a pledge does not until
    /// it is committed).
    pub const fn counts_in_totals(&self) -> bool {
        !matches!(self, Self::Pledge)
    }
}

crate::taxonomy::impl_taxonomy!(TransactionKind, aliases);
