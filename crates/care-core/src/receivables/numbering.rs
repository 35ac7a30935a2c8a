//! Gapless invoice numbers, one sequence per issuer and year (GAW-7,
//! SAW-5), and the dates an invoice is issued with.

use std::borrow::Borrow;
use std::fmt;

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

use crate::receivables::invoice::{Invoice, InvoiceDraft};
use crate::{Error, InvoiceNumber};

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
    /// use care_core::receivables::numbering::IssueOptions;
    /// use chrono::NaiveDate;
    /// let options = IssueOptions::new(care_core::calendar::date(2026, 6, 30)?);
    /// assert_eq!(options.due_on()?.to_string(), "2026-07-30");
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
    ///
    /// # Errors
    ///
    /// [`Error::InvalidPaymentTerm`] when that day is past the calendar's
    /// last (absurd terms, such as `u32::MAX` days).
    ///
    /// # Example
    ///
    /// ```
    /// use care_core::receivables::numbering::IssueOptions;
    /// let posted = IssueOptions { receipt_days: 2, ..IssueOptions::new(care_core::calendar::date(2026, 6, 30)?) };
    /// assert_eq!(posted.due_on()?.to_string(), "2026-08-01");
    /// let absurd = IssueOptions { payment_days: u32::MAX, ..posted };
    /// assert!(absurd.due_on().is_err());
    /// # Ok::<(), care_core::Error>(())
    /// ```
    pub fn due_on(&self) -> Result<NaiveDate, Error> {
        let days = u64::from(self.receipt_days) + u64::from(self.payment_days);
        self.issued_on
            .checked_add_days(chrono::Days::new(days))
            .ok_or(Error::InvalidPaymentTerm {
                issued_on: self.issued_on,
                days,
            })
    }
}

/// A gapless sequence of invoice numbers for one issuer and one year, owned
/// by the caller (who stores `last` between runs). Numbers are assigned only
/// when invoices are issued, never to drafts.
///
/// # Example
///
/// ```
/// use care_core::receivables::numbering::InvoiceSequence;
/// let mut seq = InvoiceSequence::new("AH", 2026, 41);
/// assert_eq!(seq.peek().as_deref(), Some("AH-2026-00042"));
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct InvoiceSequence {
    prefix: String,
    year: i32,
    last: u32,
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

    /// The issuer's prefix.
    pub fn prefix(&self) -> &str {
        &self.prefix
    }

    /// The year.
    pub fn year(&self) -> i32 {
        self.year
    }

    /// The last number issued; 0 before the first. The caller stores it
    /// between runs, once the invoices issued are stored.
    pub fn last(&self) -> u32 {
        self.last
    }

    /// Continues a sequence after the highest number of `issued` for this
    /// prefix and year.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidInvoiceNumber`] for an issued number of this prefix
    /// and year that does not parse.
    ///
    /// # Example
    ///
    /// ```
    /// use care_core::receivables::numbering::InvoiceSequence;
    /// # let f = care_core::sample::antoniushof_2020()?;
    /// # let c = care_core::sample::gaw_contract(&f, "AH-1", "A01", "2026-06-01")?;
    /// let june = care_core::sample::invoice(&f, &c, "2026-06".parse()?)?; // AH-2026-00001
    /// let seq = InvoiceSequence::continue_after("AH", 2026, &[june])?;
    /// assert_eq!((seq.prefix(), seq.year(), seq.last()), ("AH", 2026, 1));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn continue_after<D, I: Borrow<Invoice<D>>>(
        prefix: &str,
        year: i32,
        issued: &[I],
    ) -> Result<InvoiceSequence, Error> {
        let head = format!("{prefix}-{year}-");
        let mut last = 0;
        for invoice in issued.iter().map(Borrow::borrow) {
            if let Some(tail) = invoice.number().as_str().strip_prefix(&head) {
                let n: u32 = tail.parse().map_err(|_| Error::InvalidInvoiceNumber {
                    number: invoice.number().to_string(),
                })?;
                last = last.max(n);
            }
        }
        Ok(InvoiceSequence::new(prefix, year, last))
    }

    /// The number the next issued invoice gets; `None` when the sequence
    /// has no numbers left (past 99,999).
    ///
    /// # Example
    ///
    /// ```
    /// use care_core::receivables::numbering::InvoiceSequence;
    /// assert_eq!(InvoiceSequence::new("AH", 2026, 0).peek().as_deref(), Some("AH-2026-00001"));
    /// assert_eq!(InvoiceSequence::new("AH", 2026, 99_999).peek(), None);
    /// assert_eq!(InvoiceSequence::new("AH", 2026, u32::MAX).peek(), None);
    /// ```
    pub fn peek(&self) -> Option<String> {
        let next = self.last.checked_add(1).filter(|n| *n <= 99_999)?;
        Some(format!("{}-{}-{next:05}", self.prefix, self.year))
    }

    /// Issues drafts in order, all or none: each gets the next number, the
    /// invoice date and the due date.
    ///
    /// # Errors
    ///
    /// [`Error::SequenceYear`] when `issued_on` is not in the sequence's
    /// year; [`Error::SequenceExhausted`] past 99,999 numbers;
    /// [`Error::InvalidPaymentTerm`] for a term past the calendar. Nothing
    /// is numbered then.
    ///
    /// # Example
    ///
    /// ```
    /// # use care_core::receivables::invoice::*;
    /// # use care_core::receivables::numbering::*;
    /// # let header = InvoiceHeader { kind: InvoiceKind::Regular, issuer: "f".into(), contract: "c".parse()?,
    /// #     month: "2026-06".parse()?, vat: "".into(), details: () };
    /// # let payers = [Payer { id: "p".parse()?, name: "P".into(), address: None, share: "100".parse()? }];
    /// # let draft = InvoiceDraft::new(header, vec![], &payers)?;
    /// let mut seq = InvoiceSequence::new("AH", 2026, 0);
    /// let options = IssueOptions::new(care_core::calendar::date(2026, 6, 30)?);
    /// let issued = seq.issue(vec![draft.clone(), draft], &options)?;
    /// assert_eq!(issued[1].number(), "AH-2026-00002");
    /// assert_eq!(seq.last(), 2);
    /// # Ok::<(), care_core::Error>(())
    /// ```
    pub fn issue<D>(
        &mut self,
        drafts: Vec<InvoiceDraft<D>>,
        options: &IssueOptions,
    ) -> Result<Vec<Invoice<D>>, Error> {
        let issued_on = options.issued_on;
        if issued_on.year() != self.year {
            return Err(Error::SequenceYear {
                sequence: self.to_string(),
                issued_on,
            });
        }
        let due_on = options.due_on()?;
        let count = u32::try_from(drafts.len()).unwrap_or(u32::MAX);
        if self.last.saturating_add(count) > 99_999 {
            return Err(Error::SequenceExhausted {
                sequence: self.to_string(),
            });
        }
        // Every number is made (and checked) before the sequence moves on.
        let numbers = (1..=count)
            .map(|k| {
                InvoiceNumber::new(format!(
                    "{}-{}-{:05}",
                    self.prefix,
                    self.year,
                    self.last + k
                ))
            })
            .collect::<Result<Vec<_>, _>>()?;
        self.last += count;
        let invoices = drafts
            .into_iter()
            .zip(numbers)
            .map(|(draft, number)| Invoice::issued(number, issued_on, due_on, draft))
            .collect();
        Ok(invoices)
    }
}
