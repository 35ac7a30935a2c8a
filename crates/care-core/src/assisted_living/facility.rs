//! A facility: its flats, its tariff history and the terms of its contracts.

use serde::{Deserialize, Serialize};

use crate::assisted_living::tariff::TariffHistory;
use crate::receivables::reference::Iban;
use crate::{Area, Error};

/// Which kind of assisted living a facility offers.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum FacilityKind {
    /// Groep van assistentiewoningen: one admission contract for housing and
    /// care, billed as one daily price.
    Gaw,
    /// Sociale assistentiewoning: the housing company rents the flat; the
    /// operator bills only care and support.
    Saw,
}

crate::id::string_id!(
    /// The number of a flat within its facility, such as `A01` (the `BUS` of
    /// its address).
    FlatId,
    "flat number",
    "care_core::assisted_living::facility::FlatId",
    "A01"
);

/// One flat.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Flat {
    /// Its number, unique within the facility (the `BUS` of the address).
    pub number: FlatId,
    /// Its floor area.
    pub area: Area,
}

/// The numbers of the contract texts that billing depends on. The defaults
/// are those of the OCMW Gent contracts approved on 14 December 2020
/// (`../shared/seeds/002_…`); a facility with other contracts sets its own.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
#[serde(deny_unknown_fields)]
pub struct Terms {
    /// Length of the trial period, counted from the admission day as day 1
    /// (GAW-17).
    pub trial_days: u32,
    /// Notice by the resident after the trial period (GAW-17).
    pub resident_notice_days: u32,
    /// Notice by the resident during the trial period (GAW-17).
    pub resident_trial_notice_days: u32,
    /// Notice by the operator after the trial period (GAW-18).
    pub operator_notice_days: u32,
    /// Notice by the operator during the trial period (GAW-18).
    pub operator_trial_notice_days: u32,
    /// Days the next of kin have to clear the flat after the death (GAW-15).
    pub clearance_days: u32,
    /// The deposit counts this many full daily prices (GAW-13).
    pub deposit_days: u32,
    /// The cancellation fee before admission counts at most this many daily
    /// prices (GAW-14).
    pub max_cancellation_fee_days: u32,
    /// A price change applies no earlier than this many days after its
    /// written notice (GAW-6, SAW-3).
    pub price_notice_days: u32,
    /// A GAW direct debit is collected no earlier than this many calendar
    /// days after its pre-notification, the invoice (GAW-8a: the SEPA Core
    /// rulebook's 14 days unless the facility records an agreed shorter
    /// period). SAW collections follow the house rules' 12th instead.
    pub direct_debit_notice_days: u32,
    /// Whether a third-party payer's late share bears statutory interest,
    /// owed by that payer alone. **Decision (GAW-9c):** GAW-9a's interest
    /// is the library's reading of art. 3.2 ("de bewoner en / of
    /// vertegenwoordiger"); a third-party payer (neither a resident nor the
    /// representative, such as a social service) is not party to the
    /// contract, so the facility says so here; by default it does.
    pub third_party_interest: bool,
}

impl Default for Terms {
    fn default() -> Terms {
        Terms {
            trial_days: 30,
            resident_notice_days: 30,
            resident_trial_notice_days: 7,
            operator_notice_days: 60,
            operator_trial_notice_days: 7,
            clearance_days: 5,
            deposit_days: 30,
            max_cancellation_fee_days: 14,
            price_notice_days: 30,
            direct_debit_notice_days: 14,
            third_party_interest: true,
        }
    }
}

/// Who runs the facility and issues its invoices.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Operator {
    /// Name, such as `OCMW Gent`.
    pub name: String,
    /// Postal address.
    pub address: String,
    /// The bank account invoices are paid to (checked by mod 97).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub iban: Option<Iban>,
    /// The bank's BIC.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bic: Option<String>,
    /// Enterprise number (ondernemingsnummer), as printed on contracts.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub enterprise_number: Option<String>,
    /// Who represents the operator in its contracts, as the contract text
    /// says it (`het vast bureau, waarvoor optreden …`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub represented_by: Option<String>,
    /// SEPA creditor identifier for direct debits, such as
    /// `BE46ZZZ0212214125` (checked by mod 97).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub creditor_id: Option<String>,
    /// Who signs contracts on the operator's behalf, and by which
    /// delegation, as printed under the signature.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub signatory: Option<String>,
}

/// The descriptive part of a facility, as given by its data.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FacilityInfo {
    /// Short identifier, such as `antoniushof`.
    pub id: String,
    /// Full name, such as `Groep van Assistentiewoningen Antoniushof`.
    pub name: String,
    /// GAW or SAW.
    pub kind: FacilityKind,
    /// Recognition number of the Flemish ministry, such as `CE 2043`.
    #[serde(default)]
    pub recognition: Option<String>,
    /// Postal address.
    pub address: String,
    /// The operator.
    pub operator: Operator,
    /// Prefix of invoice numbers, such as `AH`.
    pub invoice_prefix: String,
    /// Three digits that set the facility's structured communications apart
    /// from those of the operator's other facilities (see
    /// [`crate::receivables::reference::StructuredCommunication::for_share`]).
    #[serde(default)]
    pub payment_code: u16,
    /// The contract terms billing depends on.
    #[serde(default)]
    pub terms: Terms,
}

/// A facility with its flats and tariff history.
///
/// # Example
///
/// ```
/// # use care_core::assisted_living::tariff::*;
/// # use care_core::*;
/// use care_core::assisted_living::facility::{FacilityInfo, FacilityKind, Flat, Operator, Terms};
/// # use chrono::NaiveDate;
/// # let bands = vec![SizeBand { name: "all".into(), label: "alle".into(), lower: "0".parse()?, upper: None }];
/// # let prices = PriceList { bands: vec![BandPrice { band: "all".into(), daily: DailyRate::new(Money::from_cents(396))?, breakdown: None }], extras: Default::default() };
/// # let tariff = TariffHistory::new(bands, vec![], "2020", care_core::calendar::date(2020, 1, 1)?, "council", prices)?;
/// let info = FacilityInfo {
///     id: "botermarktpoort".into(),
///     name: "Sociale Assistentiewoningen Botermarktpoort".into(),
///     kind: FacilityKind::Saw,
///     recognition: None,
///     address: "Jozef Vervaenestraat 2-12, 9050 Ledeberg".into(),
///     operator: Operator { name: "OCMW Gent".into(), address: "Onderbergen 86, 9000 Gent".into(), ..Default::default() },
///     invoice_prefix: "BMP".into(),
///     payment_code: 102,
///     terms: Terms::default(),
/// };
/// let flats = vec![Flat { number: "1".parse()?, area: "52".parse()? }];
/// let facility = Facility::new(info, flats, tariff)?;
/// assert_eq!(facility.flat(&"1".parse()?)?.area.to_string(), "52 m²");
/// assert!(facility.flat(&"99".parse()?).is_err());
/// # Ok::<(), care_core::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Facility {
    info: FacilityInfo,
    flats: Vec<Flat>,
    tariff: TariffHistory,
}

/// The longest term in days a facility's data may give (ten years): no
/// notice, trial, clearance or payment term of a contract is longer, and a
/// longer one would push the dates computed from it past the calendar.
pub const MAX_TERM_DAYS: u32 = 3_660;

impl Facility {
    /// A facility.
    ///
    /// # Errors
    ///
    /// [`Error::DuplicateId`] for two flats with one number;
    /// [`Error::AreaOutsideBands`] for a flat in no size band;
    /// [`Error::InvalidFacility`] for an empty invoice prefix or terms that
    /// cannot work (a zero notice, trial or deposit period, or any term
    /// longer than ten years).
    ///
    /// # Example
    ///
    /// ```
    /// use care_core::assisted_living::facility::{Facility, FacilityKind};
    /// let f = care_core::sample::antoniushof_2020()?;
    /// // The same facility again, with its two flats given twice: refused.
    /// let mut flats = f.flats().to_vec();
    /// flats.extend(f.flats().to_vec());
    /// assert!(Facility::new(f.info().clone(), flats, f.tariff().clone()).is_err());
    /// let again = Facility::new(f.info().clone(), f.flats().to_vec(), f.tariff().clone())?;
    /// assert_eq!(again, f);
    /// // A term no contract can mean: an error, not a date past the calendar.
    /// let mut info = f.info().clone();
    /// info.terms.clearance_days = u32::MAX;
    /// assert!(Facility::new(info, f.flats().to_vec(), f.tariff().clone()).is_err());
    /// # Ok::<(), care_core::Error>(())
    /// ```
    pub fn new(
        info: FacilityInfo,
        flats: Vec<Flat>,
        tariff: TariffHistory,
    ) -> Result<Facility, Error> {
        let bad = |reason: &str| Error::InvalidFacility {
            facility: info.id.clone(),
            reason: reason.to_string(),
        };
        let part = |what: &str, source: Error| Error::FacilityPart {
            facility: info.id.clone(),
            what: what.to_string(),
            source: Box::new(source),
        };
        if info.invoice_prefix.trim().is_empty() {
            return Err(bad("the invoice prefix is empty"));
        }
        if info.payment_code > 999 {
            return Err(bad("the payment code has more than three digits"));
        }
        if let Some(id) = &info.operator.creditor_id {
            crate::receivables::sepa::validate_creditor_id(id)
                .map_err(|e| part("the operator's creditor identifier", e))?;
        }
        let t = info.terms;
        if t.trial_days == 0
            || t.resident_notice_days == 0
            || t.resident_trial_notice_days == 0
            || t.operator_notice_days == 0
            || t.operator_trial_notice_days == 0
            || t.deposit_days == 0
        {
            return Err(bad("a notice, trial or deposit term is zero"));
        }
        let longest = [
            t.trial_days,
            t.resident_notice_days,
            t.resident_trial_notice_days,
            t.operator_notice_days,
            t.operator_trial_notice_days,
            t.clearance_days,
            t.deposit_days,
            t.max_cancellation_fee_days,
            t.price_notice_days,
            t.direct_debit_notice_days,
        ]
        .into_iter()
        .max()
        .unwrap_or(0);
        if longest > MAX_TERM_DAYS {
            return Err(bad(&format!(
                "a term of {longest} days is longer than ten years ({MAX_TERM_DAYS} days)"
            )));
        }
        for (i, flat) in flats.iter().enumerate() {
            if flats[..i].iter().any(|f| f.number == flat.number) {
                return Err(Error::DuplicateId {
                    what: "flat",
                    id: flat.number.to_string(),
                });
            }
            tariff
                .band_for(flat.area)
                .map_err(|_| Error::AreaOutsideBands {
                    area: format!("{} (flat {})", flat.area, flat.number),
                })?;
        }
        Ok(Facility {
            info,
            flats,
            tariff,
        })
    }

    /// The descriptive data.
    ///
    /// # Example
    ///
    /// ```
    /// use care_core::assisted_living::facility::{Facility, FacilityKind};
    /// let f = care_core::sample::antoniushof_2020()?;
    /// assert_eq!(f.info().invoice_prefix, "AH");
    /// # Ok::<(), care_core::Error>(())
    /// ```
    pub fn info(&self) -> &FacilityInfo {
        &self.info
    }

    /// Short identifier.
    ///
    /// # Example
    ///
    /// ```
    /// use care_core::assisted_living::facility::{Facility, FacilityKind};
    /// let f = care_core::sample::antoniushof_2020()?;
    /// assert_eq!(f.id(), "antoniushof");
    /// # Ok::<(), care_core::Error>(())
    /// ```
    pub fn id(&self) -> &str {
        &self.info.id
    }

    /// GAW or SAW.
    ///
    /// # Example
    ///
    /// ```
    /// use care_core::assisted_living::facility::{Facility, FacilityKind};
    /// let f = care_core::sample::antoniushof_2020()?;
    /// assert_eq!(f.kind(), FacilityKind::Gaw);
    /// # Ok::<(), care_core::Error>(())
    /// ```
    pub fn kind(&self) -> FacilityKind {
        self.info.kind
    }

    /// The contract terms.
    ///
    /// # Example
    ///
    /// ```
    /// use care_core::assisted_living::facility::{Facility, FacilityKind};
    /// let f = care_core::sample::antoniushof_2020()?;
    /// assert_eq!(f.terms().clearance_days, 5); // GAW-15
    /// # Ok::<(), care_core::Error>(())
    /// ```
    pub fn terms(&self) -> &Terms {
        &self.info.terms
    }

    /// All flats.
    ///
    /// # Example
    ///
    /// ```
    /// use care_core::assisted_living::facility::{Facility, FacilityKind};
    /// let f = care_core::sample::antoniushof_2020()?;
    /// assert_eq!(f.flats().len(), 2);
    /// # Ok::<(), care_core::Error>(())
    /// ```
    pub fn flats(&self) -> &[Flat] {
        &self.flats
    }

    /// The tariff history.
    ///
    /// # Example
    ///
    /// ```
    /// use care_core::assisted_living::facility::{Facility, FacilityKind};
    /// let f = care_core::sample::antoniushof_2020()?;
    /// assert!(!f.tariff().versions().is_empty());
    /// # Ok::<(), care_core::Error>(())
    /// ```
    pub fn tariff(&self) -> &TariffHistory {
        &self.tariff
    }

    /// One flat by number.
    ///
    /// # Errors
    ///
    /// [`Error::UnknownFlat`] when the facility has no such flat.
    ///
    /// # Example
    ///
    /// ```
    /// use care_core::assisted_living::facility::{Facility, FacilityKind};
    /// let f = care_core::sample::antoniushof_2020()?;
    /// assert_eq!(f.flat(&"A01".parse()?)?.number, "A01");
    /// assert!(f.flat(&"Z99".parse()?).is_err());
    /// # Ok::<(), care_core::Error>(())
    /// ```
    pub fn flat(&self, number: &FlatId) -> Result<&Flat, Error> {
        self.flats
            .iter()
            .find(|f| f.number == number)
            .ok_or_else(|| Error::UnknownFlat {
                facility: self.info.id.clone(),
                flat: number.to_string(),
            })
    }
}
