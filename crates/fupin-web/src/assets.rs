//! Static assets embedded in the binary (works offline on an intranet, no CDN).
//!
//! Pages link each asset by a URL that carries a hash of its content (`/assets/style.1a2b3c4d.css`),
//! served with `Cache-Control: public, max-age=31536000, immutable`; a new build with changed
//! content gets a new URL. The plain name (`/assets/style.css`) and stale hashes are served too,
//! cached for an hour.

use std::sync::OnceLock;

use axum::extract::Path;
use axum::http::header::{CACHE_CONTROL, CONTENT_TYPE, ETAG, IF_NONE_MATCH};
use axum::http::{HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};

use crate::i18n::Locale;
use crate::pages;

/// One embedded file.
#[derive(Debug)]
pub struct Asset {
    /// File stem, e.g. `style`.
    pub stem: &'static str,
    /// Extension without the dot, e.g. `css`.
    pub ext: &'static str,
    /// `Content-Type` to serve it with.
    pub content_type: &'static str,
    /// The bytes.
    pub body: &'static [u8],
    /// FNV-1a hash of the bytes, computed on first use (at compile time it would make the
    /// vendored ECharts trip the compiler's long-running-evaluation lint).
    hash: OnceLock<u64>,
}

impl Asset {
    const fn new(
        stem: &'static str,
        ext: &'static str,
        content_type: &'static str,
        body: &'static [u8],
    ) -> Asset {
        Asset {
            stem,
            ext,
            content_type,
            body,
            hash: OnceLock::new(),
        }
    }

    /// FNV-1a hash of the bytes.
    pub fn hash(&self) -> u64 {
        *self.hash.get_or_init(|| fnv1a(self.body))
    }

    /// The short content hash used in the URL (8 hex digits).
    pub fn short_hash(&self) -> String {
        format!("{:08x}", self.hash() >> 32)
    }

    /// The cache-busting URL: `/assets/{stem}.{hash}.{ext}`.
    pub fn url(&self) -> String {
        format!("/assets/{}.{}.{}", self.stem, self.short_hash(), self.ext)
    }
}

/// The stylesheet.
pub static STYLE: Asset = Asset::new(
    "style",
    "css",
    "text/css; charset=utf-8",
    include_bytes!("../assets/style.css"),
);
/// The favicon.
pub static FAVICON: Asset = Asset::new(
    "favicon",
    "svg",
    "image/svg+xml",
    include_bytes!("../assets/favicon.svg"),
);

/// The page enhancements: charts and the map (the pages work without it).
pub static SCRIPT: Asset = Asset::new(
    "fupin",
    "js",
    "text/javascript; charset=utf-8",
    include_bytes!("../assets/fupin.js"),
);
/// ECharts 4.9.0 (Apache-2.0), vendored from the npm package `echarts` (see `assets/vendor/echarts`).
pub static ECHARTS: Asset = Asset::new(
    "echarts",
    "js",
    "text/javascript; charset=utf-8",
    include_bytes!("../assets/vendor/echarts/echarts.min.js"),
);
/// The map of China by province, from the same package (`map/json/china.json`).
pub static CHINA_MAP: Asset = Asset::new(
    "china",
    "json",
    "application/json",
    include_bytes!("../assets/vendor/echarts/map/json/china.json"),
);

macro_rules! province_maps {
    ($($code:literal => $file:literal),+ $(,)?) => {
        /// The province maps (prefectures), served as `province-{code}.json`, by 2-digit province code.
        pub static PROVINCE_MAPS: [(&str, Asset); [$($code),+].len()] = [$((
            $code,
            Asset::new(
                concat!("province-", $code),
                "json",
                "application/json",
                include_bytes!(concat!("../assets/vendor/echarts/map/json/province/", $file, ".json")),
            ),
        )),+];
    };
}

province_maps! {
    "11" => "beijing", "12" => "tianjin", "13" => "hebei", "14" => "shanxi", "15" => "neimenggu",
    "21" => "liaoning", "22" => "jilin", "23" => "heilongjiang", "31" => "shanghai", "32" => "jiangsu",
    "33" => "zhejiang", "34" => "anhui", "35" => "fujian", "36" => "jiangxi", "37" => "shandong",
    "41" => "henan", "42" => "hubei", "43" => "hunan", "44" => "guangdong", "45" => "guangxi",
    "46" => "hainan", "50" => "chongqing", "51" => "sichuan", "52" => "guizhou", "53" => "yunnan",
    "54" => "xizang", "61" => "shanxi1", "62" => "gansu", "63" => "qinghai", "64" => "ningxia",
    "65" => "xinjiang",
}

/// The assets with a fixed name (the province maps are in [`PROVINCE_MAPS`]).
pub static ALL: [&Asset; 5] = [&STYLE, &FAVICON, &SCRIPT, &ECHARTS, &CHINA_MAP];

/// Every embedded asset.
pub fn every() -> impl Iterator<Item = &'static Asset> {
    ALL.iter()
        .copied()
        .chain(PROVINCE_MAPS.iter().map(|(_, asset)| asset))
}

/// `{"13": "/assets/province-13.{hash}.json", …}`: where the map of each province is.
pub fn province_map_urls() -> String {
    let mut out = String::from("{");
    for (i, (code, asset)) in PROVINCE_MAPS.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        out.push_str(&format!("\"{code}\":\"{}\"", asset.url()));
    }
    out.push('}');
    out
}

const fn fnv1a(bytes: &[u8]) -> u64 {
    let mut hash = 0xcbf2_9ce4_8422_2325_u64;
    let mut i = 0;
    while i < bytes.len() {
        hash = (hash ^ bytes[i] as u64).wrapping_mul(0x0100_0000_01b3);
        i += 1;
    }
    hash
}

/// `GET /assets/{file}`.
pub async fn serve(Path(file): Path<String>, headers: HeaderMap, locale: Locale) -> Response {
    let Some((asset, immutable)) = find(&file) else {
        return pages::not_found_response(locale, "/");
    };
    let etag = format!("\"{:016x}\"", asset.hash());
    let cache = if immutable {
        "public, max-age=31536000, immutable"
    } else {
        "public, max-age=3600"
    };
    let matches = headers
        .get(IF_NONE_MATCH)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| {
            v.split(',')
                .any(|tag| tag.trim() == etag || tag.trim() == "*")
        });
    let mut response = if matches {
        StatusCode::NOT_MODIFIED.into_response()
    } else {
        ([(CONTENT_TYPE, asset.content_type)], asset.body).into_response()
    };
    let out = response.headers_mut();
    out.insert(CACHE_CONTROL, HeaderValue::from_static(cache));
    if let Ok(value) = HeaderValue::from_str(&etag) {
        out.insert(ETAG, value);
    }
    response
}

/// The asset a file name names, and whether the name carries its current hash (a stale hash, from
/// a page cached before an upgrade, still gets the current file, but not cached for long).
fn find(file: &str) -> Option<(&'static Asset, bool)> {
    let (rest, ext) = file.rsplit_once('.')?;
    let (stem, hash) = match rest.split_once('.') {
        Some((stem, hash)) => (stem, Some(hash)),
        None => (rest, None),
    };
    let asset = every().find(|a| a.stem == stem && a.ext == ext)?;
    match hash {
        None => Some((asset, false)),
        Some(h) => Some((asset, h == asset.short_hash())),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashed_and_plain_names_are_found() {
        let hashed = STYLE.url();
        let name = hashed.trim_start_matches("/assets/");
        assert!(matches!(find(name), Some((a, true)) if a.stem == "style"));
        assert!(matches!(find("style.css"), Some((_, false))));
        // A stale hash (a page cached before an upgrade) gets the current file, briefly cached.
        assert!(matches!(find("style.00000000.css"), Some((_, false))));
        assert!(find("style.js").is_none());
        assert!(find("nothing").is_none());
    }

    #[test]
    fn vendored_scripts_and_maps_are_served() {
        assert!(matches!(find("echarts.js"), Some((a, false)) if a.body.len() > 500_000));
        let url = PROVINCE_MAPS[2].1.url();
        assert!(url.starts_with("/assets/province-13."), "{url}");
        let name = url.trim_start_matches("/assets/");
        assert!(matches!(find(name), Some((a, true)) if a.content_type == "application/json"));
        let urls = province_map_urls();
        assert!(urls.starts_with("{\"11\":\"/assets/province-11."), "{urls}");
        assert_eq!(urls.matches("province-").count(), 31);
        let china = std::str::from_utf8(CHINA_MAP.body).unwrap_or_default();
        assert!(
            china.contains("\"id\":\"130000\""),
            "province ids are GB/T 2260 codes"
        );
    }

    #[test]
    fn hashes_differ_per_content() {
        assert_ne!(STYLE.hash(), FAVICON.hash());
        assert_eq!(fnv1a(b""), 0xcbf2_9ce4_8422_2325);
    }
}
