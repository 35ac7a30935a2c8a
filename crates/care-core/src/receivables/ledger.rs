//! Payments and balances: incoming payments allocated to a payer's open
//! invoices — by structured communication when it matches, otherwise oldest
//! first — with overpayments kept as credit for the next invoice (SAW-5 6°),
//! and a statement per payer at any date (GAW-8, GAW-9).

use std::borrow::Borrow;
use std::collections::{HashMap, HashSet};

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::receivables::invoice::{Invoice, InvoiceNumber, Payer};
use crate::receivables::reference::StructuredCommunication;
use crate::{ContractId, Error, Money, PayerId};

/// A payment received from a payer of a contract.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Payment {
    /// Identifier, unique in the facility (a bank transaction id).
    pub id: String,
    /// The contract.
    pub contract: ContractId,
    /// The payer's id within the contract.
    pub payer: PayerId,
    /// The day it was received.
    pub on: NaiveDate,
    /// How much, more than zero.
    pub amount: Money,
    /// The communication the payer gave, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reference: Option<String>,
}

/// Part of a payment (or of a credit) applied to one invoice.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Allocation {
    /// The payment, or the credit note, that pays.
    pub from: String,
    /// The invoice paid.
    pub invoice: InvoiceNumber,
    /// How much.
    pub amount: Money,
    /// The day it was applied.
    pub on: NaiveDate,
}

/// Something the clerk should look at: a reference with a bad check digit
/// (reported, never guessed), or one that matches no open invoice.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PaymentNote {
    /// The payment.
    pub payment: String,
    /// What is odd about it.
    pub note: String,
}

/// One payer's open share of one invoice.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OpenItem {
    /// Invoice number.
    pub invoice: InvoiceNumber,
    /// Invoice date.
    pub issued_on: NaiveDate,
    /// Due date.
    pub due_on: NaiveDate,
    /// The payer's share of the invoice.
    pub share: Money,
    /// What is still open of it.
    pub open: Money,
    /// The communication of this payer's share (GAW-9a: each payer has its
    /// own), when the invoice number gives one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub communication: Option<StructuredCommunication>,
}

/// A payer's account at a date.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Statement {
    /// The contract.
    pub contract: ContractId,
    /// The payer's id.
    pub payer: PayerId,
    /// The date.
    pub at: NaiveDate,
    /// Every invoice share to date, with what is still open.
    pub items: Vec<OpenItem>,
    /// Payments received to date.
    pub payments: Vec<Payment>,
    /// How they were applied.
    pub allocations: Vec<Allocation>,
    /// Money received (or credited) and not yet applied.
    pub credit: Money,
    /// Open minus credit: what the payer owes (negative: is owed).
    pub balance: Money,
    /// Things to look at.
    pub notes: Vec<PaymentNote>,
}

impl Statement {
    /// The invoices still (partly) open.
    pub fn open_items(&self) -> impl Iterator<Item = &OpenItem> {
        self.items.iter().filter(|i| !i.open.is_zero())
    }
}

enum Entry<'a, D> {
    Invoice {
        invoice: &'a Invoice<D>,
        share: Money,
        /// The payer's position among the invoice's shares.
        position: usize,
    },
    Payment(&'a Payment),
}

/// The books of one contract as the ledger sees them: the contract's id,
/// its payers, and the issuer's payment code that its structured
/// communications carry. Nothing else of the service is needed.
///
/// # Example
///
/// ```
/// use care_core::receivables::invoice::Payer;
/// use care_core::receivables::ledger::Account;
/// let payers = [Payer { id: "p1".parse()?, name: "Maria".into(), address: None, share: "100".parse()? }];
/// let account = Account { contract: &"C-1".parse()?, payers: &payers, payment_code: 301 };
/// assert_eq!(account.payers.len(), 1);
/// # Ok::<(), care_core::Error>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Account<'a> {
    /// The contract's id.
    pub contract: &'a ContractId,
    /// Its payers.
    pub payers: &'a [Payer],
    /// The issuer's payment code (see
    /// [`StructuredCommunication::for_share`](crate::receivables::reference::StructuredCommunication::for_share)).
    pub payment_code: u16,
}

impl Account<'_> {
    fn knows(&self, payer: &str) -> Result<(), Error> {
        if self.payers.iter().any(|p| p.id == payer) {
            Ok(())
        } else {
            Err(Error::UnknownPayer {
                contract: self.contract.to_string(),
                payer: payer.to_string(),
            })
        }
    }
}

/// The statement of one payer of a contract at `at`: invoices issued and
/// payments received up to that day, in date order (an invoice before a
/// payment of the same day). A payment whose communication is the structured
/// communication of one of the payer's open invoices pays that one first;
/// the rest pays the oldest open invoices; what remains is credit, used by
/// the next invoice. A credit note's negative share is credit too.
///
/// # Errors
///
/// [`Error::UnknownPayer`] for a payment of a payer the contract does not
/// have, or a payment of another contract passed in; [`Error::InvalidAmount`]
/// for a payment of zero or less.
///
/// # Example
///
/// ```
/// # use care_core::assisted_living::billing::{month_end, MonthEndOptions};
/// # use care_core::assisted_living::invoice::{InvoiceSequence, IssueOptions};
/// use care_core::receivables::ledger::{statement, Payment};
/// use chrono::NaiveDate;
/// # let f = care_core::sample::antoniushof_2020()?;
/// # let c = care_core::sample::gaw_contract(&f, "AH-1", "A01", "2026-06-01")?;
/// # let run = month_end(&f, std::slice::from_ref(&c), &[], &MonthEndOptions::new("2026-06".parse()?));
/// # let invoices = InvoiceSequence::new("AH", 2026, 0).issue(run.invoices, &IssueOptions::new(care_core::calendar::date(2026, 6, 30)?))?;
/// let paid = Payment { id: "b1".into(), contract: "AH-1".parse()?, payer: "p1".parse()?,
///     on: care_core::calendar::date(2026, 7, 10)?, amount: "800.00".parse()?, reference: None };
/// let s = statement(&c.account(&f), &"p1".parse()?, &invoices, &[paid], care_core::calendar::date(2026, 7, 31)?)?;
/// assert_eq!(s.credit.to_string(), "€28.40"); // 800 − 771.60
/// assert_eq!(s.balance.to_string(), "-€28.40");
/// # Ok::<(), care_core::Error>(())
/// ```
pub fn statement<D, I: Borrow<Invoice<D>>>(
    account: &Account<'_>,
    payer: &PayerId,
    invoices: &[I],
    payments: &[Payment],
    at: NaiveDate,
) -> Result<Statement, Error> {
    let invoices: Vec<&Invoice<D>> = invoices
        .iter()
        .map(Borrow::borrow)
        .filter(|i| i.contract() == account.contract)
        .collect();
    let payments: Vec<&Payment> = payments
        .iter()
        .filter(|p| p.contract == account.contract)
        .collect();
    statement_of(account, payer, &invoices, &payments, at, Received::Listed)
}

/// Whether a statement lists the payments it read ([`Statement::payments`]):
/// a statement made only to find what is open (interest, a collection)
/// need not copy them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Received {
    /// Copies every payment read into the statement.
    Listed,
    /// Leaves [`Statement::payments`] empty.
    Omitted,
}

/// [`statement`] over invoices and payments held by reference that are
/// the account's own (the caller has found them, once): what the month
/// close, month-end interest and the SEPA collections pass.
pub(crate) fn statement_of<D, I: Borrow<Invoice<D>>, P: Borrow<Payment>>(
    account: &Account<'_>,
    payer: &PayerId,
    invoices: &[I],
    payments: &[P],
    at: NaiveDate,
    received_listed: Received,
) -> Result<Statement, Error> {
    account.knows(payer.as_str())?;
    let mut entries: Vec<(NaiveDate, u8, &str, Entry<D>)> =
        Vec::with_capacity(invoices.len() + payments.len());
    for invoice in invoices
        .iter()
        .map(Borrow::borrow)
        .filter(|i| i.issued_on() <= at)
    {
        debug_assert!(invoice.contract() == account.contract);
        if let Some((position, share)) = invoice
            .shares()
            .iter()
            .enumerate()
            .find(|(_, s)| s.payer == payer)
        {
            entries.push((
                invoice.issued_on(),
                0,
                invoice.number().as_str(),
                Entry::Invoice {
                    invoice,
                    share: share.amount,
                    position,
                },
            ));
        }
    }
    let mut received = Vec::new();
    for payment in payments.iter().map(Borrow::borrow) {
        debug_assert!(payment.contract == account.contract);
        account.knows(payment.payer.as_str())?;
        if payment.amount.is_negative() || payment.amount.is_zero() {
            return Err(Error::InvalidAmount {
                value: payment.amount.to_plain_string(),
                reason: "a payment must be more than zero",
            });
        }
        if payment.payer == payer && payment.on <= at {
            entries.push((payment.on, 1, payment.id.as_str(), Entry::Payment(payment)));
            if received_listed == Received::Listed {
                received.push(payment.clone());
            }
        }
    }
    entries.sort_by(|a, b| (a.0, a.1, a.2).cmp(&(b.0, b.1, b.2)));

    let mut items: Vec<OpenItem> = Vec::with_capacity(invoices.len());
    let mut credit = Money::ZERO;
    let mut credit_from: Vec<(String, Money)> = Vec::new();
    let mut allocations = Vec::with_capacity(invoices.len() + payments.len());
    let mut notes = Vec::new();
    let code = account.payment_code;
    // The items each communication names, in order: a code comes back after
    // ten years, so it may name more than one.
    let mut named: HashMap<StructuredCommunication, Vec<usize>> =
        HashMap::with_capacity(invoices.len());
    // Every item before this one is paid: open amounts only go down and
    // items are only added at the end, so oldest-first starts here.
    let mut oldest_open = 0;

    // Pays `amount` from `from` into open items, the one at `first` first,
    // then the oldest; returns what is left.
    fn pay(
        items: &mut [OpenItem],
        oldest_open: &mut usize,
        first: Option<usize>,
        from: &str,
        mut amount: Money,
        on: NaiveDate,
        out: &mut Vec<Allocation>,
    ) -> Money {
        let mut take = |item: &mut OpenItem, amount: &mut Money| {
            if item.open.is_negative() || item.open.is_zero() || amount.is_zero() {
                return;
            }
            let part = item.open.min(*amount);
            item.open -= part;
            *amount -= part;
            out.push(Allocation {
                from: from.to_string(),
                invoice: item.invoice.clone(),
                amount: part,
                on,
            });
        };
        if let Some(i) = first {
            take(&mut items[i], &mut amount);
        }
        while *oldest_open < items.len()
            && (items[*oldest_open].open.is_negative() || items[*oldest_open].open.is_zero())
        {
            *oldest_open += 1;
        }
        for item in &mut items[*oldest_open..] {
            if amount.is_zero() {
                break;
            }
            take(item, &mut amount);
        }
        amount
    }

    for (day, _, _, entry) in entries {
        match entry {
            Entry::Invoice {
                invoice,
                share,
                position,
            } => {
                if share.is_negative() {
                    // A credit note: its amount is credit, applied at once to
                    // what is open.
                    items.push(OpenItem {
                        invoice: invoice.number().clone(),
                        issued_on: invoice.issued_on(),
                        due_on: invoice.due_on(),
                        share,
                        open: Money::ZERO,
                        communication: invoice.communication_at(position, code).ok(),
                    });
                    let left = pay(
                        &mut items,
                        &mut oldest_open,
                        None,
                        invoice.number().as_str(),
                        -share,
                        day,
                        &mut allocations,
                    );
                    if !left.is_zero() {
                        credit += left;
                        credit_from.push((invoice.number().to_string(), left));
                    }
                    continue;
                }
                let communication = invoice.communication_at(position, code).ok();
                if let Some(ogm) = communication {
                    named.entry(ogm).or_default().push(items.len());
                }
                items.push(OpenItem {
                    invoice: invoice.number().clone(),
                    issued_on: invoice.issued_on(),
                    due_on: invoice.due_on(),
                    share,
                    open: share,
                    communication,
                });
                // Credit pays the new invoice (SAW-5 6°: already paid).
                let last = items.len() - 1;
                while !credit.is_zero() && !items[last].open.is_zero() {
                    let Some((source, available)) = credit_from.first_mut() else {
                        break;
                    };
                    let part = (*available).min(items[last].open);
                    items[last].open -= part;
                    *available -= part;
                    credit -= part;
                    allocations.push(Allocation {
                        from: source.clone(),
                        invoice: invoice.number().clone(),
                        amount: part,
                        on: day,
                    });
                    if available.is_zero() {
                        credit_from.remove(0);
                    }
                }
            }
            Entry::Payment(payment) => {
                let mut first = None;
                if let Some(reference) =
                    payment.reference.as_deref().filter(|r| looks_structured(r))
                {
                    match reference.parse::<StructuredCommunication>() {
                        Ok(ogm) => {
                            first = named.get(&ogm).and_then(|found| {
                                found.iter().copied().find(|&i| !items[i].open.is_zero())
                            });
                            if first.is_none() {
                                notes.push(PaymentNote { payment: payment.id.clone(), note: format!("{ogm} matches no open invoice of this payer; paid oldest first") });
                            }
                        }
                        Err(e) => notes.push(PaymentNote {
                            payment: payment.id.clone(),
                            note: format!("{e}; paid oldest first"),
                        }),
                    }
                }
                let left = pay(
                    &mut items,
                    &mut oldest_open,
                    first,
                    &payment.id,
                    payment.amount,
                    day,
                    &mut allocations,
                );
                if !left.is_zero() {
                    credit += left;
                    credit_from.push((payment.id.clone(), left));
                }
            }
        }
    }
    let open: Money = items.iter().map(|i| i.open).sum();
    Ok(Statement {
        contract: account.contract.clone(),
        payer: payer.clone(),
        at,
        items,
        payments: received,
        allocations,
        credit,
        balance: open - credit,
        notes,
    })
}

/// True for a communication meant to be structured: `+++…+++`, `***…***`,
/// or twelve digits.
fn looks_structured(reference: &str) -> bool {
    let t = reference.trim();
    t.starts_with("+++")
        || t.starts_with("***")
        || (t.len() == 12 && t.bytes().all(|b| b.is_ascii_digit()))
}

/// The statements of every payer of a contract at `at`, and the contract's
/// balance: what all its payers owe together.
///
/// # Errors
///
/// As [`statement`].
///
/// # Example
///
/// ```
/// use care_core::receivables::ledger::contract_statement;
/// let f = care_core::sample::antoniushof_2020()?;
/// let c = care_core::sample::gaw_contract(&f, "AH-1", "A01", "2026-06-01")?;
/// let books: [care_core::Invoice; 0] = [];
/// let (statements, balance) = contract_statement(&c.account(&f), &books, &[], care_core::calendar::date(2026, 6, 30)?)?;
/// assert_eq!(statements.len(), 1);
/// assert!(balance.is_zero());
/// # Ok::<(), care_core::Error>(())
/// ```
pub fn contract_statement<D, I: Borrow<Invoice<D>>>(
    account: &Account<'_>,
    invoices: &[I],
    payments: &[Payment],
    at: NaiveDate,
) -> Result<(Vec<Statement>, Money), Error> {
    let mut statements = Vec::with_capacity(account.payers.len());
    for payer in account.payers {
        statements.push(statement(account, &payer.id, invoices, payments, at)?);
    }
    let balance = statements.iter().map(|s| s.balance).sum();
    Ok((statements, balance))
}

/// The payments that belong to the books a run has read: those received
/// from `since` through `at`, after the books hold an invoice of that
/// contract, less those whose structured communication names an invoice the
/// books do not hold. The others pay history the run did not read and would
/// otherwise show up as credit. Returns the payments kept and those left
/// out.
///
/// Nothing computed from the payments kept — a balance, a dunning step, a
/// settlement — depends on history before `since`, except what the caller
/// asserts was settled before it.
///
/// # Example
///
/// ```
/// use care_core::receivables::ledger::{payments_in_books, Payment};
/// let d = |m, day| care_core::calendar::date(2026, m, day);
/// let (contract, payer): (care_core::ContractId, care_core::PayerId) = ("AH-1".parse()?, "p1".parse()?);
/// let paid = |id: &str, on, reference: Option<&str>| Payment {
///     id: id.into(), contract: contract.clone(), payer: payer.clone(), on,
///     amount: care_core::Money::from_cents(1000), reference: reference.map(String::from),
/// };
/// // With no invoice in the books, no payment can pay one of them.
/// let payments = [paid("b1", d(5, 10)?, None), paid("b2", d(6, 10)?, Some("+++610/1000/00122+++"))];
/// let books: [care_core::Invoice; 0] = [];
/// let (kept, left_out) = payments_in_books(&payments, &books, d(6, 1)?, d(6, 30)?, 101);
/// assert!(kept.is_empty());
/// assert_eq!(left_out.len(), 2);
/// # Ok::<(), care_core::Error>(())
/// ```
pub fn payments_in_books<'p, D, I: Borrow<Invoice<D>>>(
    payments: &'p [Payment],
    books: &[I],
    since: NaiveDate,
    at: NaiveDate,
    payment_code: u16,
) -> (Vec<&'p Payment>, Vec<&'p Payment>) {
    let mut index = BooksIndex::new(payment_code);
    for invoice in books {
        index.add(invoice.borrow());
    }
    index.split(payments, since, at)
}

/// What [`payments_in_books`] reads of the books, indexed once and extended
/// as invoices are issued: the communications the books hold, and each
/// contract's first invoice date (a payment before it pays history not
/// read).
pub(crate) struct BooksIndex {
    known: HashSet<StructuredCommunication>,
    first_issued: HashMap<ContractId, NaiveDate>,
    payment_code: u16,
}

impl BooksIndex {
    /// An index of no books, for communications with `payment_code`.
    pub(crate) fn new(payment_code: u16) -> BooksIndex {
        BooksIndex {
            known: HashSet::new(),
            first_issued: HashMap::new(),
            payment_code,
        }
    }

    /// Adds one invoice of the books.
    pub(crate) fn add<D>(&mut self, invoice: &Invoice<D>) {
        // Every share's communication, by its position: no payer lookup.
        for position in 0..invoice.shares().len() {
            if let Ok(ogm) = invoice.communication_at(position, self.payment_code) {
                self.known.insert(ogm);
            }
        }
        match self.first_issued.get_mut(invoice.contract()) {
            Some(first) => *first = (*first).min(invoice.issued_on()),
            None => {
                self.first_issued
                    .insert(invoice.contract().clone(), invoice.issued_on());
            }
        }
    }

    /// The payments received from `since` through `at` that pay these
    /// books, and those left out; see [`payments_in_books`].
    pub(crate) fn split<'p>(
        &self,
        payments: &'p [Payment],
        since: NaiveDate,
        at: NaiveDate,
    ) -> (Vec<&'p Payment>, Vec<&'p Payment>) {
        let (kept, left_out) = self.split_positions(payments, 0..payments.len(), since, at);
        let of = |positions: Vec<usize>| positions.into_iter().map(|i| &payments[i]).collect();
        (of(kept), of(left_out))
    }

    /// [`split`](BooksIndex::split) of the payments at `positions` (in
    /// order): the positions kept and those left out. Adding invoices to the
    /// books never leaves out a payment kept before, so after adding, only
    /// those left out need to be looked at again.
    pub(crate) fn split_positions(
        &self,
        payments: &[Payment],
        positions: impl IntoIterator<Item = usize>,
        since: NaiveDate,
        at: NaiveDate,
    ) -> (Vec<usize>, Vec<usize>) {
        let mut kept = Vec::new();
        let mut left_out = Vec::new();
        for position in positions {
            let Some(payment) = payments.get(position) else {
                continue;
            };
            let in_window = payment.on >= since
                && payment.on <= at
                && self
                    .first_issued
                    .get(&payment.contract)
                    .is_some_and(|first| *first <= payment.on);
            let pays_unread = payment
                .reference
                .as_deref()
                .and_then(|r| r.parse::<StructuredCommunication>().ok())
                .is_some_and(|c| !self.known.contains(&c));
            if in_window && !pays_unread {
                kept.push(position);
            } else {
                left_out.push(position);
            }
        }
        (kept, left_out)
    }
}

/// The payer's share a structured communication names: which contract,
/// invoice and payer.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ShareRef {
    /// The contract.
    pub contract: ContractId,
    /// The invoice number.
    pub invoice: InvoiceNumber,
    /// The payer whose share it is.
    pub payer: PayerId,
}

/// Whose share of which invoice `reference` names, among `books`: what a
/// bank import needs to book a line as a [`Payment`] of the right payer
/// (GAW-9a: each payer of a shared invoice has its own communication). The
/// most recent invoice wins when two in the books share a communication
/// (ten years apart; see
/// [`StructuredCommunication::for_share`](crate::receivables::reference::StructuredCommunication::for_share)).
/// `None` when no share in the books has it.
///
/// # Example
///
/// ```
/// # use care_core::receivables::invoice::*;
/// # use care_core::receivables::numbering::*;
/// use care_core::receivables::ledger::share_named_by;
/// # let header = InvoiceHeader { kind: InvoiceKind::Regular, issuer: "f".into(), contract: "AH-1".parse()?,
/// #     month: "2026-06".parse()?, vat: "".into(), details: () };
/// # let payers = [
/// #     Payer { id: "son".parse()?, name: "Jan".into(), address: None, share: "50".parse()? },
/// #     Payer { id: "cpas".parse()?, name: "OCMW".into(), address: None, share: "50".parse()? },
/// # ];
/// # let draft = InvoiceDraft::new(header, vec![], &payers)?;
/// # let options = IssueOptions::new(care_core::calendar::date(2026, 6, 30)?);
/// let books = InvoiceSequence::new("AH", 2026, 41).issue(vec![draft], &options)?;
/// let line = "+++610/1100/04256+++".parse()?;
/// let share = share_named_by(&line, &books, 101);
/// let named = share.as_ref().map(|s| (s.invoice.as_str(), s.payer.as_str()));
/// assert_eq!(named, Some(("AH-2026-00042", "cpas")));
/// # Ok::<(), care_core::Error>(())
/// ```
pub fn share_named_by<D>(
    reference: &StructuredCommunication,
    books: &[Invoice<D>],
    payment_code: u16,
) -> Option<ShareRef> {
    books
        .iter()
        .filter_map(|invoice| {
            invoice
                .shares()
                .iter()
                .find(|s| invoice.communication(&s.payer, payment_code).ok() == Some(*reference))
                .map(|s| (invoice, s))
        })
        .max_by_key(|(invoice, _)| (invoice.issued_on(), invoice.number().to_string()))
        .map(|(invoice, share)| ShareRef {
            contract: invoice.contract().clone(),
            invoice: invoice.number().clone(),
            payer: share.payer.clone(),
        })
}
