//! Reading the benchmark's CSV files for the engine: the registry by several threads in byte
//! ranges, handed to the index builder in batches, and the roster validated row by row (module
//! `lines` splits the rows, module `hasher` hashes the IDs).

use std::collections::HashMap;
use std::fs::File;
use std::io::{Read, Seek, SeekFrom};
use std::path::Path;
use std::sync::Mutex;
use std::sync::mpsc::SyncSender;

use anyhow::{Context, Result, bail};
use fupin_domain::{BeneficiaryCategory, IdNumber, RegistryStatus};
use fupin_verify::RosterEntry;
use time::{Date, Month};

use super::hasher::{HashFilter, IdHasher};
use super::lines::{for_each_row, number, text, trimmed, year};

/// Rows handed from a reader thread to the index builder at a time.
pub const BATCH_ROWS: usize = 8_192;

/// Registry rows as a reader thread hands them on: the hash and the parsed facts per row, the
/// names and village codes concatenated (no allocation per row).
#[derive(Debug, Default)]
pub struct RegistryBatch {
    /// Per row: ID hash, status, years, and where its name and village end in `text`.
    pub rows: Vec<RegistryRow>,
    /// Names and village codes, back to back.
    pub text: String,
}

impl RegistryBatch {
    /// An empty batch with room for [`BATCH_ROWS`] rows.
    pub fn with_capacity() -> Self {
        Self {
            rows: Vec::with_capacity(BATCH_ROWS),
            text: String::with_capacity(BATCH_ROWS * 24),
        }
    }

    /// Emptied, keeping its allocations.
    pub fn cleared(mut self) -> Self {
        self.rows.clear();
        self.text.clear();
        self
    }
}

/// One registry row of a [`RegistryBatch`].
#[derive(Debug, Clone, Copy)]
pub struct RegistryRow {
    /// Keyed hash of the ID number.
    pub id_hash: [u8; 16],
    /// Current status.
    pub status: RegistryStatus,
    /// Exit year.
    pub exit_year: Option<i32>,
    /// Status year.
    pub status_year: Option<i32>,
    /// End of the name in the batch's text (it starts where the previous row's village ends).
    pub name_end: u32,
    /// End of the village code.
    pub village_end: u32,
}

/// Byte ranges of `path`'s data rows (after the header), `parts` of them, each starting at a line.
/// Assumes no line break inside a quoted field, which holds for registry exports.
pub fn split_lines(path: &Path, parts: usize) -> Result<Vec<(u64, u64)>> {
    let mut file = File::open(path).with_context(|| format!("cannot open {}", path.display()))?;
    let len = file.metadata()?.len();
    let header_end = next_line(&mut file, 0, len)?;
    let span = len - header_end;
    let mut starts = vec![header_end];
    for k in 1..parts as u64 {
        let nominal = header_end + span * k / parts as u64;
        let start = next_line(&mut file, nominal, len)?;
        if start > *starts.last().unwrap_or(&0) && start < len {
            starts.push(start);
        }
    }
    let mut ranges: Vec<(u64, u64)> = starts.windows(2).map(|w| (w[0], w[1])).collect();
    ranges.push((*starts.last().unwrap_or(&header_end), len));
    Ok(ranges)
}

/// The offset just after the first line break at or after `from` (`len` if none).
fn next_line(file: &mut File, from: u64, len: u64) -> Result<u64> {
    file.seek(SeekFrom::Start(from))?;
    let mut buf = [0_u8; 4096];
    let mut at = from;
    while at < len {
        let n = file.read(&mut buf)?;
        if n == 0 {
            break;
        }
        if let Some(i) = buf[..n].iter().position(|&b| b == b'\n') {
            return Ok(at + i as u64 + 1);
        }
        at += n as u64;
    }
    Ok(len)
}

/// Reads the registry rows in `range` (`person_id,id_number,name,village_code,status,exit_year,
/// status_year`), hashing each ID, and sends them on in batches; with a `filter`, only the rows
/// whose hash may be on the roster. The registry's ID numbers were
/// validated when it was imported, so they are hashed as written (normalized).
pub fn read_registry(
    path: &Path,
    range: (u64, u64),
    hasher: &IdHasher,
    filter: Option<&HashFilter>,
    out: &SyncSender<RegistryBatch>,
    spare: &Mutex<Vec<RegistryBatch>>,
) -> Result<()> {
    // Batches come back emptied from the builder: no fresh allocation (and page faults) per batch.
    let take_spare = || {
        spare
            .lock()
            .ok()
            .and_then(|mut v| v.pop())
            .unwrap_or_else(RegistryBatch::with_capacity)
    };
    let mut batch = take_spare();
    let mut stopped = false;
    for_each_row(path, range, |fields| {
        let [_, id, name, village, status, exit_year, status_year, ..] = fields else {
            bail!("a registry row has {} fields, not 7", fields.len());
        };
        let id_hash = hasher.hash(trimmed(id));
        if filter.is_some_and(|f| !f.may_contain(&id_hash)) {
            return Ok(());
        }
        let status = trimmed(status);
        let status = RegistryStatus::ALL
            .iter()
            .copied()
            .find(|s| s.code().as_bytes() == status)
            .with_context(|| {
                format!(
                    "unknown registry status {}",
                    String::from_utf8_lossy(status)
                )
            })?;
        batch.text.push_str(text(name)?);
        let name_end = u32::try_from(batch.text.len())?;
        batch.text.push_str(text(village)?);
        batch.rows.push(RegistryRow {
            id_hash,
            status,
            exit_year: year(exit_year)?,
            status_year: year(status_year)?,
            name_end,
            village_end: u32::try_from(batch.text.len())?,
        });
        if batch.rows.len() == BATCH_ROWS && !stopped {
            // A failed send means the builder stopped (it failed); its error is the one reported.
            let full = std::mem::replace(&mut batch, take_spare());
            stopped = out.send(full).is_err();
        }
        Ok(())
    })?;
    if !batch.rows.is_empty() && !stopped {
        let _ = out.send(batch);
    }
    Ok(())
}

/// The roster as the engine takes it, with each entry's id in the file and each activity's
/// organization.
#[derive(Debug, Default)]
pub struct Roster {
    /// The entries, in file order.
    pub entries: Vec<RosterEntry>,
    /// `entry_id` of each entry.
    pub entry_ids: Vec<u64>,
    /// Organization of each activity.
    pub organizations: HashMap<i64, i64>,
}

/// Reads the roster rows in `range` (`entry_id,activity_id,organization_id,row_no,id_number,name,village_code,
/// service_date`), validating every ID number (GB 11643, `IdNumber::parse`) and hashing the
/// valid ones.
pub fn read_roster(path: &Path, range: (u64, u64), hasher: &IdHasher) -> Result<Roster> {
    // About 70 bytes a row: sized once instead of regrown (and copied) while reading.
    let rows = usize::try_from((range.1 - range.0) / 64).unwrap_or(0);
    let mut roster = Roster {
        entries: Vec::with_capacity(rows),
        entry_ids: Vec::with_capacity(rows),
        organizations: HashMap::new(),
    };
    // Rosters come activity by activity: the map is consulted only when the activity changes.
    let mut current: Option<(i64, i64)> = None;
    for_each_row(path, range, |fields| {
        let [
            entry_id,
            activity_id,
            organization_id,
            row_no,
            id,
            name,
            village,
            service_date,
            ..,
        ] = fields
        else {
            bail!("a roster row has {} fields, not 8", fields.len());
        };
        let activity_id = i64::try_from(number(activity_id)?)?;
        let organization_id = i64::try_from(number(organization_id)?)?;
        if current != Some((activity_id, organization_id)) {
            if *roster
                .organizations
                .entry(activity_id)
                .or_insert(organization_id)
                != organization_id
            {
                bail!("activity {activity_id} has two organizations in the roster");
            }
            current = Some((activity_id, organization_id));
        }
        let id_hash = IdNumber::parse(text(id)?)
            .ok()
            .map(|id| hasher.hash(id.as_str().as_bytes()));
        let village = text(village)?;
        roster.entries.push(RosterEntry {
            activity_id,
            row_no: i32::try_from(number(row_no)?)?,
            name: text(name)?.to_owned(),
            id_hash,
            village_code: (!village.is_empty()).then(|| village.to_owned()),
            category: BeneficiaryCategory::RegisteredPoor,
            aid_fen: 0,
            service_date: date(text(service_date)?)?,
        });
        roster.entry_ids.push(number(entry_id)?);
        Ok(())
    })?;
    Ok(roster)
}

impl Roster {
    /// Appends the rows of the next range.
    pub fn append(&mut self, next: Roster) -> Result<()> {
        for (activity_id, organization_id) in next.organizations {
            if *self
                .organizations
                .entry(activity_id)
                .or_insert(organization_id)
                != organization_id
            {
                bail!("activity {activity_id} has two organizations in the roster");
            }
        }
        self.entries.extend(next.entries);
        self.entry_ids.extend(next.entry_ids);
        Ok(())
    }
}

/// `YYYY-MM-DD`.
fn date(t: &str) -> Result<Date> {
    let bad = || anyhow::anyhow!("bad service date {t:?}");
    let (y, rest) = t.split_once('-').ok_or_else(bad)?;
    let (m, d) = rest.split_once('-').ok_or_else(bad)?;
    Ok(Date::from_calendar_date(
        y.parse()?,
        Month::try_from(m.parse::<u8>()?)?,
        d.parse()?,
    )?)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;

    #[test]
    fn ranges_start_at_lines_and_cover_the_rows() {
        let dir = std::env::temp_dir().join(format!("fupin-bench-split-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("t.csv");
        let body: String = (0..1000).map(|i| format!("{i},row\n")).collect();
        std::fs::write(&path, format!("h,x\n{body}")).unwrap();
        let ranges = split_lines(&path, 3).unwrap();
        assert_eq!(ranges.len(), 3);
        let bytes = std::fs::read(&path).unwrap();
        let mut joined = Vec::new();
        for (a, b) in ranges {
            assert!(a == 4 || bytes[a as usize - 1] == b'\n');
            joined.extend_from_slice(&bytes[a as usize..b as usize]);
        }
        assert_eq!(joined, body.as_bytes());
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
