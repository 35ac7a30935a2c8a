//! Invoices: lines, totals, payer shares, and numbering from a gapless
//! sequence (GAW-7, SAW-5).

use std::borrow::Cow;
use std::fmt;

use chrono::{Datelike, NaiveDate};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::contract::Payer;
use crate::{BillingMonth, DateRange, Error, Money};

/// The mention every invoice carries: care and assisted-living services are
/// exempt from VAT (art. 44 of the Belgian VAT code; RULES.md, VAT).
pub const VAT_EXEMPTION: &str =
    "Vrijgesteld van btw (art. 44 W.btw): zorg- en assistentiewoningdiensten.";

/// Which of the items of SAW-5 a line belongs to.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LineKind {
    /// 3° the daily price (GAW) or care and support cost (SAW), per rate
    /// period.
    DailyPrice,
    /// 5° a discount on the daily price.
    Discount,
    /// 4° an extra charge, its yearly settlement, or a monthly charge.
    Extra,
    /// The cancellation fee before admission (GAW-14).
    CancellationFee,
    /// 6° an amount due for the next month.
    Advance,
    /// 6° an amount already paid.
    AlreadyPaid,
    /// Statutory interest on an amount paid late (GAW-9, SAW-6).
    Interest,
    /// A correction of an issued invoice.
    Correction,
}

/// What a line charges, so that a later run can tell what was billed.
/// Day-based sources charge their unit price on every day of the line's
/// period.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum LineSource {
    /// The daily price, per day.
    DailyPrice,
    /// A discount, per day.
    Discount {
        /// The discount's id.
        id: String,
    },
    /// A per-use extra.
    Extra {
        /// The extra's id.
        id: String,
    },
    /// A recurring extra for the period of the line.
    Subscription {
        /// The subscription's id.
        id: String,
    },
    /// A yearly settlement.
    Settlement {
        /// The settlement's id.
        id: String,
    },
    /// An amount received on account.
    PaymentOnAccount {
        /// The payment's id.
        id: String,
    },
    /// The cancellation fee (GAW-14).
    CancellationFee,
    /// Statutory interest on one payer's late share of one invoice, for the
    /// period of the line.
    Interest {
        /// The invoice paid late.
        invoice: String,
        /// The payer.
        payer: String,
    },
}

impl LineSource {
    /// True for sources charged per day of the line's period.
    pub fn is_daily(&self) -> bool {
        matches!(self, LineSource::DailyPrice | LineSource::Discount { .. })
    }
}

/// One line of an invoice: `amount = quantity × unit price`, rounded to the
/// cent half away from zero.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct InvoiceLine {
    /// Which SAW-5 item it belongs to.
    pub kind: LineKind,
    /// What it charges.
    pub source: LineSource,
    /// The nature, as printed (Dutch).
    pub description: String,
    /// The days it covers, for daily and periodic charges.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub period: Option<DateRange>,
    /// The day of a dated charge.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<NaiveDate>,
    /// How many units (days, meals, …).
    pub quantity: Decimal,
    /// The unit, such as `dag`.
    pub unit: Cow<'static, str>,
    /// Price of one unit.
    pub unit_price: Money,
    /// `quantity × unit_price`.
    pub amount: Money,
    /// The invoice this line corrects, for corrections.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub corrects: Option<String>,
    /// The one payer who owes this line, when it is not shared by the
    /// payers' shares: the interest on that payer's late share, a payment
    /// on account that payer made (GAW-9a).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub payer: Option<String>,
}

impl InvoiceLine {
    /// A line priced as `quantity × unit_price`.
    ///
    /// # Example
    ///
    /// ```
    /// use care_core::invoice::{InvoiceLine, LineKind, LineSource};
    /// use care_core::Money;
    /// let line = InvoiceLine::priced(LineKind::Extra, LineSource::Extra { id: "x1".into() },
    ///     "Warme maaltijd", 4.into(), "maaltijd", Money::from_cents(750));
    /// assert_eq!(line.amount, Money::from_cents(3000));
    /// ```
    pub fn priced(
        kind: LineKind,
        source: LineSource,
        description: impl Into<String>,
        quantity: Decimal,
        unit: impl Into<Cow<'static, str>>,
        unit_price: Money,
    ) -> InvoiceLine {
        InvoiceLine {
            kind,
            source,
            description: description.into(),
            period: None,
            date: None,
            quantity,
            unit: unit.into(),
            unit_price,
            amount: unit_price.times(quantity),
            corrects: None,
            payer: None,
        }
    }

    /// The same line, owed by `payer` alone instead of shared (GAW-9a).
    pub fn owed_by(mut self, payer: impl Into<String>) -> InvoiceLine {
        self.payer = Some(payer.into());
        self
    }

    fn check(&self, index: usize) -> Result<(), String> {
        if self.unit_price.checked_times(self.quantity) != Some(self.amount) {
            return Err(format!(
                "line {}: {} × {} is not {}",
                index + 1,
                self.quantity,
                self.unit_price,
                self.amount
            ));
        }
        if self.source.is_daily() {
            let Some(period) = self.period else {
                return Err(format!(
                    "line {}: a daily charge needs its period",
                    index + 1
                ));
            };
            if Decimal::from(period.days()) != self.quantity {
                return Err(format!(
                    "line {}: {} days charged for the {} days of {period}",
                    index + 1,
                    self.quantity,
                    period.days()
                ));
            }
        }
        if (self.kind == LineKind::Correction) != self.corrects.is_some() {
            return Err(format!(
                "line {}: a correction line, and only one, names the invoice it corrects",
                index + 1
            ));
        }
        Ok(())
    }
}

/// A payer's part of an invoice's total.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PayerShare {
    /// The payer's id.
    pub payer: String,
    /// The payer's name.
    pub name: String,
    /// The payer's share in percent.
    pub share: crate::Percent,
    /// The amount.
    pub amount: Money,
}

/// Splits `total` by the payers' shares: each payer after the first gets
/// its share rounded to the cent, the first payer the remainder, so the
/// shares always sum to the total.
///
/// # Example
///
/// ```
/// use care_core::invoice::split_total;
/// use care_core::contract::Payer;
/// use care_core::Money;
/// let payer = |id: &str, share: &str| -> Result<Payer, care_core::Error> {
///     Ok(Payer { id: id.into(), name: id.into(), address: None, share: share.parse()? })
/// };
/// let payers = [payer("a", "33.33")?, payer("b", "33.33")?, payer("c", "33.34")?];
/// let shares = split_total(Money::from_cents(10001), &payers);
/// let amounts: Vec<_> = shares.iter().map(|s| s.amount.to_plain_string()).collect();
/// assert_eq!(amounts, ["33.34", "33.33", "33.34"]);
/// # Ok::<(), care_core::Error>(())
/// ```
pub fn split_total(total: Money, payers: &[Payer]) -> Vec<PayerShare> {
    split_lines(total, &[], payers)
}

/// Splits the shared part of an invoice by the payers' shares, as
/// [`split_total`], and adds each payer's own lines (those with a
/// [`InvoiceLine::payer`]) to that payer's share alone.
fn split_lines(shared: Money, owned: &[(&str, Money)], payers: &[Payer]) -> Vec<PayerShare> {
    let mut shares = split_shared(shared, payers);
    for (payer, amount) in owned {
        if let Some(share) = shares.iter_mut().find(|s| s.payer == *payer) {
            share.amount += *amount;
        }
    }
    shares
}

fn split_shared(total: Money, payers: &[Payer]) -> Vec<PayerShare> {
    let mut shares: Vec<PayerShare> = payers
        .iter()
        .map(|p| PayerShare {
            payer: p.id.clone(),
            name: p.name.clone(),
            share: p.share,
            amount: p.share.of(total),
        })
        .collect();
    if let Some((first, rest)) = shares.split_first_mut() {
        first.amount = total - rest.iter().map(|s| s.amount).sum::<Money>();
    }
    shares
}

/// What an invoice is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum InvoiceKind {
    /// The month-end invoice of a contract (GAW-7), which may also carry
    /// corrections of earlier invoices.
    Regular,
    /// Corrections of issued invoices, on their own, with a total of zero or
    /// more.
    Correction,
    /// Corrections of issued invoices, on their own, with a negative total.
    CreditNote,
}

/// The days a resident stayed in the invoiced month (SAW-5 2°).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct StayInMonth {
    /// How many days.
    pub days: u32,
    /// The first day.
    pub first: NaiveDate,
    /// The last day.
    pub last: NaiveDate,
}

/// Who and what an invoice is about (SAW-5 1°, 2°).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct InvoiceHeader {
    /// Regular, correction or credit note.
    pub kind: InvoiceKind,
    /// The facility that issues it.
    pub facility: String,
    /// The contract.
    pub contract: String,
    /// The month of the run that made it.
    pub month: BillingMonth,
    /// The residents' names.
    pub residents: Vec<String>,
    /// The representative, when there is one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub representative: Option<String>,
    /// The flat.
    pub flat: String,
    /// The days stayed that month, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stay: Option<StayInMonth>,
}

/// A computed invoice that has no number yet. Its total always equals the
/// sum of its lines, and its payer shares always sum to its total.
///
/// # Example
///
/// ```
/// use care_core::invoice::*;
/// use care_core::contract::Payer;
/// use care_core::Money;
/// let header = InvoiceHeader {
///     kind: InvoiceKind::Regular, facility: "antoniushof".into(), contract: "AH-001".into(),
///     month: "2026-06".parse()?, residents: vec!["Maria Peeters".into()], representative: None,
///     flat: "A01".into(), stay: None,
/// };
/// let line = InvoiceLine::priced(LineKind::Extra, LineSource::Extra { id: "x1".into() },
///     "Warme maaltijd", 2.into(), "maaltijd", Money::from_cents(750));
/// let payers = [Payer { id: "p1".into(), name: "Maria Peeters".into(), address: None, share: "100".parse()? }];
/// let draft = InvoiceDraft::new(header, vec![line], &payers)?;
/// assert_eq!(draft.total(), Money::from_cents(1500));
/// # Ok::<(), care_core::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "RawDraft")]
pub struct InvoiceDraft {
    #[serde(flatten)]
    header: InvoiceHeader,
    lines: Vec<InvoiceLine>,
    total: Money,
    shares: Vec<PayerShare>,
    vat: Cow<'static, str>,
}

#[derive(Deserialize)]
struct RawDraft {
    #[serde(flatten)]
    header: InvoiceHeader,
    lines: Vec<InvoiceLine>,
    total: Money,
    shares: Vec<PayerShare>,
    vat: Cow<'static, str>,
}

impl TryFrom<RawDraft> for InvoiceDraft {
    type Error = Error;
    fn try_from(raw: RawDraft) -> Result<InvoiceDraft, Error> {
        let bad = |reason: String| Error::InvalidInvoice {
            contract: raw.header.contract.clone(),
            month: raw.header.month,
            reason,
        };
        for (i, line) in raw.lines.iter().enumerate() {
            line.check(i).map_err(bad)?;
            if !line.amount.is_within_limit() {
                return Err(bad(format!(
                    "line {} ({}): {} is more than an amount may be",
                    i + 1,
                    line.description,
                    line.amount
                )));
            }
        }
        let sum: Money = raw.lines.iter().map(|l| l.amount).sum();
        if !sum.is_within_limit() {
            return Err(bad(format!(
                "the total {sum} is more than an amount may be"
            )));
        }
        if sum != raw.total {
            return Err(bad(format!(
                "the lines sum to {sum}, not to the total {}",
                raw.total
            )));
        }
        let shares: Money = raw.shares.iter().map(|s| s.amount).sum();
        if shares != raw.total || raw.shares.is_empty() {
            return Err(bad(format!(
                "the payer shares sum to {shares}, not to the total {}",
                raw.total
            )));
        }
        Ok(InvoiceDraft {
            header: raw.header,
            lines: raw.lines,
            total: raw.total,
            shares: raw.shares,
            vat: raw.vat,
        })
    }
}

impl InvoiceDraft {
    /// An invoice from its lines; the total and shares are computed.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidInvoice`] when a line's amount is not its quantity
    /// times its unit price, a daily line's quantity is not the days of its
    /// period, a correction does not name its invoice, or there are no
    /// payers.
    pub fn new(
        header: InvoiceHeader,
        lines: Vec<InvoiceLine>,
        payers: &[Payer],
    ) -> Result<InvoiceDraft, Error> {
        let total: Money = lines.iter().map(|l| l.amount).sum();
        let mut owned: Vec<(&str, Money)> = Vec::new();
        for (i, line) in lines.iter().enumerate() {
            let Some(payer) = line.payer.as_deref() else {
                continue;
            };
            if !payers.iter().any(|p| p.id == payer) {
                return Err(Error::InvalidInvoice {
                    contract: header.contract.clone(),
                    month: header.month,
                    reason: format!("line {} is owed by {payer}, who is not a payer", i + 1),
                });
            }
            owned.push((payer, line.amount));
        }
        let shared = total - owned.iter().map(|(_, a)| *a).sum::<Money>();
        let shares = split_lines(shared, &owned, payers);
        InvoiceDraft::try_from(RawDraft {
            header,
            lines,
            total,
            shares,
            vat: Cow::Borrowed(VAT_EXEMPTION),
        })
    }

    /// Who and what it is about.
    pub fn header(&self) -> &InvoiceHeader {
        &self.header
    }

    /// Regular, correction or credit note.
    pub fn kind(&self) -> InvoiceKind {
        self.header.kind
    }

    /// The contract.
    pub fn contract(&self) -> &str {
        &self.header.contract
    }

    /// The month of the run that made it.
    pub fn month(&self) -> BillingMonth {
        self.header.month
    }

    /// The lines, in print order.
    pub fn lines(&self) -> &[InvoiceLine] {
        &self.lines
    }

    /// The net total due (SAW-5 7°).
    pub fn total(&self) -> Money {
        self.total
    }

    /// Each payer's share of the total (GAW-7).
    pub fn shares(&self) -> &[PayerShare] {
        &self.shares
    }

    /// The VAT-exemption mention.
    pub fn vat_mention(&self) -> &str {
        &self.vat
    }

    /// The invoice numbers this invoice corrects.
    pub fn corrected_invoices(&self) -> Vec<&str> {
        let mut numbers: Vec<&str> = self
            .lines
            .iter()
            .filter_map(|l| l.corrects.as_deref())
            .collect();
        numbers.sort_unstable();
        numbers.dedup();
        numbers
    }
}

/// How invoices are issued: their date and payment term.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct IssueOptions {
    /// The invoice date.
    pub issued_on: NaiveDate,
    /// Days between the invoice date and its receipt by the payer. Default
    /// 0: received on the invoice date (**Decision**: the contracts count
    /// the term from receipt, which the operator cannot see; a facility that
    /// posts invoices sets, say, 2).
    pub receipt_days: u32,
    /// Payment term after receipt: 30 calendar days (GAW-8, SAW-6).
    pub payment_days: u32,
}

impl IssueOptions {
    /// Issued on `issued_on`, received the same day, due 30 days later.
    ///
    /// # Example
    ///
    /// ```
    /// use care_core::invoice::IssueOptions;
    /// use chrono::NaiveDate;
    /// let options = IssueOptions::new(care_core::calendar::date(2026, 6, 30)?);
    /// assert_eq!(options.due_on().to_string(), "2026-07-30");
    /// # Ok::<(), care_core::Error>(())
    /// ```
    pub fn new(issued_on: NaiveDate) -> IssueOptions {
        IssueOptions {
            issued_on,
            receipt_days: 0,
            payment_days: 30,
        }
    }

    /// The day payment is due: receipt plus the payment term.
    pub fn due_on(&self) -> NaiveDate {
        self.issued_on
            + chrono::Duration::days(i64::from(self.receipt_days) + i64::from(self.payment_days))
    }
}

/// An issued invoice: a draft with its number and dates.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Invoice {
    /// The number, such as `AH-2026-00042`.
    pub number: String,
    /// The day it was issued.
    pub issued_on: NaiveDate,
    /// The day payment is due (GAW-8, SAW-6).
    pub due_on: NaiveDate,
    /// The content.
    #[serde(flatten)]
    pub draft: InvoiceDraft,
}

impl Invoice {
    /// The structured communication of `payer`'s share: each payer of the
    /// invoice has its own (see
    /// [`StructuredCommunication::for_share`](crate::payment::StructuredCommunication::for_share)).
    ///
    /// # Errors
    ///
    /// [`Error::UnknownPayer`] when `payer` has no share of this invoice;
    /// the errors of `for_share` for a number that gives no communication.
    ///
    /// # Example
    ///
    /// ```
    /// # use care_core::invoice::*;
    /// # use care_core::contract::Payer;
    /// # let header = InvoiceHeader { kind: InvoiceKind::Regular, facility: "f".into(), contract: "c".into(),
    /// #     month: "2026-06".parse()?, residents: vec![], representative: None, flat: "1".into(), stay: None };
    /// let payers = [
    ///     Payer { id: "son".into(), name: "Jan".into(), address: None, share: "50".parse()? },
    ///     Payer { id: "cpas".into(), name: "OCMW".into(), address: None, share: "50".parse()? },
    /// ];
    /// # let draft = InvoiceDraft::new(header, vec![], &payers)?;
    /// let mut seq = InvoiceSequence::new("AH", 2026, 41);
    /// let options = IssueOptions::new(care_core::calendar::date(2026, 6, 30)?);
    /// let invoice = seq.issue(vec![draft], &options)?.remove(0);
    /// assert_eq!(invoice.communication("son", 101)?.to_string(), "+++610/1000/04263+++");
    /// assert_eq!(invoice.communication("cpas", 101)?.to_string(), "+++610/1100/04256+++");
    /// assert!(invoice.communication("nobody", 101).is_err());
    /// # Ok::<(), care_core::Error>(())
    /// ```
    pub fn communication(
        &self,
        payer: &str,
        payment_code: u16,
    ) -> Result<crate::payment::StructuredCommunication, Error> {
        let position = self
            .shares()
            .iter()
            .position(|s| s.payer == payer)
            .ok_or_else(|| Error::UnknownPayer {
                contract: self.contract().to_string(),
                payer: payer.to_string(),
            })?;
        crate::payment::StructuredCommunication::for_share(&self.number, payment_code, position)
    }
}

impl std::ops::Deref for Invoice {
    type Target = InvoiceDraft;
    fn deref(&self) -> &InvoiceDraft {
        &self.draft
    }
}

/// A gapless sequence of invoice numbers for one issuer and one year, owned
/// by the caller (who stores `last` between runs). Numbers are assigned only
/// when invoices are issued, never to drafts.
///
/// # Example
///
/// ```
/// use care_core::invoice::InvoiceSequence;
/// let mut seq = InvoiceSequence::new("AH", 2026, 41);
/// assert_eq!(seq.peek(), "AH-2026-00042");
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct InvoiceSequence {
    /// The issuer's prefix.
    pub prefix: String,
    /// The year.
    pub year: i32,
    /// The last number issued; 0 before the first.
    pub last: u32,
}

impl fmt::Display for InvoiceSequence {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}-{} (last {})", self.prefix, self.year, self.last)
    }
}

impl InvoiceSequence {
    /// A sequence whose last issued number is `last`.
    pub fn new(prefix: &str, year: i32, last: u32) -> InvoiceSequence {
        InvoiceSequence {
            prefix: prefix.to_string(),
            year,
            last,
        }
    }

    /// Continues a sequence after the highest number of `issued` for this
    /// prefix and year.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidInvoiceNumber`] for an issued number of this prefix
    /// and year that does not parse.
    pub fn continue_after(
        prefix: &str,
        year: i32,
        issued: &[Invoice],
    ) -> Result<InvoiceSequence, Error> {
        let head = format!("{prefix}-{year}-");
        let mut last = 0;
        for invoice in issued {
            if let Some(tail) = invoice.number.strip_prefix(&head) {
                let n: u32 = tail.parse().map_err(|_| Error::InvalidInvoiceNumber {
                    number: invoice.number.clone(),
                })?;
                last = last.max(n);
            }
        }
        Ok(InvoiceSequence::new(prefix, year, last))
    }

    /// The number the next issued invoice gets.
    pub fn peek(&self) -> String {
        format!("{}-{}-{:05}", self.prefix, self.year, self.last + 1)
    }

    /// Issues drafts in order, all or none: each gets the next number, the
    /// invoice date and the due date.
    ///
    /// # Errors
    ///
    /// [`Error::SequenceYear`] when `issued_on` is not in the sequence's
    /// year; [`Error::SequenceExhausted`] past 99,999 numbers. Nothing is
    /// numbered then.
    ///
    /// # Example
    ///
    /// ```
    /// # use care_core::invoice::*;
    /// # use care_core::contract::Payer;
    /// # use chrono::NaiveDate;
    /// # let header = InvoiceHeader { kind: InvoiceKind::Regular, facility: "f".into(), contract: "c".into(),
    /// #     month: "2026-06".parse()?, residents: vec![], representative: None, flat: "1".into(), stay: None };
    /// # let payers = [Payer { id: "p".into(), name: "P".into(), address: None, share: "100".parse()? }];
    /// # let draft = InvoiceDraft::new(header, vec![], &payers)?;
    /// let mut seq = InvoiceSequence::new("AH", 2026, 0);
    /// let options = IssueOptions::new(care_core::calendar::date(2026, 6, 30)?);
    /// let issued = seq.issue(vec![draft.clone(), draft], &options)?;
    /// assert_eq!(issued[1].number, "AH-2026-00002");
    /// assert_eq!(seq.last, 2);
    /// # Ok::<(), care_core::Error>(())
    /// ```
    pub fn issue(
        &mut self,
        drafts: Vec<InvoiceDraft>,
        options: &IssueOptions,
    ) -> Result<Vec<Invoice>, Error> {
        let issued_on = options.issued_on;
        if issued_on.year() != self.year {
            return Err(Error::SequenceYear {
                sequence: self.to_string(),
                issued_on,
            });
        }
        let count = u32::try_from(drafts.len()).unwrap_or(u32::MAX);
        if self.last.saturating_add(count) > 99_999 {
            return Err(Error::SequenceExhausted {
                sequence: self.to_string(),
            });
        }
        let invoices = drafts
            .into_iter()
            .map(|draft| {
                self.last += 1;
                Invoice {
                    number: format!("{}-{}-{:05}", self.prefix, self.year, self.last),
                    issued_on,
                    due_on: options.due_on(),
                    draft,
                }
            })
            .collect();
        Ok(invoices)
    }
}
