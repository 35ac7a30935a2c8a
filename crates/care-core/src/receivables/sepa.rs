//! SEPA direct debit (domiciliëring, GAW-8, SAW-6): mandates, sequence
//! types, what to collect of a run's invoices, and a pain.008.001.02 CORE
//! batch, with each payer's structured communication as remittance
//! information.
//!
//! The XML is written and read through serde structs that mirror the
//! schema, so a batch can be read back and compared (and the tests validate
//! it against the ISO 20022 XSD).

use std::borrow::Borrow;
use std::collections::HashMap;

use chrono::{Datelike, NaiveDate, NaiveDateTime};
use serde::{Deserialize, Serialize};

use crate::receivables::invoice::{Invoice, InvoiceKind};
use crate::receivables::ledger::{statement_of, Account as LedgerAccount, Payment, Received};
use crate::receivables::reference::{Iban, StructuredCommunication};
use crate::{ContractId, Error, InvoiceNumber, Money, PayerId};

/// A SEPA direct debit mandate signed by a payer.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Mandate {
    /// Mandate reference, unique for the creditor, at most 35 characters.
    pub id: String,
    /// The payer of the contract it pays for.
    pub payer: PayerId,
    /// The day it was signed.
    pub signed_on: NaiveDate,
    /// The debtor's name, as on the account.
    pub debtor: String,
    /// The debtor's IBAN.
    pub iban: Iban,
    /// The debtor's bank's BIC.
    pub bic: String,
}

impl Mandate {
    /// Checks the mandate on its own.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidMandate`] for an empty or too long reference, a BIC
    /// that is not 8 or 11 letters and digits, or an empty name;
    /// [`Error::InvalidIban`] for a bad IBAN.
    ///
    /// # Example
    ///
    /// ```
    /// use care_core::receivables::sepa::Mandate;
    /// let mandate = Mandate { id: "AH-001-p1".into(), payer: "p1".parse()?, signed_on: care_core::calendar::date(2021, 2, 20)?,
    ///     debtor: "Maria Peeters".into(), iban: "BE71096123456769".parse()?, bic: "GKCCBEBB".into() };
    /// assert!(mandate.validate().is_ok());
    /// assert!(Mandate { bic: "GKCC".into(), ..mandate.clone() }.validate().is_err());
    /// assert!(Mandate { id: "x".repeat(36), ..mandate }.validate().is_err());
    /// # Ok::<(), care_core::Error>(())
    /// ```
    pub fn validate(&self) -> Result<(), Error> {
        let bad = |reason: &str| Error::InvalidMandate {
            mandate: self.id.clone(),
            reason: reason.to_string(),
        };
        if self.id.trim().is_empty() || self.id.chars().count() > 35 {
            return Err(bad("a mandate reference has 1 to 35 characters"));
        }
        if self.debtor.trim().is_empty() || self.debtor.chars().count() > 70 {
            return Err(bad("the debtor's name has 1 to 70 characters"));
        }
        // ASCII first, so that the slices below fall on character boundaries.
        let bic_ok = matches!(self.bic.len(), 8 | 11)
            && self.bic.is_ascii()
            && self.bic[..6].bytes().all(|b| b.is_ascii_uppercase())
            && self.bic[6..]
                .bytes()
                .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit());
        if !bic_ok {
            return Err(bad("a BIC has 8 or 11 capitals and digits"));
        }
        Ok(())
    }
}

/// The sequence type of a collection under a mandate.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum SequenceType {
    /// The first collection under a mandate.
    #[serde(rename = "FRST")]
    First,
    /// A later one.
    #[serde(rename = "RCUR")]
    Recurring,
    /// The last one (the contract ended).
    #[serde(rename = "FNAL")]
    Final,
    /// A one-off.
    #[serde(rename = "OOFF")]
    OneOff,
}

/// One collection: a payer's share of an invoice under a mandate.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Collection {
    /// The mandate.
    pub mandate: Mandate,
    /// The invoice number, used as end-to-end id.
    pub invoice: InvoiceNumber,
    /// The amount, more than zero.
    pub amount: Money,
    /// The invoice's structured communication.
    pub communication: StructuredCommunication,
    /// FRST, RCUR, FNAL or OOFF.
    pub sequence: SequenceType,
}

/// The creditor of a batch.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Creditor {
    /// Name.
    pub name: String,
    /// IBAN.
    pub iban: Iban,
    /// BIC.
    pub bic: String,
    /// SEPA creditor identifier, such as `BE46ZZZ0212214125`.
    pub scheme_id: String,
}

/// The options of a batch.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct BatchOptions {
    /// Message id, unique per creditor, at most 35 characters.
    pub message_id: String,
    /// Creation date and time (an argument: the library has no clock).
    pub created_at: NaiveDateTime,
    /// Requested collection date (for assisted living,
    /// [`collection_date`](crate::assisted_living::collection::collection_date)).
    pub collection_date: NaiveDate,
    /// The latest day of the month a collection may fall on, where the
    /// contracts name one: the 12th for SAW (SAW-6, house rules 7.3);
    /// `None` for GAW, whose texts name none (GAW-8a).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub latest_day_of_month: Option<u32>,
    /// The creditor.
    pub creditor: Creditor,
}

/// Checks a SEPA creditor identifier: country, check digits, business code,
/// national id; the check digits are mod 97 over the national id and the
/// country code (the business code is not part of the check).
///
/// # Errors
///
/// [`Error::InvalidMandate`] naming the identifier.
///
/// # Example
///
/// ```
/// use care_core::receivables::sepa::validate_creditor_id;
/// validate_creditor_id("BE46ZZZ0212214125")?;
/// assert!(validate_creditor_id("BE47ZZZ0212214125").is_err());
/// # Ok::<(), care_core::Error>(())
/// ```
pub fn validate_creditor_id(id: &str) -> Result<(), Error> {
    let bad = |reason: &str| Error::InvalidMandate {
        mandate: id.to_string(),
        reason: reason.to_string(),
    };
    if id.len() < 8 || id.len() > 35 || !id.bytes().all(|b| b.is_ascii_alphanumeric()) {
        return Err(bad("a creditor identifier has 8 to 35 letters and digits"));
    }
    let rearranged = id[7..]
        .chars()
        .chain(id[..2].chars())
        .chain(id[2..4].chars());
    let mut remainder: u32 = 0;
    for c in rearranged {
        let v = c.to_digit(36).ok_or_else(|| bad("unexpected character"))?;
        remainder = if v >= 10 {
            (remainder * 100 + v) % 97
        } else {
            (remainder * 10 + v) % 97
        };
    }
    if remainder != 1 {
        return Err(bad("the check digits do not match"));
    }
    Ok(())
}

// ---- the schema, as far as a CORE batch uses it

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename = "Document")]
struct Document {
    #[serde(rename = "@xmlns")]
    xmlns: String,
    #[serde(rename = "CstmrDrctDbtInitn")]
    initiation: Initiation,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
struct Initiation {
    #[serde(rename = "GrpHdr")]
    header: GroupHeader,
    #[serde(rename = "PmtInf")]
    payments: Vec<PaymentInformation>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
struct GroupHeader {
    #[serde(rename = "MsgId")]
    message_id: String,
    #[serde(rename = "CreDtTm")]
    created: String,
    #[serde(rename = "NbOfTxs")]
    count: String,
    #[serde(rename = "CtrlSum")]
    control_sum: String,
    #[serde(rename = "InitgPty")]
    initiating: Name,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
struct Name {
    #[serde(rename = "Nm")]
    name: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
struct Code {
    #[serde(rename = "Cd")]
    code: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
struct PaymentTypeInformation {
    #[serde(rename = "SvcLvl")]
    service_level: Code,
    #[serde(rename = "LclInstrm")]
    local_instrument: Code,
    #[serde(rename = "SeqTp")]
    sequence: SequenceType,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
struct Account {
    #[serde(rename = "Id")]
    id: XmlIban,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
struct XmlIban {
    #[serde(rename = "IBAN")]
    iban: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
struct Agent {
    #[serde(rename = "FinInstnId")]
    institution: Bic,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
struct Bic {
    #[serde(rename = "BIC")]
    bic: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
struct SchemeId {
    #[serde(rename = "Id")]
    id: SchemePrivate,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
struct SchemePrivate {
    #[serde(rename = "PrvtId")]
    private: SchemeOther,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
struct SchemeOther {
    #[serde(rename = "Othr")]
    other: SchemeOtherId,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
struct SchemeOtherId {
    #[serde(rename = "Id")]
    id: String,
    #[serde(rename = "SchmeNm")]
    scheme: Proprietary,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
struct Proprietary {
    #[serde(rename = "Prtry")]
    proprietary: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
struct PaymentInformation {
    #[serde(rename = "PmtInfId")]
    id: String,
    #[serde(rename = "PmtMtd")]
    method: String,
    #[serde(rename = "NbOfTxs")]
    count: String,
    #[serde(rename = "CtrlSum")]
    control_sum: String,
    #[serde(rename = "PmtTpInf")]
    kind: PaymentTypeInformation,
    #[serde(rename = "ReqdColltnDt")]
    collection_date: String,
    #[serde(rename = "Cdtr")]
    creditor: Name,
    #[serde(rename = "CdtrAcct")]
    creditor_account: Account,
    #[serde(rename = "CdtrAgt")]
    creditor_agent: Agent,
    #[serde(rename = "ChrgBr")]
    charges: String,
    #[serde(rename = "CdtrSchmeId")]
    scheme: SchemeId,
    #[serde(rename = "DrctDbtTxInf")]
    transactions: Vec<Transaction>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
struct Amount {
    #[serde(rename = "@Ccy")]
    currency: String,
    #[serde(rename = "$text")]
    value: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
struct PaymentId {
    #[serde(rename = "EndToEndId")]
    end_to_end: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
struct MandateInfo {
    #[serde(rename = "MndtId")]
    id: String,
    #[serde(rename = "DtOfSgntr")]
    signed: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
struct DirectDebit {
    #[serde(rename = "MndtRltdInf")]
    mandate: MandateInfo,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
struct Remittance {
    #[serde(rename = "Strd")]
    structured: Structured,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
struct Structured {
    #[serde(rename = "CdtrRefInf")]
    reference: CreditorReference,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
struct CreditorReference {
    #[serde(rename = "Tp")]
    kind: ReferenceType,
    #[serde(rename = "Ref")]
    reference: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
struct ReferenceType {
    #[serde(rename = "CdOrPrtry")]
    code: Code,
    #[serde(rename = "Issr")]
    issuer: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
struct Transaction {
    #[serde(rename = "PmtId")]
    id: PaymentId,
    #[serde(rename = "InstdAmt")]
    amount: Amount,
    #[serde(rename = "DrctDbtTx")]
    direct_debit: DirectDebit,
    #[serde(rename = "DbtrAgt")]
    debtor_agent: Agent,
    #[serde(rename = "Dbtr")]
    debtor: Name,
    #[serde(rename = "DbtrAcct")]
    debtor_account: Account,
    #[serde(rename = "RmtInf")]
    remittance: Remittance,
}

/// The pain.008.001.02 namespace.
pub const PAIN_008_NAMESPACE: &str = "urn:iso:std:iso:20022:tech:xsd:pain.008.001.02";

/// A batch of collections as a pain.008.001.02 CORE message: one payment
/// information block per sequence type, in the order FRST, RCUR, FNAL, OOFF.
///
/// # Errors
///
/// [`Error::InvalidMandate`] for an invalid mandate, creditor identifier or
/// message id, or a mandate signed after the collection date;
/// [`Error::InvalidAmount`] for a collection of zero or less;
/// [`Error::InvalidDirectDebit`] for an empty batch, a collection date
/// after the 12th (SAW-6), or an invoice number longer than the 35
/// characters of an end-to-end id.
///
/// # Example
///
/// ```
/// use care_core::receivables::sepa::*;
/// use care_core::receivables::reference::StructuredCommunication;
/// use care_core::calendar::date;
/// let creditor = Creditor { name: "OCMW Gent".into(), iban: "BE68539007547034".parse()?, bic: "GKCCBEBB".into(), scheme_id: "BE46ZZZ0212214125".into() };
/// let options = BatchOptions { message_id: "AH-2026-06".into(), created_at: date(2026, 6, 30)?.and_hms_opt(9, 0, 0).unwrap_or_default(), collection_date: date(2026, 7, 10)?, latest_day_of_month: Some(12), creditor };
/// let mandate = Mandate { id: "AH-001-p1".into(), payer: "p1".parse()?, signed_on: date(2021, 2, 20)?, debtor: "Maria Peeters".into(), iban: "BE71096123456769".parse()?, bic: "GKCCBEBB".into() };
/// let invoice = "AH-2026-00001".parse()?;
/// let communication = StructuredCommunication::for_share(&invoice, 101, 0)?;
/// let collection = Collection { mandate, invoice, amount: "1033.40".parse()?,
///     communication, sequence: SequenceType::Recurring };
/// let xml = pain_008(&options, &[collection])?;
/// assert!(xml.contains("<SeqTp>RCUR</SeqTp>"));
/// assert!(xml.contains("<InstdAmt Ccy=\"EUR\">1033.40</InstdAmt>"));
/// # Ok::<(), care_core::Error>(())
/// ```
pub fn pain_008(options: &BatchOptions, collections: &[Collection]) -> Result<String, Error> {
    let bad = |reason: String| Error::InvalidDirectDebit {
        message: options.message_id.clone(),
        reason,
    };
    if collections.is_empty() {
        return Err(bad("a batch needs at least one collection".to_string()));
    }
    if options.message_id.trim().is_empty() || options.message_id.chars().count() > 35 {
        return Err(bad("a message id has 1 to 35 characters".to_string()));
    }
    if let Some(long) = collections
        .iter()
        .find(|c| c.invoice.as_str().chars().count() > 35)
    {
        return Err(bad(format!(
            "invoice number {} is longer than the 35 characters of an end-to-end id",
            long.invoice
        )));
    }
    // ISO 20022 dates are ISO 8601 with four-digit years.
    for (what, year) in [
        ("collection date", options.collection_date.year()),
        ("creation time", options.created_at.year()),
    ] {
        if !(1..=9999).contains(&year) {
            return Err(bad(format!(
                "the {what} falls in year {year}, which an ISO 20022 date cannot hold"
            )));
        }
    }
    if let Some(latest) = options
        .latest_day_of_month
        .filter(|latest| options.collection_date.day() > *latest)
    {
        return Err(bad(format!(
            "collection on {} is after the {latest}th of the month (SAW-6)",
            options.collection_date
        )));
    }
    validate_creditor_id(&options.creditor.scheme_id)?;
    let creditor_iban = options.creditor.iban.electronic().to_string();
    let mut sequences: Vec<SequenceType> = collections.iter().map(|c| c.sequence).collect();
    sequences.sort();
    sequences.dedup();
    let mut blocks = Vec::new();
    for sequence in sequences {
        let mut transactions = Vec::new();
        let mut sum = Money::ZERO;
        for c in collections.iter().filter(|c| c.sequence == sequence) {
            c.mandate.validate()?;
            if c.mandate.signed_on > options.collection_date {
                return Err(Error::InvalidMandate {
                    mandate: c.mandate.id.clone(),
                    reason: format!(
                        "signed on {}, after the collection on {}",
                        c.mandate.signed_on, options.collection_date
                    ),
                });
            }
            if c.amount.is_negative() || c.amount.is_zero() {
                return Err(Error::InvalidAmount {
                    value: c.amount.to_plain_string(),
                    reason: "a collection must be more than zero",
                });
            }
            sum += c.amount;
            transactions.push(Transaction {
                id: PaymentId {
                    end_to_end: c.invoice.to_string(),
                },
                amount: Amount {
                    currency: "EUR".into(),
                    value: c.amount.to_plain_string(),
                },
                direct_debit: DirectDebit {
                    mandate: MandateInfo {
                        id: c.mandate.id.clone(),
                        signed: c.mandate.signed_on.to_string(),
                    },
                },
                debtor_agent: Agent {
                    institution: Bic {
                        bic: c.mandate.bic.clone(),
                    },
                },
                debtor: Name {
                    name: c.mandate.debtor.clone(),
                },
                debtor_account: Account {
                    id: XmlIban {
                        iban: c.mandate.iban.electronic().to_string(),
                    },
                },
                remittance: Remittance {
                    structured: Structured {
                        reference: CreditorReference {
                            kind: ReferenceType {
                                code: Code {
                                    code: "SCOR".into(),
                                },
                                issuer: "BBA".into(),
                            },
                            reference: c.communication.digits(),
                        },
                    },
                },
            });
        }
        let tag = match sequence {
            SequenceType::First => "FRST",
            SequenceType::Recurring => "RCUR",
            SequenceType::Final => "FNAL",
            SequenceType::OneOff => "OOFF",
        };
        blocks.push(PaymentInformation {
            id: format!("{}-{tag}", options.message_id),
            method: "DD".into(),
            count: transactions.len().to_string(),
            control_sum: sum.to_plain_string(),
            kind: PaymentTypeInformation {
                service_level: Code {
                    code: "SEPA".into(),
                },
                local_instrument: Code {
                    code: "CORE".into(),
                },
                sequence,
            },
            collection_date: options.collection_date.to_string(),
            creditor: Name {
                name: options.creditor.name.clone(),
            },
            creditor_account: Account {
                id: XmlIban {
                    iban: creditor_iban.clone(),
                },
            },
            creditor_agent: Agent {
                institution: Bic {
                    bic: options.creditor.bic.clone(),
                },
            },
            charges: "SLEV".into(),
            scheme: SchemeId {
                id: SchemePrivate {
                    private: SchemeOther {
                        other: SchemeOtherId {
                            id: options.creditor.scheme_id.clone(),
                            scheme: Proprietary {
                                proprietary: "SEPA".into(),
                            },
                        },
                    },
                },
            },
            transactions,
        });
    }
    let total: Money = collections.iter().map(|c| c.amount).sum();
    let document = Document {
        xmlns: PAIN_008_NAMESPACE.into(),
        initiation: Initiation {
            header: GroupHeader {
                message_id: options.message_id.clone(),
                created: options.created_at.format("%Y-%m-%dT%H:%M:%S").to_string(),
                count: collections.len().to_string(),
                control_sum: total.to_plain_string(),
                initiating: Name {
                    name: options.creditor.name.clone(),
                },
            },
            payments: blocks,
        },
    };
    let body = quick_xml::se::to_string(&document).map_err(|e| bad(e.to_string()))?;
    Ok(format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n{body}\n"
    ))
}

/// What a pain.008 message says, read back: per collection its end-to-end
/// id, amount, mandate, sequence type and structured reference, with the
/// group's count and control sum.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct BatchSummary {
    /// Message id.
    pub message_id: String,
    /// Number of transactions the header declares.
    pub count: usize,
    /// Control sum the header declares.
    pub control_sum: Money,
    /// `(end-to-end id, amount, mandate id, sequence type, reference)`.
    pub collections: Vec<(String, Money, String, SequenceType, String)>,
}

/// Reads a pain.008 message written by [`pain_008`] back.
///
/// # Errors
///
/// [`Error::InvalidDirectDebit`] when the XML does not parse or holds an
/// amount that is not money.
///
/// # Example
///
/// ```
/// use care_core::receivables::sepa::*;
/// use care_core::receivables::reference::StructuredCommunication;
/// use care_core::calendar::date;
/// # let creditor = Creditor { name: "OCMW Gent".into(), iban: "BE68539007547034".parse()?, bic: "GKCCBEBB".into(), scheme_id: "BE46ZZZ0212214125".into() };
/// # let options = BatchOptions { message_id: "AH-2026-06".into(), created_at: date(2026, 6, 30)?.and_hms_opt(9, 0, 0).unwrap_or_default(), collection_date: date(2026, 7, 10)?, latest_day_of_month: Some(12), creditor };
/// # let mandate = Mandate { id: "AH-001-p1".into(), payer: "p1".parse()?, signed_on: date(2021, 2, 20)?, debtor: "Maria Peeters".into(), iban: "BE71096123456769".parse()?, bic: "GKCCBEBB".into() };
/// # let invoice = "AH-2026-00001".parse()?;
/// # let communication = StructuredCommunication::for_share(&invoice, 101, 0)?;
/// # let collection = Collection { mandate, invoice, amount: "1033.40".parse()?, communication, sequence: SequenceType::Recurring };
/// let xml = pain_008(&options, &[collection])?;
/// let summary = read_pain_008(&xml)?;
/// assert_eq!((summary.message_id.as_str(), summary.count), ("AH-2026-06", 1));
/// assert_eq!(summary.control_sum, "1033.40".parse()?);
/// assert!(read_pain_008("<Document/>").is_err());
/// # Ok::<(), care_core::Error>(())
/// ```
pub fn read_pain_008(xml: &str) -> Result<BatchSummary, Error> {
    let bad = |reason: String| Error::InvalidDirectDebit {
        message: "?".to_string(),
        reason,
    };
    let document: Document = quick_xml::de::from_str(xml).map_err(|e| bad(e.to_string()))?;
    let header = &document.initiation.header;
    let mut collections = Vec::new();
    for block in &document.initiation.payments {
        for t in &block.transactions {
            collections.push((
                t.id.end_to_end.clone(),
                t.amount.value.parse()?,
                t.direct_debit.mandate.id.clone(),
                block.kind.sequence,
                t.remittance.structured.reference.reference.clone(),
            ));
        }
    }
    Ok(BatchSummary {
        message_id: header.message_id.clone(),
        count: header
            .count
            .parse()
            .map_err(|_| bad(format!("count {:?}", header.count)))?,
        control_sum: header.control_sum.parse()?,
        collections,
    })
}

/// The mandates of one contract's payers.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ContractMandates<'a> {
    /// The contract's id.
    pub contract: &'a ContractId,
    /// Its payers.
    pub payers: &'a [crate::receivables::invoice::Payer],
    /// The mandates its payers signed.
    pub mandates: &'a [Mandate],
}

/// What [`collections`] needs besides the invoices to collect.
#[derive(Clone, Copy, Debug)]
pub struct DebitOptions<'a, D> {
    /// The invoices issued before these ones (of any contract).
    pub previous: &'a [Invoice<D>],
    /// Payments received, whose credit is deducted from what is collected
    /// (GAW-8a).
    pub payments: &'a [Payment],
    /// Mandates whose collection in this batch is their last, as the clerk
    /// closing them says: only these are FNAL. **Decision:** the library
    /// never guesses the last collection (a correction can follow the end
    /// of a stay); since the 2016 rulebook a last collection may be RCUR.
    pub closing: &'a [String],
    /// The issuer's payment code, for each payer's structured communication.
    pub payment_code: u16,
}

/// The direct debits of `invoices`: for every payer with a mandate, its
/// share less the credit it has with the creditor (GAW-8a), as one
/// collection; nothing for a share that credit covers, for a negative share
/// or for a credit note, which is never collected. The first collection of
/// a mandate is FRST, one the options name as closing FNAL, others RCUR.
///
/// # Errors
///
/// [`Error::UnknownPayer`] and [`Error::InvalidAmount`] from the payments
/// (see [`statement`](crate::receivables::ledger::statement)); [`Error::InvalidInvoiceNumber`] for a number that
/// gives no structured communication.
///
/// # Example
///
/// See `crates/care-core/tests/sepa.rs` and the made-up service of
/// `crates/care-core/tests/receivables.rs`.
pub fn collections<D>(
    invoices: &[Invoice<D>],
    mandates: &[ContractMandates<'_>],
    options: &DebitOptions<'_, D>,
) -> Result<Vec<Collection>, Error> {
    collections_of(
        invoices,
        mandates,
        options.previous,
        options.payments,
        options.closing,
        options.payment_code,
    )
}

/// [`collections`] over books and payments held by reference: what the
/// month close passes, without copying them.
pub(crate) fn collections_of<D, I: Borrow<Invoice<D>>, P: Borrow<Payment>>(
    invoices: &[Invoice<D>],
    mandates: &[ContractMandates<'_>],
    earlier_invoices: &[I],
    received: &[P],
    closing: &[String],
    payment_code: u16,
) -> Result<Vec<Collection>, Error> {
    // Indexed once: the mandates, the earlier invoices and the payments of
    // each contract.
    let by_contract: HashMap<&ContractId, &ContractMandates<'_>> =
        mandates.iter().map(|m| (m.contract, m)).collect();
    let mut previous: HashMap<&ContractId, Vec<&Invoice<D>>> = HashMap::new();
    for invoice in earlier_invoices.iter().map(Borrow::borrow) {
        if by_contract.contains_key(invoice.contract()) {
            previous
                .entry(invoice.contract())
                .or_default()
                .push(invoice);
        }
    }
    let mut paid: HashMap<&ContractId, Vec<&Payment>> = HashMap::new();
    for payment in received.iter().map(Borrow::borrow) {
        if by_contract.contains_key(&payment.contract) {
            paid.entry(&payment.contract).or_default().push(payment);
        }
    }
    let mut out = Vec::new();
    for (index, invoice) in invoices.iter().enumerate() {
        if invoice.kind() == InvoiceKind::CreditNote {
            continue;
        }
        let Some(contract) = by_contract.get(invoice.contract()) else {
            continue;
        };
        let account = LedgerAccount {
            contract: contract.contract,
            payers: contract.payers,
            payment_code,
        };
        // The contract's books up to this invoice, and its payments by then:
        // once per invoice, for every payer's statement.
        let earlier = previous
            .get(contract.contract)
            .map_or(&[][..], Vec::as_slice);
        let books: Vec<&Invoice<D>> = earlier
            .iter()
            .copied()
            .chain(
                invoices[..=index]
                    .iter()
                    .filter(|i| i.contract() == contract.contract),
            )
            .collect();
        let payments: Vec<&Payment> = paid
            .get(contract.contract)
            .map_or(&[][..], Vec::as_slice)
            .iter()
            .copied()
            .filter(|p| p.on <= invoice.issued_on())
            .collect();
        for share in invoice
            .shares()
            .iter()
            .filter(|s| !s.amount.is_negative() && !s.amount.is_zero())
        {
            let Some(mandate) = contract.mandates.iter().find(|m| m.payer == share.payer) else {
                continue;
            };
            // What is open of this share once the payer's credit is used.
            let statement = statement_of(
                &account,
                &share.payer,
                &books,
                &payments,
                invoice.issued_on(),
                Received::Omitted,
            )?;
            let amount = statement
                .items
                .iter()
                .find(|i| i.invoice == invoice.number())
                .map_or(share.amount, |i| i.open);
            if amount.is_negative() || amount.is_zero() {
                continue;
            }
            let collected_before = earlier.iter().any(|p| {
                p.issued_on() >= mandate.signed_on
                    && p.kind() != InvoiceKind::CreditNote
                    && p.shares().iter().any(|s| {
                        s.payer == share.payer && !s.amount.is_negative() && !s.amount.is_zero()
                    })
            });
            let sequence = if !collected_before {
                SequenceType::First
            } else if closing.contains(&mandate.id) {
                SequenceType::Final
            } else {
                SequenceType::Recurring
            };
            out.push(Collection {
                mandate: mandate.clone(),
                invoice: invoice.number().clone(),
                amount,
                communication: invoice.communication(&share.payer, payment_code)?,
                sequence,
            });
        }
    }
    Ok(out)
}
