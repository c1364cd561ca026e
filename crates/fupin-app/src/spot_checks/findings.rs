//! Findings: an inspector (an officer who may see the round) records what a check of a drawn
//! activity found, with an optional evidence file; the finding joins the organization's record,
//! which the organization itself and the officials whose jurisdiction holds it see.

use fupin_store::organizations;
use fupin_store::spot_checks::{self as store, FindingRow, NewFinding};
use sha2::{Digest, Sha256};

use super::{FindingOutcome, may_spot_check};
use crate::activity_editor::{MAX_EVIDENCE_BYTES, sniff_evidence_type};
use crate::{Actor, App, AppError, AuditEvent};

/// Longest note kept, in characters.
pub const MAX_NOTE_CHARS: usize = 2000;

/// An evidence file as downloaded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FindingEvidence {
    /// MIME type, from the content.
    pub content_type: &'static str,
    /// A file name for the download (`finding-ID.ext`).
    pub file_name: String,
    /// The bytes.
    pub content: Vec<u8>,
}

impl App {
    /// Records a finding on an activity drawn in a round; returns the finding's id.
    ///
    /// `evidence` is an optional file (name, bytes): PDF, JPEG, PNG, XLSX or DOCX by content, at
    /// most 10 MiB, kept once per SHA-256 like activity evidence (the name is not kept: a finding
    /// holds only the hash). The audit entry names the activity, the outcome and the file's hash,
    /// never the note (which may describe people).
    pub async fn record_finding(
        &self,
        actor: &Actor,
        round_id: i64,
        activity_id: i64,
        outcome: FindingOutcome,
        note: &str,
        evidence: Option<(&str, &[u8])>,
    ) -> Result<i64, AppError> {
        let event = AuditEvent::new("spot_check.finding", "spot_check_round", round_id);
        if !may_spot_check(actor) {
            return Err(self.deny(actor, event, AppError::Forbidden).await);
        }
        if store::get_round(&self.db, &actor.scope(), round_id)
            .await?
            .is_none()
        {
            return Err(self.deny(actor, event, AppError::NotFound).await);
        }
        let note = note.trim();
        if note.is_empty() || note.chars().count() > MAX_NOTE_CHARS {
            return Err(AppError::Invalid(format!(
                "请填写核查情况（不超过{MAX_NOTE_CHARS}字）"
            )));
        }
        let sha256 = match evidence {
            Some((_, content)) => Some((checked_evidence(content)?, content)),
            None => None,
        };
        let mut tx = self.begin_audited().await?;
        let Some(organization_id) =
            store::drawn_organization(&mut tx, round_id, activity_id).await?
        else {
            return Err(AppError::Invalid(format!(
                "项目 {activity_id} 不在本轮抽中的名单中：只能对抽中的项目记录核查结果"
            )));
        };
        if let Some((hash, content)) = &sha256 {
            store::store_evidence_blob(&mut tx, hash, content).await?;
        }
        let hash = sha256.map(|(h, _)| h).unwrap_or_default();
        let finding = NewFinding {
            round_id,
            activity_id,
            organization_id,
            outcome: outcome.code().to_owned(),
            note: note.to_owned(),
            evidence_sha256: hash.clone(),
            inspector_id: actor.user_id,
            inspector_name: actor.name.clone(),
            recorded_at: self.now(),
        };
        let id = store::insert_finding(&mut tx, &finding).await?;
        let detail = format!(
            "核查结果 {id}：项目 {activity_id}，{}，证据 {}",
            outcome.code(),
            if hash.is_empty() { "无" } else { &hash }
        );
        self.append_audit(&mut tx, actor, event.detail(detail))
            .await?;
        tx.commit().await?;
        Ok(id)
    }

    /// An organization's findings over every round, newest first: the organization's own staff
    /// and the officials whose jurisdiction holds it.
    pub async fn findings_for_organization(
        &self,
        actor: &Actor,
        organization_id: i64,
    ) -> Result<Vec<FindingRow>, AppError> {
        organizations::get_scoped(&self.db, &actor.scope(), organization_id)
            .await?
            .ok_or(AppError::NotFound)?;
        Ok(store::findings_for_organization(&self.db, organization_id).await?)
    }

    /// A finding's evidence file, for whoever sees the round or the organization.
    pub async fn finding_evidence(
        &self,
        actor: &Actor,
        round_id: i64,
        finding_id: i64,
    ) -> Result<FindingEvidence, AppError> {
        let finding = store::finding(&self.db, round_id, finding_id)
            .await?
            .ok_or(AppError::NotFound)?;
        let scope = actor.scope();
        let sees_round = may_spot_check(actor)
            && store::get_round(&self.db, &scope, round_id)
                .await?
                .is_some();
        let sees_org = organizations::get_scoped(&self.db, &scope, finding.organization_id)
            .await?
            .is_some();
        if !(sees_round || sees_org) || finding.evidence_sha256.is_empty() {
            return Err(AppError::NotFound);
        }
        let content = store::evidence_blob(&self.db, &finding.evidence_sha256)
            .await?
            .ok_or(AppError::NotFound)?;
        let (content_type, extension) =
            sniff_evidence_type(&content).unwrap_or(("application/octet-stream", "bin"));
        Ok(FindingEvidence {
            content_type,
            file_name: format!("finding-{finding_id}.{extension}"),
            content,
        })
    }
}

/// The SHA-256 (hex) of an acceptable evidence file.
fn checked_evidence(content: &[u8]) -> Result<String, AppError> {
    if content.is_empty() {
        return Err(AppError::Invalid("上传的证据文件是空的".to_owned()));
    }
    if content.len() > MAX_EVIDENCE_BYTES {
        return Err(AppError::Invalid(
            "证据文件超过 10 MiB 的上限：请压缩或拆分后上传".to_owned(),
        ));
    }
    if sniff_evidence_type(content).is_none() {
        return Err(AppError::Invalid(
            "证据文件类型不受支持：只接受 PDF、JPG、PNG、XLSX 和 DOCX 文件（按文件内容判断）"
                .to_owned(),
        ));
    }
    Ok(hex::encode(Sha256::digest(content)))
}
