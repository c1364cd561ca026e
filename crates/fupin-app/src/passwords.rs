//! Password hashing: Argon2id with the OWASP-recommended parameters (19 MiB, 2 passes, 1 lane).

use argon2::password_hash::rand_core::OsRng;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::{Algorithm, Argon2, Params, Version};

use crate::AppError;

fn hasher() -> Result<Argon2<'static>, AppError> {
    let params = Params::new(19 * 1024, 2, 1, None)
        .map_err(|e| AppError::Invalid(format!("Argon2 参数无效：{e}")))?;
    Ok(Argon2::new(Algorithm::Argon2id, Version::V0x13, params))
}

/// Hashes a password into PHC string form (`$argon2id$v=19$m=19456,t=2,p=1$…`).
pub fn hash_password(password: &str) -> Result<String, AppError> {
    let salt = SaltString::generate(&mut OsRng);
    hasher()?
        .hash_password(password.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|e| AppError::Invalid(format!("密码无法处理：{e}")))
}

/// Spends the time of one verification against a hash of nothing, so that a sign-in with an
/// unknown user name takes as long as one with a wrong password.
pub fn verify_nothing(password: &str) {
    static DUMMY: std::sync::LazyLock<String> =
        std::sync::LazyLock::new(|| hash_password("fupin-dummy-password").unwrap_or_default());
    let _ = verify_password(password, &DUMMY);
}

/// A temporary password for a new or reset account: 12 characters of four classes, from an
/// alphabet without look-alikes (no 0/O, 1/l/I).
pub fn temporary_password() -> String {
    use rand::seq::IndexedRandom;
    const UPPER: &[u8] = b"ABCDEFGHJKLMNPQRSTUVWXYZ";
    const LOWER: &[u8] = b"abcdefghijkmnpqrstuvwxyz";
    const DIGIT: &[u8] = b"23456789";
    const SYMBOL: &[u8] = b"#%+=@";
    let mut rng = rand::rng();
    let pick = |set: &[u8], rng: &mut rand::rngs::ThreadRng| {
        char::from(set.choose(rng).copied().unwrap_or(b'x'))
    };
    let mut out = String::with_capacity(12);
    for set in [UPPER, LOWER, DIGIT, SYMBOL] {
        out.push(pick(set, &mut rng));
    }
    for _ in 0..8 {
        let set = [UPPER, LOWER, DIGIT]
            .choose(&mut rng)
            .copied()
            .unwrap_or(LOWER);
        out.push(pick(set, &mut rng));
    }
    out
}

/// Whether `password` matches a stored PHC hash; a malformed hash never matches.
pub fn verify_password(password: &str, phc: &str) -> bool {
    let Ok(parsed) = PasswordHash::new(phc) else {
        return false;
    };
    hasher().is_ok_and(|h| h.verify_password(password.as_bytes(), &parsed).is_ok())
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn hashes_verify_only_the_right_password() {
        let phc = hash_password("Fupin#2017").unwrap();
        assert!(phc.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"));
        assert!(verify_password("Fupin#2017", &phc));
        assert!(!verify_password("fupin#2017", &phc));
        assert!(!verify_password("Fupin#2017", "not a hash"));
    }
}
