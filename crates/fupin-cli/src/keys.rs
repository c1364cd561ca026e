//! Loading the personal-data keys: from configuration, else from the key file, which is created
//! with fresh random keys (readable by the owner only) when it does not exist yet.

use std::io::Write;

use anyhow::{Context, Result};
use fupin_app::PiiKeys;

use crate::config::Config;

/// The configured keys.
pub fn load(config: &Config) -> Result<PiiKeys> {
    if let Some(secret) = &config.pii_key {
        return PiiKeys::from_hex(secret.expose()).context("FUPIN_PII_KEY / pii_key 无效");
    }
    let path = &config.pii_key_file;
    if !path.exists() {
        let mut options = std::fs::OpenOptions::new();
        options.write(true).create_new(true);
        #[cfg(unix)]
        std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
        let mut file = options
            .open(path)
            .with_context(|| format!("无法创建密钥文件 {}", path.display()))?;
        writeln!(file, "{}", PiiKeys::generate_hex())?;
        file.sync_all()?;
        tracing::warn!(path = %path.display(), "created a new personal-data key file: back it up, the data cannot be read without it");
    }
    let text = std::fs::read_to_string(path)
        .with_context(|| format!("无法读取密钥文件 {}", path.display()))?;
    PiiKeys::from_hex(&text).with_context(|| format!("密钥文件 {} 无效", path.display()))
}
