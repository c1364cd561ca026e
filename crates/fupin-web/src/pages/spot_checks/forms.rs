//! The form that defines a round: what it posts, and the values it shows again after a problem.

use fupin_app::AppError;
use fupin_app::spot_checks::{
    RiskWeights, RoundSpec, Strata, WEIGHT_KEYS, parse_weights, seed_from_input, weights_text,
};
use fupin_domain::Field;
use serde::Deserialize;

/// `POST /workspace/spot-checks`: every field as typed (checked when read, with Chinese
/// messages, rather than refused by the deserializer).
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct DrawForm {
    name: String,
    region: String,
    unit_id: String,
    year: String,
    field: String,
    size: String,
    strata: String,
    seed: String,
    w_low_verified_share: String,
    w_per_anomaly: String,
    w_max_anomalies: String,
    w_per_complaint: String,
    w_max_complaints: String,
    w_new_organization: String,
}

impl DrawForm {
    /// The weights in [`WEIGHT_KEYS`] order.
    fn weights(&self) -> [&str; 6] {
        [
            &self.w_low_verified_share,
            &self.w_per_anomaly,
            &self.w_max_anomalies,
            &self.w_per_complaint,
            &self.w_max_complaints,
            &self.w_new_organization,
        ]
    }

    /// The round the form defines.
    pub fn spec(&self) -> Result<RoundSpec, AppError> {
        let invalid = |message: &str| AppError::Invalid(message.to_owned());
        let size = self
            .size
            .trim()
            .parse::<usize>()
            .map_err(|_| invalid("抽取数量应为正整数"))?;
        let year = match self.year.trim() {
            "" => None,
            y => Some(y.parse::<i32>().map_err(|_| invalid("年度应为四位数字"))?),
        };
        let unit_id = match self.unit_id.trim() {
            "" => None,
            u => Some(
                u.parse::<i64>()
                    .map_err(|_| invalid("主管单位编号应为数字"))?,
            ),
        };
        let strata = Strata::from_code(&self.strata).ok_or_else(|| invalid("请选择分层方式"))?;
        // Left empty, a weight keeps its default (parse_weights skips it).
        let text = WEIGHT_KEYS
            .iter()
            .zip(self.weights())
            .filter(|(_, value)| !value.trim().is_empty())
            .map(|((key, _), value)| format!("{key}={}", value.trim()))
            .collect::<Vec<_>>()
            .join(";");
        Ok(RoundSpec {
            name: self.name.clone(),
            region_prefix: self.region.trim().to_owned(),
            unit_id,
            year,
            field: self.field.clone(),
            size,
            strata,
            weights: parse_weights(&text)?,
            seed: seed_from_input(&self.seed)?,
        })
    }
}

/// A `<select>` option.
#[derive(Debug, Clone)]
pub struct OptionVm {
    /// Value posted.
    pub value: String,
    /// Label shown.
    pub label: String,
    /// Whether it is chosen.
    pub selected: bool,
}

/// A risk weight's input.
#[derive(Debug, Clone)]
pub struct WeightVm {
    /// Field name (`w_…`).
    pub name: String,
    /// Label.
    pub label: &'static str,
    /// Value shown.
    pub value: String,
}

/// What the form shows.
#[derive(Debug, Clone)]
pub struct FormValues {
    /// Name.
    pub name: String,
    /// Region prefix.
    pub region: String,
    /// Supervisory unit id.
    pub unit_id: String,
    /// Year.
    pub year: String,
    /// Size.
    pub size: String,
    /// Seed phrase or hex.
    pub seed: String,
    /// Field choices.
    pub fields: Vec<OptionVm>,
    /// Strata choices.
    pub strata: Vec<OptionVm>,
    /// Risk weights.
    pub weights: Vec<WeightVm>,
    /// The default weights as stored text, for the hint.
    pub default_weights: String,
}

impl FormValues {
    fn new(form: &DrawForm, weights: [String; 6]) -> FormValues {
        let mut fields = vec![OptionVm {
            value: String::new(),
            label: "全部领域".to_owned(),
            selected: form.field.is_empty(),
        }];
        fields.extend(Field::ALL.iter().map(|f| OptionVm {
            value: f.code().to_owned(),
            label: f.label_zh().to_owned(),
            selected: form.field == f.code(),
        }));
        let strata = Strata::ALL
            .iter()
            .map(|s| OptionVm {
                value: s.code().to_owned(),
                label: s.label_zh().to_owned(),
                selected: form.strata == s.code(),
            })
            .collect();
        let weights = WEIGHT_KEYS
            .iter()
            .zip(weights)
            .map(|((key, label), value)| WeightVm {
                name: format!("w_{key}"),
                label,
                value,
            })
            .collect();
        FormValues {
            name: form.name.clone(),
            region: form.region.clone(),
            unit_id: form.unit_id.clone(),
            year: form.year.clone(),
            size: form.size.clone(),
            seed: form.seed.clone(),
            fields,
            strata,
            weights,
            default_weights: weights_text(&RiskWeights::default()),
        }
    }

    /// An empty form with the default strata, size and weights.
    pub fn defaults() -> FormValues {
        let form = DrawForm {
            size: "10".to_owned(),
            strata: Strata::County.code().to_owned(),
            ..DrawForm::default()
        };
        let d = RiskWeights::default();
        let weights = [
            d.low_verified_share_milli,
            d.per_anomaly_milli,
            d.max_anomalies,
            d.per_complaint_milli,
            d.max_complaints,
            d.new_organization_milli,
        ]
        .map(|v| v.to_string());
        FormValues::new(&form, weights)
    }
}

impl From<&DrawForm> for FormValues {
    fn from(form: &DrawForm) -> FormValues {
        FormValues::new(form, form.weights().map(str::to_owned))
    }
}
