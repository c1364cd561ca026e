//! Time-based one-time passwords (RFC 6238 over RFC 4226 HOTP): 6 digits, 30-second steps,
//! HMAC-SHA1, as every authenticator app expects.

use hmac::{Hmac, Mac};
use rand::RngCore;
use sha1::Sha1;

/// Seconds per step.
pub const STEP_SECONDS: i64 = 30;

/// A fresh 160-bit secret.
pub fn generate_secret() -> Vec<u8> {
    let mut secret = vec![0_u8; 20];
    rand::rng().fill_bytes(&mut secret);
    secret
}

/// The step a Unix time falls in.
pub fn step_at(unix_seconds: i64) -> i64 {
    unix_seconds.div_euclid(STEP_SECONDS)
}

/// The 6-digit code of a step.
pub fn code(secret: &[u8], step: i64) -> String {
    format!("{:06}", hotp(secret, step, 1_000_000))
}

fn hotp(secret: &[u8], counter: i64, modulus: u32) -> u32 {
    // HMAC accepts keys of any length, so construction cannot fail.
    let Ok(mut mac) = <Hmac<Sha1> as Mac>::new_from_slice(secret) else {
        return u32::MAX;
    };
    mac.update(&counter.to_be_bytes());
    let digest = mac.finalize().into_bytes();
    let offset = usize::from(digest[digest.len() - 1] & 0x0f);
    let word = [
        digest[offset] & 0x7f,
        digest[offset + 1],
        digest[offset + 2],
        digest[offset + 3],
    ];
    u32::from_be_bytes(word) % modulus
}

/// The step whose code `given` is, among the current step and one either side (clock drift), if any.
pub fn matching_step(secret: &[u8], given: &str, unix_seconds: i64) -> Option<i64> {
    let given: String = given.chars().filter(|c| !c.is_whitespace()).collect();
    if given.len() != 6 || !given.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let now = step_at(unix_seconds);
    (now - 1..=now + 1)
        .find(|&step| constant_time_eq(code(secret, step).as_bytes(), given.as_bytes()))
}

fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0_u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// RFC 4648 base32 without padding, as authenticator apps take secrets.
pub fn base32(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 32] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
    let mut out = String::with_capacity(bytes.len().div_ceil(5) * 8);
    let mut buffer = 0_u32;
    let mut bits = 0;
    for &byte in bytes {
        buffer = (buffer << 8) | u32::from(byte);
        bits += 8;
        while bits >= 5 {
            bits -= 5;
            out.push(char::from(ALPHABET[((buffer >> bits) & 31) as usize]));
        }
    }
    if bits > 0 {
        out.push(char::from(ALPHABET[((buffer << (5 - bits)) & 31) as usize]));
    }
    out
}

/// Decodes [`base32`] (case-insensitive, spaces and padding ignored).
pub fn from_base32(text: &str) -> Option<Vec<u8>> {
    let mut out = Vec::new();
    let mut buffer = 0_u32;
    let mut bits = 0;
    for c in text.chars().filter(|c| !c.is_whitespace() && *c != '=') {
        let value = match c.to_ascii_uppercase() {
            c @ 'A'..='Z' => c as u32 - 'A' as u32,
            c @ '2'..='7' => c as u32 - '2' as u32 + 26,
            _ => return None,
        };
        buffer = (buffer << 5) | value;
        bits += 5;
        if bits >= 8 {
            bits -= 8;
            out.push(((buffer >> bits) & 0xff) as u8);
        }
    }
    Some(out)
}

/// The `otpauth://` URI an authenticator app scans (as a QR code) or takes pasted.
pub fn provisioning_uri(secret: &[u8], username: &str) -> String {
    let label: String = username
        .bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b"-._".contains(&b) {
                char::from(b).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect();
    format!(
        "otpauth://totp/Fupin:{label}?secret={}&issuer=Fupin&algorithm=SHA1&digits=6&period=30",
        base32(secret)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    const RFC_SECRET: &[u8] = b"12345678901234567890";

    #[test]
    fn matches_rfc_6238_sha1_vectors() {
        // RFC 6238 appendix B gives 8 digits; the 6-digit code is its last six.
        for (time, eight) in [
            (59_i64, "94287082"),
            (1_111_111_109, "07081804"),
            (1_111_111_111, "14050471"),
            (1_234_567_890, "89005924"),
            (2_000_000_000, "69279037"),
        ] {
            assert_eq!(
                format!("{:08}", hotp(RFC_SECRET, step_at(time), 100_000_000)),
                eight
            );
            assert_eq!(code(RFC_SECRET, step_at(time)), eight[2..]);
        }
    }

    #[test]
    fn accepts_one_step_of_drift_and_nothing_else() {
        let now = 1_234_567_890;
        let step = step_at(now);
        assert_eq!(
            matching_step(RFC_SECRET, &code(RFC_SECRET, step - 1), now),
            Some(step - 1)
        );
        assert_eq!(
            matching_step(RFC_SECRET, &code(RFC_SECRET, step + 1), now),
            Some(step + 1)
        );
        assert_eq!(
            matching_step(RFC_SECRET, &code(RFC_SECRET, step - 2), now),
            None
        );
        assert_eq!(matching_step(RFC_SECRET, "12345", now), None);
        assert_eq!(matching_step(RFC_SECRET, "abcdef", now), None);
    }

    #[test]
    fn base32_round_trips_and_matches_rfc_4648() {
        assert_eq!(base32(b"foobar"), "MZXW6YTBOI");
        assert_eq!(
            from_base32("mzxw6ytboi======").as_deref(),
            Some(&b"foobar"[..])
        );
        let secret = generate_secret();
        assert_eq!(from_base32(&base32(&secret)), Some(secret));
        assert_eq!(from_base32("not base32!"), None);
    }
}
