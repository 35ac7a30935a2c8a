//! Month close: one call that runs a month — or replays month-end from an
//! earlier month, issuing each month as the operator would have — over a
//! facility's contracts and the books so far, and returns everything the
//! finance office sends or stores: the numbered invoices, the direct-debit
//! batch, each payer's statement, the letters due (dunning steps, price
//! notices) and the final settlements.
//!
//! **No amount depends on history the run did not read.** The books are
//! the invoices passed in and those the run issues; they start at the
//! oldest month among them, [`MonthCloseOptions::from`] and
//! [`MonthCloseOptions::since`] ([`MonthClose::books_start`]). Only the
//! payments of the books count
//! ([`payments_in_books`](crate::receivables::ledger::payments_in_books)),
//! and a dunning letter or settlement is drawn only for a contract whose
//! whole stay lies in the books — or when the clerk asserts, by passing
//! `from`, `since` or issued invoices, that what came before was settled.

use std::collections::HashMap;

use chrono::{NaiveDate, NaiveDateTime};
use serde::Serialize;

use crate::assisted_living::billing::{month_end_of, Books, ContractFailure, MonthEndOptions};
use crate::assisted_living::collection::collections_of_books;
use crate::assisted_living::deposit::Deposit;
use crate::assisted_living::indexation::{LateNotice, PriceNotice};
use crate::assisted_living::invoice::{Invoice, InvoiceSequence, IssueOptions};
use crate::assisted_living::settlement::{
    self, final_settlement, FinalSettlement, SettlementOptions,
};
use crate::receivables::dunning::{DunningLadder, DunningStatus, DunningStepKind};
use crate::receivables::interest::InterestTable;
use crate::receivables::ledger::{statement_of, BooksIndex, Payment, Received, Statement};
use crate::receivables::sepa::{pain_008, BatchOptions, Collection};
use crate::ContractId;
use crate::{BillingMonth, Contract, Error, Facility};

/// What a month close reads besides the facility and its contracts.
///
/// # Example
///
/// ```
/// use care_core::assisted_living::month_close::MonthCloseOptions;
/// use care_core::receivables::interest::InterestTable;
/// let rates = InterestTable::new("Belgisch Staatsblad");
/// let options = MonthCloseOptions { from: Some("2026-01".parse()?), ..MonthCloseOptions::new("2026-06".parse()?, &rates) };
/// assert!(options.issued.is_empty() && options.payments.is_empty());
/// # Ok::<(), care_core::Error>(())
/// ```
#[derive(Clone, Copy, Debug)]
pub struct MonthCloseOptions<'a> {
    /// The month to close.
    pub month: BillingMonth,
    /// Replays month-end from this month on, issuing each month on its last
    /// day; only `month` is the run's own (its invoices are
    /// [`MonthClose::invoices`], the others [`MonthClose::replayed`]).
    pub from: Option<BillingMonth>,
    /// The clerk asserts that everything before this month is settled:
    /// the books start here at the latest.
    pub since: Option<BillingMonth>,
    /// The invoices issued before (of any facility; others are ignored):
    /// the run corrects them where the data changed, and numbers continue
    /// after theirs.
    pub issued: &'a [Invoice],
    /// The payments received, as read; those outside the books are left out
    /// ([`MonthClose::payments_left_out`]).
    pub payments: &'a [Payment],
    /// The statutory interest rates (GAW-9, SAW-6).
    pub rates: &'a InterestTable,
    /// The yearly rates of the blocked deposit accounts, for the deposit of
    /// a final settlement (GAW-13); a settlement that must release a deposit
    /// fails without them.
    pub deposit_rates: Option<&'a InterestTable>,
    /// The dunning ladder; `None`: GAW-9's ([`DunningLadder::default`]).
    pub ladder: Option<&'a DunningLadder>,
    /// Mandates whose collection this month is their last (FNAL; see
    /// [`CollectionOptions::closing`](crate::assisted_living::collection::CollectionOptions::closing)).
    pub closing_mandates: &'a [String],
    /// When the direct-debit batch is made (the library has no clock); by
    /// default 18:00 on the last day of the month.
    pub batch_created_at: Option<NaiveDateTime>,
}

impl<'a> MonthCloseOptions<'a> {
    /// Closes `month` alone, with no books before it, GAW-9's ladder and no
    /// deposit rates.
    pub fn new(month: BillingMonth, rates: &'a InterestTable) -> MonthCloseOptions<'a> {
        MonthCloseOptions {
            month,
            from: None,
            since: None,
            issued: &[],
            payments: &[],
            rates,
            deposit_rates: None,
            ladder: None,
            closing_mandates: &[],
            batch_created_at: None,
        }
    }
}

/// A dunning letter due: the payer's statement and where it stands on the
/// ladder (GAW-9), at a step past the social worker's contact.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct DunningLetter {
    /// The contract.
    pub contract: ContractId,
    /// The payer's statement at the end of the month.
    pub statement: Statement,
    /// The step reached.
    pub status: DunningStatus,
}

/// A price notice given to a contract this month (GAW-6, SAW-3): a letter
/// to send.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct PriceNoticeLetter {
    /// The contract.
    pub contract: ContractId,
    /// The notice as recorded.
    pub notice: PriceNotice,
}

/// A settlement the run did not draw up, and why.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Withheld {
    /// The contract.
    pub contract: ContractId,
    /// Why, in a sentence for the clerk.
    pub reason: String,
}

/// The direct-debit batch of the month: its options and collections.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct DirectDebitBatch {
    /// Creditor, collection date, message id.
    pub options: BatchOptions,
    /// One per mandate payer's share to collect.
    pub collections: Vec<Collection>,
}

impl DirectDebitBatch {
    /// The batch as pain.008.001.02 XML.
    ///
    /// # Errors
    ///
    /// As [`pain_008`].
    pub fn xml(&self) -> Result<String, Error> {
        pain_008(&self.options, &self.collections)
    }
}

/// What a month close gives: everything to send or store.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct MonthClose {
    /// The month closed.
    pub month: BillingMonth,
    /// The first month of the books the run read.
    pub books_start: BillingMonth,
    /// The month's invoices, numbered and dated on its last day: store them
    /// before anything else.
    pub invoices: Vec<Invoice>,
    /// The invoices the replay issued for the months before (empty without
    /// [`MonthCloseOptions::from`]).
    pub replayed: Vec<Invoice>,
    /// Contracts that could not be invoiced this month, and why.
    pub failures: Vec<ContractFailure>,
    /// The payments of the books.
    pub payments_read: Vec<Payment>,
    /// The payments left out: before the books, or paying an invoice the
    /// books do not hold.
    pub payments_left_out: Vec<Payment>,
    /// Each payer's statement on the last day of the month (payers with
    /// neither invoices nor payments are left out).
    pub statements: Vec<Statement>,
    /// Dunning letters due.
    pub dunning_letters: Vec<DunningLetter>,
    /// Price notices given this month.
    pub price_notices: Vec<PriceNoticeLetter>,
    /// Price notices of this month that name a date less than the notice
    /// period after them: valid, applied from the end of the period, to be
    /// corrected by a new letter (GAW-6).
    pub late_notices: Vec<LateNotice>,
    /// The settlements of the contracts whose stay ended this month —
    /// provisional, keeping the deposit, while the inventory of the flat or
    /// the invoice of a later end-of-stay cost is missing — and the final
    /// settlements of stays that ended earlier whose last of those came this
    /// month (GAW-27). For a check recorded after its month was closed, call
    /// [`final_settlement`].
    pub settlements: Vec<FinalSettlement>,
    /// Settlements not drawn up, and why.
    pub withheld: Vec<Withheld>,
    /// The direct-debit batch, when a mandate payer has something to pay.
    pub direct_debit: Option<DirectDebitBatch>,
}

/// Closes a month for one facility; see the module docs.
///
/// Contracts that cannot be invoiced are reported in
/// [`MonthClose::failures`] and do not stop the others.
///
/// # Errors
///
/// [`Error::SequenceYear`]/[`Error::SequenceExhausted`] and
/// [`Error::InvalidInvoiceNumber`] from numbering; [`Error::UnknownPayer`]
/// for a payment of a payer a contract does not have; [`Error::MissingRate`]
/// for a deposit without rates; [`Error::InvalidSettlement`],
/// [`Error::InvalidDirectDebit`] when the operator has mandates to collect
/// but no creditor data. Nothing is half-returned: on error, nothing of the
/// run is.
///
/// # Example
///
/// ```
/// use care_core::assisted_living::month_close::{month_close, MonthCloseOptions};
/// use care_core::receivables::interest::InterestTable;
/// let facility = care_core::sample::antoniushof_2020()?;
/// let contract = care_core::sample::gaw_contract(&facility, "AH-1", "A01", "2026-05-20")?;
/// let rates = InterestTable::new("none needed");
/// let options = MonthCloseOptions { from: Some("2026-05".parse()?), ..MonthCloseOptions::new("2026-06".parse()?, &rates) };
/// let close = month_close(&facility, &[contract], &options)?;
/// assert_eq!(close.replayed[0].number(), "AH-2026-00001"); // May, 12 days
/// assert_eq!(close.invoices[0].number(), "AH-2026-00002"); // June
/// assert_eq!(close.invoices[0].total().to_string(), "€771.60"); // 30 × €25.72
/// // Nothing paid yet: May's invoice is due on 30 June, not overdue on that day.
/// assert!(close.dunning_letters.is_empty());
/// # Ok::<(), care_core::Error>(())
/// ```
pub fn month_close(
    facility: &Facility,
    contracts: &[Contract],
    options: &MonthCloseOptions<'_>,
) -> Result<MonthClose, Error> {
    let month = options.month;
    let from = options.from.unwrap_or(month).min(month);
    let ours = |i: &&Invoice| i.header().issuer == facility.id();
    let books_start = options
        .issued
        .iter()
        .filter(ours)
        .map(|i| i.month())
        .chain([from])
        .chain(options.since)
        .min()
        .unwrap_or(from);
    let asserted = options.from.is_some()
        || options.since.is_some()
        || options.issued.iter().any(|i| ours(&i));
    let code = facility.info().payment_code;
    let prefix = &facility.info().invoice_prefix;

    // The books are the caller's invoices and those this close issues,
    // held by reference: a close over years of books copies none of them.
    let mut replayed: Vec<Invoice> = Vec::new();
    let mut index = BooksIndex::new(code);
    for invoice in options.issued {
        index.add(invoice);
    }
    // One month of the close: what it issues, and what failed.
    let close_one = |m: BillingMonth,
                     books: &[&Invoice],
                     grouped: &Books<'_>,
                     payments: &[&Payment]|
     -> Result<(Vec<Invoice>, Vec<ContractFailure>), Error> {
        let run = month_end_of(
            facility,
            contracts,
            grouped,
            &MonthEndOptions {
                month: m,
                // The window starts with the books, so issued invoices alone
                // find late events in any month they hold.
                since: Some(books_start),
                receivables: None,
            },
            Some((payments, options.rates)),
        );
        let mut numbers = InvoiceSequence::continue_after(prefix, m.year(), books)?;
        let issued = numbers.issue(run.invoices, &IssueOptions::new(m.last_day()))?;
        Ok((issued, run.failures))
    };
    let mut m = from;
    while m < month {
        let books: Vec<&Invoice> = options.issued.iter().chain(&replayed).collect();
        // Only the payments of the books: none paying history not read.
        let (payments, _) = index.split(options.payments, books_start.first_day(), m.last_day());
        let (issued, _) = close_one(m, &books, &Books::of(facility, &books), &payments)?;
        for invoice in &issued {
            index.add(invoice);
        }
        replayed.extend(issued);
        m = m.next();
    }
    // The month itself, over the books grouped once for it and its
    // statements.
    let before_month: Vec<&Invoice> = options.issued.iter().chain(&replayed).collect();
    let mut grouped = Books::of(facility, &before_month);
    let at = month.last_day();
    let all = options.payments;
    let (mut kept, left_out) =
        index.split_positions(all, 0..all.len(), books_start.first_day(), at);
    let payments: Vec<&Payment> = kept.iter().map(|&i| &all[i]).collect();
    let (this_month, failures) = close_one(month, &before_month, &grouped, &payments)?;
    for invoice in &this_month {
        index.add(invoice);
        grouped.add(invoice);
    }
    // With this month's invoices in the books, a payment left out may now
    // pay one; none kept is left out.
    let (now_kept, left_out) = index.split_positions(all, left_out, books_start.first_day(), at);
    kept.extend(now_kept);
    kept.sort_unstable();
    let kept: Vec<&Payment> = kept.into_iter().map(|i| &all[i]).collect();
    let left_out: Vec<&Payment> = left_out.into_iter().map(|i| &all[i]).collect();
    let payments_left_out: Vec<Payment> = left_out.into_iter().cloned().collect();
    let payments_read: Vec<Payment> = kept.iter().map(|p| (*p).clone()).collect();
    let history_read =
        |contract: &Contract| asserted || contract.lifecycle().start() >= books_start.first_day();

    let default_ladder;
    let ladder = match options.ladder {
        Some(ladder) => ladder,
        None => {
            default_ladder = DunningLadder::default();
            &default_ladder
        }
    };
    // The payments of each contract, once.
    let mut paid_to: HashMap<&str, Vec<&Payment>> = HashMap::new();
    for payment in kept.iter().copied() {
        paid_to
            .entry(payment.contract.as_str())
            .or_default()
            .push(payment);
    }
    let mut statements = Vec::new();
    let mut dunning_letters = Vec::new();
    for contract in contracts {
        let account = contract.account(facility);
        let own_books = grouped.of_contract(contract.id());
        let own_payments = paid_to
            .get(contract.id().as_str())
            .map_or(&[][..], Vec::as_slice);
        for payer in contract.payers() {
            let s = statement_of(
                &account,
                &payer.id,
                own_books,
                own_payments,
                at,
                Received::Listed,
            )?;
            if s.items.is_empty() && s.payments.is_empty() {
                continue;
            }
            let status = ladder.status(&s);
            if status
                .step
                .is_some_and(|k| k != DunningStepKind::SocialWorkerContact)
                && history_read(contract)
            {
                dunning_letters.push(DunningLetter {
                    contract: contract.id().clone(),
                    statement: s.clone(),
                    status,
                });
            }
            statements.push(s);
        }
    }

    // GAW-6: a notice that names too early a date is valid; warn of those
    // notified this month.
    let late_notices = contracts
        .iter()
        .flat_map(|c| c.late_notices(facility))
        .filter(|n| BillingMonth::of(n.notified_on) == month)
        .collect();
    let price_notices = contracts
        .iter()
        .flat_map(|c| {
            c.data()
                .price_notices
                .iter()
                .filter(|n| BillingMonth::of(n.notified_on) == month)
                .map(|n| PriceNoticeLetter {
                    contract: c.id().clone(),
                    notice: n.clone(),
                })
        })
        .collect();

    let mut settlements = Vec::new();
    let mut withheld = Vec::new();
    for contract in contracts {
        let life = contract.lifecycle();
        let Some(end) = settlement::ended_on(contract) else {
            continue;
        };
        // GAW-27: a settlement in the month the stay ended, provisional
        // while it waits for the inventory check or a later end-of-stay
        // invoice; the final one in the month the last of those came in.
        let settles_in = BillingMonth::of(settlement::last_awaited(contract, end));
        if BillingMonth::of(end) != month && settles_in != month {
            continue;
        }
        if !history_read(contract) {
            withheld.push(Withheld {
                contract: contract.id().clone(),
                reason: format!(
                    "its stay began on {}, before the books this run read ({books_start}); pass the earlier invoices or replay from an earlier month",
                    life.start()
                ),
            });
            continue;
        }
        let statements = statements
            .iter()
            .filter(|s| s.contract == contract.id())
            .cloned()
            .collect();
        let final_now = settlement::pending(contract, at, Some(month)).is_empty();
        let deposit = match (contract.deposit(), life.cancellation()) {
            (Some(_), None) if final_now => {
                let rates = options.deposit_rates.ok_or_else(|| Error::InvalidSettlement {
                    contract: contract.id().to_string(),
                    reason: "the deposit is released with interest, and no deposit interest rates were given".to_string(),
                })?;
                // GAW-26: the day the contract records; **Decision:** a
                // contract that does not record it is taken as paid the day
                // before the stay.
                let paid_on = contract
                    .data()
                    .agreement
                    .deposit_paid_on()
                    .unwrap_or_else(|| life.start().pred_opt().unwrap_or(life.start()));
                Some(Deposit::of(contract, paid_on)?.release(at, rates, Vec::new())?)
            }
            _ => None,
        };
        let settlement_options = SettlementOptions {
            statements,
            deposit,
            invoiced_through: Some(month),
            ..SettlementOptions::default()
        };
        settlements.push(final_settlement(contract, at, &settlement_options)?);
    }

    let collections = collections_of_books(
        facility,
        contracts,
        &this_month,
        &before_month,
        &kept,
        options.closing_mandates,
    )?;
    let direct_debit = if collections.is_empty() {
        None
    } else {
        let created_at = options.batch_created_at.unwrap_or_else(|| {
            at.and_hms_opt(18, 0, 0)
                .unwrap_or(NaiveDate::MIN.and_time(chrono::NaiveTime::MIN))
        });
        Some(DirectDebitBatch {
            options: BatchOptions::for_facility(
                facility,
                &format!("{prefix}-DD-{month}"),
                created_at,
                at,
            )?,
            collections,
        })
    };

    Ok(MonthClose {
        month,
        books_start,
        invoices: this_month,
        replayed,
        failures,
        payments_read,
        payments_left_out,
        statements,
        dunning_letters,
        price_notices,
        late_notices,
        settlements,
        withheld,
        direct_debit,
    })
}
