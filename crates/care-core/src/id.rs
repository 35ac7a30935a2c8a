//! Typed ids: a contract id, a payer id and an invoice number are different
//! things even though each is written as text, so each has its own type and
//! one cannot be passed where another is expected.
//!
//! Every id is non-empty text of at most 64 characters, without leading or
//! trailing spaces and without control characters; a constructor refuses
//! anything else, and so does deserializing. An id reads back as text with
//! [`as_str`](ContractId::as_str) and compares equal to the text it was made
//! from.

use crate::Error;

/// The longest id accepted, in characters.
pub const MAX_ID_CHARS: usize = 64;

/// Checks the text of an id of `kind`.
pub(crate) fn check_id(kind: &'static str, value: &str) -> Result<(), Error> {
    let bad = |reason| Error::InvalidId {
        kind,
        value: value.chars().take(MAX_ID_CHARS + 16).collect(),
        reason,
    };
    if value.is_empty() {
        return Err(bad("it is empty"));
    }
    if value.trim() != value {
        return Err(bad("it has leading or trailing spaces"));
    }
    if value.chars().any(char::is_control) {
        return Err(bad("it holds a control character"));
    }
    if value.chars().count() > MAX_ID_CHARS {
        return Err(bad("it is longer than 64 characters"));
    }
    Ok(())
}

/// Defines a typed id over a shared `str`: validated on construction and on
/// deserializing, compared with and borrowed as `str`. The text is shared,
/// so a copy of an id (in a statement, an allocation, a payment) costs no
/// allocation: a close over years of books copies ids by the million.
macro_rules! string_id {
    ($(#[$meta:meta])* $name:ident, $kind:literal, $path:literal, $example:literal) => {
        $(#[$meta])*
        #[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize)]
        #[serde(try_from = "String", into = "String")]
        pub struct $name(std::sync::Arc<str>);

        impl $name {
            #[doc = concat!("A ", $kind, " from its text.")]
            ///
            /// # Errors
            ///
            /// [`Error::InvalidId`](crate::Error::InvalidId) for empty text,
            /// leading or trailing spaces, a control character or more than
            /// 64 characters.
            ///
            /// # Example
            ///
            /// ```
            #[doc = concat!("use ", $path, ";")]
            #[doc = concat!("let id = ", stringify!($name), "::new(\"", $example, "\")?;")]
            #[doc = concat!("assert_eq!(id, \"", $example, "\");")]
            #[doc = concat!("assert!(", stringify!($name), "::new(\" \").is_err());")]
            /// # Ok::<(), care_core::Error>(())
            /// ```
            pub fn new(value: impl Into<String>) -> Result<Self, crate::Error> {
                let value = value.into();
                crate::id::check_id($kind, &value)?;
                Ok(Self(value.into()))
            }

            /// The id as text.
            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.pad(&self.0)
            }
        }

        impl std::str::FromStr for $name {
            type Err = crate::Error;
            fn from_str(value: &str) -> Result<Self, crate::Error> {
                Self::new(value)
            }
        }

        impl TryFrom<String> for $name {
            type Error = crate::Error;
            fn try_from(value: String) -> Result<Self, crate::Error> {
                Self::new(value)
            }
        }

        impl TryFrom<&str> for $name {
            type Error = crate::Error;
            fn try_from(value: &str) -> Result<Self, crate::Error> {
                Self::new(value)
            }
        }

        impl From<$name> for String {
            fn from(id: $name) -> String {
                id.0.to_string()
            }
        }

        impl AsRef<str> for $name {
            fn as_ref(&self) -> &str {
                &self.0
            }
        }

        impl std::borrow::Borrow<str> for $name {
            fn borrow(&self) -> &str {
                &self.0
            }
        }

        impl PartialEq<str> for $name {
            fn eq(&self, other: &str) -> bool {
                *self.0 == *other
            }
        }

        impl PartialEq<&str> for $name {
            fn eq(&self, other: &&str) -> bool {
                *self.0 == **other
            }
        }

        impl PartialEq<&$name> for $name {
            fn eq(&self, other: &&$name) -> bool {
                self == *other
            }
        }

        impl PartialEq<$name> for &$name {
            fn eq(&self, other: &$name) -> bool {
                *self == other
            }
        }

        impl PartialEq<$name> for str {
            fn eq(&self, other: &$name) -> bool {
                *self == *other.0
            }
        }

        impl PartialEq<$name> for &str {
            fn eq(&self, other: &$name) -> bool {
                **self == *other.0
            }
        }
    };
}
pub(crate) use string_id;

string_id!(
    /// The id of a contract (an admission contract, a care agreement, a
    /// cleaning service's user file): the account its invoices and payments
    /// are booked on.
    ContractId,
    "contract id",
    "care_core::ContractId",
    "AH-001"
);

string_id!(
    /// The id of a payer within one contract (`p1`, `p2`, …): whose share of
    /// an invoice a line or payment is.
    PayerId,
    "payer id",
    "care_core::PayerId",
    "p1"
);

string_id!(
    /// The number of an issued invoice, such as `AH-2026-00042`: what
    /// corrections, allocations and dunning letters refer to.
    InvoiceNumber,
    "invoice number",
    "care_core::InvoiceNumber",
    "AH-2026-00042"
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_refuse_what_cannot_be_an_id() {
        for bad in ["", " ", " AH-1", "AH-1 ", "AH\n1", &"x".repeat(65)] {
            let error = ContractId::new(bad).unwrap_err();
            assert!(
                matches!(
                    error,
                    Error::InvalidId {
                        kind: "contract id",
                        ..
                    }
                ),
                "{bad:?}: {error}"
            );
        }
        assert!(ContractId::new("x".repeat(64)).is_ok());
        assert!(PayerId::new("p1").is_ok());
    }

    #[test]
    fn ids_deserialize_only_when_valid() -> Result<(), serde_json::Error> {
        let id: ContractId = serde_json::from_str("\"AH-001\"")?;
        assert_eq!(id, "AH-001");
        assert_eq!(serde_json::to_string(&id)?, "\"AH-001\"");
        let error = serde_json::from_str::<PayerId>("\"\"").unwrap_err();
        assert!(error.to_string().contains("invalid payer id"), "{error}");
        Ok(())
    }
}
