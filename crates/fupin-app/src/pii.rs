//! Personal data at rest: ID numbers are stored only as ciphertext, a keyed hash and a masked form.
//!
//! * The hash is HMAC-SHA-256 under the platform's matching key, truncated to 128 bits: the same ID
//!   always yields the same hash (so registry and rosters match), and without the key nobody can
//!   test a guessed ID against it.
//! * The ciphertext comes from a [`FieldCipher`]: AES-256-GCM here; an SM4 implementation can
//!   replace it behind the same trait.
//! * Keys come from configuration or a key file, never from the database.

use std::fmt;
use std::hash::Hasher;

use aes_gcm::aead::{Aead, KeyInit};
use aes_gcm::{Aes256Gcm, Nonce};
use fupin_domain::IdNumber;
use hmac::{Hmac, Mac};
use rand::RngCore;
use sha2::Sha256;
use thiserror::Error;

/// Length of a stored keyed hash in bytes.
pub const ID_HASH_LEN: usize = 16;
const NONCE_LEN: usize = 12;

/// Errors of key handling and decryption.
#[derive(Debug, Error)]
pub enum PiiError {
    /// The key material is not 64 bytes of hex.
    #[error("个人信息密钥格式错误：应为 128 位十六进制字符（64 字节）")]
    BadKey,
    /// Ciphertext failed authentication: wrong key or tampered data.
    #[error("密文无法解密：密钥不符或数据被篡改")]
    Decrypt,
}

/// Encrypts and decrypts one field value. Implementations must authenticate (AEAD).
pub trait FieldCipher: Send + Sync {
    /// Encrypts `plain`; the output carries whatever the cipher needs (nonce, tag).
    fn encrypt(&self, plain: &[u8]) -> Vec<u8>;
    /// Decrypts what [`FieldCipher::encrypt`] produced.
    fn decrypt(&self, sealed: &[u8]) -> Result<Vec<u8>, PiiError>;
}

/// AES-256-GCM with a random 96-bit nonce stored in front of the ciphertext.
pub struct Aes256GcmCipher(Aes256Gcm);

impl Aes256GcmCipher {
    /// A cipher under a 256-bit key.
    pub fn new(key: &[u8; 32]) -> Self {
        Self(Aes256Gcm::new(key.into()))
    }
}

impl FieldCipher for Aes256GcmCipher {
    fn encrypt(&self, plain: &[u8]) -> Vec<u8> {
        let mut nonce = [0_u8; NONCE_LEN];
        rand::rng().fill_bytes(&mut nonce);
        let mut out = nonce.to_vec();
        // Encryption with a valid key and nonce length cannot fail; an empty ciphertext would be
        // refused on decryption, never silently accepted.
        out.extend(
            self.0
                .encrypt(Nonce::from_slice(&nonce), plain)
                .unwrap_or_default(),
        );
        out
    }

    fn decrypt(&self, sealed: &[u8]) -> Result<Vec<u8>, PiiError> {
        if sealed.len() < NONCE_LEN {
            return Err(PiiError::Decrypt);
        }
        let (nonce, body) = sealed.split_at(NONCE_LEN);
        self.0
            .decrypt(Nonce::from_slice(nonce), body)
            .map_err(|_| PiiError::Decrypt)
    }
}

/// An ID number as it is stored.
#[derive(Clone, PartialEq, Eq)]
pub struct ProtectedId {
    /// Keyed hash, for matching; `None` when the text was not a valid ID number.
    pub hash: Option<Vec<u8>>,
    /// Ciphertext of the text as given.
    pub cipher: Vec<u8>,
    /// Masked form for display.
    pub masked: String,
}

impl fmt::Debug for ProtectedId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "ProtectedId({})", self.masked)
    }
}

/// The platform's personal-data keys: a matching key and a field cipher.
pub struct PiiKeys {
    mac_key: [u8; 32],
    cipher: Box<dyn FieldCipher>,
}

impl fmt::Debug for PiiKeys {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("PiiKeys(<redacted>)")
    }
}

impl PiiKeys {
    /// Keys from 64 bytes of hex: the first 32 bytes encrypt, the last 32 key the hash.
    pub fn from_hex(text: &str) -> Result<PiiKeys, PiiError> {
        let bytes = hex::decode(text.trim()).map_err(|_| PiiError::BadKey)?;
        let (enc, mac) = bytes.split_at_checked(32).ok_or(PiiError::BadKey)?;
        let enc: [u8; 32] = enc.try_into().map_err(|_| PiiError::BadKey)?;
        let mac_key: [u8; 32] = mac.try_into().map_err(|_| PiiError::BadKey)?;
        Ok(PiiKeys {
            mac_key,
            cipher: Box::new(Aes256GcmCipher::new(&enc)),
        })
    }

    /// Fresh random key material as hex, for a new installation's key file.
    pub fn generate_hex() -> String {
        let mut bytes = [0_u8; 64];
        // ThreadRng is a CSPRNG (ChaCha12) seeded and reseeded from the operating system.
        rand::rng().fill_bytes(&mut bytes);
        hex::encode(bytes)
    }

    /// A short public fingerprint of the keys, stored with the data so that a server started with
    /// the wrong key refuses to run instead of writing unmatchable hashes.
    pub fn fingerprint(&self) -> String {
        let Ok(mut mac) = <Hmac<Sha256> as Mac>::new_from_slice(&self.mac_key) else {
            return String::new();
        };
        mac.update(b"fupin key fingerprint v1");
        hex::encode(&mac.finalize().into_bytes()[..8])
    }

    /// A key for another purpose (the audit chain, session tokens), derived from the hash key so
    /// that one key file protects everything and no key is ever stored in the database.
    pub fn derived_key(&self, purpose: &str) -> [u8; 32] {
        let Ok(mut mac) = <Hmac<Sha256> as Mac>::new_from_slice(&self.mac_key) else {
            return [0; 32];
        };
        mac.update(b"fupin derived key v1:");
        mac.update(purpose.as_bytes());
        mac.finalize().into_bytes().into()
    }

    /// Encrypts a secret other than an ID number (a TOTP seed).
    pub fn encrypt_secret(&self, plain: &[u8]) -> Vec<u8> {
        self.cipher.encrypt(plain)
    }

    /// Decrypts what [`PiiKeys::encrypt_secret`] encrypted.
    pub fn decrypt_secret(&self, cipher: &[u8]) -> Result<Vec<u8>, PiiError> {
        self.cipher.decrypt(cipher)
    }

    /// The keyed hash of a valid ID number.
    pub fn id_hash(&self, id: &IdNumber) -> Vec<u8> {
        // HMAC accepts keys of any length, so construction cannot fail.
        let Ok(mut mac) = <Hmac<Sha256> as Mac>::new_from_slice(&self.mac_key) else {
            return Vec::new();
        };
        mac.update(id.as_str().as_bytes());
        mac.finalize().into_bytes()[..ID_HASH_LEN].to_vec()
    }

    /// Protects a valid ID number.
    pub fn protect(&self, id: &IdNumber) -> ProtectedId {
        ProtectedId {
            hash: Some(self.id_hash(id)),
            cipher: self.cipher.encrypt(id.as_str().as_bytes()),
            masked: id.masked(),
        }
    }

    /// Protects text that should have been an ID number but is not valid: kept encrypted so the
    /// organization can correct it, never matched.
    pub fn protect_invalid(&self, text: &str) -> ProtectedId {
        ProtectedId {
            hash: None,
            cipher: self.cipher.encrypt(text.as_bytes()),
            masked: mask_text(text),
        }
    }

    /// Decrypts a stored ID text (callers audit every such view).
    pub fn reveal(&self, cipher: &[u8]) -> Result<String, PiiError> {
        let plain = self.cipher.decrypt(cipher)?;
        String::from_utf8(plain).map_err(|_| PiiError::Decrypt)
    }
}

/// Masks arbitrary text like an ID number: first 4 and last 4 characters kept.
fn mask_text(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    if chars.len() <= 8 {
        return "*".repeat(chars.len());
    }
    chars
        .iter()
        .enumerate()
        .map(|(i, c)| {
            if i < 4 || i >= chars.len() - 4 {
                *c
            } else {
                '*'
            }
        })
        .collect()
}

/// A hasher for keys that are themselves keyed hashes (the first 8 bytes of a matching hash):
/// they are uniformly distributed already, so it passes them through. Importers use it to find
/// duplicate ID numbers in a file by hash.
#[derive(Default)]
pub struct KeyIsHash(u64);

impl Hasher for KeyIsHash {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        for byte in bytes {
            self.0 = self.0.rotate_left(8) ^ u64::from(*byte);
        }
    }

    fn write_u64(&mut self, value: u64) {
        self.0 = value;
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    fn keys() -> PiiKeys {
        PiiKeys::from_hex(&"ab".repeat(64)).unwrap()
    }

    #[test]
    fn protected_ids_match_by_hash_and_hide_the_number() {
        let id = IdNumber::parse("11010519491231002X").unwrap();
        let a = keys().protect(&id);
        let b = keys().protect(&id);
        assert_eq!(a.hash, b.hash, "the same ID must always match");
        assert_ne!(
            a.cipher, b.cipher,
            "random nonces: equal IDs give different ciphertexts"
        );
        assert!(!a.cipher.windows(18).any(|w| w == id.as_str().as_bytes()));
        assert_eq!(keys().reveal(&a.cipher).unwrap(), id.as_str());
        assert_eq!(a.masked, "1101**********002X");
    }

    #[test]
    fn another_key_neither_matches_nor_decrypts() {
        let id = IdNumber::parse("11010519491231002X").unwrap();
        let other = PiiKeys::from_hex(&"cd".repeat(64)).unwrap();
        assert_ne!(keys().id_hash(&id), other.id_hash(&id));
        assert!(other.reveal(&keys().protect(&id).cipher).is_err());
    }

    #[test]
    fn malformed_key_material_is_refused() {
        assert!(PiiKeys::from_hex("abcd").is_err());
        assert!(PiiKeys::from_hex(&"zz".repeat(64)).is_err());
        assert!(PiiKeys::from_hex(&PiiKeys::generate_hex()).is_ok());
    }

    #[test]
    fn invalid_ids_keep_no_hash() {
        let p = keys().protect_invalid("123456789012345678");
        assert!(p.hash.is_none());
        assert_eq!(p.masked, "1234**********5678");
    }
}
