//! A validated GAW admission contract or SAW care agreement: its data
//! (see [`agreement`](super::agreement), re-exported here), its derived life
//! and its price schedule (GAW-10 … GAW-20, SAW-7 … SAW-12).

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::Serialize;

pub use crate::assisted_living::agreement::{
    Agreement, Amendment, ClearanceCost, ContractData, DamageRepair, Discount, DiscountValue,
    ExtraCharge, NextOfKin, Payer, PaymentOnAccount, Representative, Resident, Salutation,
    Settlement, Signature, Subscription,
};
use crate::assisted_living::event::Event;
use crate::assisted_living::facility::{Facility, FacilityKind};
use crate::assisted_living::indexation::LateNotice;
use crate::assisted_living::indexation::{PriceNotice, PriceSchedule};
use crate::assisted_living::lifecycle::Lifecycle;
use crate::assisted_living::tariff::{ExtraBilling, ExtraCategory, ExtraPricing};
use crate::ContractId;
use crate::{DateRange, Error, Money};

/// A validated contract of one facility, with its derived life (start, end,
/// why it ended) and price schedule.
///
/// Every change goes through a method that validates the whole contract
/// again and leaves it untouched on error.
///
/// # Example
///
/// ```
/// use care_core::assisted_living::contract::{Agreement, ContractData, Payer, Resident};
/// use care_core::assisted_living::event::Event;
/// use care_core::Contract;
/// use chrono::NaiveDate;
/// # let facility = care_core::sample::antoniushof_2020()?;
/// let d = |m, day| care_core::calendar::date(2026, m, day);
/// let data = ContractData {
///     id: "AH-100".parse()?,
///     flat: "A01".parse()?,
///     agreement: Agreement::Gaw { signed_on: d(2, 10)?, admission: d(3, 1)?, deposit_paid_on: None },
///     residents: vec![Resident { id: "r1".into(), name: "Maria Peeters".into(), born: None, salutation: None, address: None, payer: None }],
///     representative: None,
///     payers: vec![Payer { id: "p1".parse()?, name: "Maria Peeters".into(), address: None, share: "100".parse()? }],
///     price_notices: vec![], events: vec![], extras: vec![], subscriptions: vec![],
///     discounts: vec![], payments_on_account: vec![], settlements: vec![], mandates: vec![], deposit_account: None,
///     next_of_kin: None, clearance_costs: vec![], damage_repairs: vec![], amendments: vec![],
/// };
/// let mut contract = Contract::new(data, &facility)?;
/// contract.record(Event::ResidentNotice { notified_on: d(3, 15)?, second_receipt_on: None, resident: None }, &facility)?;
/// assert_eq!(contract.lifecycle().last_billable_day(), Some(d(3, 22)?));
/// // A notice before admission is refused, and the contract stays as it was.
/// assert!(contract.record(Event::ResidentNotice { notified_on: d(2, 1)?, second_receipt_on: None, resident: None }, &facility).is_err());
/// # Ok::<(), care_core::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Contract {
    data: ContractData,
    band: String,
    lifecycle: Lifecycle,
    schedule: PriceSchedule,
    deposit: Option<Money>,
    /// The payers, and the next of kin as a payer of their own lines.
    payers: Vec<Payer>,
}

impl Contract {
    /// Validates `data` against `facility` and derives the contract's life.
    ///
    /// # Errors
    ///
    /// The first problem found, naming the contract: a GAW contract in a SAW
    /// facility or the reverse, an unknown flat or an area in no band, no
    /// resident or more than two, payer shares that do not sum to 100 %, a
    /// SAW start before the lease was signed (SAW-1), an event that does
    /// not fit the contract's state (see [`Lifecycle`]), an extra that is not
    /// in the catalogue, has a negative quantity, lies outside the stay or
    /// after a death (GAW-15, SAW-11), a price notice naming a date less than
    /// 30 days after it (GAW-6), and repeated identifiers.
    ///
    /// # Example
    ///
    /// ```
    /// let f = care_core::sample::antoniushof_2020()?;
    /// let mut data = care_core::sample::sample_data("AH-1", "A01")?;
    /// data.agreement = care_core::assisted_living::contract::Agreement::Gaw {
    ///     signed_on: care_core::calendar::date(2026, 3, 1)?,
    ///     admission: care_core::calendar::date(2026, 3, 1)?,
    ///     deposit_paid_on: None,
    /// };
    /// let c = care_core::Contract::new(data.clone(), &f)?;
    /// assert_eq!(c.band(), "small");
    /// data.flat = "Z99".parse()?; // no such flat
    /// assert!(care_core::Contract::new(data, &f).is_err());
    /// # Ok::<(), care_core::Error>(())
    /// ```
    pub fn new(data: ContractData, facility: &Facility) -> Result<Contract, Error> {
        let id = data.id.clone();
        let bad = |field: &'static str, reason: String| Error::InvalidContract {
            contract: id.to_string(),
            field,
            reason,
        };
        let part = |field: &'static str, what: String, source: Error| Error::ContractPart {
            contract: id.to_string(),
            field,
            what,
            source: Box::new(source),
        };
        if data.id.as_str().trim().is_empty() {
            return Err(bad("id", "the contract has no identifier".to_string()));
        }
        if data.agreement.kind() != facility.kind() {
            return Err(bad(
                "agreement",
                format!(
                    "a {:?} agreement cannot be made in {:?} facility {}",
                    data.agreement.kind(),
                    facility.kind(),
                    facility.id()
                ),
            ));
        }
        let flat = facility
            .flat(&data.flat)
            .map_err(|e| part("flat", format!("flat {:?}", data.flat.as_str()), e))?;
        let band = facility
            .tariff()
            .band_for(flat.area)
            .map_err(|e| part("flat", format!("flat {:?}", data.flat.as_str()), e))?
            .name
            .clone();
        if data.residents.is_empty() || data.residents.len() > 2 {
            return Err(bad(
                "residents",
                format!(
                    "a contract covers one or two residents, not {} (GAW-20)",
                    data.residents.len()
                ),
            ));
        }
        unique(
            id.as_str(),
            "residents",
            data.residents.iter().map(|r| r.id.as_str()),
        )?;
        validate_payers(id.as_str(), &data.payers)?;
        for resident in &data.residents {
            let Some(payer) = &resident.payer else {
                continue;
            };
            if !data.payers.iter().any(|p| p.id == *payer) {
                return Err(bad(
                    "residents",
                    format!("resident {} pays as unknown payer {payer}", resident.id),
                ));
            }
            if data
                .residents
                .iter()
                .filter(|r| r.payer.as_ref() == Some(payer))
                .count()
                > 1
            {
                return Err(bad(
                    "residents",
                    format!("payer {payer} is linked to more than one resident"),
                ));
            }
        }
        if let Some(payer) = data.representative.as_ref().and_then(|r| r.payer.as_ref()) {
            if !data.payers.iter().any(|p| p.id == *payer) {
                return Err(bad(
                    "representative",
                    format!("the representative pays as unknown payer {payer}"),
                ));
            }
            if data
                .residents
                .iter()
                .any(|r| r.payer.as_ref() == Some(payer))
            {
                return Err(bad(
                    "representative",
                    format!("payer {payer} is linked to a resident and to the representative"),
                ));
            }
        }
        unique(
            id.as_str(),
            "mandates",
            data.mandates.iter().map(|m| m.id.as_str()),
        )?;
        for mandate in &data.mandates {
            mandate
                .validate()
                .map_err(|e| part("mandates", format!("mandate {}", mandate.id), e))?;
            if !data.payers.iter().any(|p| p.id == mandate.payer) {
                return Err(bad(
                    "mandates",
                    format!(
                        "mandate {} names unknown payer {}",
                        mandate.id, mandate.payer
                    ),
                ));
            }
            if data
                .mandates
                .iter()
                .filter(|m| m.payer == mandate.payer)
                .count()
                > 1
            {
                return Err(bad(
                    "mandates",
                    format!("payer {} has more than one mandate", mandate.payer),
                ));
            }
        }
        if let Agreement::Saw {
            lease_signed,
            start,
            ..
        } = data.agreement
        {
            if start < lease_signed {
                return Err(bad(
                    "agreement",
                    format!(
                    "care starts on {start}, before the lease was signed on {lease_signed} (SAW-1)"
                ),
                ));
            }
        }
        let (signed_on, start) = (data.agreement.signed_on(), data.agreement.start());
        if signed_on > start {
            return Err(bad(
                "agreement",
                format!("signed on {signed_on}, after the stay starts on {start} (GAW-26)"),
            ));
        }
        if let Some(paid) = data.agreement.deposit_paid_on() {
            if paid < signed_on || paid >= start {
                return Err(bad(
                    "agreement",
                    format!("the deposit paid on {paid} is not between the signing on {signed_on} and the day before the admission on {start} (GAW-13)"),
                ));
            }
        }
        let lifecycle = Lifecycle::derive(&data, facility.terms())?;
        let schedule = PriceSchedule::for_contract(
            facility.tariff(),
            DateRange::new(signed_on, start)?,
            &data.price_notices,
            facility.terms().price_notice_days,
            &id,
        )?;
        validate_extras(&data, &lifecycle, facility)?;
        validate_next_of_kin(&data, &lifecycle, facility)?;
        validate_amendments(&data, &lifecycle)?;
        let mut payers = data.payers.clone();
        if let Some(kin) = &data.next_of_kin {
            payers.push(Payer {
                id: kin.id.clone(),
                name: kin.name.clone(),
                address: kin.address.clone(),
                share: crate::Percent::ZERO,
            });
        }
        let deposit = match data.agreement {
            // GAW-13: 30 × the full daily price at admission.
            Agreement::Gaw { admission, .. } => Some(
                schedule
                    .daily_on(facility.tariff(), &band, admission)?
                    .for_days(facility.terms().deposit_days),
            ),
            Agreement::Saw { .. } => None,
        };
        Ok(Contract {
            data,
            band,
            lifecycle,
            schedule,
            deposit,
            payers,
        })
    }

    fn change(
        &mut self,
        facility: &Facility,
        edit: impl FnOnce(&mut ContractData),
    ) -> Result<(), Error> {
        let mut data = self.data.clone();
        edit(&mut data);
        *self = Contract::new(data, facility)?;
        Ok(())
    }

    /// Records a dated event (a notice, a death, keys handed back, …).
    ///
    /// # Errors
    ///
    /// Whatever [`Contract::new`] finds wrong with the contract with this
    /// event added; the contract is then left as it was.
    ///
    /// # Example
    ///
    /// ```
    /// # let f = care_core::sample::antoniushof_2020()?;
    /// # let mut c = care_core::sample::gaw_contract(&f, "AH-1", "A01", "2026-03-01")?;
    /// # let d = |m, day| care_core::calendar::date(2026, m, day);
    /// use care_core::assisted_living::event::Event;
    /// c.record(Event::ResidentNotice { notified_on: d(5, 4)?, second_receipt_on: None, resident: None }, &f)?;
    /// assert!(c.lifecycle().last_billable_day().is_some());
    /// # Ok::<(), care_core::Error>(())
    /// ```
    pub fn record(&mut self, event: Event, facility: &Facility) -> Result<(), Error> {
        self.change(facility, |d| d.events.push(event))
    }

    /// Records a per-use extra charge.
    ///
    /// # Errors
    ///
    /// As [`Contract::record`].
    ///
    /// # Example
    ///
    /// ```
    /// # let f = care_core::sample::antoniushof_2020()?;
    /// # let mut c = care_core::sample::gaw_contract(&f, "AH-1", "A01", "2026-03-01")?;
    /// # let d = |m, day| care_core::calendar::date(2026, m, day);
    /// use care_core::assisted_living::contract::ExtraCharge;
    /// let meal = ExtraCharge { id: "m1".into(), code: "hot_meal".into(), on: d(3, 8)?,
    ///     quantity: 2.into(), unit_price: None, note: None };
    /// c.add_extra(meal.clone(), &f)?;
    /// assert!(c.add_extra(meal, &f).is_err()); // the same id twice
    /// # Ok::<(), care_core::Error>(())
    /// ```
    pub fn add_extra(&mut self, extra: ExtraCharge, facility: &Facility) -> Result<(), Error> {
        self.change(facility, |d| d.extras.push(extra))
    }

    /// Removes a per-use extra charge that should not have been recorded;
    /// if it was invoiced, the next run credits it.
    ///
    /// # Errors
    ///
    /// [`Error::UnknownRecord`] when the contract has no extra with that id.
    ///
    /// # Example
    ///
    /// ```
    /// # let f = care_core::sample::antoniushof_2020()?;
    /// # let mut c = care_core::sample::gaw_contract(&f, "AH-1", "A01", "2026-03-01")?;
    /// # let d = |m, day| care_core::calendar::date(2026, m, day);
    /// use care_core::assisted_living::contract::ExtraCharge;
    /// c.add_extra(ExtraCharge { id: "m1".into(), code: "hot_meal".into(), on: d(3, 8)?,
    ///     quantity: 1.into(), unit_price: None, note: None }, &f)?;
    /// c.remove_extra("m1", &f)?;
    /// assert!(c.data().extras.is_empty());
    /// assert!(c.remove_extra("m1", &f).is_err());
    /// # Ok::<(), care_core::Error>(())
    /// ```
    pub fn remove_extra(&mut self, id: &str, facility: &Facility) -> Result<(), Error> {
        if !self.data.extras.iter().any(|e| e.id == id) {
            return Err(Error::UnknownRecord {
                contract: self.data.id.to_string(),
                what: "extra",
                id: id.to_string(),
            });
        }
        self.change(facility, |d| d.extras.retain(|e| e.id != id))
    }

    /// Records the written notice of a price change to this contract.
    ///
    /// # Errors
    ///
    /// As [`Contract::record`]. A notice that names a date less than 30 days
    /// after it is recorded all the same (GAW-6, SAW-3); see
    /// [`Contract::late_notices`].
    ///
    /// # Example
    ///
    /// ```
    /// # let f = care_core::sample::antoniushof_2020()?;
    /// # let mut c = care_core::sample::gaw_contract(&f, "AH-1", "A01", "2026-03-01")?;
    /// # let d = |m, day| care_core::calendar::date(2026, m, day);
    /// use care_core::assisted_living::indexation::PriceNotice;
    /// // A notice naming a date only 10 days ahead is refused (GAW-6).
    /// let early = PriceNotice { change: "X".into(), notified_on: d(5, 1)?, effective_on: Some(d(5, 11)?), representative_notified_on: None };
    /// assert!(c.add_price_notice(early, &f).is_err());
    /// assert!(c.data().price_notices.is_empty());
    /// # Ok::<(), care_core::Error>(())
    /// ```
    pub fn add_price_notice(
        &mut self,
        notice: PriceNotice,
        facility: &Facility,
    ) -> Result<(), Error> {
        self.change(facility, |d| d.price_notices.push(notice))
    }

    /// Adds a recurring extra.
    ///
    /// # Errors
    ///
    /// As [`Contract::record`].
    ///
    /// # Example
    ///
    /// ```
    /// # let f = care_core::sample::antoniushof_2020()?;
    /// # let mut c = care_core::sample::gaw_contract(&f, "AH-1", "A01", "2026-03-01")?;
    /// # let d = |m, day| care_core::calendar::date(2026, m, day);
    /// use care_core::assisted_living::contract::Subscription;
    /// c.add_subscription(Subscription { id: "heat".into(), code: "heating_advance".into(),
    ///     from: d(3, 1)?, until: None, amount: Some("45.00".parse()?), amendment: None }, &f)?;
    /// assert_eq!(c.data().subscriptions.len(), 1);
    /// # Ok::<(), care_core::Error>(())
    /// ```
    pub fn add_subscription(
        &mut self,
        subscription: Subscription,
        facility: &Facility,
    ) -> Result<(), Error> {
        self.change(facility, |d| d.subscriptions.push(subscription))
    }

    /// Adds a discount.
    ///
    /// # Errors
    ///
    /// As [`Contract::record`].
    ///
    /// # Example
    ///
    /// ```
    /// # let f = care_core::sample::antoniushof_2020()?;
    /// # let mut c = care_core::sample::gaw_contract(&f, "AH-1", "A01", "2026-03-01")?;
    /// # let d = |m, day| care_core::calendar::date(2026, m, day);
    /// use care_core::assisted_living::contract::{Discount, DiscountValue};
    /// c.add_discount(Discount { id: "works".into(), reason: "renovatie gang".into(),
    ///     period: care_core::DateRange::new(d(3, 15)?, d(3, 31)?)?,
    ///     value: DiscountValue::Percent("10".parse()?) }, &f)?;
    /// assert_eq!(c.data().discounts.len(), 1);
    /// # Ok::<(), care_core::Error>(())
    /// ```
    pub fn add_discount(&mut self, discount: Discount, facility: &Facility) -> Result<(), Error> {
        self.change(facility, |d| d.discounts.push(discount))
    }

    /// Records an amount received on account.
    ///
    /// # Errors
    ///
    /// As [`Contract::record`].
    ///
    /// # Example
    ///
    /// ```
    /// # let f = care_core::sample::antoniushof_2020()?;
    /// # let mut c = care_core::sample::gaw_contract(&f, "AH-1", "A01", "2026-03-01")?;
    /// # let d = |m, day| care_core::calendar::date(2026, m, day);
    /// use care_core::assisted_living::contract::PaymentOnAccount;
    /// c.add_payment_on_account(PaymentOnAccount { id: "v1".into(), on: d(3, 1)?,
    ///     amount: "150.00".parse()?, reference: String::new(), payer: None }, &f)?;
    /// assert_eq!(c.data().payments_on_account[0].paid_by(&c.data().payers).map(|p| p.as_str()), Some("p1"));
    /// # Ok::<(), care_core::Error>(())
    /// ```
    pub fn add_payment_on_account(
        &mut self,
        payment: PaymentOnAccount,
        facility: &Facility,
    ) -> Result<(), Error> {
        self.change(facility, |d| d.payments_on_account.push(payment))
    }

    /// Records a yearly settlement of an advance.
    ///
    /// # Errors
    ///
    /// As [`Contract::record`].
    ///
    /// # Example
    ///
    /// ```
    /// # let f = care_core::sample::antoniushof_2020()?;
    /// # let mut c = care_core::sample::gaw_contract(&f, "AH-1", "A01", "2026-03-01")?;
    /// # let d = |m, day| care_core::calendar::date(2026, m, day);
    /// use care_core::assisted_living::contract::Settlement;
    /// c.add_settlement(Settlement { id: "heat-2026".into(), code: "heating_advance".into(),
    ///     on: d(4, 15)?, year: 2025, amount: "-12.40".parse()? }, &f)?;
    /// assert_eq!(c.data().settlements.len(), 1);
    /// # Ok::<(), care_core::Error>(())
    /// ```
    pub fn add_settlement(
        &mut self,
        settlement: Settlement,
        facility: &Facility,
    ) -> Result<(), Error> {
        self.change(facility, |d| d.settlements.push(settlement))
    }

    /// Identifier.
    ///
    /// # Example
    ///
    /// ```
    /// # let f = care_core::sample::antoniushof_2020()?;
    /// # let mut c = care_core::sample::gaw_contract(&f, "AH-1", "A01", "2026-03-01")?;
    /// # let d = |m, day| care_core::calendar::date(2026, m, day);
    /// assert_eq!(c.id(), "AH-1");
    /// # Ok::<(), care_core::Error>(())
    /// ```
    pub fn id(&self) -> &ContractId {
        &self.data.id
    }

    /// Everything recorded, as data.
    ///
    /// # Example
    ///
    /// ```
    /// # let f = care_core::sample::antoniushof_2020()?;
    /// # let mut c = care_core::sample::gaw_contract(&f, "AH-1", "A01", "2026-03-01")?;
    /// # let d = |m, day| care_core::calendar::date(2026, m, day);
    /// assert_eq!(c.data().flat, "A01");
    /// # Ok::<(), care_core::Error>(())
    /// ```
    pub fn data(&self) -> &ContractData {
        &self.data
    }

    /// The size band of the contract's flat.
    ///
    /// # Example
    ///
    /// ```
    /// # let f = care_core::sample::antoniushof_2020()?;
    /// # let mut c = care_core::sample::gaw_contract(&f, "AH-1", "A01", "2026-03-01")?;
    /// # let d = |m, day| care_core::calendar::date(2026, m, day);
    /// assert_eq!(c.band(), "small"); // flat A01 is under 47 m²
    /// # Ok::<(), care_core::Error>(())
    /// ```
    pub fn band(&self) -> &str {
        &self.band
    }

    /// The resident who is `payer`, if any: the resident whose `payer`
    /// names it, or else (**Decision**) a resident of the payer's name who
    /// is linked to no payer. Letters to a resident who died or left go to
    /// the addressee instead (GAW-15a, GAW-28); a payer who is a resident
    /// or the representative is a party to the contract (GAW-9b, GAW-9c).
    ///
    /// # Example
    ///
    /// ```
    /// # let f = care_core::sample::antoniushof_2020()?;
    /// let c = care_core::sample::gaw_contract(&f, "AH-1", "A01", "2026-01-01")?;
    /// let payer = &c.data().payers[0];
    /// assert_eq!(c.resident_of(payer).map(|r| r.id.as_str()), Some("r1"));
    /// # Ok::<(), care_core::Error>(())
    /// ```
    pub fn resident_of(&self, payer: &Payer) -> Option<&Resident> {
        let residents = &self.data.residents;
        residents
            .iter()
            .find(|r| r.payer.as_ref() == Some(&payer.id))
            .or_else(|| {
                residents
                    .iter()
                    .find(|r| r.payer.is_none() && r.name == payer.name)
            })
    }

    /// Whether `payer` is the representative: the payer the
    /// representative's `payer` names, or else (**Decision**, as for
    /// residents) a payer of the representative's name.
    ///
    /// # Example
    ///
    /// ```
    /// # let f = care_core::sample::antoniushof_2020()?;
    /// let c = care_core::sample::gaw_contract(&f, "AH-1", "A01", "2026-01-01")?;
    /// assert!(!c.is_representative(&c.data().payers[0])); // no representative
    /// # Ok::<(), care_core::Error>(())
    /// ```
    pub fn is_representative(&self, payer: &Payer) -> bool {
        self.data
            .representative
            .as_ref()
            .is_some_and(|r| match &r.payer {
                Some(id) => *id == payer.id,
                None => r.name == payer.name,
            })
    }

    /// Whether `payer` is a party to the contract: a resident (see
    /// [`Contract::resident_of`]) or the representative (see
    /// [`Contract::is_representative`]). Only a party's reminder is a
    /// formal notice (GAW-9b); a third party's late share bears interest
    /// only where the facility says so (GAW-9c).
    ///
    /// # Example
    ///
    /// ```
    /// # let f = care_core::sample::antoniushof_2020()?;
    /// let c = care_core::sample::gaw_contract(&f, "AH-1", "A01", "2026-01-01")?;
    /// assert!(c.is_party(&c.data().payers[0])); // the resident herself
    /// # Ok::<(), care_core::Error>(())
    /// ```
    pub fn is_party(&self, payer: &Payer) -> bool {
        self.resident_of(payer).is_some() || self.is_representative(payer)
    }

    /// The formal notice that a dunning status reached, as an event to
    /// record — only when the payer it went to is a resident or the
    /// representative (GAW-9b): a letter to a third-party payer alone is no
    /// formal notice of the resident, so it cannot meet the precondition of
    /// the operator's notice (GAW-18).
    ///
    /// Which payer is a party: see [`Contract::is_party`].
    ///
    /// # Example
    ///
    /// ```
    /// # let f = care_core::sample::antoniushof_2020()?;
    /// # let c = care_core::sample::gaw_contract(&f, "AH-1", "A01", "2026-01-01")?;
    /// use care_core::receivables::dunning::{DunningStatus, DunningStepKind};
    /// let status = DunningStatus {
    ///     contract: "AH-1".parse()?, payer: "p1".parse()?, at: care_core::calendar::date(2026, 6, 30)?,
    ///     step: Some(DunningStepKind::FormalNotice), since: Some(care_core::calendar::date(2026, 6, 1)?),
    ///     invoices: vec![],
    /// };
    /// assert!(c.formal_notice_from(&status).is_some()); // p1 is the resident
    /// # Ok::<(), care_core::Error>(())
    /// ```
    pub fn formal_notice_from(
        &self,
        status: &crate::receivables::dunning::DunningStatus,
    ) -> Option<Event> {
        let payer = self.data.payers.iter().find(|p| p.id == status.payer)?;
        if self.is_party(payer) {
            status.formal_notice_on().map(|on| Event::FormalNotice {
                on,
                ground: crate::assisted_living::event::TerminationGround::RepeatedNonPayment,
            })
        } else {
            None
        }
    }

    /// The contract's books as the receivables ledger sees them: its id, its
    /// payers and the facility's payment code.
    ///
    /// # Example
    ///
    /// ```
    /// let f = care_core::sample::antoniushof_2020()?;
    /// let c = care_core::sample::gaw_contract(&f, "AH-1", "A01", "2026-01-01")?;
    /// assert_eq!(c.account(&f).payment_code, 101);
    /// # Ok::<(), care_core::Error>(())
    /// ```
    pub fn account<'a>(&'a self, facility: &Facility) -> crate::receivables::ledger::Account<'a> {
        crate::receivables::ledger::Account {
            contract: &self.data.id,
            payers: &self.payers,
            payment_code: facility.info().payment_code,
        }
    }

    /// Whether the addendum `id` applies: every resident living in the flat
    /// on its effective day signed it (GAW-24, SAW-14). `None` (a record
    /// that came with the contract) always applies.
    ///
    /// # Example
    ///
    /// ```
    /// use care_core::assisted_living::contract::{Amendment, Signature};
    /// # let f = care_core::sample::antoniushof_2020()?;
    /// let c = care_core::sample::gaw_contract(&f, "AH-1", "A01", "2026-01-01")?;
    /// let mut data = c.data().clone();
    /// data.amendments.push(Amendment { id: "A1".into(), description: "maaltijden".into(),
    ///     effective_from: care_core::calendar::date(2026, 6, 1)?, signatures: vec![] });
    /// let c = care_core::Contract::new(data, &f)?;
    /// assert!(!c.amendment_applies(Some("A1")) && c.amendment_applies(None));
    /// # Ok::<(), care_core::Error>(())
    /// ```
    pub fn amendment_applies(&self, id: Option<&str>) -> bool {
        let Some(id) = id else { return true };
        let Some(amendment) = self.data.amendments.iter().find(|a| a.id == id) else {
            return false;
        };
        self.data
            .residents
            .iter()
            .filter(|r| self.lifecycle.lives_on(&r.id, amendment.effective_from))
            .all(|r| {
                amendment
                    .signatures
                    .iter()
                    .any(|s| s.resident == r.id && s.on <= amendment.effective_from)
            })
    }

    /// Everyone who pays on this contract's invoices: its payers, then the
    /// next of kin, who owe only their own lines (clearance and storage
    /// costs, GAW-15a) and share nothing else.
    ///
    /// # Example
    ///
    /// ```
    /// # let f = care_core::sample::antoniushof_2020()?;
    /// let c = care_core::sample::gaw_contract(&f, "AH-1", "A01", "2026-03-01")?;
    /// assert_eq!(c.payers().len(), 1); // no next of kin recorded
    /// # Ok::<(), care_core::Error>(())
    /// ```
    pub fn payers(&self) -> &[Payer] {
        &self.payers
    }

    /// The derived life of the contract.
    ///
    /// # Example
    ///
    /// ```
    /// # let f = care_core::sample::antoniushof_2020()?;
    /// # let mut c = care_core::sample::gaw_contract(&f, "AH-1", "A01", "2026-03-01")?;
    /// # let d = |m, day| care_core::calendar::date(2026, m, day);
    /// assert_eq!(c.lifecycle().start(), d(3, 1)?);
    /// assert_eq!(c.lifecycle().last_billable_day(), None); // no end yet
    /// # Ok::<(), care_core::Error>(())
    /// ```
    pub fn lifecycle(&self) -> &Lifecycle {
        &self.lifecycle
    }

    /// Which price version applies on which day.
    ///
    /// # Example
    ///
    /// ```
    /// # let f = care_core::sample::antoniushof_2020()?;
    /// # let mut c = care_core::sample::gaw_contract(&f, "AH-1", "A01", "2026-03-01")?;
    /// # let d = |m, day| care_core::calendar::date(2026, m, day);
    /// let price = c.schedule().daily_on(f.tariff(), c.band(), d(3, 1)?)?;
    /// assert_eq!(price.amount().to_string(), "€25.72");
    /// # Ok::<(), care_core::Error>(())
    /// ```
    pub fn schedule(&self) -> &PriceSchedule {
        &self.schedule
    }

    /// The price notices of this contract that name a date less than the
    /// facility's notice period after them (GAW-6): valid notices whose
    /// change applies from the end of the period, for the run to warn of.
    ///
    /// # Example
    ///
    /// ```
    /// let f = care_core::sample::antoniushof_2020()?;
    /// let c = care_core::sample::gaw_contract(&f, "AH-1", "A01", "2021-06-01")?;
    /// assert!(c.late_notices(&f).is_empty()); // no notice, none late
    /// # Ok::<(), care_core::Error>(())
    /// ```
    ///
    /// A late notice itself: see [`PriceNotice::late`](crate::assisted_living::indexation::PriceNotice::late),
    /// and `gaw_6_a_late_price_notice_loads_applies_from_the_30th_day_and_is_warned_of`
    /// in `tests/fixtures.rs`.
    pub fn late_notices(&self, facility: &Facility) -> Vec<LateNotice> {
        let days = facility.terms().price_notice_days;
        self.data
            .price_notices
            .iter()
            .filter_map(|n| n.late(days, self.id()))
            .collect()
    }

    /// The deposit of a GAW contract: the full daily price at admission
    /// times 30 (GAW-13); `None` for SAW, where the lease holds it.
    ///
    /// # Example
    ///
    /// ```
    /// # let f = care_core::sample::antoniushof_2020()?;
    /// # let mut c = care_core::sample::gaw_contract(&f, "AH-1", "A01", "2026-03-01")?;
    /// # let d = |m, day| care_core::calendar::date(2026, m, day);
    /// // GAW-13: the deposit is 30 daily prices.
    /// assert_eq!(c.deposit().map(|m| m.to_string()), Some("€771.60".to_string()));
    /// # Ok::<(), care_core::Error>(())
    /// ```
    pub fn deposit(&self) -> Option<Money> {
        self.deposit
    }
}

/// GAW-24, SAW-14: an addendum has a description, is signed by residents
/// of the contract, and what it brings in starts no earlier than it.
fn validate_amendments(data: &ContractData, life: &Lifecycle) -> Result<(), Error> {
    let bad = |reason: String| Error::InvalidContract {
        contract: data.id.to_string(),
        field: "amendments",
        reason,
    };
    unique(
        data.id.as_str(),
        "amendments",
        data.amendments.iter().map(|a| a.id.as_str()),
    )?;
    for amendment in &data.amendments {
        if amendment.description.trim().is_empty() {
            return Err(bad(format!(
                "addendum {} says nothing it changes",
                amendment.id
            )));
        }
        if amendment.effective_from < life.start() {
            return Err(bad(format!(
                "addendum {} applies from {}, before the stay starts on {}",
                amendment.id,
                amendment.effective_from,
                life.start()
            )));
        }
        for signature in &amendment.signatures {
            if !data.residents.iter().any(|r| r.id == signature.resident) {
                return Err(bad(format!(
                    "addendum {} is signed by {}, who is not a resident of the contract",
                    amendment.id, signature.resident
                )));
            }
        }
    }
    for sub in &data.subscriptions {
        let Some(id) = &sub.amendment else { continue };
        let Some(amendment) = data.amendments.iter().find(|a| &a.id == id) else {
            return Err(bad(format!(
                "subscription {} names unknown addendum {id}",
                sub.id
            )));
        };
        if sub.from < amendment.effective_from {
            return Err(bad(format!(
                "subscription {} starts on {}, before addendum {id} applies on {} (GAW-24)",
                sub.id, sub.from, amendment.effective_from
            )));
        }
    }
    Ok(())
}

/// GAW-15, GAW-15a, SAW-11, GAW-23: the next of kin is a payer of their
/// own; their clearance costs come after the last death (for GAW after
/// the clearance window); damage repairs have a reason and a real cost.
fn validate_next_of_kin(
    data: &ContractData,
    life: &Lifecycle,
    facility: &Facility,
) -> Result<(), Error> {
    let bad = |field: &'static str, reason: String| Error::InvalidContract {
        contract: data.id.to_string(),
        field,
        reason,
    };
    if let Some(kin) = &data.next_of_kin {
        if data.payers.iter().any(|p| p.id == kin.id) {
            return Err(bad(
                "next_of_kin",
                format!("next of kin {} has the id of a payer", kin.id),
            ));
        }
        if kin.name.trim().is_empty() {
            return Err(bad(
                "next_of_kin",
                "the next of kin has no name".to_string(),
            ));
        }
    }
    unique(
        data.id.as_str(),
        "clearance_costs",
        data.clearance_costs.iter().map(|c| c.id.as_str()),
    )?;
    for cost in &data.clearance_costs {
        if data.next_of_kin.is_none() {
            return Err(bad(
                "clearance_costs",
                format!("clearance cost {} is charged to the next of kin, and the contract names none (GAW-15a)", cost.id),
            ));
        }
        if cost.description.trim().is_empty() || !cost.amount.is_positive() {
            return Err(bad(
                "clearance_costs",
                format!(
                    "clearance cost {} needs a description and a real, positive cost (GAW-15)",
                    cost.id
                ),
            ));
        }
        let Some(death) = life.last_death() else {
            return Err(bad(
                "clearance_costs",
                format!("clearance cost {}: the flat is cleared by the next of kin only after the death of the last resident (GAW-15, SAW-11)", cost.id),
            ));
        };
        // GAW-15: after the window (the daily price runs through it); SAW-11:
        // after the death.
        let after = match facility.kind() {
            FacilityKind::Gaw => life.last_billable_day().unwrap_or(death),
            FacilityKind::Saw => death,
        };
        if cost.on <= after {
            return Err(bad(
                "clearance_costs",
                format!("clearance cost {} on {} is not after {after}, the end of the clearance window (GAW-15)", cost.id, cost.on),
            ));
        }
    }
    unique(
        data.id.as_str(),
        "damage_repairs",
        data.damage_repairs.iter().map(|r| r.id.as_str()),
    )?;
    for repair in &data.damage_repairs {
        if facility.kind() == FacilityKind::Saw {
            return Err(bad(
                "damage_repairs",
                format!("damage repair {}: damage to a SAW flat is the housing company's, under the lease", repair.id),
            ));
        }
        if repair.reason.trim().is_empty() || !repair.amount.is_positive() {
            return Err(bad(
                "damage_repairs",
                format!(
                    "damage repair {} needs its reason and a real, positive cost (GAW-23)",
                    repair.id
                ),
            ));
        }
        if repair.on < life.start() {
            return Err(bad(
                "damage_repairs",
                format!(
                    "damage repair {} on {} is before the stay starts on {}",
                    repair.id,
                    repair.on,
                    life.start()
                ),
            ));
        }
    }
    Ok(())
}

fn unique<'a>(
    contract: &str,
    what: &'static str,
    ids: impl Iterator<Item = &'a str>,
) -> Result<(), Error> {
    let mut seen: Vec<&str> = Vec::new();
    for id in ids {
        if id.trim().is_empty() {
            return Err(Error::InvalidContract {
                contract: contract.to_string(),
                field: what,
                reason: "an empty identifier".to_string(),
            });
        }
        if seen.contains(&id) {
            return Err(Error::DuplicateId {
                what,
                id: format!("{id} in contract {contract}"),
            });
        }
        seen.push(id);
    }
    Ok(())
}

fn validate_payers(contract: &str, payers: &[Payer]) -> Result<(), Error> {
    unique(contract, "payers", payers.iter().map(|p| p.id.as_str()))?;
    let total: Decimal = payers.iter().map(|p| p.share.value()).sum();
    if payers.is_empty() || total != Decimal::ONE_HUNDRED {
        return Err(Error::PayerShares {
            contract: contract.to_string(),
            total: total.to_string(),
        });
    }
    Ok(())
}

fn validate_extras(
    data: &ContractData,
    lifecycle: &Lifecycle,
    facility: &Facility,
) -> Result<(), Error> {
    let id = data.id.as_str();
    let bad = |field: &'static str, reason: String| Error::InvalidContract {
        contract: id.to_string(),
        field,
        reason,
    };
    let part = |field: &'static str, what: String, source: Error| Error::ContractPart {
        contract: id.to_string(),
        field,
        what,
        source: Box::new(source),
    };
    let tariff = facility.tariff();
    // Extras may be dated on the days of the stay, never after a last death
    // (GAW-15: none during the clearance window; SAW-11: nothing after).
    let allowed = lifecycle.extras_period();
    let check_day = |what: &str, record: &str, day: NaiveDate| -> Result<(), Error> {
        match allowed {
            None => Err(bad(
                "extras",
                format!(
                    "{what} {record} of {day}: the contract has no stay to charge it to (GAW-14)"
                ),
            )),
            Some(p) if !p.contains(day) => Err(Error::ExtraOutsideStay {
                contract: id.to_string(),
                extra: record.to_string(),
                day,
                allowed: p,
            }),
            Some(_) => Ok(()),
        }
    };
    unique(id, "extras", data.extras.iter().map(|e| e.id.as_str()))?;
    for extra in &data.extras {
        let item = tariff
            .extra(&extra.code)
            .map_err(|e| part("extras", format!("extra {}", extra.id), e))?;
        if item.billing != ExtraBilling::PerUse {
            return Err(bad(
                "extras",
                format!(
                    "extra {}: {} is a recurring charge; add it as a subscription",
                    extra.id, extra.code
                ),
            ));
        }
        if (extra.quantity.is_sign_negative() && !extra.quantity.is_zero())
            || extra.quantity > crate::MAX_QUANTITY
        {
            return Err(Error::NegativeQuantity {
                contract: id.to_string(),
                record: extra.id.clone(),
                quantity: extra.quantity.to_string(),
            });
        }
        match (item.pricing, extra.unit_price) {
            (ExtraPricing::RealCost, None) => {
                return Err(bad(
                    "extras",
                    format!(
                        "extra {}: {} is charged at real cost and needs a unit price",
                        extra.id, extra.code
                    ),
                ))
            }
            (ExtraPricing::RealCost, Some(p)) if p.is_negative() => {
                return Err(bad(
                    "extras",
                    format!("extra {}: negative unit price {p}", extra.id),
                ))
            }
            (ExtraPricing::Catalogue | ExtraPricing::PerContract, Some(_)) => {
                return Err(bad(
                    "extras",
                    format!(
                        "extra {}: {} takes its price from the catalogue, not from the charge",
                        extra.id, extra.code
                    ),
                ))
            }
            _ => {}
        }
        if item.category == ExtraCategory::InventorySurvey && extra.quantity != Decimal::new(5, 1) {
            return Err(bad(
                "extras",
                format!(
                    "extra {}: the resident bears half of the surveyor's fee: quantity 0.5 (GAW-21)",
                    extra.id
                ),
            ));
        }
        if item.category == ExtraCategory::EndOfStay {
            // GAW-11: end-of-stay costs go on the last invoice, once the stay
            // has an end; SAW flats belong to the housing company.
            let Some(end) = lifecycle
                .last_billable_day()
                .filter(|_| data.agreement.kind() == FacilityKind::Gaw)
            else {
                return Err(bad(
                    "extras",
                    format!(
                        "extra {}: end-of-stay costs need a GAW stay with a known end (GAW-11)",
                        extra.id
                    ),
                ));
            };
            if extra.on < end {
                return Err(Error::ExtraOutsideStay {
                    contract: id.to_string(),
                    extra: extra.id.clone(),
                    day: extra.on,
                    allowed: DateRange::new(end, NaiveDate::MAX)?,
                });
            }
        } else {
            check_day("extra", &extra.id, extra.on)?;
        }
    }
    unique(
        id,
        "subscriptions",
        data.subscriptions.iter().map(|s| s.id.as_str()),
    )?;
    for sub in &data.subscriptions {
        let item = tariff
            .extra(&sub.code)
            .map_err(|e| part("subscriptions", format!("subscription {}", sub.id), e))?;
        if item.billing == ExtraBilling::PerUse {
            return Err(bad(
                "subscriptions",
                format!("subscription {}: {} is charged per use", sub.id, sub.code),
            ));
        }
        match (item.pricing, sub.amount) {
            (ExtraPricing::PerContract, None) => {
                return Err(bad(
                    "subscriptions",
                    format!(
                        "subscription {}: {} needs the agreed amount",
                        sub.id, sub.code
                    ),
                ))
            }
            (ExtraPricing::PerContract, Some(a)) if a.is_negative() => {
                return Err(bad(
                    "subscriptions",
                    format!("subscription {}: negative amount {a}", sub.id),
                ))
            }
            (ExtraPricing::Catalogue | ExtraPricing::RealCost, Some(_)) => {
                return Err(bad(
                    "subscriptions",
                    format!(
                        "subscription {}: {} is not priced per contract",
                        sub.id, sub.code
                    ),
                ))
            }
            _ => {}
        }
        if let Some(until) = sub.until {
            DateRange::new(sub.from, until).map_err(|_| {
                bad(
                    "subscriptions",
                    format!(
                        "subscription {} ends on {until}, before it starts on {}",
                        sub.id, sub.from
                    ),
                )
            })?;
        }
    }
    unique(
        id,
        "discounts",
        data.discounts.iter().map(|d| d.id.as_str()),
    )?;
    for discount in &data.discounts {
        if discount.reason.trim().is_empty() {
            return Err(bad(
                "discounts",
                format!("discount {} has no reason (SAW-5 5°)", discount.id),
            ));
        }
        if let DiscountValue::PerDay(amount) = discount.value {
            if amount.is_negative() || amount.is_zero() {
                return Err(bad(
                    "discounts",
                    format!("discount {}: {amount} a day is not a discount", discount.id),
                ));
            }
        }
    }
    unique(
        id,
        "payments_on_account",
        data.payments_on_account.iter().map(|p| p.id.as_str()),
    )?;
    for payment in &data.payments_on_account {
        if payment.amount.is_negative() || payment.amount.is_zero() {
            return Err(bad(
                "payments_on_account",
                format!(
                    "payment on account {}: amount {} must be more than zero",
                    payment.id, payment.amount
                ),
            ));
        }
        match payment.paid_by(&data.payers) {
            None => {
                return Err(bad(
                    "payments_on_account",
                    format!(
                        "payment on account {}: name the payer who made it (GAW-9a)",
                        payment.id
                    ),
                ))
            }
            Some(payer) if !data.payers.iter().any(|p| p.id == payer) => {
                return Err(bad(
                    "payments_on_account",
                    format!(
                        "payment on account {}: {payer} is not a payer of the contract",
                        payment.id
                    ),
                ))
            }
            Some(_) => {}
        }
    }
    unique(
        id,
        "settlements",
        data.settlements.iter().map(|s| s.id.as_str()),
    )?;
    for settlement in &data.settlements {
        let item = tariff
            .extra(&settlement.code)
            .map_err(|e| part("settlements", format!("settlement {}", settlement.id), e))?;
        if item.billing == ExtraBilling::PerUse {
            return Err(bad(
                "settlements",
                format!(
                    "settlement {}: {} is not an advance",
                    settlement.id, settlement.code
                ),
            ));
        }
    }
    Ok(())
}
