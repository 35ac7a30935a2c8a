//! Month-end: what each contract owes for a month, and the corrections of
//! invoices already issued (GAW-7, SAW-5).
//!
//! # How re-runs and corrections work
//!
//! A run for month M computes, for every contract, everything that is due
//! from the start of the billing window through the last day of M: each day
//! of the stay at its daily price, each discount day, each month's
//! percentage discount (SAW-17), each extra, each
//! recurring charge for the period it covers, each settlement, payment on
//! account and cancellation fee. It then subtracts what the issued invoices
//! (the caller's history) already billed for the same things. Whatever
//! differs becomes a line:
//!
//! - a day or item of a month that has no invoice for the contract yet is a
//!   regular line;
//! - a day or item that an issued invoice billed differently — or did not
//!   bill although that month was invoiced — is a **correction line**
//!   (kind `correction`), quantity × the difference per unit, that names the
//!   invoice of that month and the days it corrects.
//!
//! Issued invoices are never edited. A contract whose invoice for M exists
//! already gets its corrections on a document of its own: a credit note when
//! its total is negative, a correction invoice otherwise. The same data and
//! history always give the same invoices, and once issued, running the month
//! again gives nothing new.
//!
//! The window starts at [`MonthEndOptions::since`]: the first month this
//! library invoices. Anything dated before it is taken as settled elsewhere.
//! Without it, the window starts at the oldest month in the history, or at M
//! when there is no history.

use std::borrow::Borrow;
use std::collections::{BTreeMap, HashMap};

use chrono::{Datelike, NaiveDate};
use rust_decimal::Decimal;
use serde::Serialize;

use crate::assisted_living::contract::{Contract, DiscountValue};
use crate::assisted_living::facility::{Facility, FacilityKind};
use crate::assisted_living::invoice::{
    Invoice, InvoiceDraft, InvoiceHeader, InvoiceKind, InvoiceLine, LineKind, LineSource,
    StayDetails, StayInMonth, VAT_EXEMPTION,
};
use crate::assisted_living::tariff::ExtraBilling;
use crate::receivables::interest::InterestTable;
use crate::receivables::ledger::{self, Payment};
use crate::{BillingMonth, DateRange, Error, Money};
use crate::{ContractId, InvoiceNumber};

/// The options of a month-end run.
///
/// # Example
///
/// ```
/// use care_core::assisted_living::billing::MonthEndOptions;
/// let june = "2026-06".parse()?;
/// let options = MonthEndOptions { since: Some("2026-01".parse()?), ..MonthEndOptions::new(june) };
/// assert!(options.receivables.is_none()); // no statutory interest
/// # Ok::<(), care_core::Error>(())
/// ```
#[derive(Clone, Copy, Debug)]
pub struct MonthEndOptions<'a> {
    /// The month to invoice.
    pub month: BillingMonth,
    /// The first month this library invoices; see the module docs.
    pub since: Option<BillingMonth>,
    /// The payments and rates to charge statutory interest on shares paid
    /// late: for each month, each invoice share unpaid after its due date
    /// gets a line with the days late that month and the year's rate, the
    /// interest computed per day on what was still open and rounded once
    /// (GAW-9, SAW-6). **Decision:** a payment received on a day stops the
    /// interest from that day. The interest line is owed by the payer who
    /// was late alone (GAW-9a), and interest is never part of a later
    /// interest principal. `None`: no interest is charged.
    pub receivables: Option<Receivables<'a>>,
}

impl MonthEndOptions<'_> {
    /// Options for `month`, with the window from the history and no
    /// statutory interest.
    pub fn new(month: BillingMonth) -> MonthEndOptions<'static> {
        MonthEndOptions {
            month,
            since: None,
            receivables: None,
        }
    }
}

/// A contract the run could not invoice, and why. The other contracts'
/// invoices are unaffected.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ContractFailure {
    /// The contract.
    pub contract: ContractId,
    /// What went wrong.
    pub error: Error,
}

/// The result of a month-end run: drafts to issue, and failures.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct MonthEnd {
    /// The month.
    pub month: BillingMonth,
    /// The invoices, by contract id, regular ones before their corrections.
    pub invoices: Vec<InvoiceDraft>,
    /// Contracts that could not be invoiced.
    pub failures: Vec<ContractFailure>,
}

impl MonthEnd {
    /// The sum of all invoice totals.
    pub fn total(&self) -> Money {
        self.invoices.iter().map(|i| i.total()).sum()
    }
}

/// What month-end needs to charge statutory interest on late payments
/// (GAW-9, SAW-6): the payments received and the yearly rates.
#[derive(Clone, Copy, Debug)]
pub struct Receivables<'a> {
    /// Payments received, of any contract of the facility.
    pub payments: &'a [Payment],
    /// The statutory interest rates.
    pub rates: &'a InterestTable,
}

/// Runs month-end for every contract of a facility.
///
/// `issued` holds the invoices issued so far (of any facility; others are
/// ignored). Contracts that fail are reported in [`MonthEnd::failures`] and
/// do not stop the others.
///
/// # Example
///
/// ```
/// use care_core::assisted_living::billing::{month_end, MonthEndOptions};
/// # let facility = care_core::sample::antoniushof_2020()?;
/// # let contract = care_core::sample::gaw_contract(&facility, "AH-1", "B01", "2026-01-01")?;
/// let run = month_end(&facility, &[contract], &[], &MonthEndOptions::new("2026-06".parse()?));
/// assert!(run.failures.is_empty());
/// // 30 days × €29.33 for a large flat.
/// assert_eq!(run.invoices[0].total().to_string(), "€879.90");
/// # Ok::<(), care_core::Error>(())
/// ```
pub fn month_end(
    facility: &Facility,
    contracts: &[Contract],
    issued: &[Invoice],
    options: &MonthEndOptions<'_>,
) -> MonthEnd {
    let interest = options.receivables.map(|r| (r.payments, r.rates));
    month_end_of(
        facility,
        contracts,
        &Books::of(facility, issued),
        options,
        interest,
    )
}

/// A facility's issued invoices grouped by contract, once: what month-end
/// and the month close read contract by contract.
pub(crate) struct Books<'b> {
    facility: &'b str,
    /// Each contract's invoices of this facility, in the order given.
    by_contract: HashMap<&'b str, Vec<&'b Invoice>>,
    /// The oldest month among them.
    first_month: Option<BillingMonth>,
}

impl<'b> Books<'b> {
    /// The invoices of `issued` that `facility` issued (others are ignored).
    pub(crate) fn of<I: Borrow<Invoice>>(facility: &'b Facility, issued: &'b [I]) -> Books<'b> {
        let mut books = Books {
            facility: facility.id(),
            by_contract: HashMap::new(),
            first_month: None,
        };
        for invoice in issued {
            books.add(invoice.borrow());
        }
        books
    }

    /// Adds one invoice, when the facility issued it.
    pub(crate) fn add(&mut self, invoice: &'b Invoice) {
        if invoice.header().issuer != self.facility {
            return;
        }
        self.first_month = Some(
            self.first_month
                .map_or(invoice.month(), |m| m.min(invoice.month())),
        );
        self.by_contract
            .entry(invoice.contract().as_str())
            .or_default()
            .push(invoice);
    }

    /// The invoices of `contract`.
    pub(crate) fn of_contract(&self, contract: &ContractId) -> &[&'b Invoice] {
        self.by_contract
            .get(contract.as_str())
            .map_or(&[][..], Vec::as_slice)
    }
}

/// [`month_end`] over books grouped once and payments held by reference:
/// what the month close passes, without copying its books.
/// `options.receivables` is not read; `interest` holds the payments and
/// rates instead.
pub(crate) fn month_end_of<P: Borrow<Payment>>(
    facility: &Facility,
    contracts: &[Contract],
    books: &Books<'_>,
    options: &MonthEndOptions<'_>,
    interest: Option<(&[P], &InterestTable)>,
) -> MonthEnd {
    let since = options
        .since
        .or(books.first_month)
        .unwrap_or(options.month)
        .min(options.month);
    let mut invoices = Vec::with_capacity(contracts.len());
    let mut failures = Vec::new();
    let mut order: Vec<&Contract> = contracts.iter().collect();
    order.sort_by(|a, b| a.id().cmp(b.id()));
    // Each contract's payments, once: a statement then reads its own, not
    // every payment of the facility.
    let mut payments_of: HashMap<&str, Vec<&Payment>> = HashMap::new();
    if let Some((payments, _)) = interest {
        for payment in payments.iter().map(Borrow::borrow) {
            payments_of
                .entry(payment.contract.as_str())
                .or_default()
                .push(payment);
        }
    }
    for contract in order {
        let history = books.of_contract(contract.id());
        let payments = payments_of
            .get(contract.id().as_str())
            .map_or(&[][..], Vec::as_slice);
        let run = ContractRun {
            month: options.month,
            since,
            interest: interest.map(|(_, rates)| (payments, rates)),
        };
        match bill_contract(facility, contract, history, &run) {
            Ok(mut drafts) => invoices.append(&mut drafts),
            Err(error) => failures.push(ContractFailure {
                contract: contract.id().clone(),
                error,
            }),
        }
    }
    MonthEnd {
        month: options.month,
        invoices,
        failures,
    }
}

/// A charge due, before it is compared with what was billed.
#[derive(Clone, Debug)]
struct DueItem {
    line: InvoiceLine,
    /// The month whose invoice carries it.
    month: BillingMonth,
}

/// What was billed for one discrete item, and where first.
struct Billed<'h> {
    amount: Money,
    invoice: &'h InvoiceNumber,
    line: &'h InvoiceLine,
}

/// One daily source over the window, kept as spans of days rather than
/// day by day (a window of years holds thousands of days, but only a few
/// hundred spans): what is due per day over each span, and what each issued
/// line billed per day over its period.
struct DaySeries {
    source: LineSource,
    description: String,
    /// Spans that do not overlap, each with its amount due per day.
    due: Vec<(DateRange, Money)>,
    /// Each issued line's days in the window, its unit price, and the
    /// invoice (index into the history) that billed it.
    billed: Vec<(DateRange, Money, usize)>,
}

/// `days` cut where this contract's daily price changes, each part with
/// the price in force on it (`steps` as from
/// [`PriceSchedule::daily_steps`](crate::assisted_living::indexation::PriceSchedule::daily_steps),
/// the first applying from the start of time).
fn priced_spans(days: DateRange, steps: &[(NaiveDate, Money)]) -> Vec<(DateRange, Money)> {
    let mut out = Vec::new();
    for (i, (from, price)) in steps.iter().enumerate() {
        let start = days.start().max(*from);
        let end = match steps.get(i + 1) {
            Some((next, _)) => match next.pred_opt() {
                Some(last) => days.end().min(last),
                None => continue,
            },
            None => days.end(),
        };
        if let Ok(span) = DateRange::new(start, end) {
            out.push((span, *price));
        }
    }
    out
}

/// Invoices one contract for `month`: at most one regular invoice, or one
/// correction document when the month was invoiced already.
///
/// `history` holds the contract's issued invoices; `options.since` starts
/// the window (the month itself when `None`; see the module docs), and
/// `options.receivables` charges statutory interest.
///
/// # Errors
///
/// [`Error::NoTariff`] when a day has no price, [`Error::MissingRate`] for a
/// late month without a statutory rate, [`Error::UnknownBand`] when
/// a price version lacks the contract's band, and [`Error::InvalidInvoice`]
/// if the computed invoice would not be consistent (a bug, reported rather
/// than issued).
///
/// # Example
///
/// ```
/// use care_core::assisted_living::billing::{invoice_contract, MonthEndOptions};
/// # let facility = care_core::sample::antoniushof_2020()?;
/// # let contract = care_core::sample::gaw_contract(&facility, "AH-1", "A01", "2026-06-10")?;
/// let june = "2026-06".parse()?;
/// let drafts = invoice_contract(&facility, &contract, &[], &MonthEndOptions::new(june))?;
/// assert_eq!(drafts[0].header().details.stay.map(|s| s.days), Some(21));
/// # Ok::<(), care_core::Error>(())
/// ```
pub fn invoice_contract(
    facility: &Facility,
    contract: &Contract,
    history: &[&Invoice],
    options: &MonthEndOptions<'_>,
) -> Result<Vec<InvoiceDraft>, Error> {
    let payments: Vec<&Payment> = options
        .receivables
        .iter()
        .flat_map(|r| r.payments)
        .filter(|p| p.contract == contract.id())
        .collect();
    // Only the contract's own invoices are its books.
    let history: Vec<&Invoice> = history
        .iter()
        .copied()
        .filter(|i| i.contract() == contract.id())
        .collect();
    let run = ContractRun {
        month: options.month,
        since: options.since.unwrap_or(options.month),
        interest: options.receivables.map(|r| (&payments[..], r.rates)),
    };
    bill_contract(facility, contract, &history, &run)
}

/// What one contract's run needs: the month, the window's first month, and
/// for statutory interest the contract's own payments (found once by the
/// caller) and the rates.
struct ContractRun<'r> {
    month: BillingMonth,
    since: BillingMonth,
    interest: Option<(&'r [&'r Payment], &'r InterestTable)>,
}

/// [`invoice_contract`] for one [`ContractRun`].
fn bill_contract(
    facility: &Facility,
    contract: &Contract,
    history: &[&Invoice],
    run: &ContractRun<'_>,
) -> Result<Vec<InvoiceDraft>, Error> {
    let month = run.month;
    let since = run.since;
    let window = DateRange::new(since.min(month).first_day(), month.last_day())?;
    let life = contract.lifecycle();
    let tariff = facility.tariff();
    let data = contract.data();

    // The regular invoice of each month, which corrections refer to: the
    // month's own document, a credit note when its total was negative.
    let mut regular: BTreeMap<BillingMonth, &InvoiceNumber> = BTreeMap::new();
    for invoice in history {
        let months_own = invoice.kind() == InvoiceKind::Regular
            || invoice
                .lines()
                .iter()
                .any(|l| l.kind() != LineKind::Correction);
        if months_own {
            regular.entry(invoice.month()).or_insert(invoice.number());
        }
    }
    let month_invoiced = regular.contains_key(&month);

    // This contract's daily price, from the changes notified to it (GAW-6).
    let steps = contract.schedule().daily_steps(tariff, contract.band())?;

    let stay = life.stay(window.end()).and_then(|s| s.intersect(window));

    // Daily sources: the price, then each discount.
    let daily_label = match facility.kind() {
        FacilityKind::Gaw => {
            let band = tariff.bands().iter().find(|b| b.name == contract.band());
            format!("Dagprijs {}", band.map_or("", |b| b.label.as_str()))
                .trim()
                .to_string()
        }
        FacilityKind::Saw => "Zorg- en ondersteuningskost".to_string(),
    };
    let mut series = vec![DaySeries::new(LineSource::DailyPrice, daily_label)];
    if let Some(stay) = stay {
        series[0].due = priced_spans(stay, &steps);
    }
    // A percentage discount is a percentage of each month's price for its
    // days, rounded once (SAW-17): an item per month, not a daily series.
    let mut percent_items = Vec::new();
    for discount in &data.discounts {
        let days = stay.and_then(|st| st.intersect(discount.period));
        let label = discount_label(&discount.reason, discount.value);
        match discount.value {
            DiscountValue::PerDay(off) => {
                let mut s = DaySeries::new(
                    LineSource::Discount {
                        id: discount.id.clone(),
                    },
                    label,
                );
                if let Some(days) = days {
                    s.due = priced_spans(days, &steps)
                        .into_iter()
                        .map(|(span, _)| (span, -off))
                        .collect();
                }
                series.push(s);
            }
            DiscountValue::Percent(percent) => {
                let Some(days) = days else { continue };
                let mut m = BillingMonth::of(days.start());
                while let Some(in_month) = days.intersect(m.range()) {
                    let base: Money = priced_spans(in_month, &steps)
                        .into_iter()
                        .map(|(span, price)| price.times(span.days().into()))
                        .sum();
                    percent_items.push(DueItem {
                        line: InvoiceLine::percent_discount(
                            discount.id.clone(),
                            label.clone(),
                            in_month,
                            percent,
                            base,
                        ),
                        month: m,
                    });
                    m = m.next();
                }
            }
        }
    }

    // What issued invoices billed.
    let mut billed_items: BTreeMap<(LineSource, Option<NaiveDate>), Billed> = BTreeMap::new();
    let mut numbers: Vec<&InvoiceNumber> = Vec::new();
    for invoice in history {
        let number_index = numbers.len();
        numbers.push(invoice.number());
        for line in invoice.lines() {
            if line.source().is_daily() {
                let Some(s) = series.iter_mut().find(|s| s.source == *line.source()) else {
                    // A discount since removed: credit every day still in the
                    // window.
                    let mut s =
                        DaySeries::new(line.source().clone(), line.description().to_string());
                    s.add_billed(line, window, number_index);
                    series.push(s);
                    continue;
                };
                s.add_billed(line, window, number_index);
            } else {
                let key = (line.source().clone(), line.period().map(DateRange::start));
                let in_window = line
                    .period()
                    .map_or(line.date().is_none_or(|d| d >= window.start()), |p| {
                        p.end() >= window.start()
                    });
                if !in_window {
                    continue;
                }
                let entry = billed_items.entry(key).or_insert(Billed {
                    amount: Money::ZERO,
                    invoice: invoice.number(),
                    line,
                });
                entry.amount += line.amount();
            }
        }
    }

    let mut lines = Vec::new();
    for s in &series {
        s.lines(&regular, &numbers, &mut lines);
    }

    // Discrete items.
    let mut due_items = discrete_items(facility, contract, window, month)?;
    due_items.extend(percent_items);
    if let Some((payments, rates)) = run.interest {
        due_items.extend(interest_items(
            facility, contract, history, rates, payments, window, month,
        )?);
    }
    if billed_items.is_empty() && regular.is_empty() {
        // Nothing issued yet: everything due is a regular line.
        lines.extend(due_items.into_iter().map(|item| item.line));
    } else {
        let mut due_keys = std::collections::BTreeSet::new();
        for item in due_items {
            let key = (
                item.line.source().clone(),
                item.line.period().map(DateRange::start),
            );
            match (billed_items.get(&key), regular.get(&item.month)) {
                (None, None) => lines.push(item.line),
                (None, Some(reference)) => {
                    lines.push(correction(
                        &item.line,
                        item.line.amount(),
                        Money::ZERO,
                        reference,
                    ));
                }
                (Some(billed), _) if billed.amount != item.line.amount() => {
                    lines.push(correction(
                        &item.line,
                        item.line.amount(),
                        billed.amount,
                        billed.invoice,
                    ));
                }
                (Some(_), _) => {}
            }
            due_keys.insert(key);
        }
        for (key, billed) in &billed_items {
            if !billed.amount.is_zero() && !due_keys.contains(key) {
                let line = correction(billed.line, Money::ZERO, billed.amount, billed.invoice)
                    .described(format!(
                        "Correctie {}: vervalt: {}",
                        billed.invoice,
                        billed.line.description()
                    ));
                lines.push(line);
            }
        }
    }

    if lines.is_empty() {
        return Ok(Vec::new());
    }
    lines.sort_by(compare_lines);

    let stay_in_month = stay
        .and_then(|s| s.intersect(month.range()))
        .map(|s| StayInMonth {
            days: s.days(),
            first: s.start(),
            last: s.end(),
        });
    let has_regular_lines = lines.iter().any(|l| l.kind() != LineKind::Correction);
    // A document whose total is negative is a credit note, never a
    // "regular" invoice with a negative total. **Decision:** credit notes
    // take their number from the same continuous series as the invoices
    // (Belgian invoicing rules allow one or more continuous series).
    let kind = if lines
        .iter()
        .map(|l| l.amount())
        .sum::<Money>()
        .is_negative()
    {
        InvoiceKind::CreditNote
    } else if has_regular_lines && !month_invoiced {
        InvoiceKind::Regular
    } else {
        InvoiceKind::Correction
    };
    let header = InvoiceHeader {
        kind,
        issuer: facility.id().to_string(),
        contract: contract.id().clone(),
        month,
        vat: VAT_EXEMPTION.into(),
        details: StayDetails {
            residents: resident_names(contract, month),
            representative: data.representative.as_ref().map(|r| r.name.clone()),
            flat: data.flat.clone(),
            stay: stay_in_month,
        },
    };
    // The next of kin are a payer of the invoice only when it holds their
    // own lines (GAW-15a).
    let payers = if lines
        .iter()
        .any(|l| l.payer().is_some() && !data.payers.iter().any(|p| Some(&p.id) == l.payer()))
    {
        contract.payers()
    } else {
        &data.payers
    };
    Ok(vec![InvoiceDraft::new(header, lines, payers)?])
}

impl DaySeries {
    fn new(source: LineSource, description: String) -> DaySeries {
        DaySeries {
            source,
            description,
            due: Vec::new(),
            billed: Vec::new(),
        }
    }

    fn add_billed(&mut self, line: &InvoiceLine, window: DateRange, invoice: usize) {
        if let Some(days) = line.period().and_then(|p| p.intersect(window)) {
            self.billed.push((days, line.unit_price(), invoice));
        }
    }

    /// The window cut into the longest spans over which neither what is due
    /// nor what was billed changes: `(first day, last day, due per day,
    /// billed per day, first invoice that billed it)`, in order. Days
    /// nothing covers are left out.
    fn spans(&self) -> Vec<(NaiveDate, NaiveDate, Money, Money, Option<usize>)> {
        /// A change on a day: what starts or stops there.
        enum Change {
            Due(Money),
            Billed(Money, usize, bool),
        }
        let mut changes: Vec<(NaiveDate, Change)> =
            Vec::with_capacity(2 * (self.due.len() + self.billed.len()));
        for (span, amount) in &self.due {
            changes.push((span.start(), Change::Due(*amount)));
            if let Some(after) = span.end().succ_opt() {
                changes.push((after, Change::Due(-*amount)));
            }
        }
        for (span, price, invoice) in &self.billed {
            changes.push((span.start(), Change::Billed(*price, *invoice, true)));
            if let Some(after) = span.end().succ_opt() {
                changes.push((after, Change::Billed(-*price, *invoice, false)));
            }
        }
        changes.sort_by_key(|(day, _)| *day);
        let mut out = Vec::new();
        let (mut due, mut billed) = (Money::ZERO, Money::ZERO);
        // How many lines of each invoice cover the current day: the first
        // invoice that billed a day is the lowest index still covering it.
        let mut covering: BTreeMap<usize, u32> = BTreeMap::new();
        let mut k = 0;
        while k < changes.len() {
            let day = changes[k].0;
            while k < changes.len() && changes[k].0 == day {
                match changes[k].1 {
                    Change::Due(amount) => due += amount,
                    Change::Billed(price, invoice, starts) => {
                        billed += price;
                        let count = covering.entry(invoice).or_insert(0);
                        if starts {
                            *count += 1;
                        } else {
                            *count = count.saturating_sub(1);
                            if *count == 0 {
                                covering.remove(&invoice);
                            }
                        }
                    }
                }
                k += 1;
            }
            let covered = !covering.is_empty() || !due.is_zero();
            if let (true, Some((next, _))) = (covered, changes.get(k)) {
                if let Some(last) = next.pred_opt() {
                    let first_invoice = covering.keys().next().copied();
                    out.push((day, last, due, billed, first_invoice));
                }
            }
        }
        out
    }

    /// Groups the days whose due and billed amounts differ into lines: one
    /// per run of days in one month with the same amounts.
    fn lines(
        &self,
        regular: &BTreeMap<BillingMonth, &InvoiceNumber>,
        numbers: &[&InvoiceNumber],
        out: &mut Vec<InvoiceLine>,
    ) {
        /// Consecutive days of one month with the same amounts and reference.
        struct Run<'r> {
            first: NaiveDate,
            last: NaiveDate,
            month: BillingMonth,
            reference: Option<&'r InvoiceNumber>,
            due: Money,
            billed: Money,
        }
        let flush = |run: &mut Option<Run<'_>>, out: &mut Vec<InvoiceLine>| {
            let Some(run) = run.take() else { return };
            // ok: first <= last by construction of the run.
            let period = DateRange::new(run.first, run.last).unwrap_or(DateRange::day(run.first));
            let per_day = run.due - run.billed;
            let mut line = match &self.source {
                LineSource::Discount { id } => {
                    InvoiceLine::discount(id.clone(), self.description.clone(), period, per_day)
                }
                _ => InvoiceLine::daily_price(self.description.clone(), period, per_day),
            };
            if let Some(number) = run.reference {
                line = line
                    .described(format!(
                        "Correctie {number}: {} – aangerekend {}, verschuldigd {} per dag",
                        self.description, run.billed, run.due
                    ))
                    .correcting(number.clone());
            }
            out.push(line);
        };
        let mut run: Option<Run<'_>> = None;
        for (first, last, due, billed, billed_in) in self.spans() {
            if due == billed {
                flush(&mut run, out);
                continue;
            }
            // A run never crosses a month: each month's days go on the
            // invoice of that month.
            let mut start = first;
            while start <= last {
                let month = BillingMonth::of(start);
                let end = last.min(month.last_day());
                let reference = regular
                    .get(&month)
                    .copied()
                    .or_else(|| billed_in.map(|n| numbers[n]));
                match run.as_mut() {
                    Some(r)
                        if r.last.succ_opt() == Some(start)
                            && r.month == month
                            && r.reference == reference
                            && r.due == due
                            && r.billed == billed =>
                    {
                        r.last = end;
                    }
                    _ => {
                        flush(&mut run, out);
                        run = Some(Run {
                            first: start,
                            last: end,
                            month,
                            reference,
                            due,
                            billed,
                        });
                    }
                }
                match end.succ_opt() {
                    Some(next) => start = next,
                    None => break,
                }
            }
        }
        flush(&mut run, out);
    }
}

/// SAW-5 1°: the residents who lived in the flat during the month; all of
/// them when none did (a correction after the last one died or left).
fn resident_names(contract: &Contract, month: BillingMonth) -> Vec<String> {
    let residents = &contract.data().residents;
    let present: Vec<String> = residents
        .iter()
        .filter(|r| contract.lifecycle().lives_during(&r.id, month.range()))
        .map(|r| r.name.clone())
        .collect();
    if present.is_empty() {
        residents.iter().map(|r| r.name.clone()).collect()
    } else {
        present
    }
}

fn discount_label(reason: &str, value: DiscountValue) -> String {
    match value {
        DiscountValue::Percent(p) => format!("Korting {p}: {reason}"),
        DiscountValue::PerDay(m) => format!("Korting {m} per dag: {reason}"),
    }
}

fn correction(
    line: &InvoiceLine,
    due: Money,
    billed: Money,
    reference: &InvoiceNumber,
) -> InvoiceLine {
    InvoiceLine::correction(
        line,
        reference.clone(),
        format!(
            "Correctie {reference}: {} – aangerekend {billed}, verschuldigd {due}",
            line.description()
        ),
        due - billed,
    )
}

/// Print order: by SAW-5 item, corrections grouped by the invoice they
/// correct, then by day and source.
fn compare_lines(a: &InvoiceLine, b: &InvoiceLine) -> std::cmp::Ordering {
    let day = |l: &InvoiceLine| l.period().map(DateRange::start).or(l.date());
    (a.kind(), &a.corrects(), day(a), &a.source()).cmp(&(
        b.kind(),
        &b.corrects(),
        day(b),
        &b.source(),
    ))
}

/// Every discrete charge due from the window's start through `month`.
fn discrete_items(
    facility: &Facility,
    contract: &Contract,
    window: DateRange,
    month: BillingMonth,
) -> Result<Vec<DueItem>, Error> {
    let tariff = facility.tariff();
    let data = contract.data();
    let life = contract.lifecycle();
    let mut items = Vec::new();
    let dated = |day: NaiveDate| window.contains(day);

    for extra in data.extras.iter().filter(|e| dated(e.on)) {
        let item = tariff.extra(&extra.code)?;
        let unit_price = match extra.unit_price {
            Some(price) => price,
            None => contract
                .schedule()
                .extra_on(tariff, &extra.code, extra.on)
                .ok_or_else(|| Error::UnknownExtra {
                    code: extra.code.clone(),
                })?,
        };
        let description = match &extra.note {
            Some(note) => format!("{} ({note})", item.nature),
            None => item.nature.clone(),
        };
        let line = InvoiceLine::extra(
            extra.id.clone(),
            description,
            extra.quantity,
            item.unit.clone(),
            unit_price,
        )
        .on(extra.on);
        items.push(DueItem {
            line,
            month: BillingMonth::of(extra.on),
        });
    }

    // GAW-23: damage repairs at their real cost, with their reason.
    for repair in data.damage_repairs.iter().filter(|r| dated(r.on)) {
        let line = InvoiceLine::extra(
            format!("damage:{}", repair.id),
            format!("Herstelling schade (reële kost): {}", repair.reason),
            Decimal::ONE,
            "herstelling",
            repair.amount,
        )
        .on(repair.on);
        items.push(DueItem {
            line,
            month: BillingMonth::of(repair.on),
        });
    }

    // GAW-15, GAW-15a, SAW-11: clearance and storage costs, owed by the next
    // of kin alone and in full.
    if let Some(kin) = &data.next_of_kin {
        for cost in data.clearance_costs.iter().filter(|c| dated(c.on)) {
            let line = InvoiceLine::extra(
                format!("clearance:{}", cost.id),
                format!("{} (ten laste van {})", cost.description, kin.name),
                Decimal::ONE,
                "kost",
                cost.amount,
            )
            .on(cost.on)
            .owed_by(kin.id.clone());
            items.push(DueItem {
                line,
                month: BillingMonth::of(cost.on),
            });
        }
    }

    // Recurring charges: only for periods with days of the stay on which
    // extras may be charged (never after a death: GAW-15, SAW-11).
    let chargeable = life
        .extras_period()
        .and_then(|p| life.stay(NaiveDate::MAX).and_then(|s| s.intersect(p)));
    // GAW-24, SAW-14: a service an unsigned addendum brings in is not billed.
    for sub in data
        .subscriptions
        .iter()
        .filter(|s| contract.amendment_applies(s.amendment.as_deref()))
    {
        let Some(chargeable) = chargeable else { break };
        let active_end = sub.until.unwrap_or(NaiveDate::MAX);
        let Ok(active) = DateRange::new(sub.from, active_end) else {
            continue;
        };
        let Some(active) = active.intersect(chargeable) else {
            continue;
        };
        let item = tariff.extra(&sub.code)?;
        let first_month = BillingMonth::of(active.start());
        let mut covered: Vec<(DateRange, BillingMonth, LineKind, String)> = Vec::new();
        match item.billing {
            ExtraBilling::Monthly | ExtraBilling::MonthlyInAdvance => {
                let in_advance = item.billing == ExtraBilling::MonthlyInAdvance;
                let last_covered = if in_advance { month.next() } else { month };
                let mut m = first_month.max(BillingMonth::of(window.start()));
                while m <= last_covered {
                    if m.range().intersect(active).is_some() {
                        let billed_in = if in_advance {
                            m.previous().max(first_month)
                        } else {
                            m
                        };
                        let kind = if in_advance && billed_in < m {
                            LineKind::Advance
                        } else {
                            LineKind::Extra
                        };
                        if billed_in <= month && billed_in >= BillingMonth::of(window.start()) {
                            covered.push((
                                m.range(),
                                billed_in,
                                kind,
                                format!("{} {}", item.nature, month_name(m)),
                            ));
                        }
                    }
                    m = m.next();
                }
            }
            ExtraBilling::Yearly => {
                for year in window.start().year()..=month.year() {
                    let Some(year_range) = year_range(year) else {
                        continue;
                    };
                    let Some(days) = year_range.intersect(active) else {
                        continue;
                    };
                    let billed_in = BillingMonth::of(days.start());
                    if billed_in <= month && window.contains(billed_in.first_day()) {
                        covered.push((
                            year_range,
                            billed_in,
                            LineKind::Extra,
                            format!("{} {year}", item.nature),
                        ));
                    }
                }
            }
            ExtraBilling::PerUse => {}
        }
        for (period, billed_in, kind, description) in covered {
            let price = match sub.amount {
                Some(amount) => amount,
                None => contract
                    .schedule()
                    .extra_on(tariff, &sub.code, period.start().max(active.start()))
                    .ok_or_else(|| Error::UnknownExtra {
                        code: sub.code.clone(),
                    })?,
            };
            let line = if kind == LineKind::Advance {
                InvoiceLine::advance(sub.id.clone(), description, period, price)
            } else {
                InvoiceLine::subscription(sub.id.clone(), description, period, price)
            };
            items.push(DueItem {
                line,
                month: billed_in,
            });
        }
    }

    for settlement in data.settlements.iter().filter(|s| dated(s.on)) {
        let item = tariff.extra(&settlement.code)?;
        let amount = settlement.amount;
        let line = InvoiceLine::settlement(
            settlement.id.clone(),
            format!(
                "Afrekening {} {}",
                item.nature.to_lowercase(),
                settlement.year
            ),
            amount,
        )
        .on(settlement.on);
        items.push(DueItem {
            line,
            month: BillingMonth::of(settlement.on),
        });
    }

    for payment in data.payments_on_account.iter().filter(|p| dated(p.on)) {
        let description = if payment.reference.is_empty() {
            "Reeds betaald".to_string()
        } else {
            format!("Reeds betaald ({})", payment.reference)
        };
        let mut line =
            InvoiceLine::already_paid(payment.id.clone(), description, payment.on, payment.amount);
        // GAW-9a: credited to the payer who made it alone.
        if let Some(payer) = payment.paid_by(&data.payers) {
            line = line.owed_by(payer.clone());
        }
        items.push(DueItem {
            line,
            month: BillingMonth::of(payment.on),
        });
    }

    if let Some(cancellation) = life
        .cancellation()
        .filter(|c| c.fee_days > 0 && dated(c.on))
    {
        // GAW-14, GAW-26: at most 14 daily prices, at the price that applies
        // to this contract that day (from its signing and its notices).
        let rate = contract
            .schedule()
            .daily_on(tariff, contract.band(), cancellation.on)?;
        let line = InvoiceLine::cancellation_fee(
            format!(
                "Verbrekingsvergoeding vóór opname: {} × dagprijs",
                cancellation.fee_days
            ),
            cancellation.on,
            cancellation.fee_days,
            rate.amount(),
        );
        items.push(DueItem {
            line,
            month: BillingMonth::of(cancellation.on),
        });
    }
    Ok(items)
}

/// Statutory interest items: per month of the window, per payer share paid
/// late.
fn interest_items(
    facility: &Facility,
    contract: &Contract,
    history: &[&Invoice],
    rates: &InterestTable,
    payments: &[&Payment],
    window: DateRange,
    month: BillingMonth,
) -> Result<Vec<DueItem>, Error> {
    let at = month.last_day();
    let account = contract.account(facility);
    let mut items = Vec::new();
    let data = contract.data();
    for payer in contract.payers() {
        // GAW-9c: a third-party payer's late share bears interest only where
        // the facility's data says so.
        let party =
            contract.is_party(payer) || data.next_of_kin.as_ref().is_some_and(|k| k.id == payer.id);
        if !party && !facility.terms().third_party_interest {
            continue;
        }
        let statement = ledger::statement_of(
            &account,
            &payer.id,
            history,
            payments,
            at,
            ledger::Received::Omitted,
        )?;
        // Indexed once per payer: what paid each invoice, in date order,
        // and the interest lines each invoice carries for this payer.
        let mut paid_by_invoice: HashMap<&str, Vec<(NaiveDate, Money)>> = HashMap::new();
        for a in &statement.allocations {
            paid_by_invoice
                .entry(a.invoice.as_str())
                .or_default()
                .push((a.on, a.amount));
        }
        for paid in paid_by_invoice.values_mut() {
            paid.sort_by_key(|(on, _)| *on);
        }
        let mut interest_on: HashMap<&str, Money> = HashMap::new();
        for invoice in history {
            for l in invoice.lines() {
                if l.kind() == LineKind::Interest && l.payer() == Some(&payer.id) {
                    *interest_on
                        .entry(invoice.number().as_str())
                        .or_insert(Money::ZERO) += l.amount();
                }
            }
        }
        for item in statement
            .items
            .iter()
            .filter(|i| !i.share.is_negative() && !i.share.is_zero())
        {
            let Some(first_late) = item.due_on.succ_opt() else {
                continue;
            };
            if first_late > at {
                continue;
            }
            let paid: &[(NaiveDate, Money)] = paid_by_invoice
                .get(item.invoice.as_str())
                .map_or(&[], Vec::as_slice);
            // The share is late until the day it is paid in full: a payment
            // received on a day stops the interest from that day, and
            // nothing is paid back, so the late days end the day before.
            let mut cumulative = Money::ZERO;
            let cleared = paid.iter().find_map(|(on, amount)| {
                cumulative += *amount;
                (item.share - cumulative <= Money::ZERO).then_some(*on)
            });
            let last_late = match cleared {
                Some(on) => match on.pred_opt() {
                    Some(day) => day.min(at),
                    None => continue,
                },
                None => at,
            };
            if last_late < first_late {
                continue;
            }
            // GAW-9a: interest is simple. The principal is the share less the
            // interest this payer was already charged on that invoice; a
            // payment pays that interest first (art. 1254 of the old Civil
            // Code), so what is open of the principal on a day is the least
            // of the principal and what is open of the share.
            let charged_interest = interest_on
                .get(item.invoice.as_str())
                .copied()
                .unwrap_or(Money::ZERO);
            let principal = item.share - charged_interest;
            if principal.is_negative() || principal.is_zero() {
                continue;
            }
            let mut m = BillingMonth::of(first_late).max(BillingMonth::of(window.start()));
            while m <= BillingMonth::of(last_late) {
                let Some(days) = m.range().intersect(DateRange::new(first_late, at)?) else {
                    m = m.next();
                    continue;
                };
                let rate = rates.rate(m.year())?;
                let year_days = if NaiveDate::from_ymd_opt(m.year(), 2, 29).is_some() {
                    366
                } else {
                    365
                };
                let mut exact = Decimal::ZERO;
                let mut late_days = 0u32;
                for day in days.iter() {
                    let open = principal.min(
                        item.share
                            - paid
                                .iter()
                                .filter(|(on, _)| *on <= day)
                                .map(|(_, a)| *a)
                                .sum::<Money>(),
                    );
                    if open.is_negative() || open.is_zero() {
                        continue;
                    }
                    late_days += 1;
                    exact +=
                        open.amount() * rate / (Decimal::ONE_HUNDRED * Decimal::from(year_days));
                }
                let amount = Money::round(exact);
                if !amount.is_zero() {
                    let line = InvoiceLine::interest(
                        item.invoice.clone(),
                        payer.id.clone(),
                        format!(
                            "Wettelijke interest factuur {} ({}): {} te laat aan {}% per jaar",
                            item.invoice,
                            payer.name,
                            if late_days == 1 {
                                "1 dag".to_string()
                            } else {
                                format!("{late_days} dagen")
                            },
                            rate.normalize()
                        ),
                        m.range(),
                        amount,
                    );
                    items.push(DueItem { line, month: m });
                }
                m = m.next();
            }
        }
    }
    Ok(items)
}

fn year_range(year: i32) -> Option<DateRange> {
    let start = NaiveDate::from_ymd_opt(year, 1, 1)?;
    let end = NaiveDate::from_ymd_opt(year, 12, 31)?;
    DateRange::new(start, end).ok()
}

/// The Dutch name of a month with its year, such as `juni 2026`.
pub fn month_name(month: BillingMonth) -> String {
    format!(
        "{} {}",
        crate::calendar::DUTCH_MONTHS[(month.month() - 1) as usize],
        month.year()
    )
}
