//! Sign-in: passwords, the second factor, lockout and sessions.
//!
//! * A session is a random 256-bit token in an HttpOnly cookie; the database keeps its SHA-256, so
//!   a stolen copy of the database opens no session. Every sign-in makes a new one.
//! * A session passes through stages ([`Stage`]): the second factor (required for platform
//!   administrators, set up at their first sign-in), then a password change when the password was
//!   reset or is older than the policy allows, then full use.
//! * Five failures (passwords or codes) within 15 minutes lock the account for 15 minutes, during
//!   which even the right password is refused; the lock is audited.
//! * Sessions end after 30 minutes idle (15 for platform administrators) and 12 hours after sign-in.

pub mod accounts;
pub mod bulk_accounts;
pub mod first_admin;
pub mod policy;
pub mod session;
pub mod totp;

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use fupin_domain::Role;
use rand::RngCore;
use sha2::{Digest, Sha256};

/// What a session still lacks before full use.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stage {
    /// The user must enter a code from their authenticator.
    SecondFactor,
    /// The user must set up an authenticator (platform administrators, first sign-in).
    Enrol,
    /// The user must choose a new password.
    ChangePassword,
    /// Signed in.
    Full,
}

impl Stage {
    /// Stored code.
    pub fn code(self) -> &'static str {
        match self {
            Stage::SecondFactor => "totp",
            Stage::Enrol => "enrol",
            Stage::ChangePassword => "password",
            Stage::Full => "full",
        }
    }

    /// The stage with this code.
    pub fn from_code(code: &str) -> Option<Stage> {
        [
            Stage::SecondFactor,
            Stage::Enrol,
            Stage::ChangePassword,
            Stage::Full,
        ]
        .into_iter()
        .find(|s| s.code() == code)
    }
}

/// The platform administration roles, which need a second factor and a shorter idle timeout.
pub const PLATFORM_ROLES: [Role; 3] = [Role::SystemAdmin, Role::SecurityAdmin, Role::Auditor];

/// Whether any of these roles is a platform administration role.
pub fn is_platform_admin(roles: &[Role]) -> bool {
    roles.iter().any(|r| PLATFORM_ROLES.contains(r))
}

/// A fresh random token (256 bits, URL-safe base64).
pub fn random_token() -> String {
    let mut bytes = [0_u8; 32];
    rand::rng().fill_bytes(&mut bytes);
    URL_SAFE_NO_PAD.encode(bytes)
}

/// What the database keeps of a session token.
pub fn token_hash(token: &str) -> Vec<u8> {
    Sha256::digest(token.as_bytes()).to_vec()
}

/// Compares secrets without leaking where they differ.
pub fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0_u8, |acc, (x, y)| acc | (x ^ y)) == 0
}
