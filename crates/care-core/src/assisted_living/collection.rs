//! What an assisted-living facility collects by direct debit, and when
//! (GAW-8a, SAW-6): the facility's mandates and dates on top of
//! [`receivables::sepa`](crate::receivables::sepa).

use std::borrow::Borrow;

use chrono::{NaiveDate, NaiveDateTime};

use crate::assisted_living::facility::FacilityKind;
use crate::receivables::ledger::Payment;
use crate::receivables::sepa::{self, BatchOptions, Collection, ContractMandates, Creditor};
use crate::{BillingMonth, Contract, Error, Facility, Invoice};

/// What [`collections_for`] needs besides the invoices to collect.
#[derive(Clone, Copy, Debug, Default)]
pub struct CollectionOptions<'a> {
    /// The invoices issued before these ones (of any contract).
    pub previous: &'a [Invoice],
    /// Payments received, whose credit is deducted from what is collected
    /// (GAW-8a).
    pub payments: &'a [Payment],
    /// Mandates whose collection in this batch is their last, as the clerk
    /// closing them says: only these are FNAL. **Decision:** the library
    /// never guesses the last collection (a correction can follow the end
    /// of a stay); since the 2016 rulebook a last collection may be RCUR.
    pub closing: &'a [String],
}

/// The day a direct debit of an invoice issued on `issued_on` is collected
/// (GAW-8a). SAW: the 10th of the next month, before the house rules'
/// "at the latest on the 12th" (SAW-6, house rules 7.3; the 10th is a
/// **Decision** that leaves two banking days of margin). GAW: the texts
/// hold no such clause, so the invoice pre-notifies the debit at least
/// [`crate::assisted_living::facility::Terms::direct_debit_notice_days`] calendar days ahead
/// (14 unless the facility records an agreed shorter period).
///
/// # Example
///
/// ```
/// let gaw = care_core::sample::antoniushof_2020()?;
/// let saw = care_core::sample::botermarktpoort_2020()?;
/// let issued = care_core::calendar::date(2026, 6, 30)?;
/// assert_eq!(care_core::assisted_living::collection::collection_date(&gaw, issued).to_string(), "2026-07-14");
/// assert_eq!(care_core::assisted_living::collection::collection_date(&saw, issued).to_string(), "2026-07-10");
/// # Ok::<(), care_core::Error>(())
/// ```
pub fn collection_date(facility: &Facility, issued_on: NaiveDate) -> NaiveDate {
    match facility.kind() {
        FacilityKind::Saw => {
            let next = BillingMonth::of(issued_on).next();
            next.first_day() + chrono::Duration::days(9)
        }
        FacilityKind::Gaw => {
            let days = facility.terms().direct_debit_notice_days;
            issued_on
                .checked_add_days(chrono::Days::new(days.into()))
                .unwrap_or(NaiveDate::MAX)
        }
    }
}

impl BatchOptions {
    /// The batch of a facility's invoices issued on `issued_on`: its
    /// operator as creditor, the [`collection_date`] of its kind, and for
    /// SAW the 12th as the latest day (SAW-6, GAW-8a).
    ///
    /// # Errors
    ///
    /// [`Error::InvalidDirectDebit`] when the operator has no IBAN, BIC or
    /// creditor identifier.
    ///
    /// # Example
    ///
    /// ```
    /// use care_core::receivables::sepa::BatchOptions;
    /// let f = care_core::sample::antoniushof_2020()?;
    /// let at = care_core::calendar::date(2026, 6, 30)?;
    /// let options = BatchOptions::for_facility(&f, "AH-DD-2026-06", at.and_hms_opt(18, 0, 0).unwrap_or_default(), at)?;
    /// assert_eq!(options.collection_date.to_string(), "2026-07-14"); // GAW: 14 days' pre-notification
    /// assert_eq!(options.latest_day_of_month, None);
    /// # Ok::<(), care_core::Error>(())
    /// ```
    pub fn for_facility(
        facility: &Facility,
        message_id: &str,
        created_at: NaiveDateTime,
        issued_on: NaiveDate,
    ) -> Result<BatchOptions, Error> {
        let operator = &facility.info().operator;
        let missing = |what: &str| Error::InvalidDirectDebit {
            message: message_id.to_string(),
            reason: format!("operator {} has no {what}", operator.name),
        };
        Ok(BatchOptions {
            message_id: message_id.to_string(),
            created_at,
            collection_date: collection_date(facility, issued_on),
            latest_day_of_month: match facility.kind() {
                FacilityKind::Saw => Some(12),
                FacilityKind::Gaw => None,
            },
            creditor: Creditor {
                name: operator.name.clone(),
                iban: operator.iban.clone().ok_or_else(|| missing("IBAN"))?,
                bic: operator.bic.clone().ok_or_else(|| missing("BIC"))?,
                scheme_id: operator
                    .creditor_id
                    .clone()
                    .ok_or_else(|| missing("creditor identifier"))?,
            },
        })
    }
}

/// The direct debits of a facility's `invoices`: for every payer with a
/// mandate, its share less the credit it has with the operator (GAW-8a), as
/// one collection; nothing for a share that credit covers, for a negative
/// share or for a credit note, which is never collected. The first
/// collection of a mandate is FRST, one the options name as closing FNAL,
/// others RCUR (see [`sepa::collections`]).
///
/// # Errors
///
/// [`Error::UnknownPayer`] and [`Error::InvalidAmount`] from the payments
/// (see [`crate::receivables::ledger::statement`]); [`Error::InvalidInvoiceNumber`] for a
/// number that gives no structured communication.
///
/// # Example
///
/// ```
/// use care_core::assisted_living::billing::{month_end, MonthEndOptions};
/// use care_core::assisted_living::collection::{collections_for, CollectionOptions};
/// use care_core::receivables::numbering::{InvoiceSequence, IssueOptions};
/// let f = care_core::sample::antoniushof_2020()?;
/// let c = care_core::sample::gaw_contract(&f, "AH-1", "A01", "2026-06-01")?;
/// let run = month_end(&f, std::slice::from_ref(&c), &[], &MonthEndOptions::new("2026-06".parse()?));
/// let issued = InvoiceSequence::new("AH", 2026, 0).issue(run.invoices, &IssueOptions::new(care_core::calendar::date(2026, 6, 30)?))?;
/// // The sample contract's payer has no mandate: nothing is collected.
/// let debits = collections_for(&f, &[c], &issued, &CollectionOptions::default())?;
/// assert!(debits.is_empty());
/// # Ok::<(), care_core::Error>(())
/// ```
pub fn collections_for(
    facility: &Facility,
    contracts: &[Contract],
    invoices: &[Invoice],
    options: &CollectionOptions<'_>,
) -> Result<Vec<Collection>, Error> {
    collections_of_books(
        facility,
        contracts,
        invoices,
        options.previous,
        options.payments,
        options.closing,
    )
}

/// [`collections_for`] over earlier invoices and payments held by
/// reference: what the month close passes, without copying its books.
pub(crate) fn collections_of_books<I: Borrow<Invoice>, P: Borrow<Payment>>(
    facility: &Facility,
    contracts: &[Contract],
    invoices: &[Invoice],
    previous: &[I],
    payments: &[P],
    closing: &[String],
) -> Result<Vec<Collection>, Error> {
    let mandates: Vec<ContractMandates<'_>> = contracts
        .iter()
        .filter(|c| !c.data().mandates.is_empty())
        .map(|c| ContractMandates {
            contract: c.id(),
            payers: &c.data().payers,
            mandates: &c.data().mandates,
        })
        .collect();
    sepa::collections_of(
        invoices,
        &mandates,
        previous,
        payments,
        closing,
        facility.info().payment_code,
    )
}
