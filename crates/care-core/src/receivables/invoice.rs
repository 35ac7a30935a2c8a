//! Invoices of any service: lines, totals, payer shares (GAW-7, SAW-5). The
//! service's own details (a stay, cleaning hours) are a type parameter, so
//! nothing here knows what is invoiced.

use std::borrow::Cow;

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

pub use crate::InvoiceNumber;
use crate::{BillingMonth, ContractId, DateRange, Error, Money, PayerId, Percent};

/// A natural or legal person who pays a share of every invoice of a
/// contract (GAW-7).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Payer {
    /// Identifier within the contract, such as `p1`.
    pub id: PayerId,
    /// Name as printed on the invoice.
    pub name: String,
    /// Postal address.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub address: Option<String>,
    /// Share of each invoice.
    pub share: Percent,
}

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
    /// A discount of a percentage of the month's price for the line's
    /// period, rounded once (SAW-17): not per day, since rounding each
    /// day's share would change the percentage.
    PercentDiscount {
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
        invoice: InvoiceNumber,
        /// The payer.
        payer: PayerId,
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
    kind: LineKind,
    /// What it charges.
    source: LineSource,
    /// The nature, as printed (Dutch).
    description: String,
    /// The days it covers, for daily and periodic charges.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    period: Option<DateRange>,
    /// The day of a dated charge.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    date: Option<NaiveDate>,
    /// How many units (days, meals, …).
    quantity: Decimal,
    /// The unit, such as `dag`.
    unit: Cow<'static, str>,
    /// Price of one unit.
    unit_price: Money,
    /// `quantity × unit_price`.
    amount: Money,
    /// The invoice this line corrects, for corrections.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    corrects: Option<InvoiceNumber>,
    /// The one payer who owes this line, when it is not shared by the
    /// payers' shares: the interest on that payer's late share, a payment
    /// on account that payer made (GAW-9a).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    payer: Option<PayerId>,
}

/// Lines are made by one constructor per kind, each of which sets what
/// that kind needs (a daily line its period and one unit per day of it; a
/// payment's line its date, negative amount and payer; an interest line its
/// payer), so that a line of the wrong shape cannot be written.
impl InvoiceLine {
    /// 3° the price of the service for every day of `period` (the GAW daily
    /// price, the SAW care and support cost).
    ///
    /// # Example
    ///
    /// ```
    /// use care_core::receivables::invoice::{InvoiceLine, LineKind};
    /// use care_core::{DateRange, Money};
    /// let june = DateRange::new(care_core::calendar::date(2026, 6, 1)?, care_core::calendar::date(2026, 6, 30)?)?;
    /// let line = InvoiceLine::daily_price("Dagprijs", june, "25.72".parse()?);
    /// assert_eq!((line.kind(), line.amount()), (LineKind::DailyPrice, "771.60".parse()?));
    /// assert_eq!(line.period(), Some(june));
    /// # Ok::<(), care_core::Error>(())
    /// ```
    pub fn daily_price(
        description: impl Into<String>,
        period: DateRange,
        per_day: Money,
    ) -> InvoiceLine {
        InvoiceLine::priced(
            LineKind::DailyPrice,
            LineSource::DailyPrice,
            description,
            period.days().into(),
            "dag",
            per_day,
        )
        .for_period(period)
    }

    /// 5° a discount `id` of `per_day` (negative) on every day of `period`.
    ///
    /// # Example
    ///
    /// ```
    /// use care_core::receivables::invoice::{InvoiceLine, LineKind};
    /// use care_core::{DateRange, Money};
    /// let week = DateRange::new(care_core::calendar::date(2026, 6, 1)?, care_core::calendar::date(2026, 6, 7)?)?;
    /// let line = InvoiceLine::discount("d1", "Korting", week, Money::from_cents(-100));
    /// assert_eq!((line.kind(), line.amount()), (LineKind::Discount, Money::from_cents(-700)));
    /// # Ok::<(), care_core::Error>(())
    /// ```
    pub fn discount(
        id: impl Into<String>,
        description: impl Into<String>,
        period: DateRange,
        per_day: Money,
    ) -> InvoiceLine {
        InvoiceLine::priced(
            LineKind::Discount,
            LineSource::Discount { id: id.into() },
            description,
            period.days().into(),
            "dag",
            per_day,
        )
        .for_period(period)
    }

    /// 5° a discount `id` of `percent` of `base`, the price charged for the
    /// days of `period` that the discount is a percentage of, rounded once
    /// (SAW-17, Money conventions). The line is `percent / 100` (its
    /// quantity) × `-base` (its unit price), so that it prints the
    /// percentage it takes and takes no more.
    ///
    /// # Example
    ///
    /// ```
    /// use care_core::receivables::invoice::{InvoiceLine, LineKind};
    /// use care_core::{DateRange, Money};
    /// let jan = DateRange::new(care_core::calendar::date(2020, 1, 1)?, care_core::calendar::date(2020, 1, 31)?)?;
    /// // 10 % of 31 × €3.96 = €122.76 is €12.28, not 31 × €0.40.
    /// let line = InvoiceLine::percent_discount("d1", "Korting 10%", jan, "10".parse()?, "122.76".parse()?);
    /// assert_eq!((line.kind(), line.amount()), (LineKind::Discount, Money::from_cents(-1228)));
    /// assert_eq!(line.percent().map(|p| p.to_string()), Some("10%".into()));
    /// # Ok::<(), care_core::Error>(())
    /// ```
    pub fn percent_discount(
        id: impl Into<String>,
        description: impl Into<String>,
        period: DateRange,
        percent: Percent,
        base: Money,
    ) -> InvoiceLine {
        InvoiceLine::priced(
            LineKind::Discount,
            LineSource::PercentDiscount { id: id.into() },
            description,
            percent.value() / Decimal::ONE_HUNDRED,
            "",
            -base,
        )
        .for_period(period)
    }

    /// 4° `quantity` units of the per-use extra `id` at `unit_price` each;
    /// date it with [`on`](InvoiceLine::on).
    ///
    /// # Example
    ///
    /// ```
    /// use care_core::receivables::invoice::{InvoiceLine, LineKind};
    /// use care_core::Money;
    /// let line = InvoiceLine::extra("x1", "Warme maaltijd", 4.into(), "maaltijd", Money::from_cents(750));
    /// assert_eq!((line.kind(), line.amount()), (LineKind::Extra, Money::from_cents(3000)));
    /// ```
    pub fn extra(
        id: impl Into<String>,
        description: impl Into<String>,
        quantity: Decimal,
        unit: impl Into<Cow<'static, str>>,
        unit_price: Money,
    ) -> InvoiceLine {
        InvoiceLine::priced(
            LineKind::Extra,
            LineSource::Extra { id: id.into() },
            description,
            quantity,
            unit,
            unit_price,
        )
    }

    /// 4° the recurring extra `id` for `period`, at `price` for the period.
    ///
    /// # Example
    ///
    /// ```
    /// use care_core::receivables::invoice::{InvoiceLine, LineKind};
    /// use care_core::{BillingMonth, Money};
    /// let june: BillingMonth = "2026-06".parse()?;
    /// let line = InvoiceLine::subscription("s1", "Telefoon", june.range(), Money::from_cents(1200));
    /// assert_eq!((line.kind(), line.period()), (LineKind::Extra, Some(june.range())));
    /// # Ok::<(), care_core::Error>(())
    /// ```
    pub fn subscription(
        id: impl Into<String>,
        description: impl Into<String>,
        period: DateRange,
        price: Money,
    ) -> InvoiceLine {
        InvoiceLine::priced(
            LineKind::Extra,
            LineSource::Subscription { id: id.into() },
            description,
            Decimal::ONE,
            "periode",
            price,
        )
        .for_period(period)
    }

    /// 6° the recurring extra `id` for a coming `period`, billed ahead.
    ///
    /// # Example
    ///
    /// ```
    /// use care_core::receivables::invoice::{InvoiceLine, LineKind};
    /// use care_core::{BillingMonth, Money};
    /// let july: BillingMonth = "2026-07".parse()?;
    /// let line = InvoiceLine::advance("s1", "Telefoon juli", july.range(), Money::from_cents(1200));
    /// assert_eq!(line.kind(), LineKind::Advance);
    /// # Ok::<(), care_core::Error>(())
    /// ```
    pub fn advance(
        id: impl Into<String>,
        description: impl Into<String>,
        period: DateRange,
        price: Money,
    ) -> InvoiceLine {
        InvoiceLine::priced(
            LineKind::Advance,
            LineSource::Subscription { id: id.into() },
            description,
            Decimal::ONE,
            "periode",
            price,
        )
        .for_period(period)
    }

    /// 4° the yearly settlement `id` of a consumption: a debit, or a credit
    /// when `amount` is negative.
    ///
    /// # Example
    ///
    /// ```
    /// use care_core::receivables::invoice::{InvoiceLine, LineKind};
    /// use care_core::Money;
    /// let line = InvoiceLine::settlement("st1", "Afrekening water 2025", Money::from_cents(-1850));
    /// assert_eq!((line.kind(), line.amount()), (LineKind::Extra, Money::from_cents(-1850)));
    /// ```
    pub fn settlement(
        id: impl Into<String>,
        description: impl Into<String>,
        amount: Money,
    ) -> InvoiceLine {
        InvoiceLine::priced(
            LineKind::Extra,
            LineSource::Settlement { id: id.into() },
            description,
            Decimal::ONE,
            "afrekening",
            amount,
        )
    }

    /// 6° the payment `id` of `amount` received on account on `on`: the
    /// line takes it off (its amount is `-amount`).
    ///
    /// # Example
    ///
    /// ```
    /// use care_core::receivables::invoice::{InvoiceLine, LineKind};
    /// use care_core::Money;
    /// let line = InvoiceLine::already_paid("b1", "Reeds betaald", care_core::calendar::date(2026, 6, 3)?, Money::from_cents(5000));
    /// assert_eq!((line.kind(), line.amount()), (LineKind::AlreadyPaid, Money::from_cents(-5000)));
    /// # Ok::<(), care_core::Error>(())
    /// ```
    pub fn already_paid(
        id: impl Into<String>,
        description: impl Into<String>,
        on: NaiveDate,
        amount: Money,
    ) -> InvoiceLine {
        InvoiceLine::priced(
            LineKind::AlreadyPaid,
            LineSource::PaymentOnAccount { id: id.into() },
            description,
            Decimal::ONE,
            "betaling",
            -amount,
        )
        .on(on)
    }

    /// The cancellation fee of `days` × `per_day`, on the day of the
    /// cancellation (GAW-14).
    ///
    /// # Example
    ///
    /// ```
    /// use care_core::receivables::invoice::{InvoiceLine, LineKind};
    /// let line = InvoiceLine::cancellation_fee("Verbrekingsvergoeding", care_core::calendar::date(2026, 5, 20)?, 30, "25.72".parse()?);
    /// assert_eq!((line.kind(), line.amount()), (LineKind::CancellationFee, "771.60".parse()?));
    /// # Ok::<(), care_core::Error>(())
    /// ```
    pub fn cancellation_fee(
        description: impl Into<String>,
        on: NaiveDate,
        days: u32,
        per_day: Money,
    ) -> InvoiceLine {
        InvoiceLine::priced(
            LineKind::CancellationFee,
            LineSource::CancellationFee,
            description,
            days.into(),
            "dag",
            per_day,
        )
        .on(on)
    }

    /// Statutory interest of `amount` on `payer`'s late share of `invoice`
    /// over `period`, owed by that payer alone (GAW-9, GAW-9a, SAW-6).
    ///
    /// # Example
    ///
    /// ```
    /// use care_core::receivables::invoice::{InvoiceLine, LineKind};
    /// use care_core::{BillingMonth, Money};
    /// let june: BillingMonth = "2026-06".parse()?;
    /// let line = InvoiceLine::interest("AH-2026-00001".parse()?, "p2".parse()?, "Wettelijke interest", june.range(), Money::from_cents(130));
    /// assert_eq!(line.kind(), LineKind::Interest);
    /// assert_eq!(line.payer().map(|p| p.as_str()), Some("p2"));
    /// # Ok::<(), care_core::Error>(())
    /// ```
    pub fn interest(
        invoice: InvoiceNumber,
        payer: PayerId,
        description: impl Into<String>,
        period: DateRange,
        amount: Money,
    ) -> InvoiceLine {
        InvoiceLine::priced(
            LineKind::Interest,
            LineSource::Interest {
                invoice,
                payer: payer.clone(),
            },
            description,
            Decimal::ONE,
            "periode",
            amount,
        )
        .for_period(period)
        .owed_by(payer)
    }

    /// A correction of `amount` to `line` as the issued invoice `number`
    /// billed it: what it charges, and over which days, stay those of
    /// `line`.
    ///
    /// # Example
    ///
    /// ```
    /// use care_core::receivables::invoice::{InvoiceLine, LineKind};
    /// use care_core::Money;
    /// let meal = InvoiceLine::extra("x1", "Warme maaltijd", 1.into(), "maaltijd", Money::from_cents(750));
    /// let line = InvoiceLine::correction(&meal, "AH-2026-00012".parse()?, "Correctie: warme maaltijd", Money::from_cents(-750));
    /// assert_eq!(line.kind(), LineKind::Correction);
    /// assert_eq!(line.corrects().map(|n| n.as_str()), Some("AH-2026-00012"));
    /// # Ok::<(), care_core::Error>(())
    /// ```
    pub fn correction(
        line: &InvoiceLine,
        number: InvoiceNumber,
        description: impl Into<String>,
        amount: Money,
    ) -> InvoiceLine {
        let mut out = InvoiceLine::priced(
            line.kind,
            line.source.clone(),
            description,
            Decimal::ONE,
            "stuk",
            amount,
        )
        .correcting(number);
        out.period = line.period;
        out.date = line.date;
        out.payer.clone_from(&line.payer);
        out
    }

    fn priced(
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
    pub fn owed_by(mut self, payer: PayerId) -> InvoiceLine {
        self.payer = Some(payer);
        self
    }

    /// The same line, covering `period` (daily and periodic charges).
    pub fn for_period(mut self, period: DateRange) -> InvoiceLine {
        self.period = Some(period);
        self
    }

    /// The same line, dated `date` (a dated charge).
    pub fn on(mut self, date: NaiveDate) -> InvoiceLine {
        self.date = Some(date);
        self
    }

    /// The same line with another printed nature.
    pub fn described(mut self, description: impl Into<String>) -> InvoiceLine {
        self.description = description.into();
        self
    }

    /// The same line as a correction of the issued invoice `number`: a
    /// correction line, and only one, names the invoice it corrects.
    ///
    /// # Example
    ///
    /// ```
    /// use care_core::receivables::invoice::{InvoiceLine, LineKind};
    /// use care_core::Money;
    /// let line = InvoiceLine::extra("x1", "Correctie: warme maaltijd", 1.into(), "stuk", Money::from_cents(-750))
    ///     .correcting("AH-2026-00012".parse()?);
    /// assert_eq!(line.kind(), LineKind::Correction);
    /// assert_eq!(line.corrects().map(|n| n.as_str()), Some("AH-2026-00012"));
    /// # Ok::<(), care_core::Error>(())
    /// ```
    pub fn correcting(mut self, number: InvoiceNumber) -> InvoiceLine {
        self.kind = LineKind::Correction;
        self.corrects = Some(number);
        self
    }

    /// Which SAW-5 item it belongs to.
    pub fn kind(&self) -> LineKind {
        self.kind
    }

    /// What it charges.
    pub fn source(&self) -> &LineSource {
        &self.source
    }

    /// The nature, as printed (Dutch).
    pub fn description(&self) -> &str {
        &self.description
    }

    /// The days it covers, for daily and periodic charges.
    pub fn period(&self) -> Option<DateRange> {
        self.period
    }

    /// The day of a dated charge.
    pub fn date(&self) -> Option<NaiveDate> {
        self.date
    }

    /// How many units (days, meals, …).
    pub fn quantity(&self) -> Decimal {
        self.quantity
    }

    /// The unit, such as `dag`.
    pub fn unit(&self) -> &str {
        &self.unit
    }

    /// Price of one unit.
    pub fn unit_price(&self) -> Money {
        self.unit_price
    }

    /// `quantity × unit_price`.
    pub fn amount(&self) -> Money {
        self.amount
    }

    /// The invoice this line corrects, for corrections.
    pub fn corrects(&self) -> Option<&InvoiceNumber> {
        self.corrects.as_ref()
    }

    /// The percentage a percentage discount takes (SAW-17); `None` for
    /// every other line.
    pub fn percent(&self) -> Option<Percent> {
        match self.source {
            LineSource::PercentDiscount { .. } => {
                Percent::new(self.quantity * Decimal::ONE_HUNDRED).ok()
            }
            _ => None,
        }
    }

    /// The one payer who owes this line, when it is not shared (GAW-9a).
    pub fn payer(&self) -> Option<&PayerId> {
        self.payer.as_ref()
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
    pub payer: PayerId,
    /// The payer's name.
    pub name: String,
    /// The payer's share in percent.
    pub share: Percent,
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
/// use care_core::receivables::invoice::{split_total, Payer};
/// use care_core::Money;
/// let payer = |id: &str, share: &str| -> Result<Payer, care_core::Error> {
///     Ok(Payer { id: id.parse()?, name: id.into(), address: None, share: share.parse()? })
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
fn split_lines(shared: Money, owned: &[(&PayerId, Money)], payers: &[Payer]) -> Vec<PayerShare> {
    let mut shares = split_shared(shared, payers);
    for (payer, amount) in owned {
        if let Some(share) = shares.iter_mut().find(|s| s.payer == *payer) {
            share.amount += *amount;
        }
    }
    shares
}

fn split_shared(total: Money, payers: &[Payer]) -> Vec<PayerShare> {
    let percents: Vec<Percent> = payers.iter().map(|p| p.share).collect();
    payers
        .iter()
        .zip(total.allocate(&percents))
        .map(|(p, amount)| PayerShare {
            payer: p.id.clone(),
            name: p.name.clone(),
            share: p.share,
            amount,
        })
        .collect()
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

/// Who and what an invoice is about (SAW-5 1°, 2°): what every invoice
/// has, and the service's own `details` (for assisted living the residents,
/// the flat and the stay), written beside them.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct InvoiceHeader<D> {
    /// Regular, correction or credit note.
    pub kind: InvoiceKind,
    /// The service (facility) that issues it.
    #[serde(alias = "facility")]
    pub issuer: String,
    /// The contract it is issued under.
    pub contract: ContractId,
    /// The month of the run that made it.
    pub month: BillingMonth,
    /// The VAT mention it carries (RULES.md, VAT: social and care services
    /// are exempt under art. 44 of the VAT code).
    pub vat: Cow<'static, str>,
    /// What the service says of it.
    #[serde(flatten)]
    pub details: D,
}

/// A computed invoice that has no number yet. Its total always equals the
/// sum of its lines, and its payer shares always sum to its total.
///
/// # Example
///
/// ```
/// use care_core::receivables::invoice::*;
/// use care_core::Money;
/// // A service's own details: here, what a made-up service says.
/// #[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
/// struct Visit { address: String }
/// let header = InvoiceHeader {
///     kind: InvoiceKind::Regular, issuer: "cleaning".into(), contract: "C-001".parse()?,
///     month: "2026-06".parse()?, vat: "Vrijgesteld van btw (art. 44 W.btw).".into(),
///     details: Visit { address: "Dorp 1".into() },
/// };
/// let line = InvoiceLine::extra("x1",
///     "Warme maaltijd", 2.into(), "maaltijd", Money::from_cents(750));
/// let payers = [Payer { id: "p1".parse()?, name: "Maria Peeters".into(), address: None, share: "100".parse()? }];
/// let draft = InvoiceDraft::new(header, vec![line], &payers)?;
/// assert_eq!(draft.total(), Money::from_cents(1500));
/// # Ok::<(), care_core::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "RawDraft<D>")]
#[serde(bound(deserialize = "D: Deserialize<'de>", serialize = "D: Serialize"))]
pub struct InvoiceDraft<D> {
    #[serde(flatten)]
    header: InvoiceHeader<D>,
    lines: Vec<InvoiceLine>,
    total: Money,
    shares: Vec<PayerShare>,
}

#[derive(Deserialize)]
struct RawDraft<D> {
    #[serde(flatten)]
    header: InvoiceHeader<D>,
    lines: Vec<InvoiceLine>,
    total: Money,
    shares: Vec<PayerShare>,
}

impl<D> TryFrom<RawDraft<D>> for InvoiceDraft<D> {
    type Error = Error;
    fn try_from(raw: RawDraft<D>) -> Result<InvoiceDraft<D>, Error> {
        let bad = |reason: String| Error::InvalidInvoice {
            contract: raw.header.contract.to_string(),
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
        })
    }
}

impl<D> InvoiceDraft<D> {
    /// An invoice from its lines; the total and shares are computed.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidInvoice`] when a line's amount is not its quantity
    /// times its unit price, a daily line's quantity is not the days of its
    /// period, a correction does not name its invoice, or there are no
    /// payers.
    pub fn new(
        header: InvoiceHeader<D>,
        lines: Vec<InvoiceLine>,
        payers: &[Payer],
    ) -> Result<InvoiceDraft<D>, Error> {
        let total: Money = lines.iter().map(|l| l.amount).sum();
        let mut owned: Vec<(&PayerId, Money)> = Vec::new();
        for (i, line) in lines.iter().enumerate() {
            let Some(payer) = line.payer.as_ref() else {
                continue;
            };
            if !payers.iter().any(|p| p.id == payer) {
                return Err(Error::InvalidInvoice {
                    contract: header.contract.to_string(),
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
        })
    }

    /// Who and what it is about.
    pub fn header(&self) -> &InvoiceHeader<D> {
        &self.header
    }

    /// Regular, correction or credit note.
    pub fn kind(&self) -> InvoiceKind {
        self.header.kind
    }

    /// The contract.
    pub fn contract(&self) -> &ContractId {
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
        &self.header.vat
    }

    /// What the service says of it.
    pub fn details(&self) -> &D {
        &self.header.details
    }

    /// The invoice numbers this invoice corrects.
    pub fn corrected_invoices(&self) -> Vec<&InvoiceNumber> {
        let mut numbers: Vec<&InvoiceNumber> = self
            .lines
            .iter()
            .filter_map(|l| l.corrects.as_ref())
            .collect();
        numbers.sort_unstable();
        numbers.dedup();
        numbers
    }
}

/// An issued invoice: a draft with its number and dates. It cannot be
/// changed: a mistake is corrected by a later invoice (GAW-7, SAW-5).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(bound(deserialize = "D: Deserialize<'de>", serialize = "D: Serialize"))]
pub struct Invoice<D> {
    number: InvoiceNumber,
    issued_on: NaiveDate,
    due_on: NaiveDate,
    #[serde(flatten)]
    draft: InvoiceDraft<D>,
}

impl<D> Invoice<D> {
    /// Numbers a draft; only [`InvoiceSequence`](crate::receivables::numbering::InvoiceSequence)
    /// issues.
    pub(crate) fn issued(
        number: InvoiceNumber,
        issued_on: NaiveDate,
        due_on: NaiveDate,
        draft: InvoiceDraft<D>,
    ) -> Invoice<D> {
        Invoice {
            number,
            issued_on,
            due_on,
            draft,
        }
    }

    /// The number, such as `AH-2026-00042`.
    pub fn number(&self) -> &InvoiceNumber {
        &self.number
    }

    /// The day it was issued.
    pub fn issued_on(&self) -> NaiveDate {
        self.issued_on
    }

    /// The day payment is due (GAW-8, SAW-6).
    pub fn due_on(&self) -> NaiveDate {
        self.due_on
    }

    /// The content.
    pub fn draft(&self) -> &InvoiceDraft<D> {
        &self.draft
    }

    /// Who and what it is about.
    pub fn header(&self) -> &InvoiceHeader<D> {
        self.draft.header()
    }

    /// Regular, correction or credit note.
    pub fn kind(&self) -> InvoiceKind {
        self.draft.kind()
    }

    /// The contract it is issued under.
    pub fn contract(&self) -> &ContractId {
        self.draft.contract()
    }

    /// The month of the run that made it.
    pub fn month(&self) -> BillingMonth {
        self.draft.month()
    }

    /// The lines, in print order.
    pub fn lines(&self) -> &[InvoiceLine] {
        self.draft.lines()
    }

    /// The net total due (SAW-5 7°).
    pub fn total(&self) -> Money {
        self.draft.total()
    }

    /// Each payer's share of the total (GAW-7).
    pub fn shares(&self) -> &[PayerShare] {
        self.draft.shares()
    }

    /// The VAT mention.
    pub fn vat_mention(&self) -> &str {
        self.draft.vat_mention()
    }

    /// What the service says of it.
    pub fn details(&self) -> &D {
        self.draft.details()
    }

    /// The invoice numbers this invoice corrects.
    pub fn corrected_invoices(&self) -> Vec<&InvoiceNumber> {
        self.draft.corrected_invoices()
    }

    /// The structured communication of `payer`'s share: each payer of the
    /// invoice has its own (see
    /// [`StructuredCommunication::for_share`](crate::receivables::reference::StructuredCommunication::for_share)).
    ///
    /// # Errors
    ///
    /// [`Error::UnknownPayer`] when `payer` has no share of this invoice;
    /// the errors of `for_share` for a number that gives no communication.
    ///
    /// # Example
    ///
    /// ```
    /// # use care_core::receivables::invoice::*;
    /// # use care_core::receivables::numbering::*;
    /// # let header = InvoiceHeader { kind: InvoiceKind::Regular, issuer: "f".into(), contract: "c".parse()?,
    /// #     month: "2026-06".parse()?, vat: "".into(), details: () };
    /// let payers = [
    ///     Payer { id: "son".parse()?, name: "Jan".into(), address: None, share: "50".parse()? },
    ///     Payer { id: "cpas".parse()?, name: "OCMW".into(), address: None, share: "50".parse()? },
    /// ];
    /// # let draft = InvoiceDraft::new(header, vec![], &payers)?;
    /// let mut seq = InvoiceSequence::new("AH", 2026, 41);
    /// let options = IssueOptions::new(care_core::calendar::date(2026, 6, 30)?);
    /// let invoice = seq.issue(vec![draft], &options)?.remove(0);
    /// assert_eq!(invoice.communication(&"son".parse()?, 101)?.to_string(), "+++610/1000/04263+++");
    /// assert_eq!(invoice.communication(&"cpas".parse()?, 101)?.to_string(), "+++610/1100/04256+++");
    /// assert!(invoice.communication(&"nobody".parse()?, 101).is_err());
    /// # Ok::<(), care_core::Error>(())
    /// ```
    pub fn communication(
        &self,
        payer: &PayerId,
        payment_code: u16,
    ) -> Result<crate::receivables::reference::StructuredCommunication, Error> {
        let position = self
            .shares()
            .iter()
            .position(|s| s.payer == payer)
            .ok_or_else(|| Error::UnknownPayer {
                contract: self.contract().to_string(),
                payer: payer.to_string(),
            })?;
        self.communication_at(position, payment_code)
    }

    /// The communication of the share at `position` among
    /// [`shares`](Invoice::shares), found by the caller.
    pub(crate) fn communication_at(
        &self,
        position: usize,
        payment_code: u16,
    ) -> Result<crate::receivables::reference::StructuredCommunication, Error> {
        crate::receivables::reference::StructuredCommunication::for_share(
            &self.number,
            payment_code,
            position,
        )
    }
}
