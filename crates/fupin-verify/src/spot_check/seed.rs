//! The published seed of a draw.

use std::fmt;
use std::str::FromStr;

use sha2::{Digest, Sha256};

/// The 32-byte seed of a draw, published with the frame so anyone can recompute it; written as
/// 64 lowercase hexadecimal digits.
///
/// An official may choose it as a phrase announced in advance ([`Seed::from_phrase`]) or as
/// 64 digits drawn in public (dice, a lottery result), read with [`str::parse`].
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Seed([u8; 32]);

impl Seed {
    /// The seed with these bytes.
    pub const fn from_bytes(bytes: [u8; 32]) -> Self {
        Self(bytes)
    }

    /// The SHA-256 of the phrase's UTF-8 bytes, exactly as given (no trimming, no
    /// normalization): `Seed::from_phrase("2026年第1轮")`.
    pub fn from_phrase(phrase: &str) -> Self {
        Self(Sha256::digest(phrase.as_bytes()).into())
    }

    /// The seed's bytes.
    pub const fn as_bytes(&self) -> &[u8; 32] {
        &self.0
    }

    /// 64 lowercase hexadecimal digits (the same as `to_string`).
    pub fn to_hex(&self) -> String {
        crate::hex::encode(&self.0)
    }
}

impl fmt::Display for Seed {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.to_hex())
    }
}

impl fmt::Debug for Seed {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Seed({})", self.to_hex())
    }
}

/// A seed that is not 64 hexadecimal digits.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("随机种子应为64位十六进制数字（0–9、a–f）")]
pub struct SeedError;

impl FromStr for Seed {
    type Err = SeedError;

    /// Exactly 64 hexadecimal digits, either case, surrounding spaces ignored.
    fn from_str(text: &str) -> Result<Self, Self::Err> {
        crate::hex::decode_32(text.trim())
            .map(Self)
            .ok_or(SeedError)
    }
}
