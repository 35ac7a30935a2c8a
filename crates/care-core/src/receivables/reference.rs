//! Payment references: the Belgian structured communication and the EPC
//! "SEPA credit transfer" QR payload, both pure data (RULES.md, reference
//! data).

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::{Error, InvoiceNumber, Money};

/// A Belgian structured communication (gestructureerde mededeling, OGM/VCS):
/// ten digits and a two-digit check, the ten taken as a number mod 97, and 97
/// when that is 0. Shown as `+++123/4567/89002+++`.
///
/// # Example
///
/// ```
/// use care_core::receivables::reference::StructuredCommunication;
/// let ogm: StructuredCommunication = "+++000/0000/00097+++".parse()?;
/// assert_eq!(ogm.digits(), "000000000097");
/// assert!("+++123/4567/89003+++".parse::<StructuredCommunication>().is_err());
/// # Ok::<(), care_core::Error>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct StructuredCommunication {
    base: u64,
}

impl StructuredCommunication {
    /// The communication whose first ten digits are `base`.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidReference`] when `base` has more than ten digits.
    ///
    /// # Example
    ///
    /// ```
    /// use care_core::receivables::reference::StructuredCommunication;
    /// let ogm = StructuredCommunication::new(6_101_100_042)?;
    /// assert_eq!((ogm.check(), ogm.digits()), (56, "610110004256".to_string())); // 6101100042 mod 97
    /// assert_eq!(ogm.to_string(), "+++610/1100/04256+++");
    /// assert!(StructuredCommunication::new(10_000_000_000).is_err());
    /// # Ok::<(), care_core::Error>(())
    /// ```
    pub fn new(base: u64) -> Result<StructuredCommunication, Error> {
        if base >= 10_000_000_000 {
            return Err(Error::InvalidReference {
                reference: base.to_string(),
                reason: "more than ten digits".to_string(),
            });
        }
        Ok(StructuredCommunication { base })
    }

    /// The communication of one payer's share of an invoice: the last digit
    /// of the year, the facility's three-digit payment code, the share's
    /// position among the invoice's payers (0 for the first) and five digits
    /// of the sequence number (`AH-2026-00042`, code 101, second payer:
    /// `6 101 1 00042`).
    ///
    /// **Decision** (GAW-9, GAW-9a): every payer of a shared invoice gets a
    /// communication of its own, so a bank line says whose share it pays.
    /// Ten digits leave one for the year: the same communication comes back
    /// after ten years, when the invoice it named is long settled; matching
    /// looks only at the payer's open items, oldest first.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidInvoiceNumber`] for a number that is not
    /// `PREFIX-YYYY-NNNNN`; [`Error::InvalidReference`] for a payment code
    /// above 999 or a share past the tenth.
    ///
    /// # Example
    ///
    /// ```
    /// use care_core::receivables::reference::StructuredCommunication;
    /// let first = StructuredCommunication::for_share(&"AH-2026-00042".parse()?, 101, 0)?;
    /// let second = StructuredCommunication::for_share(&"AH-2026-00042".parse()?, 101, 1)?;
    /// assert_eq!(first.to_string(), "+++610/1000/04263+++");
    /// assert_eq!(second.to_string(), "+++610/1100/04256+++");
    /// # Ok::<(), care_core::Error>(())
    /// ```
    pub fn for_share(
        number: &InvoiceNumber,
        payment_code: u16,
        share: usize,
    ) -> Result<StructuredCommunication, Error> {
        let bad = || Error::InvalidInvoiceNumber {
            number: number.to_string(),
        };
        if payment_code > 999 {
            return Err(Error::InvalidReference {
                reference: payment_code.to_string(),
                reason: "a payment code has at most three digits".to_string(),
            });
        }
        if share > 9 {
            return Err(Error::InvalidReference {
                reference: format!("{number} share {}", share + 1),
                reason: "an invoice gives its own communication to at most ten payers".to_string(),
            });
        }
        let mut parts = number.as_str().rsplitn(3, '-');
        let sequence: u64 = parts
            .next()
            .filter(|s| s.len() == 5)
            .and_then(|s| s.parse().ok())
            .ok_or_else(bad)?;
        let year: u64 = parts
            .next()
            .filter(|s| s.len() == 4)
            .and_then(|s| s.parse().ok())
            .ok_or_else(bad)?;
        parts.next().filter(|p| !p.is_empty()).ok_or_else(bad)?;
        StructuredCommunication::new(
            (year % 10) * 1_000_000_000
                + u64::from(payment_code) * 1_000_000
                + share as u64 * 100_000
                + sequence,
        )
    }

    /// The two check digits.
    pub fn check(self) -> u64 {
        match self.base % 97 {
            0 => 97,
            r => r,
        }
    }

    /// All twelve digits, without separators: the form for SEPA remittance
    /// information and the EPC QR code.
    pub fn digits(self) -> String {
        format!("{:010}{:02}", self.base, self.check())
    }
}

impl fmt::Display for StructuredCommunication {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let d = self.digits();
        write!(f, "+++{}/{}/{}+++", &d[0..3], &d[3..7], &d[7..12])
    }
}

impl FromStr for StructuredCommunication {
    type Err = Error;

    /// Parses `+++123/4567/89002+++`, `***…***` or the twelve digits, and
    /// checks the check digits: a bad one is reported, never guessed.
    fn from_str(s: &str) -> Result<StructuredCommunication, Error> {
        let bad = |reason: &str| Error::InvalidReference {
            reference: s.to_string(),
            reason: reason.to_string(),
        };
        // Read digit by digit, without copying: bank files hold thousands.
        let mut digits = [0u64; 12];
        let mut count = 0;
        for b in s
            .trim()
            .trim_matches(|c| c == '+' || c == '*')
            .bytes()
            .filter(|b| !matches!(b, b'/' | b' '))
        {
            if !b.is_ascii_digit() || count == 12 {
                return Err(bad("expected twelve digits"));
            }
            digits[count] = u64::from(b - b'0');
            count += 1;
        }
        if count != 12 {
            return Err(bad("expected twelve digits"));
        }
        let base = digits[..10].iter().fold(0, |n, d| n * 10 + d);
        let check = digits[10] * 10 + digits[11];
        let ogm = StructuredCommunication::new(base)?;
        if ogm.check() != check {
            return Err(bad(&format!(
                "check digits {check:02} should be {:02}",
                ogm.check()
            )));
        }
        Ok(ogm)
    }
}

impl Serialize for StructuredCommunication {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.to_string())
    }
}

impl<'de> Deserialize<'de> for StructuredCommunication {
    fn deserialize<D: Deserializer<'de>>(
        deserializer: D,
    ) -> Result<StructuredCommunication, D::Error> {
        let text = String::deserialize(deserializer)?;
        text.parse().map_err(serde::de::Error::custom)
    }
}

/// An IBAN that passed its checks: country code, check digits, mod 97 of
/// the rearranged number equal to 1 (ISO 13616), and 16 characters for a
/// Belgian one. Kept in its electronic form (no spaces, upper case); shown,
/// and serialized, in its paper form of groups of four.
///
/// # Example
///
/// ```
/// use care_core::receivables::reference::Iban;
/// let iban = Iban::new("be68 5390 0754 7034")?;
/// assert_eq!(iban.electronic(), "BE68539007547034");
/// assert_eq!(iban.to_string(), "BE68 5390 0754 7034");
/// assert!(Iban::new("BE68 5390 0754 7035").is_err());
/// # Ok::<(), care_core::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Iban(String);

impl Iban {
    /// Checks `iban`; spaces are ignored and letters may be lower case.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidIban`] naming the IBAN and what is wrong.
    ///
    /// # Example
    ///
    /// ```
    /// use care_core::receivables::reference::Iban;
    /// assert!(Iban::new("BE71 0961 2345 6769").is_ok());
    /// assert!(Iban::new("BE71 0961 2345").is_err());
    /// # Ok::<(), care_core::Error>(())
    /// ```
    pub fn new(iban: &str) -> Result<Iban, Error> {
        let compact: String = iban
            .chars()
            .filter(|c| !c.is_whitespace())
            .collect::<String>()
            .to_uppercase();
        let bad = |reason: &str| Error::InvalidIban {
            iban: iban.to_string(),
            reason: reason.to_string(),
        };
        if compact.len() < 15
            || compact.len() > 34
            || !compact.bytes().all(|b| b.is_ascii_alphanumeric())
        {
            return Err(bad("expected 15 to 34 letters and digits"));
        }
        if !compact[..2].bytes().all(|b| b.is_ascii_uppercase())
            || !compact[2..4].bytes().all(|b| b.is_ascii_digit())
        {
            return Err(bad("expected a country code and two check digits"));
        }
        if compact.starts_with("BE") && compact.len() != 16 {
            return Err(bad("a Belgian IBAN has 16 characters"));
        }
        let rearranged = compact[4..].chars().chain(compact[..4].chars());
        let mut remainder: u32 = 0;
        for c in rearranged {
            let value = c.to_digit(36).ok_or_else(|| bad("unexpected character"))?;
            remainder = if value >= 10 {
                (remainder * 100 + value) % 97
            } else {
                (remainder * 10 + value) % 97
            };
        }
        if remainder != 1 {
            return Err(bad("the check digits do not match"));
        }
        Ok(Iban(compact))
    }

    /// The electronic form, as a pain.008 file or an EPC QR code carries it.
    ///
    /// # Example
    ///
    /// ```
    /// use care_core::receivables::reference::Iban;
    /// let iban: Iban = "BE68 5390 0754 7034".parse()?;
    /// assert_eq!(iban.electronic(), "BE68539007547034");
    /// # Ok::<(), care_core::Error>(())
    /// ```
    pub fn electronic(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Iban {
    /// The paper form: groups of four separated by a space.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (index, group) in self.0.as_bytes().chunks(4).enumerate() {
            if index > 0 {
                f.write_str(" ")?;
            }
            // The electronic form is ASCII letters and digits only.
            f.write_str(std::str::from_utf8(group).map_err(|_| fmt::Error)?)?;
        }
        Ok(())
    }
}

impl FromStr for Iban {
    type Err = Error;
    fn from_str(iban: &str) -> Result<Iban, Error> {
        Iban::new(iban)
    }
}

impl TryFrom<String> for Iban {
    type Error = Error;
    fn try_from(iban: String) -> Result<Iban, Error> {
        Iban::new(&iban)
    }
}

impl From<Iban> for String {
    fn from(iban: Iban) -> String {
        iban.to_string()
    }
}

/// The payload of an EPC QR code for a SEPA credit transfer (EPC069-12,
/// version 002): what a banking app reads to fill in a transfer.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct EpcPayment {
    /// The beneficiary's BIC; may be empty in version 002.
    pub bic: String,
    /// The beneficiary's name, at most 70 characters.
    pub name: String,
    /// The beneficiary's IBAN.
    pub iban: Iban,
    /// The amount, from €0.01 to €999,999,999.99.
    pub amount: Money,
    /// The structured reference.
    pub reference: StructuredCommunication,
}

impl EpcPayment {
    /// The payload: lines separated by LF, at most 331 bytes.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidAmount`] for an
    /// amount that is not payable (zero, negative or too large);
    /// [`Error::InvalidReference`] when the name is longer than 70
    /// characters or the payload longer than 331 bytes.
    ///
    /// # Example
    ///
    /// ```
    /// use care_core::receivables::reference::{EpcPayment, StructuredCommunication};
    /// let payment = EpcPayment {
    ///     bic: "GKCCBEBB".into(),
    ///     name: "OCMW Gent".into(),
    ///     iban: "BE68 5390 0754 7034".parse()?,
    ///     amount: "381.29".parse()?,
    ///     reference: StructuredCommunication::for_share(&"AH-2026-00042".parse()?, 101, 0)?,
    /// };
    /// assert_eq!(
    ///     payment.payload()?,
    ///     "BCD\n002\n1\nSCT\nGKCCBEBB\nOCMW Gent\nBE68539007547034\nEUR381.29\n\n610100004263"
    /// );
    /// # Ok::<(), care_core::Error>(())
    /// ```
    pub fn payload(&self) -> Result<String, Error> {
        let iban = self.iban.electronic();
        if self.amount.is_negative()
            || self.amount.is_zero()
            || self.amount > Money::from_cents(99_999_999_999)
        {
            return Err(Error::InvalidAmount {
                value: self.amount.to_plain_string(),
                reason: "an EPC QR amount is from 0.01 to 999999999.99",
            });
        }
        if self.name.chars().count() > 70 || self.name.trim().is_empty() {
            return Err(Error::InvalidReference {
                reference: self.name.clone(),
                reason: "the beneficiary name must have 1 to 70 characters".to_string(),
            });
        }
        let payload = [
            "BCD",
            "002",
            "1",
            "SCT",
            self.bic.trim(),
            self.name.trim(),
            iban,
            &format!("EUR{}", self.amount.to_plain_string()),
            "",
            &self.reference.digits(),
        ]
        .join("\n");
        if payload.len() > 331 {
            return Err(Error::InvalidReference {
                reference: self.reference.to_string(),
                reason: "the EPC payload is longer than 331 bytes".to_string(),
            });
        }
        Ok(payload)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn check_digits_table() {
        // (base, shown)
        let table = [
            (0, "+++000/0000/00097+++"),
            (1_234_567_890, "+++123/4567/89002+++"),
            (97, "+++000/0000/09797+++"),
            (9_999_999_999, "+++999/9999/99948+++"),
        ];
        for (base, shown) in table {
            let ogm = StructuredCommunication::new(base).unwrap(); // ok: test
            assert_eq!(ogm.to_string(), shown);
            assert_eq!(shown.parse::<StructuredCommunication>().unwrap(), ogm); // ok: test
        }
    }

    #[test]
    fn bad_references_are_reported_not_guessed() -> Result<(), Error> {
        for bad in ["+++123/4567/89003+++", "123", "+++12a/4567/89002+++", ""] {
            assert!(bad.parse::<StructuredCommunication>().is_err(), "{bad}");
        }
        assert!(StructuredCommunication::for_share(&"AH-26-00042".parse()?, 1, 0).is_err());
        assert!(StructuredCommunication::for_share(&"2026-00042".parse()?, 1, 0).is_err());
        assert!(StructuredCommunication::for_share(&"AH-2026-00042".parse()?, 1000, 0).is_err());
        Ok(())
    }
}
