//! What the public may read: published figures only, never personal data.

use fupin_domain::{Field, Money};
use fupin_store::stats::read::{self, Dim, Filter};

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
    /// National headline figures over published activities; anyone may read them. Read from the
    /// national node of the maintained rollups (a few hundred rows at any scale): summing the
    /// activity tables took 26 s a render at a million activities. The store tests prove the two
    /// equal.
    pub async fn home_figures(&self, _actor: &Actor) -> Result<HomeFigures, AppError> {
        self.ensure_statistics().await?;
        let all = Filter::default();
        let nation = read::totals(&self.db, "region", "", &all).await?;
        let organizations = read::organization_count(&self.db, "region", "", None).await?;
        let (counties, poor_counties) = read::counties_reached(&self.db).await?;
        let mut by_field = read::breakdown(&self.db, "region", "", Dim::Field, &all)
            .await?
            .into_iter()
            .map(|row| {
                let field = Field::from_code(&row.key)
                    .ok_or_else(|| AppError::corrupt("field", &row.key))?;
                Ok(FieldFigure {
                    field,
                    activities: row.totals.activities,
                    committed: Money::from_fen(row.totals.committed_fen),
                })
            })
            .collect::<Result<Vec<_>, AppError>>()?;
        // Largest first; equal commitments in field order, so the order is stable.
        by_field.sort_by_key(|f| std::cmp::Reverse(f.committed.fen()));
        let by_year = read::breakdown(&self.db, "region", "", Dim::Year, &all)
            .await?
            .into_iter()
            .map(|row| {
                let year = row
                    .key
                    .parse()
                    .map_err(|_| AppError::corrupt("year", &row.key))?;
                Ok(YearFigure {
                    year,
                    activities: row.totals.activities,
                    committed: Money::from_fen(row.totals.committed_fen),
                })
            })
            .collect::<Result<_, AppError>>()?;
        Ok(HomeFigures {
            organizations,
            activities: nation.activities,
            committed: Money::from_fen(nation.committed_fen),
            spent: Money::from_fen(nation.spent_fen),
            goods: Money::from_fen(nation.goods_fen),
            volunteer_hours: nation.volunteer_hours,
            beneficiary_persons: nation.persons,
            counties,
            poor_counties_reached: poor_counties,
            by_field,
            by_year,
        })
    }
}
