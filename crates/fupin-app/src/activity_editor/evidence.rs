//! Evidence files: at most 10 MiB, PDF, JPEG, PNG, XLSX or DOCX as shown by their first bytes
//! (not their name), stored with their SHA-256 and kept once per hash.

use fupin_store::activities::editor::evidence::{self as store, EvidenceRow, NewEvidence};
use sha2::{Digest, Sha256};

use super::checked;
use crate::{Actor, App, AppError, AuditEvent};

/// The largest evidence file accepted.
pub const MAX_EVIDENCE_BYTES: usize = 10 * 1024 * 1024;

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

/// The file type shown by the content's first bytes, as (MIME type, extension); `None` for
/// anything but PDF, JPEG, PNG, XLSX and DOCX. Office files are ZIP archives told apart by the
/// part names they contain.
pub fn sniff_evidence_type(content: &[u8]) -> Option<(&'static str, &'static str)> {
    if content.starts_with(b"%PDF-") {
        Some(("application/pdf", "pdf"))
    } else if content.starts_with(&[0xFF, 0xD8, 0xFF]) {
        Some(("image/jpeg", "jpg"))
    } else if content.starts_with(&[0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A]) {
        Some(("image/png", "png"))
    } else if content.starts_with(b"PK\x03\x04") && contains(content, b"[Content_Types].xml") {
        if contains(content, b"xl/") {
            Some((
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                "xlsx",
            ))
        } else if contains(content, b"word/") {
            Some((
                "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
                "docx",
            ))
        } else {
            None
        }
    } else {
        None
    }
}

fn clean_name(name: &str) -> String {
    let base = name.rsplit(['/', '\\']).next().unwrap_or(name);
    let cleaned: String = base.chars().filter(|c| !c.is_control()).take(200).collect();
    if cleaned.trim().is_empty() {
        "证明材料".to_owned()
    } else {
        cleaned.trim().to_owned()
    }
}

impl App {
    /// Attaches an evidence file to a draft or returned report; returns the file's id.
    pub async fn add_evidence(
        &self,
        actor: &Actor,
        id: i64,
        file_name: &str,
        content: &[u8],
    ) -> Result<i64, AppError> {
        if content.is_empty() {
            return Err(AppError::Invalid("请选择要上传的文件".to_owned()));
        }
        if content.len() > MAX_EVIDENCE_BYTES {
            return Err(AppError::Invalid(format!(
                "文件大小为 {:.1} MiB，超过 10 MiB 的上限：请压缩或拆分后上传",
                content.len() as f64 / 1_048_576.0
            )));
        }
        let Some((content_type, extension)) = sniff_evidence_type(content) else {
            return Err(AppError::Invalid(
                "文件类型不受支持：证明材料只接受 PDF、JPG、PNG、XLSX 和 DOCX 文件（按文件内容判断）".to_owned(),
            ));
        };
        let name = clean_name(file_name);
        let given = name
            .rsplit_once('.')
            .map(|(_, ext)| ext.to_ascii_lowercase());
        let known = ["pdf", "jpg", "jpeg", "png", "xlsx", "docx"];
        if let Some(ext) = given.as_deref()
            && known.contains(&ext)
            && ext != extension
            && !(ext == "jpeg" && extension == "jpg")
        {
            return Err(AppError::Invalid(format!(
                "文件“{name}”的内容是 {} 文件，与扩展名 .{ext} 不符：请检查是否选错了文件",
                extension.to_uppercase()
            )));
        }
        let sha256 = hex::encode(Sha256::digest(content));
        let event = AuditEvent::new("activity.evidence_add", "activity", id)
            .detail(format!("{sha256} {}", content.len()));
        let mut tx = self.begin_audited().await?;
        checked!(
            self,
            tx,
            actor,
            &event,
            self.editable_row(&mut tx, actor, id).await
        );
        let file = NewEvidence {
            activity_id: id,
            file_name: &name,
            content_type,
            sha256: &sha256,
            content,
        };
        let file_id = store::insert(&mut tx, file, self.now()).await?;
        self.append_audit(&mut tx, actor, event).await?;
        tx.commit().await?;
        Ok(file_id)
    }

    /// Removes an evidence file from a draft or returned report.
    pub async fn remove_evidence(
        &self,
        actor: &Actor,
        id: i64,
        file_id: i64,
    ) -> Result<(), AppError> {
        let event = AuditEvent::new("activity.evidence_remove", "activity", id)
            .detail(format!("file {file_id}"));
        let mut tx = self.begin_audited().await?;
        checked!(
            self,
            tx,
            actor,
            &event,
            self.editable_row(&mut tx, actor, id).await
        );
        if !store::remove(&mut tx, id, file_id).await? {
            return Err(AppError::NotFound);
        }
        self.append_audit(&mut tx, actor, event).await?;
        tx.commit().await?;
        Ok(())
    }

    /// An evidence file with its bytes, for anyone who may see the activity.
    pub async fn evidence_file(
        &self,
        actor: &Actor,
        id: i64,
        file_id: i64,
    ) -> Result<(EvidenceRow, Vec<u8>), AppError> {
        let mut tx = self.db.begin().await?;
        self.scoped_row(&mut tx, actor, id).await?;
        store::content(&mut tx, id, file_id)
            .await?
            .ok_or(AppError::NotFound)
    }
}
