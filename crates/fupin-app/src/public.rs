//! What the public may read: published figures only, never personal data.

use fupin_domain::{Field, Money};
use fupin_store::activities::figures;

use crate::{Actor, App, AppError};

/// National figures for the home page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HomeFigures {
    /// Organizations with published activities.
    pub organizations: i64,
    /// Published activities.
    pub activities: i64,
    /// Money committed.
    pub committed: Money,
    /// Money spent.
    pub spent: Money,
    /// Goods valued.
    pub goods: Money,
    /// Volunteer hours.
    pub volunteer_hours: i64,
    /// Beneficiary persons as reported (summed over activities).
    pub beneficiary_persons: i64,
    /// Counties reached.
    pub counties: i64,
    /// National poor counties reached.
    pub poor_counties_reached: i64,
    /// Activities and commitments by field, largest first.
    pub by_field: Vec<FieldFigure>,
    /// Activities and commitments by year.
    pub by_year: Vec<YearFigure>,
}

/// One field's share.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldFigure {
    /// The field.
    pub field: Field,
    /// Published activities.
    pub activities: i64,
    /// Money committed.
    pub committed: Money,
}

/// One year's figures.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct YearFigure {
    /// Year.
    pub year: i32,
    /// Published activities.
    pub activities: i64,
    /// Money committed.
    pub committed: Money,
}

impl App {
    /// National headline figures over published activities; anyone may read them.
    pub async fn home_figures(&self, _actor: &Actor) -> Result<HomeFigures, AppError> {
        let head = figures::headline(&self.db).await?;
        let by_field = figures::by_field(&self.db)
            .await?
            .into_iter()
            .map(|row| {
                let field = Field::from_code(&row.key)
                    .ok_or_else(|| AppError::corrupt("field", &row.key))?;
                Ok(FieldFigure {
                    field,
                    activities: row.activities,
                    committed: Money::from_fen(row.committed_fen),
                })
            })
            .collect::<Result<_, AppError>>()?;
        let by_year = figures::by_year(&self.db)
            .await?
            .into_iter()
            .map(|row| {
                let year = row
                    .key
                    .parse()
                    .map_err(|_| AppError::corrupt("year", &row.key))?;
                Ok(YearFigure {
                    year,
                    activities: row.activities,
                    committed: Money::from_fen(row.committed_fen),
                })
            })
            .collect::<Result<_, AppError>>()?;
        Ok(HomeFigures {
            organizations: head.organizations,
            activities: head.activities,
            committed: Money::from_fen(head.committed_fen),
            spent: Money::from_fen(head.spent_fen),
            goods: Money::from_fen(head.goods_fen),
            volunteer_hours: head.volunteer_hours,
            beneficiary_persons: head.beneficiary_persons,
            counties: head.counties,
            poor_counties_reached: head.poor_counties,
            by_field,
            by_year,
        })
    }
}
