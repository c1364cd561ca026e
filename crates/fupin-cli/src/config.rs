//! Typed configuration: built-in defaults, then a TOML file, then `FUPIN_*` environment variables,
//! then command-line flags. Secrets are redacted whenever the configuration is printed or logged.

use std::fmt;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result, anyhow};
use fupin_app::{PasswordPolicy, SecurityPolicy};
use serde::Deserialize;

/// A value that must never be printed.
#[derive(Clone, Deserialize, Default, PartialEq, Eq)]
#[serde(transparent)]
pub struct Secret(String);

impl Secret {
    /// The secret itself, for the one place that uses it.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("<redacted>")
    }
}

/// The server's configuration.
#[derive(Clone, PartialEq, Eq)]
pub struct Config {
    /// `sqlite://path` or `postgres://…`.
    pub database_url: String,
    /// Address to listen on.
    pub listen: SocketAddr,
    /// Personal-data key as hex (overrides the key file).
    pub pii_key: Option<Secret>,
    /// File holding the personal-data key; created with a fresh key if missing.
    pub pii_key_file: PathBuf,
    /// Largest number of pooled database connections.
    pub max_connections: u32,
    /// Password rules by profile name: `dengbao` (等保 level 3, the default) or `basic`.
    pub password_profile: String,
    /// Whether session cookies carry `Secure` (set it when the site is served over TLS, directly
    /// or behind a proxy).
    pub secure_cookies: bool,
}

impl fmt::Debug for Config {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Config")
            .field("database_url", &redact_url(&self.database_url))
            .field("listen", &self.listen)
            .field("pii_key", &self.pii_key)
            .field("pii_key_file", &self.pii_key_file)
            .field("max_connections", &self.max_connections)
            .field("password_profile", &self.password_profile)
            .field("secure_cookies", &self.secure_cookies)
            .finish()
    }
}

/// The optional settings of a configuration file (`fupin.toml`).
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct FileConfig {
    database_url: Option<String>,
    listen: Option<SocketAddr>,
    pii_key: Option<Secret>,
    pii_key_file: Option<PathBuf>,
    max_connections: Option<u32>,
    password_profile: Option<String>,
    secure_cookies: Option<bool>,
}

/// Settings given on the command line, which win over everything else.
#[derive(Debug, Default, Clone)]
pub struct Overrides {
    /// `--config`.
    pub config_file: Option<PathBuf>,
    /// `--database-url`.
    pub database_url: Option<String>,
    /// `--listen`.
    pub listen: Option<SocketAddr>,
}

impl Config {
    /// Loads the configuration. `default_db` is the SQLite file used when nothing names a database.
    pub fn load(overrides: &Overrides, default_db: &str) -> Result<Config> {
        let env = |name: &str| std::env::var(name).ok().filter(|v| !v.is_empty());
        let file_path = overrides
            .config_file
            .clone()
            .or_else(|| env("FUPIN_CONFIG").map(PathBuf::from))
            .or_else(|| {
                Path::new("fupin.toml")
                    .exists()
                    .then(|| PathBuf::from("fupin.toml"))
            });
        let file = match &file_path {
            Some(path) => {
                let text = std::fs::read_to_string(path)
                    .with_context(|| format!("无法读取配置文件 {}", path.display()))?;
                toml::from_str::<FileConfig>(&text)
                    .with_context(|| format!("配置文件 {} 格式错误", path.display()))?
            }
            None => FileConfig::default(),
        };
        let listen = match (overrides.listen, env("FUPIN_LISTEN")) {
            (Some(addr), _) => addr,
            (None, Some(text)) => text
                .parse()
                .with_context(|| format!("FUPIN_LISTEN 不是有效的地址：{text}"))?,
            (None, None) => file
                .listen
                .unwrap_or(SocketAddr::from(([127, 0, 0, 1], 8080))),
        };
        let max_connections = match env("FUPIN_MAX_CONNECTIONS") {
            Some(text) => text
                .parse()
                .with_context(|| format!("FUPIN_MAX_CONNECTIONS 不是正整数：{text}"))?,
            None => file.max_connections.unwrap_or(8),
        };
        let password_profile = env("FUPIN_PASSWORD_PROFILE")
            .or(file.password_profile)
            .unwrap_or_else(|| "dengbao".to_owned());
        password_policy(&password_profile)?;
        let secure_cookies = match env("FUPIN_SECURE_COOKIES") {
            Some(text) => parse_bool(&text)
                .with_context(|| format!("FUPIN_SECURE_COOKIES 应为 true 或 false：{text}"))?,
            None => file.secure_cookies.unwrap_or(false),
        };
        Ok(Config {
            database_url: overrides
                .database_url
                .clone()
                .or_else(|| env("FUPIN_DATABASE_URL"))
                .or(file.database_url)
                .unwrap_or_else(|| format!("sqlite://{default_db}")),
            listen,
            pii_key: env("FUPIN_PII_KEY").map(Secret).or(file.pii_key),
            pii_key_file: env("FUPIN_PII_KEY_FILE")
                .map(PathBuf::from)
                .or(file.pii_key_file)
                .unwrap_or_else(|| PathBuf::from("fupin.key")),
            max_connections,
            password_profile,
            secure_cookies,
        })
    }

    /// The security policy of the configured password profile (session rules are the defaults).
    pub fn security_policy(&self) -> Result<SecurityPolicy> {
        Ok(SecurityPolicy {
            passwords: password_policy(&self.password_profile)?,
            ..SecurityPolicy::default()
        })
    }
}

/// The password profile with this name, or a configuration error naming the accepted ones.
fn password_policy(name: &str) -> Result<PasswordPolicy> {
    PasswordPolicy::profile(name).ok_or_else(|| {
        anyhow!(
            "未知的密码策略“{name}”（FUPIN_PASSWORD_PROFILE / password_profile）：可选 dengbao（等保三级，默认）或 basic (unknown password profile)"
        )
    })
}

/// A yes/no setting from the environment.
fn parse_bool(text: &str) -> Option<bool> {
    match text.trim().to_ascii_lowercase().as_str() {
        "true" | "1" | "yes" | "on" => Some(true),
        "false" | "0" | "no" | "off" => Some(false),
        _ => None,
    }
}

/// The URL with any password replaced by `***`.
pub fn redact_url(url: &str) -> String {
    let Some((scheme, rest)) = url.split_once("://") else {
        return url.to_owned();
    };
    match rest.split_once('@') {
        Some((userinfo, host)) => match userinfo.split_once(':') {
            Some((user, _)) => format!("{scheme}://{user}:***@{host}"),
            None => url.to_owned(),
        },
        None => url.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn passwords_and_keys_never_print() {
        let config = Config {
            database_url: "postgres://fupin:s3cret@db.example/fupin".to_owned(),
            listen: SocketAddr::from(([127, 0, 0, 1], 8080)),
            pii_key: Some(Secret("00ff".repeat(32))),
            pii_key_file: PathBuf::from("fupin.key"),
            max_connections: 8,
            password_profile: "dengbao".to_owned(),
            secure_cookies: false,
        };
        let printed = format!("{config:?}");
        assert!(!printed.contains("s3cret"), "{printed}");
        assert!(!printed.contains("00ff00ff"), "{printed}");
        assert!(printed.contains("postgres://fupin:***@db.example/fupin"));
    }

    #[test]
    fn file_settings_apply_and_unknown_keys_are_refused() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("fupin.toml");
        std::fs::write(
            &path,
            "database_url = \"sqlite://x.db\"\nlisten = \"0.0.0.0:9000\"\n",
        )
        .unwrap();
        let overrides = Overrides {
            config_file: Some(path.clone()),
            ..Overrides::default()
        };
        let config = Config::load(&overrides, "fupin.db").unwrap();
        assert_eq!(config.listen.port(), 9000);
        assert_eq!(config.password_profile, "dengbao");
        assert!(!config.secure_cookies);
        assert_eq!(
            config.security_policy().unwrap().passwords,
            PasswordPolicy::dengbao()
        );
        std::fs::write(
            &path,
            "password_profile = \"basic\"\nsecure_cookies = true\n",
        )
        .unwrap();
        let config = Config::load(&overrides, "fupin.db").unwrap();
        assert!(config.secure_cookies);
        assert_eq!(
            config.security_policy().unwrap().passwords,
            PasswordPolicy::basic()
        );
        std::fs::write(&path, "password_profile = \"strict\"\n").unwrap();
        let err = format!("{:#}", Config::load(&overrides, "fupin.db").unwrap_err());
        assert!(err.contains("strict") && err.contains("dengbao"), "{err}");
        std::fs::write(&path, "databse_url = \"typo\"\n").unwrap();
        assert!(Config::load(&overrides, "fupin.db").is_err());
    }
}
