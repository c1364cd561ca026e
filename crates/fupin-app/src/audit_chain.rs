//! The audit log's hash chain and its verification.
//!
//! Each entry's `hash` is an HMAC-SHA256, keyed by a key derived from the platform's key file, over
//! the entry's id, time, actor, action, target, outcome, source, detail and the previous entry's
//! hash. Changing an entry breaks its own MAC; removing one breaks the link of the next; inserting
//! one needs the key. Only the newest entries can be cut off unnoticed, so `fupin audit verify`
//! prints the head for the operator to keep elsewhere and can check it against one kept earlier.

use fupin_store::audit::{self, AuditRow};
use fupin_store::{Db, StoreError};
use hmac::{Hmac, Mac};
use sha2::Sha256;

/// The `prev_hash` of the first entry ever written.
pub const GENESIS: [u8; 32] = [0; 32];

/// The setting that records where a purge cut the chain: `id:hash:mac`.
pub const ANCHOR_SETTING: &str = "audit_anchor";

/// The MAC of an entry (its `hash` field is ignored).
pub fn entry_mac(key: &[u8; 32], row: &AuditRow) -> Vec<u8> {
    let Ok(mut mac) = <Hmac<Sha256> as Mac>::new_from_slice(key) else {
        return Vec::new();
    };
    let mut field = |bytes: &[u8]| {
        mac.update(&(bytes.len() as u64).to_be_bytes());
        mac.update(bytes);
    };
    field(&row.id.to_be_bytes());
    let micros = row.at.unix_timestamp_nanos() / 1000;
    field(&micros.to_be_bytes());
    field(&row.actor_id.map_or([0xff; 8], i64::to_be_bytes));
    field(row.actor_name.as_bytes());
    field(row.action.as_bytes());
    field(row.target_kind.as_bytes());
    field(row.target_id.as_bytes());
    field(row.outcome.as_bytes());
    field(row.source_addr.as_bytes());
    field(row.detail.as_bytes());
    field(&row.prev_hash);
    mac.finalize().into_bytes().to_vec()
}

/// The MAC that vouches for a purge anchor.
pub fn anchor_mac(key: &[u8; 32], id: i64, hash: &[u8]) -> String {
    let Ok(mut mac) = <Hmac<Sha256> as Mac>::new_from_slice(key) else {
        return String::new();
    };
    mac.update(b"audit anchor");
    mac.update(&id.to_be_bytes());
    mac.update(hash);
    hex::encode(mac.finalize().into_bytes())
}

/// What went wrong with the chain.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ChainProblem {
    /// The entry's content no longer matches its MAC.
    Changed {
        /// The entry.
        id: i64,
    },
    /// Entries between two surviving ones are missing.
    Removed {
        /// The last good entry before the gap (0 for the start of the log).
        after: i64,
        /// The first entry after the gap.
        before: i64,
    },
    /// An entry that was never written by the platform sits in the chain.
    Inserted {
        /// The forged entry.
        id: i64,
    },
    /// The purge anchor was altered.
    Anchor,
    /// The newest entry is not the head the operator recorded.
    Head {
        /// The head found.
        found: String,
    },
}

impl std::fmt::Display for ChainProblem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ChainProblem::Changed { id } => {
                write!(f, "第 {id} 条审计记录被修改 (entry {id} was changed)")
            }
            ChainProblem::Removed { after, before } => write!(
                f,
                "第 {after} 条与第 {before} 条审计记录之间有记录被删除 (entries between {after} and {before} were removed)"
            ),
            ChainProblem::Inserted { id } => {
                write!(
                    f,
                    "第 {id} 条审计记录是插入的伪造记录 (entry {id} was inserted)"
                )
            }
            ChainProblem::Anchor => {
                f.write_str("审计日志清理锚点被篡改 (the purge anchor was altered)")
            }
            ChainProblem::Head { found } => write!(
                f,
                "最新审计记录与记录的链头不符，末尾记录可能被删除（当前链头 {found}）(the head differs: entries were cut off)"
            ),
        }
    }
}

/// The result of checking the whole chain.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChainReport {
    /// Entries checked before the first problem (all of them when there is none).
    pub checked: u64,
    /// The newest entry as `id:hash` (hex), to record outside the platform.
    pub head: Option<String>,
    /// The first problem found.
    pub problem: Option<ChainProblem>,
}

const PAGE: i64 = 5_000;

/// Walks the whole log, oldest first, and reports the first entry that was changed, removed or
/// inserted. `expected_head` is an `id:hash` recorded earlier that must still be in the chain.
pub async fn verify(
    db: &Db,
    key: &[u8; 32],
    expected_head: Option<&str>,
) -> Result<ChainReport, StoreError> {
    let (mut last_id, mut expected_prev) =
        match fupin_store::settings::get(db, ANCHOR_SETTING).await? {
            None => (0, GENESIS.to_vec()),
            Some(anchor) => match parse_anchor(key, &anchor) {
                Some(start) => start,
                None => return Ok(report(0, None, Some(ChainProblem::Anchor))),
            },
        };
    let mut checked = 0_u64;
    let mut head_seen = expected_head.is_none();
    let mut page = audit::page(db, last_id, PAGE).await?;
    while !page.is_empty() {
        for (index, row) in page.iter().enumerate() {
            let mac_ok = entry_mac(key, row) == row.hash;
            let link_ok = row.prev_hash == expected_prev && row.id == last_id + 1;
            if !(mac_ok && link_ok) {
                let next = match page.get(index + 1) {
                    Some(next) => Some(next.clone()),
                    None => audit::page(db, row.id, 1).await?.into_iter().next(),
                };
                let problem = classify(row, mac_ok, &expected_prev, last_id, next.as_ref());
                return Ok(report(checked, None, Some(problem)));
            }
            let head = head_of(row);
            if expected_head == Some(head.as_str()) {
                head_seen = true;
            }
            last_id = row.id;
            expected_prev = row.hash.clone();
            checked += 1;
        }
        page = audit::page(db, last_id, PAGE).await?;
    }
    let head = (last_id > 0).then(|| format!("{last_id}:{}", hex::encode(&expected_prev)));
    let problem = (!head_seen).then(|| ChainProblem::Head {
        found: head.clone().unwrap_or_default(),
    });
    Ok(report(checked, head, problem))
}

fn classify(
    row: &AuditRow,
    mac_ok: bool,
    expected_prev: &[u8],
    last_id: i64,
    next: Option<&AuditRow>,
) -> ChainProblem {
    if mac_ok {
        // A genuine entry whose predecessor is not the one before it: something between went.
        return ChainProblem::Removed {
            after: last_id,
            before: row.id,
        };
    }
    // A bad entry the chain continues around (the next one links to the entry before it) was
    // slipped in; otherwise the entry itself was altered.
    match next {
        Some(next) if next.prev_hash == expected_prev => ChainProblem::Inserted { id: row.id },
        _ if row.prev_hash == expected_prev && row.id == last_id + 1 => {
            ChainProblem::Changed { id: row.id }
        }
        None => ChainProblem::Inserted { id: row.id },
        Some(_) => ChainProblem::Changed { id: row.id },
    }
}

fn head_of(row: &AuditRow) -> String {
    format!("{}:{}", row.id, hex::encode(&row.hash))
}

fn report(checked: u64, head: Option<String>, problem: Option<ChainProblem>) -> ChainReport {
    ChainReport {
        checked,
        head,
        problem,
    }
}

fn parse_anchor(key: &[u8; 32], anchor: &str) -> Option<(i64, Vec<u8>)> {
    let mut parts = anchor.split(':');
    let id: i64 = parts.next()?.parse().ok()?;
    let hash = hex::decode(parts.next()?).ok()?;
    let mac = parts.next()?;
    (anchor_mac(key, id, &hash) == mac).then_some((id, hash))
}
