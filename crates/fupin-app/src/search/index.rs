//! The search index: documents for newly published activities and new organizations.

use fupin_domain::{Field, Method};
use fupin_store::search::{self as store, DocKind, NewDoc};

use super::{INDEX_FRESH_FOR, text};
use crate::{App, AppError};

impl App {
    /// Writes index documents for newly published activities and new organizations, unless the
    /// index was checked within [`INDEX_FRESH_FOR`]. Returns the documents written.
    pub async fn refresh_search_index(&self) -> Result<u64, AppError> {
        let now = self.clock.now();
        let stale_before = now - INDEX_FRESH_FOR;
        let mut tx = self.db.begin().await?;
        if !store::claim(&mut tx, now, stale_before).await? {
            return Ok(0);
        }
        let activities = store::pending_activities(&mut tx, store::INDEX_BATCH).await?;
        let organizations = store::pending_organizations(&mut tx, store::INDEX_BATCH).await?;
        let full = activities.len() as i64 == store::INDEX_BATCH
            || organizations.len() as i64 == store::INDEX_BATCH;
        let mut docs: Vec<NewDoc> = activities.iter().map(activity_doc).collect();
        docs.extend(organizations.iter().map(|o| {
            let (initials, spelled) = text::pinyin(&o.name);
            let name = text::normalize(&o.name);
            NewDoc {
                kind: DocKind::Organization,
                record_id: o.id,
                head: name.clone(),
                body: name,
                initials,
                spelled,
            }
        }));
        let written = store::insert(&mut tx, &docs).await?;
        if full {
            store::mark_stale(&mut tx).await?;
        }
        tx.commit().await?;
        Ok(written)
    }
}

fn activity_doc(a: &store::PendingActivity) -> NewDoc {
    let field = Field::from_code(&a.field).map_or("", |f| f.label_zh());
    let method = Method::from_code(&a.method).map_or("", |m| m.label_zh());
    let (initials, spelled) = text::pinyin(&format!("{} {field} {method}", a.title));
    NewDoc {
        kind: DocKind::Activity,
        record_id: a.id,
        head: text::normalize(&a.title),
        body: text::normalize(&format!(
            "{}\n{field}\n{method}\n{}\n{}",
            a.title, a.organization_name, a.description
        )),
        initials,
        spelled,
    }
}
