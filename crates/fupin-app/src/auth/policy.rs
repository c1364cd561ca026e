//! The security policy: password rules, session timeouts and lockout, with the 等保 level 3 profile
//! as the default.

use time::Duration;

/// Password rules.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PasswordPolicy {
    /// Fewest characters.
    pub min_length: usize,
    /// Fewest character classes among upper case, lower case, digits and symbols.
    pub min_classes: usize,
    /// A password older than this must be changed at the next sign-in (`None`: never).
    pub max_age: Option<Duration>,
    /// How many earlier passwords may not be used again.
    pub history: i64,
}

impl PasswordPolicy {
    /// 等保 2.0 level 3: at least 8 characters of three classes, changed every 90 days, not one of
    /// the last 5.
    pub fn dengbao() -> PasswordPolicy {
        PasswordPolicy {
            min_length: 8,
            min_classes: 3,
            max_age: Some(Duration::days(90)),
            history: 5,
        }
    }

    /// A looser profile for closed test installations: 8 characters, no rotation.
    pub fn basic() -> PasswordPolicy {
        PasswordPolicy {
            min_length: 8,
            min_classes: 1,
            max_age: None,
            history: 0,
        }
    }

    /// The profile with this name (`dengbao` or `basic`).
    pub fn profile(name: &str) -> Option<PasswordPolicy> {
        match name {
            "dengbao" => Some(Self::dengbao()),
            "basic" => Some(Self::basic()),
            _ => None,
        }
    }

    /// Why `password` is not acceptable for `username`, in Chinese; `None` when it is.
    pub fn problem(&self, username: &str, password: &str) -> Option<String> {
        let length = password.chars().count();
        if length < self.min_length {
            return Some(format!(
                "密码至少需要 {} 个字符（现为 {length} 个）",
                self.min_length
            ));
        }
        if length > 128 {
            return Some("密码不能超过 128 个字符".to_owned());
        }
        let classes = [
            password.chars().any(|c| c.is_ascii_uppercase()),
            password.chars().any(|c| c.is_ascii_lowercase()),
            password.chars().any(|c| c.is_ascii_digit()),
            password.chars().any(|c| !c.is_ascii_alphanumeric()),
        ]
        .iter()
        .filter(|&&present| present)
        .count();
        if classes < self.min_classes {
            return Some(format!(
                "密码需要包含大写字母、小写字母、数字、符号中的至少 {} 类（现为 {classes} 类）",
                self.min_classes
            ));
        }
        if !username.is_empty() && password.to_lowercase().contains(&username.to_lowercase()) {
            return Some("密码不能包含用户名".to_owned());
        }
        None
    }
}

/// Session and lockout rules.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SessionPolicy {
    /// A session unused this long ends.
    pub idle: Duration,
    /// The same for platform administrators.
    pub idle_admin: Duration,
    /// A session ends this long after sign-in, however busy.
    pub absolute: Duration,
    /// Failed sign-ins within [`SessionPolicy::failure_window`] that lock the account.
    pub max_failures: i32,
    /// The window failures are counted in.
    pub failure_window: Duration,
    /// How long a locked account stays locked.
    pub lock_for: Duration,
}

impl Default for SessionPolicy {
    fn default() -> Self {
        SessionPolicy {
            idle: Duration::minutes(30),
            idle_admin: Duration::minutes(15),
            absolute: Duration::hours(12),
            max_failures: 5,
            failure_window: Duration::minutes(15),
            lock_for: Duration::minutes(15),
        }
    }
}

/// The whole security policy.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SecurityPolicy {
    /// Password rules.
    pub passwords: PasswordPolicy,
    /// Session and lockout rules.
    pub sessions: SessionPolicy,
}

impl Default for SecurityPolicy {
    fn default() -> Self {
        SecurityPolicy {
            passwords: PasswordPolicy::dengbao(),
            sessions: SessionPolicy::default(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dengbao_profile_requires_length_and_three_classes() {
        let policy = PasswordPolicy::dengbao();
        assert!(
            policy
                .problem("zhang", "Ab1!")
                .is_some_and(|m| m.contains("8"))
        );
        assert!(
            policy
                .problem("zhang", "abcdefgh1")
                .is_some_and(|m| m.contains("3 类"))
        );
        assert!(
            policy
                .problem("zhang", "Zhang2017!")
                .is_some_and(|m| m.contains("用户名"))
        );
        assert_eq!(policy.problem("zhang", "Fupin#2017"), None);
        assert_eq!(policy.problem("zhang", "fupin#2017"), None);
    }

    #[test]
    fn basic_profile_only_counts_length() {
        assert_eq!(PasswordPolicy::basic().problem("u", "abcdefgh"), None);
        assert!(PasswordPolicy::profile("nonsense").is_none());
    }
}
