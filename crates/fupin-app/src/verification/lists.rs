//! The assistance lists' indexes (农村低保, 特困人员, 贫困残疾人), cached per process like the
//! registry's until an import changes a list.

use std::sync::Arc;

use fupin_domain::{AssistanceList, ListStatus};
use fupin_store::lists;
use fupin_store::{Db, StoreError};
use fupin_verify::{IndexBuilder, ListMember, RegistryIndex, Sources};

use crate::{App, AppError};

/// List members read per query.
const MEMBER_PAGE: i64 = 100_000;

/// One index per list, in [`AssistanceList::ALL`] order (empty when the list was never loaded).
#[derive(Debug)]
pub(crate) struct ListIndexes {
    by_list: Vec<RegistryIndex>,
}

impl ListIndexes {
    /// The registry together with every loaded list.
    pub(crate) fn sources<'a>(&'a self, registry: &'a RegistryIndex) -> Sources<'a> {
        AssistanceList::ALL
            .iter()
            .zip(&self.by_list)
            .fold(Sources::registry(registry), |sources, (list, index)| {
                sources.with_list(*list, index)
            })
    }
}

/// The per-process cache of the list indexes, with the stamp they were built from.
pub(crate) type ListIndexCache = Arc<tokio::sync::Mutex<Option<(i64, Arc<ListIndexes>)>>>;

impl App {
    /// The list indexes, rebuilt only when a list changed since they were last built.
    pub(crate) async fn list_indexes(&self) -> Result<Arc<ListIndexes>, AppError> {
        let mut cache = self.list_indexes.lock().await;
        let stamp = lists::lists_stamp(&self.db).await?;
        if let Some((_, cached)) = cache.as_ref().filter(|(s, _)| *s == stamp) {
            return Ok(Arc::clone(cached));
        }
        let mut by_list = Vec::with_capacity(AssistanceList::ALL.len());
        for list in AssistanceList::ALL {
            by_list.push(build(&self.db, *list).await?);
        }
        let built = Arc::new(ListIndexes { by_list });
        *cache = Some((stamp, Arc::clone(&built)));
        Ok(built)
    }
}

async fn build(db: &Db, list: AssistanceList) -> Result<RegistryIndex, AppError> {
    let corrupt = |e: fupin_verify::IndexError| AppError::Store(StoreError::Corrupt(e.to_string()));
    let mut builder = IndexBuilder::with_capacity(0);
    let mut after = 0;
    loop {
        let page = lists::member_page(db, list, after, MEMBER_PAGE).await?;
        let Some(last) = page.last() else { break };
        after = last.id;
        for row in page {
            let status = ListStatus::from_code(&row.status)
                .ok_or_else(|| AppError::corrupt("list status", &row.status))?;
            let id_hash: [u8; 16] =
                row.id_hash.as_slice().try_into().map_err(|_| {
                    AppError::corrupt("ID hash length", &row.id_hash.len().to_string())
                })?;
            let member = ListMember {
                id_hash,
                name: row.name,
                status,
                exit_year: row.exit_year,
                village_code: row.village_code,
            };
            builder.push(&member.record()).map_err(corrupt)?;
        }
    }
    builder.finish().map_err(corrupt)
}
