//! 评估等级: a social organization's evaluation grade (1A–5A).

/// 评估等级: a social organization's evaluation grade (1A–5A).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum EvaluationGrade {
    /// 未评估 — sorts below 1A.
    Unrated,
    /// 1A — Grade 1A.
    A1,
    /// 2A — Grade 2A.
    A2,
    /// 3A — Grade 3A.
    A3,
    /// 4A — Grade 4A.
    A4,
    /// 5A — Grade 5A.
    A5,
}

impl EvaluationGrade {
    /// What this vocabulary is called.
    pub const KIND_ZH: &str = "评估等级";

    /// Every variant, in display order.
    pub const ALL: &[Self] = &[
        Self::Unrated,
        Self::A1,
        Self::A2,
        Self::A3,
        Self::A4,
        Self::A5,
    ];

    /// Stable lowercase ASCII code stored in the database.
    pub const fn code(&self) -> &'static str {
        match self {
            Self::Unrated => "unrated",
            Self::A1 => "1a",
            Self::A2 => "2a",
            Self::A3 => "3a",
            Self::A4 => "4a",
            Self::A5 => "5a",
        }
    }

    /// Chinese label shown to users.
    pub const fn label_zh(&self) -> &'static str {
        match self {
            Self::Unrated => "未评估",
            Self::A1 => "1A",
            Self::A2 => "2A",
            Self::A3 => "3A",
            Self::A4 => "4A",
            Self::A5 => "5A",
        }
    }

    /// English label.
    pub const fn label_en(&self) -> &'static str {
        match self {
            Self::Unrated => "Not evaluated",
            Self::A1 => "Grade 1A",
            Self::A2 => "Grade 2A",
            Self::A3 => "Grade 3A",
            Self::A4 => "Grade 4A",
            Self::A5 => "Grade 5A",
        }
    }

    /// Other Chinese spellings accepted when parsing.
    pub const fn aliases_zh(&self) -> &'static [&'static str] {
        match self {
            Self::Unrated => &["未评级", "无"],
            Self::A1 => &["1A级", "A"],
            Self::A2 => &["2A级", "AA"],
            Self::A3 => &["3A级", "AAA"],
            Self::A4 => &["4A级", "AAAA"],
            Self::A5 => &["5A级", "AAAAA"],
        }
    }

    /// The number of A's (1–5), `None` when unrated.
    pub const fn stars(&self) -> Option<u8> {
        match self {
            Self::A1 => Some(1),
            Self::A2 => Some(2),
            Self::A3 => Some(3),
            Self::A4 => Some(4),
            Self::A5 => Some(5),
            Self::Unrated => None,
        }
    }
}

crate::taxonomy::impl_taxonomy!(EvaluationGrade, aliases);
