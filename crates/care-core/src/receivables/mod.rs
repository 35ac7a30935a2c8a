//! Receivables: what any service of the centre invoices, and how it is paid.
//!
//! Nothing here knows of flats, stays, cleaning hours or GAW/SAW: a contract
//! and a payer are ids, and an invoice carries its service's own details as
//! a type parameter (see [`invoice::InvoiceHeader`]).
//!
//! | module | what |
//! | --- | --- |
//! | [`invoice`] | lines, totals, payer shares; drafts and issued invoices |
//! | [`numbering`] | gapless invoice numbers (GAW-7, SAW-5) |
//! | [`reference`](mod@reference) | the structured communication (OGM), IBAN, the EPC QR payload |
//! | [`ledger`] | payments, allocation and each payer's statement |
//! | [`interest`] | statutory interest per calendar year |
//! | [`dunning`] | reminder ladders |
//! | [`sepa`] | mandates and pain.008 direct-debit batches |

pub mod dunning;
pub mod interest;
pub mod invoice;
pub mod ledger;
pub mod numbering;
pub mod reference;
pub mod sepa;
