//! IATI 2.03 activity XML: `/iati/{org_id}.xml` (one organization) and `/iati/all.xml`.
//!
//! * Organizations are identified `CN-USCC-<统一社会信用代码>`; an activity `<org ref>-<version id>`.
//! * Our fields are sectors of vocabulary 99 (reporting organization's own), 100% to the primary field.
//! * Locations carry the GB/T 2260 code in `ref` (`CN-GBT2260-<code>`), their name and share; the
//!   country is CN. Money: commitments (type 2), disbursements (3) and expenditures (4) summed per
//!   kind, in CNY, dated the day of publication (individual transactions are not published: their
//!   provider or receiver may be a person). Indicators become results.
//! * Beneficiary counts are not exported (IATI has no field for them here), so nothing personal is.

use std::collections::HashMap;
use std::fmt::Write as _;

use axum::extract::{Path, State};
use axum::http::HeaderValue;
use axum::http::header::CONTENT_TYPE;
use axum::response::{IntoResponse, Response};
use fupin_app::AppError;
use fupin_app::open_data::yuan;
use fupin_app::public_pages::IatiData;
use fupin_domain::Field;
use fupin_store::stats::public::PublicActivity;
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;

use super::cacheable;
use crate::WebState;
use crate::api::ApiError;

/// XML text with `& < > " '` escaped.
pub fn esc(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            c if (c as u32) < 0x20 && !matches!(c, '\n' | '\t' | '\r') => {}
            c => out.push(c),
        }
    }
    out
}

fn org_type(credit_code: &str) -> &'static str {
    // 53 基金会 → 60 Foundation; 51 社会团体, 52 社会服务机构 → 22 National NGO.
    if credit_code.starts_with("53") {
        "60"
    } else {
        "22"
    }
}

fn stamp(at: Option<OffsetDateTime>) -> String {
    at.and_then(|t| t.format(&Rfc3339).ok())
        .unwrap_or_else(|| "2020-01-01T00:00:00Z".to_owned())
}

fn day(at: Option<OffsetDateTime>) -> String {
    at.map(|t| t.date().to_string())
        .unwrap_or_else(|| "2020-01-01".to_owned())
}

/// The parts of one activity.
struct Parts<'a> {
    locations: Vec<&'a fupin_store::stats::iati::LocationPart>,
    money: Vec<&'a fupin_store::stats::iati::MoneyPart>,
    indicators: Vec<&'a fupin_store::stats::iati::IndicatorPart>,
}

fn activity_xml(out: &mut String, a: &PublicActivity, parts: &Parts<'_>) -> std::fmt::Result {
    let org = format!("CN-USCC-{}", a.credit_code);
    let name = esc(&a.organization_name);
    let kind = org_type(&a.credit_code);
    writeln!(
        out,
        r#" <iati-activity last-updated-datetime="{}" xml:lang="zh" default-currency="CNY">"#,
        stamp(a.published_at)
    )?;
    writeln!(out, "  <iati-identifier>{org}-{}</iati-identifier>", a.id)?;
    writeln!(
        out,
        r#"  <reporting-org ref="{org}" type="{kind}"><narrative>{name}</narrative></reporting-org>"#
    )?;
    writeln!(
        out,
        "  <title><narrative>{}</narrative></title>",
        esc(&a.title)
    )?;
    let description = if a.description.trim().is_empty() {
        &a.title
    } else {
        &a.description
    };
    writeln!(
        out,
        r#"  <description type="1"><narrative>{}</narrative></description>"#,
        esc(description)
    )?;
    writeln!(
        out,
        r#"  <participating-org ref="{org}" type="{kind}" role="4"><narrative>{name}</narrative></participating-org>"#
    )?;
    let status = if a.actual_end.is_some() { "4" } else { "2" };
    writeln!(out, r#"  <activity-status code="{status}"/>"#)?;
    let start = a
        .actual_start
        .map(|d| (d, "2"))
        .or(a.planned_start.map(|d| (d, "1")));
    match start {
        Some((d, t)) => writeln!(out, r#"  <activity-date iso-date="{d}" type="{t}"/>"#)?,
        None => writeln!(
            out,
            r#"  <activity-date iso-date="{}-01-01" type="1"/>"#,
            a.year
        )?,
    }
    if let Some(d) = a.planned_end {
        writeln!(out, r#"  <activity-date iso-date="{d}" type="3"/>"#)?;
    }
    if let Some(d) = a.actual_end {
        writeln!(out, r#"  <activity-date iso-date="{d}" type="4"/>"#)?;
    }
    writeln!(out, r#"  <recipient-country code="CN" percentage="100"/>"#)?;
    for (_, code, rname, _, share) in parts.locations.iter().copied() {
        writeln!(
            out,
            r#"  <location ref="CN-GBT2260-{code}"><location-reach code="1"/><name><narrative>{}</narrative></name><description><narrative>GB/T 2260 {code} · {:.2}%</narrative></description><administrative vocabulary="A4" level="0" code="CN"/></location>"#,
            esc(rname),
            f64::from(*share) / 100.0
        )?;
    }
    let field_label = Field::from_code(&a.field).map_or(a.field.as_str(), |f| f.label_zh());
    writeln!(
        out,
        r#"  <sector vocabulary="99" code="{}" percentage="100"><narrative>{}</narrative></sector>"#,
        esc(&a.field),
        esc(field_label)
    )?;
    let date = day(a.published_at);
    for (_, kind, fen) in parts.money.iter().copied() {
        let code = match kind.as_str() {
            "commitment" => "2",
            "disbursement" => "3",
            "expenditure" => "4",
            _ => continue, // a pledge is not a transaction
        };
        writeln!(
            out,
            r#"  <transaction><transaction-type code="{code}"/><transaction-date iso-date="{date}"/><value currency="CNY" value-date="{date}">{}</value></transaction>"#,
            yuan(*fen)
        )?;
    }
    for (_, _, iname, unit, baseline, target, actual) in parts.indicators.iter().copied() {
        let title = esc(&format!("{iname}（{unit}）"));
        let value = |v: &Option<f64>| v.map(|x| format!(r#" value="{x}""#)).unwrap_or_default();
        writeln!(
            out,
            r#"  <result type="2"><title><narrative>{title}</narrative></title><indicator measure="1"><title><narrative>{title}</narrative></title><baseline year="{}"{}/><period><period-start iso-date="{}-01-01"/><period-end iso-date="{}-12-31"/><target{}/><actual{}/></period></indicator></result>"#,
            a.year,
            value(baseline),
            a.year,
            a.year,
            value(target),
            value(actual)
        )?;
    }
    writeln!(out, " </iati-activity>")
}

/// The IATI 2.03 activity file of `data`.
pub fn document(data: &IatiData, now: OffsetDateTime) -> Result<String, AppError> {
    let mut out = String::new();
    let fail = |_| AppError::Invalid("IATI 文件生成失败".to_owned());
    writeln!(out, r#"<?xml version="1.0" encoding="UTF-8"?>"#).map_err(fail)?;
    writeln!(
        out,
        r#"<iati-activities version="2.03" generated-datetime="{}">"#,
        stamp(Some(now))
    )
    .map_err(fail)?;
    let mut parts: HashMap<i64, Parts<'_>> = data
        .activities
        .iter()
        .map(|a| {
            (
                a.id,
                Parts {
                    locations: Vec::new(),
                    money: Vec::new(),
                    indicators: Vec::new(),
                },
            )
        })
        .collect();
    for l in &data.locations {
        if let Some(p) = parts.get_mut(&l.0) {
            p.locations.push(l);
        }
    }
    for m in &data.money {
        if let Some(p) = parts.get_mut(&m.0) {
            p.money.push(m);
        }
    }
    for i in &data.indicators {
        if let Some(p) = parts.get_mut(&i.0) {
            p.indicators.push(i);
        }
    }
    for a in &data.activities {
        if let Some(p) = parts.get(&a.id) {
            activity_xml(&mut out, a, p).map_err(fail)?;
        }
    }
    out.push_str("</iati-activities>\n");
    Ok(out)
}

/// `GET /iati/{org_id}.xml` and `/iati/all.xml`.
pub async fn serve(
    State(state): State<WebState>,
    Path(file): Path<String>,
) -> Result<Response, ApiError> {
    let Some(stem) = file.strip_suffix(".xml") else {
        return Err(AppError::NotFound.into());
    };
    let organization = match stem {
        "all" => None,
        id => Some(id.parse::<i64>().map_err(|_| AppError::NotFound)?),
    };
    let data = state.app.iati_data(organization).await?;
    let xml = document(&data, state.app.now())?;
    let mut response = xml.into_response();
    response.headers_mut().insert(
        CONTENT_TYPE,
        HeaderValue::from_static("application/xml; charset=utf-8"),
    );
    Ok(cacheable(response))
}
