//! Tariffs: size bands, daily prices with their breakdown, the catalogue of
//! extra charges, and a facility's dated price history (GAW-1 … GAW-6,
//! SAW-1, SAW-3, SAW-4).

use std::collections::BTreeMap;
use std::fmt;
use std::str::FromStr;

use chrono::{Months, NaiveDate};
use rust_decimal::Decimal;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::assisted_living::cpi::CpiTable;
use crate::{BillingMonth, Error, Money};

/// A floor area in square metres, never negative.
///
/// # Example
///
/// ```
/// use care_core::Area;
/// let area: Area = "46.5".parse()?;
/// assert_eq!(area.to_string(), "46.5 m²");
/// assert!("-1".parse::<Area>().is_err());
/// # Ok::<(), care_core::Error>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Area(Decimal);

impl Area {
    /// An area in m².
    ///
    /// # Errors
    ///
    /// [`Error::InvalidArea`] for a negative area.
    pub fn new(square_metres: Decimal) -> Result<Area, Error> {
        if square_metres.is_sign_negative() && !square_metres.is_zero() {
            return Err(Error::InvalidArea {
                value: square_metres.to_string(),
            });
        }
        Ok(Area(square_metres.normalize()))
    }

    /// The area in m².
    pub fn square_metres(self) -> Decimal {
        self.0
    }
}

impl fmt::Display for Area {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} m²", self.0)
    }
}

impl FromStr for Area {
    type Err = Error;
    fn from_str(s: &str) -> Result<Area, Error> {
        let value =
            Decimal::from_str_exact(s.trim().trim_end_matches("m²").trim()).map_err(|_| {
                Error::InvalidArea {
                    value: s.to_string(),
                }
            })?;
        Area::new(value)
    }
}

impl Serialize for Area {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.0.to_string())
    }
}

impl<'de> Deserialize<'de> for Area {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Area, D::Error> {
        let text = String::deserialize(deserializer)?;
        text.parse().map_err(serde::de::Error::custom)
    }
}

/// A price per day: the GAW daily price or the SAW care and support cost.
/// Always more than zero.
///
/// # Example
///
/// ```
/// use care_core::{DailyRate, Money};
/// let rate = DailyRate::new(Money::from_cents(2933))?;
/// assert_eq!(rate.for_days(13), Money::from_cents(38129));
/// assert!(DailyRate::new(Money::ZERO).is_err());
/// # Ok::<(), care_core::Error>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "Money", into = "Money")]
pub struct DailyRate(Money);

impl DailyRate {
    /// A daily rate.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidAmount`] for zero or a negative amount.
    pub fn new(amount: Money) -> Result<DailyRate, Error> {
        if amount.is_negative() || amount.is_zero() {
            return Err(Error::InvalidAmount {
                value: amount.to_plain_string(),
                reason: "a daily rate must be more than zero",
            });
        }
        Ok(DailyRate(amount))
    }

    /// The rate as money.
    pub fn amount(self) -> Money {
        self.0
    }

    /// The price of `days` days.
    pub fn for_days(self, days: u32) -> Money {
        self.0.times(days.into())
    }
}

impl TryFrom<Money> for DailyRate {
    type Error = Error;
    fn try_from(m: Money) -> Result<DailyRate, Error> {
        DailyRate::new(m)
    }
}

impl From<DailyRate> for Money {
    fn from(r: DailyRate) -> Money {
        r.0
    }
}

impl fmt::Display for DailyRate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/dag", self.0)
    }
}

/// A size band of flats, `[lower, upper)` in m² (GAW-1 **Decision**: half-open
/// bounds; an area in no band is an error, never a guess).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SizeBand {
    /// Short name used in data, such as `small`.
    pub name: String,
    /// The wording of the contract, such as `woning kleiner dan 47 m²`.
    pub label: String,
    /// Smallest area in the band.
    pub lower: Area,
    /// First area above the band; `None` for no upper bound.
    pub upper: Option<Area>,
}

impl SizeBand {
    /// True when `area` lies in `[lower, upper)`.
    pub fn contains(&self, area: Area) -> bool {
        self.lower <= area && self.upper.is_none_or(|upper| area < upper)
    }
}

/// The informational breakdown of a GAW daily price (GAW-2).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Breakdown {
    /// Right of use of the flat (genotsrecht).
    pub right_of_use: Money,
    /// Care and support (zorg en ondersteuning).
    pub care_and_support: Money,
}

impl Breakdown {
    /// The sum of the parts.
    pub fn sum(&self) -> Money {
        self.right_of_use + self.care_and_support
    }
}

/// The price of one size band in one price version.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct BandPrice {
    /// The band's name.
    pub band: String,
    /// The full daily price, authoritative (GAW-2 **Decision**).
    pub daily: DailyRate,
    /// The breakdown the contract shows, informational.
    pub breakdown: Option<Breakdown>,
}

/// A version of all prices of a facility: daily price per band and the unit
/// price of each catalogue extra.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PriceList {
    /// Daily price per size band.
    pub bands: Vec<BandPrice>,
    /// Unit price per catalogue extra code.
    pub extras: BTreeMap<String, Money>,
}

impl PriceList {
    /// The price of a band.
    ///
    /// # Errors
    ///
    /// [`Error::UnknownBand`] when the list has no price for `band`.
    pub fn band(&self, band: &str) -> Result<&BandPrice, Error> {
        self.bands
            .iter()
            .find(|b| b.band == band)
            .ok_or_else(|| Error::UnknownBand {
                band: band.to_string(),
            })
    }
}

/// What an extra charge is, from the lists of GAW-5 and SAW-4 and the
/// recurring charges of GAW-3 and GAW-4.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum ExtraCategory {
    /// Real cost of bridging care (overbruggingszorg).
    BridgingCare,
    /// Home-care services (SAW-4).
    HomeCare,
    /// Hot meals.
    HotMeal,
    /// Activities.
    Activity,
    /// Waste processing.
    WasteProcessing,
    /// Unclogging a toilet or sink.
    Unclogging,
    /// Cleaning the flat's windows.
    WindowCleaning,
    /// Supplementary support with a separately set price.
    SupplementarySupport,
    /// Individual heating and hot water (GAW-4).
    Heating,
    /// Fixed phone with free calls (GAW-3).
    Phone,
    /// A cost of leaving the flat, charged on the last invoice (GAW-11):
    /// repainting it white, re-hanging the original light fittings, agreed
    /// restoration of alterations. Dated on or after the last day of the
    /// stay, and only for GAW, where the operator owns the flat.
    EndOfStay,
    /// Half of the surveyor's fee for the inventory of the flat, drawn up
    /// jointly at joint cost (GAW-21): charged at real cost with quantity
    /// ½, the resident's half.
    InventorySurvey,
    /// Any other service outside the daily price, never the rent (SAW-4).
    Other,
    /// Utilities the resident contracts directly (GAW-22): never on the
    /// operator's invoice; a catalogue naming it is refused.
    Utilities,
    /// Occupancy taxes (GAW-22): never on the operator's invoice.
    OccupancyTax,
    /// SAW common-area costs, paid through the rent (GAW-22), and the rent
    /// itself (SAW-4): never on the operator's invoice.
    RentOrCommonAreas,
}

impl ExtraCategory {
    /// True for what may never be on the operator's invoice (GAW-22,
    /// SAW-4).
    pub fn is_never_invoiced(self) -> bool {
        matches!(
            self,
            ExtraCategory::Utilities
                | ExtraCategory::OccupancyTax
                | ExtraCategory::RentOrCommonAreas
        )
    }
}

/// Where the unit price of an extra comes from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ExtraPricing {
    /// The facility's price list, which changes only with notice (GAW-6).
    Catalogue,
    /// The real cost, given on each charge (bridging care).
    RealCost,
    /// An amount agreed per contract, such as the heating advance.
    PerContract,
}

/// How often an extra is charged.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ExtraBilling {
    /// Each time it is used, with a date and a quantity.
    PerUse,
    /// Every month, for that month, on that month's invoice.
    Monthly,
    /// Every month as an advance for the next month (GAW-4, SAW-5 6°):
    /// the invoice of a month carries the next month's amount, and the
    /// first invoice of a stay also its own month's.
    MonthlyInAdvance,
    /// Once a calendar year (GAW-3).
    Yearly,
}

/// One entry of a facility's catalogue of extra charges.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ExtraItem {
    /// Code used in data, such as `hot_meal`.
    pub code: String,
    /// The nature as printed on the invoice (Dutch), such as `Warme maaltijd`.
    pub nature: String,
    /// The unit a quantity counts, such as `maaltijd`.
    pub unit: String,
    /// What it is.
    pub category: ExtraCategory,
    /// Where its price comes from.
    pub pricing: ExtraPricing,
    /// How often it is charged.
    pub billing: ExtraBilling,
    /// Whether its price is set in the house rules (such as the phone
    /// device, house rules 6.4): a change of it needs the users' council's
    /// advice first (GAW-29), and like every price change applies to a
    /// contract only 30 days after its notice (GAW-6).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub house_rules: bool,
}

/// Why a price version exists.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum ChangeKind {
    /// The tariff the facility started with.
    Initial {
        /// Where it was set, such as a council decision.
        source: String,
    },
    /// A yearly CPI indexation of the whole daily price (GAW-6, SAW-3).
    Indexation {
        /// Month of the base index.
        base_month: BillingMonth,
        /// Base index figure.
        base_index: Decimal,
        /// Month of the new index.
        index_month: BillingMonth,
        /// New index figure.
        new_index: Decimal,
    },
    /// Another increase, approved by the authority (GAW-6).
    Approved {
        /// The approval's reference.
        reference: String,
    },
}

/// A dated version of a facility's prices.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PriceVersion {
    /// Identifier that contracts' price notices refer to.
    pub id: String,
    /// First day the version may apply; for a contract it applies no earlier
    /// than 30 days after that contract's notice (GAW-6).
    pub effective_from: NaiveDate,
    /// The day the facility decided it (the board's decision, the
    /// indexation's announcement), when recorded: a contract signed on or
    /// after it has the change in its signed price (GAW-26).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub decided_on: Option<NaiveDate>,
    /// Why it exists.
    pub kind: ChangeKind,
    /// The prices.
    pub prices: PriceList,
}

impl PriceVersion {
    /// The day the change was decided: as recorded, or else the day it
    /// takes effect (GAW-26).
    pub fn decided(&self) -> NaiveDate {
        self.decided_on.unwrap_or(self.effective_from)
    }
}

/// The options of a CPI indexation.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Indexation {
    /// Identifier of the new price version.
    pub id: String,
    /// First day the new prices may apply.
    pub effective_from: NaiveDate,
    /// The day it was decided, if recorded (GAW-26).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub decided_on: Option<NaiveDate>,
    /// Month of the index the current price is based on. By the agency's
    /// rule (GAW-6) it is the month in which the current daily prices took
    /// effect: derived when omitted, and any other month is refused.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub base_month: Option<BillingMonth>,
    /// Month of the latest index.
    pub index_month: BillingMonth,
}

/// The options of an approved price change.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ApprovedChange {
    /// Identifier of the new price version.
    pub id: String,
    /// First day the new prices may apply.
    pub effective_from: Option<NaiveDate>,
    /// The day it was decided (the approval), if recorded (GAW-26).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub decided_on: Option<NaiveDate>,
    /// The day the users' council gave its advice, required for a change
    /// of a price set in the house rules (GAW-29).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub users_council_on: Option<NaiveDate>,
    /// The approval's reference.
    pub reference: String,
    /// New daily prices per band; bands not named keep their price.
    #[serde(default)]
    pub daily: BTreeMap<String, Money>,
    /// New unit prices per catalogue extra; extras not named keep theirs.
    #[serde(default)]
    pub extras: BTreeMap<String, Money>,
}

/// One line of the GAW-2 validation report: a band whose breakdown does not
/// add up to its daily price.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct BreakdownMismatch {
    /// The price version.
    pub version: String,
    /// The band.
    pub band: String,
    /// The authoritative daily price.
    pub daily: Money,
    /// What the parts add up to.
    pub parts: Money,
    /// `daily − parts`.
    pub difference: Money,
}

/// A facility's size bands, extras catalogue and dated price versions.
///
/// # Example
///
/// ```
/// use care_core::{Area, Money, TariffHistory};
/// use care_core::assisted_living::tariff::{BandPrice, DailyRate, PriceList, SizeBand};
/// use chrono::NaiveDate;
///
/// let bands = vec![
///     SizeBand { name: "small".into(), label: "< 47 m²".into(), lower: "0".parse()?, upper: Some("47".parse()?) },
///     SizeBand { name: "large".into(), label: "≥ 47 m²".into(), lower: "47".parse()?, upper: None },
/// ];
/// let prices = PriceList {
///     bands: vec![
///         BandPrice { band: "small".into(), daily: DailyRate::new(Money::from_cents(2572))?, breakdown: None },
///         BandPrice { band: "large".into(), daily: DailyRate::new(Money::from_cents(2933))?, breakdown: None },
///     ],
///     extras: Default::default(),
/// };
/// let history = TariffHistory::new(bands, vec![], "tariff-2020", care_core::calendar::date(2020, 5, 1)?, "council decision", prices)?;
/// assert_eq!(history.band_for("47".parse()?)?.name, "large");
/// # Ok::<(), care_core::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TariffHistory {
    bands: Vec<SizeBand>,
    catalogue: Vec<ExtraItem>,
    versions: Vec<PriceVersion>,
}

impl TariffHistory {
    /// A history with its first price version.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidTariff`] when bands overlap or are empty, when a band
    /// has no price, a price names an unknown band, or a catalogue extra has
    /// no unit price; [`Error::DuplicateId`] for a repeated band or extra code.
    pub fn new(
        bands: Vec<SizeBand>,
        catalogue: Vec<ExtraItem>,
        id: &str,
        effective_from: NaiveDate,
        source: &str,
        prices: PriceList,
    ) -> Result<TariffHistory, Error> {
        validate_bands(&bands)?;
        if let Some(item) = catalogue.iter().find(|i| i.category.is_never_invoiced()) {
            return Err(Error::InvalidTariff {
                version: id.to_string(),
                reason: format!(
                    "extra {} ({:?}) is never on the operator's invoice (GAW-22, SAW-4)",
                    item.code, item.category
                ),
            });
        }
        for (i, item) in catalogue.iter().enumerate() {
            if catalogue[..i].iter().any(|other| other.code == item.code) {
                return Err(Error::DuplicateId {
                    what: "extra code",
                    id: item.code.clone(),
                });
            }
        }
        let history = TariffHistory {
            bands,
            catalogue,
            versions: vec![PriceVersion {
                id: id.to_string(),
                effective_from,
                decided_on: None,
                kind: ChangeKind::Initial {
                    source: source.to_string(),
                },
                prices,
            }],
        };
        history.validate_prices(&history.versions[0])?;
        Ok(history)
    }

    fn validate_prices(&self, version: &PriceVersion) -> Result<(), Error> {
        let bad = |reason: String| Error::InvalidTariff {
            version: version.id.clone(),
            reason,
        };
        for band in &self.bands {
            if version
                .prices
                .bands
                .iter()
                .filter(|p| p.band == band.name)
                .count()
                != 1
            {
                return Err(bad(format!(
                    "band {} needs exactly one daily price",
                    band.name
                )));
            }
        }
        for price in &version.prices.bands {
            if !self.bands.iter().any(|b| b.name == price.band) {
                return Err(bad(format!("price for unknown band {}", price.band)));
            }
        }
        for item in &self.catalogue {
            let priced = version.prices.extras.get(&item.code);
            match (item.pricing, priced) {
                (ExtraPricing::Catalogue, None) => {
                    return Err(bad(format!(
                        "catalogue extra {} has no unit price",
                        item.code
                    )))
                }
                (ExtraPricing::Catalogue, Some(p)) if p.is_negative() => {
                    return Err(bad(format!("extra {} has a negative price", item.code)))
                }
                (ExtraPricing::RealCost | ExtraPricing::PerContract, Some(_)) => {
                    return Err(bad(format!(
                        "extra {} is not priced from the catalogue",
                        item.code
                    )))
                }
                _ => {}
            }
        }
        for code in version.prices.extras.keys() {
            if !self.catalogue.iter().any(|i| &i.code == code) {
                return Err(bad(format!("price for unknown extra {code}")));
            }
        }
        Ok(())
    }

    /// The size bands.
    pub fn bands(&self) -> &[SizeBand] {
        &self.bands
    }

    /// The extras catalogue.
    pub fn catalogue(&self) -> &[ExtraItem] {
        &self.catalogue
    }

    /// All price versions, oldest first.
    pub fn versions(&self) -> &[PriceVersion] {
        &self.versions
    }

    /// The catalogue entry of an extra.
    ///
    /// # Errors
    ///
    /// [`Error::UnknownExtra`] when the catalogue has no such code.
    pub fn extra(&self, code: &str) -> Result<&ExtraItem, Error> {
        self.catalogue
            .iter()
            .find(|i| i.code == code)
            .ok_or_else(|| Error::UnknownExtra {
                code: code.to_string(),
            })
    }

    /// The band an area falls in (GAW-1).
    ///
    /// # Errors
    ///
    /// [`Error::AreaOutsideBands`] when no band holds the area.
    pub fn band_for(&self, area: Area) -> Result<&SizeBand, Error> {
        self.bands
            .iter()
            .find(|b| b.contains(area))
            .ok_or_else(|| Error::AreaOutsideBands {
                area: area.to_string(),
            })
    }

    /// The index of a version by id.
    ///
    /// # Errors
    ///
    /// [`Error::UnknownPriceChange`] when no version has that id.
    pub fn version_index(&self, id: &str) -> Result<usize, Error> {
        self.versions
            .iter()
            .position(|v| v.id == id)
            .ok_or_else(|| Error::UnknownPriceChange { id: id.to_string() })
    }

    /// The facility-wide version in force on `day` (ignoring per-contract
    /// notices), if any.
    pub fn version_at(&self, day: NaiveDate) -> Option<usize> {
        self.versions.iter().rposition(|v| v.effective_from <= day)
    }

    fn check_new_version(&self, id: &str, effective_from: NaiveDate) -> Result<(), Error> {
        if self.versions.iter().any(|v| v.id == id) {
            return Err(Error::DuplicateId {
                what: "price change",
                id: id.to_string(),
            });
        }
        let last = self.versions.last().map(|v| v.effective_from);
        if let Some(last) = last.filter(|last| effective_from <= *last) {
            return Err(Error::InvalidPriceChange {
                id: id.to_string(),
                reason: format!(
                    "takes effect on {effective_from}, not after the previous version ({last})"
                ),
            });
        }
        Ok(())
    }

    /// Adds a CPI indexation of every daily price: new = old × latest index /
    /// base index, rounded to the cent (GAW-6, SAW-3). The breakdown parts are
    /// indexed alike and stay informational. Extras keep their price.
    ///
    /// **Decision:** "at most one indexation a year" means the effective
    /// dates of two indexations of one tariff lie at least twelve months
    /// apart.
    ///
    /// # Errors
    ///
    /// [`Error::MissingIndex`] when the CPI table lacks a month;
    /// [`Error::InvalidPriceChange`] when a base month is given that is not
    /// the month the current daily prices took effect, when the base month
    /// is not before the index month, the index month is not before the effective date, or an
    /// indexation took effect less than a year earlier;
    /// [`Error::DuplicateId`] for a reused id.
    ///
    /// # Example
    ///
    /// ```
    /// use care_core::assisted_living::cpi::CpiTable;
    /// use care_core::assisted_living::tariff::Indexation;
    /// use chrono::NaiveDate;
    /// use rust_decimal::Decimal;
    ///
    /// let mut tariff = care_core::sample::antoniushof_2020()?.tariff().clone();
    /// let mut cpi = CpiTable::new("Statbel");
    /// cpi.insert("2020-05".parse()?, Decimal::new(10945, 2))?;
    /// cpi.insert("2021-11".parse()?, Decimal::new(11563, 2))?;
    /// let options = Indexation {
    ///     id: "IDX-2022".into(),
    ///     effective_from: care_core::calendar::date(2022, 1, 1)?,
    ///     decided_on: None, // decided when it takes effect (GAW-26)
    ///     base_month: None, // May 2020, when the current price took effect
    ///     index_month: "2021-11".parse()?,
    /// };
    /// let version = tariff.index(&options, &cpi)?;
    /// // 25.72 × 115.63 / 109.45 = 27.1723… → €27.17
    /// assert_eq!(version.prices.band("small")?.daily.amount().to_string(), "€27.17");
    /// # Ok::<(), care_core::Error>(())
    /// ```
    pub fn index(&mut self, options: &Indexation, cpi: &CpiTable) -> Result<&PriceVersion, Error> {
        self.check_new_version(&options.id, options.effective_from)?;
        let bad = |reason: String| Error::InvalidPriceChange {
            id: options.id.clone(),
            reason,
        };
        let base_month = self.current_price_month();
        if let Some(given) = options.base_month.filter(|given| *given != base_month) {
            return Err(bad(format!(
                "base month {given} is not {base_month}, the month in which the current daily prices took effect (GAW-6)"
            )));
        }
        let options = &Indexation {
            base_month: Some(base_month),
            ..options.clone()
        };
        if base_month >= options.index_month {
            return Err(bad(format!(
                "base month {base_month} is not before index month {}",
                options.index_month
            )));
        }
        if options.index_month >= BillingMonth::of(options.effective_from) {
            return Err(bad(format!(
                "index month {} is not before the effective date {}",
                options.index_month, options.effective_from
            )));
        }
        if let Some(previous) = self
            .versions
            .iter()
            .rev()
            .find(|v| matches!(v.kind, ChangeKind::Indexation { .. }))
        {
            let year_later = previous.effective_from.checked_add_months(Months::new(12));
            if year_later.is_none_or(|y| options.effective_from < y) {
                return Err(bad(format!(
                    "indexation {} already took effect on {}; at most one a year",
                    previous.id, previous.effective_from
                )));
            }
        }
        let base_index = cpi.figure(base_month)?;
        let new_index = cpi.figure(options.index_month)?;
        let current = &self.versions[self.versions.len() - 1].prices;
        let index = |m: Money| m.scaled(new_index, base_index);
        let mut bands = Vec::with_capacity(current.bands.len());
        for price in &current.bands {
            bands.push(BandPrice {
                band: price.band.clone(),
                daily: DailyRate::new(index(price.daily.amount()))?,
                breakdown: price.breakdown.map(|b| Breakdown {
                    right_of_use: index(b.right_of_use),
                    care_and_support: index(b.care_and_support),
                }),
            });
        }
        if let Some(decided) = options.decided_on.filter(|d| *d > options.effective_from) {
            return Err(bad(format!(
                "decided on {decided}, after it takes effect on {}",
                options.effective_from
            )));
        }
        let version = PriceVersion {
            id: options.id.clone(),
            effective_from: options.effective_from,
            decided_on: options.decided_on,
            kind: ChangeKind::Indexation {
                base_month,
                base_index,
                index_month: options.index_month,
                new_index,
            },
            prices: PriceList {
                bands,
                extras: current.extras.clone(),
            },
        };
        self.versions.push(version);
        Ok(&self.versions[self.versions.len() - 1])
    }

    /// Adds an approved change of daily prices and/or extra prices (GAW-6).
    ///
    /// # Errors
    ///
    /// [`Error::InvalidPriceChange`] without an effective date or reference,
    /// or when it changes nothing; [`Error::InvalidTariff`] for an unknown
    /// band or extra; [`Error::DuplicateId`] for a reused id.
    ///
    /// # Example
    ///
    /// ```
    /// use care_core::assisted_living::tariff::ApprovedChange;
    /// use chrono::NaiveDate;
    ///
    /// let mut tariff = care_core::sample::antoniushof_2020()?.tariff().clone();
    /// let change = ApprovedChange {
    ///     id: "MEAL-2023".into(),
    ///     effective_from: NaiveDate::from_ymd_opt(2023, 3, 1),
    ///     reference: "Vast Bureau 2023-01-19".into(),
    ///     extras: [("hot_meal".to_string(), "8.10".parse()?)].into(),
    ///     ..Default::default()
    /// };
    /// assert_eq!(tariff.approve(&change)?.prices.extras["hot_meal"].to_string(), "€8.10");
    /// // Without an approval reference it is refused.
    /// let unapproved = ApprovedChange { id: "X".into(), reference: String::new(), effective_from: NaiveDate::from_ymd_opt(2024, 1, 1), ..change };
    /// assert!(tariff.approve(&unapproved).is_err());
    /// # Ok::<(), care_core::Error>(())
    /// ```
    pub fn approve(&mut self, change: &ApprovedChange) -> Result<&PriceVersion, Error> {
        let bad = |reason: &str| Error::InvalidPriceChange {
            id: change.id.clone(),
            reason: reason.to_string(),
        };
        let effective_from = change
            .effective_from
            .ok_or_else(|| bad("has no effective date"))?;
        self.check_new_version(&change.id, effective_from)?;
        if change.reference.trim().is_empty() {
            return Err(bad("has no approval reference"));
        }
        if change.daily.is_empty() && change.extras.is_empty() {
            return Err(bad("changes no price"));
        }
        if change.decided_on.is_some_and(|d| d > effective_from) {
            return Err(bad("is decided after it takes effect"));
        }
        // GAW-29: a price set in the house rules changes only after the
        // users' council's advice, given before the change is decided.
        let house_rules = change.extras.keys().any(|code| {
            self.catalogue
                .iter()
                .any(|i| &i.code == code && i.house_rules)
        });
        match change.users_council_on {
            None if house_rules => {
                return Err(bad(
                    "changes a price set in the house rules without the users' council's advice (GAW-29)",
                ))
            }
            Some(advice) if advice > change.decided_on.unwrap_or(effective_from) => {
                return Err(bad(
                    "has the users' council's advice after it was decided (GAW-29)",
                ))
            }
            _ => {}
        }
        let mut prices = self.versions[self.versions.len() - 1].prices.clone();
        for (band, amount) in &change.daily {
            let Some(price) = prices.bands.iter_mut().find(|p| &p.band == band) else {
                return Err(Error::InvalidTariff {
                    version: change.id.clone(),
                    reason: format!("price for unknown band {band}"),
                });
            };
            price.daily = DailyRate::new(*amount)?;
        }
        for (code, amount) in &change.extras {
            prices.extras.insert(code.clone(), *amount);
        }
        let version = PriceVersion {
            id: change.id.clone(),
            effective_from,
            decided_on: change.decided_on,
            kind: ChangeKind::Approved {
                reference: change.reference.clone(),
            },
            prices,
        };
        self.validate_prices(&version)?;
        self.versions.push(version);
        Ok(&self.versions[self.versions.len() - 1])
    }

    /// The month in which the current daily prices took effect: that of
    /// the latest version that changed a daily price (or the first one).
    /// An indexation's base index is this month's (GAW-6).
    pub fn current_price_month(&self) -> BillingMonth {
        let changed = (1..self.versions.len())
            .rev()
            .find(|&i| {
                let (old, new) = (&self.versions[i - 1].prices, &self.versions[i].prices);
                new.bands
                    .iter()
                    .any(|b| old.band(&b.band).map(|o| o.daily) != Ok(b.daily))
            })
            .unwrap_or(0);
        BillingMonth::of(self.versions[changed].effective_from)
    }

    /// Every band of every version whose breakdown does not add up to its
    /// daily price (GAW-2): reported, never adjusted.
    ///
    /// # Example
    ///
    /// ```
    /// let tariff = care_core::sample::antoniushof_2020()?.tariff().clone();
    /// let report = tariff.breakdown_report();
    /// // 16.47 + 9.20 = 25.67, €0.05 short of €25.72.
    /// assert_eq!(report[0].difference.to_string(), "€0.05");
    /// # Ok::<(), care_core::Error>(())
    /// ```
    pub fn breakdown_report(&self) -> Vec<BreakdownMismatch> {
        let mut report = Vec::new();
        for version in &self.versions {
            for price in &version.prices.bands {
                if let Some(b) = price.breakdown {
                    let daily = price.daily.amount();
                    if b.sum() != daily {
                        report.push(BreakdownMismatch {
                            version: version.id.clone(),
                            band: price.band.clone(),
                            daily,
                            parts: b.sum(),
                            difference: daily - b.sum(),
                        });
                    }
                }
            }
        }
        report
    }
}

fn validate_bands(bands: &[SizeBand]) -> Result<(), Error> {
    let bad = |reason: String| Error::InvalidTariff {
        version: "size bands".to_string(),
        reason,
    };
    if bands.is_empty() {
        return Err(bad("no size band".to_string()));
    }
    for (i, band) in bands.iter().enumerate() {
        if band.upper.is_some_and(|upper| upper <= band.lower) {
            return Err(bad(format!("band {} is empty", band.name)));
        }
        for other in &bands[..i] {
            if other.name == band.name {
                return Err(Error::DuplicateId {
                    what: "size band",
                    id: band.name.clone(),
                });
            }
            let overlap = band.upper.is_none_or(|u| other.lower < u)
                && other.upper.is_none_or(|u| band.lower < u);
            if overlap {
                return Err(bad(format!(
                    "bands {} and {} overlap",
                    other.name, band.name
                )));
            }
        }
    }
    Ok(())
}
