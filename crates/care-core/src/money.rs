//! Money in euro, exact to the cent, and the percentages that split it.
//!
//! Every amount on an invoice is a [`Money`]: a [`Decimal`] that always holds
//! whole cents. The one place where a finer amount becomes cents is
//! [`Money::round`], which rounds half away from zero (the money conventions
//! of RULES.md); `Decimal::round_dp` alone would round half to even.

use std::fmt;
use std::iter::Sum;
use std::ops::{Add, AddAssign, Neg, Sub, SubAssign};
use std::str::FromStr;

use rust_decimal::{Decimal, RoundingStrategy};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::Error;

/// The largest quantity of a line that data may hold (a million units):
/// larger is refused as absurd when a contract is validated.
pub const MAX_QUANTITY: Decimal = Decimal::from_parts(1_000_000, 0, 0, false, 0);

/// An amount in euro, always a whole number of cents.
///
/// Serialised as a string with two decimals (`"381.29"`), so no float ever
/// touches it.
///
/// # Example
///
/// ```
/// use care_core::Money;
///
/// let price: Money = "29.33".parse()?;
/// assert_eq!(price.times(13.into()).to_string(), "€381.29");
/// # Ok::<(), care_core::Error>(())
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Money(Decimal);

impl Money {
    /// Zero euro.
    pub const ZERO: Money = Money(Decimal::ZERO);

    /// The largest amount, in either sign, that data may hold: a thousand
    /// billion euro. Anything larger is refused as absurd when it is read
    /// ([`Money::new`], parsing); with quantities bounded alike
    /// ([`MAX_QUANTITY`]) no sum or product the library forms can overflow.
    pub const LIMIT: Money = Money(Decimal::from_parts(276_447_232, 23_283, 0, false, 2));

    /// An amount from a whole number of cents.
    ///
    /// # Example
    ///
    /// ```
    /// use care_core::Money;
    /// assert_eq!(Money::from_cents(2572).to_string(), "€25.72");
    /// ```
    pub fn from_cents(cents: i64) -> Money {
        Money(Decimal::new(cents, 2))
    }

    /// An exact amount; more than two decimals is an error rather than a
    /// silent rounding.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidAmount`] when `value` has a non-zero digit past the cent.
    ///
    /// # Example
    ///
    /// ```
    /// use care_core::Money;
    /// use rust_decimal::Decimal;
    /// assert!(Money::new(Decimal::new(2572, 2)).is_ok());
    /// assert!(Money::new(Decimal::new(25725, 3)).is_err());
    /// ```
    pub fn new(value: Decimal) -> Result<Money, Error> {
        let cents = value.round_dp_with_strategy(2, RoundingStrategy::ToZero);
        if cents != value {
            return Err(Error::InvalidAmount {
                value: value.to_string(),
                reason: "more than two decimals",
            });
        }
        if cents.abs() > Money::LIMIT.0 {
            return Err(Error::InvalidAmount {
                value: value.to_string(),
                reason: "larger than €1,000,000,000,000, the limit of an amount",
            });
        }
        Ok(Money::normalised(cents))
    }

    /// Rounds any amount to the cent, half away from zero: the single
    /// rounding point of the library.
    ///
    /// # Example
    ///
    /// ```
    /// use care_core::Money;
    /// use rust_decimal::Decimal;
    /// assert_eq!(Money::round(Decimal::new(2625, 3)).to_string(), "€2.63");
    /// assert_eq!(Money::round(Decimal::new(-2625, 3)).to_string(), "-€2.63");
    /// ```
    pub fn round(value: Decimal) -> Money {
        Money::normalised(value.round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero))
    }

    fn normalised(mut value: Decimal) -> Money {
        value.rescale(2);
        Money(value)
    }

    /// The amount as a decimal number of euro.
    ///
    /// # Example
    ///
    /// ```
    /// use care_core::Money;
    /// use rust_decimal::Decimal;
    /// assert_eq!(Money::from_cents(1250).amount(), Decimal::new(1250, 2));
    /// ```
    pub fn amount(self) -> Decimal {
        self.0
    }

    /// `quantity × self`, rounded to the cent: how an invoice line is priced.
    ///
    /// # Example
    ///
    /// ```
    /// use care_core::Money;
    /// use rust_decimal::Decimal;
    /// let meal = Money::from_cents(750);
    /// assert_eq!(meal.times(Decimal::new(15, 1)), Money::from_cents(1125));
    /// ```
    pub fn times(self, quantity: Decimal) -> Money {
        Money::round(self.0 * quantity)
    }

    /// [`Money::times`] that reports an overflow instead of panicking, for
    /// amounts and quantities that did not pass the limits of data.
    ///
    /// # Example
    ///
    /// ```
    /// use care_core::Money;
    /// use rust_decimal::Decimal;
    /// assert_eq!(Money::from_cents(750).checked_times(Decimal::TWO), Some(Money::from_cents(1500)));
    /// assert_eq!(Money::from_cents(i64::MAX).checked_times(Decimal::MAX), None);
    /// ```
    pub fn checked_times(self, quantity: Decimal) -> Option<Money> {
        self.0.checked_mul(quantity).map(Money::round)
    }

    /// Splits this amount by `shares`: each share after the first is its
    /// percentage rounded to the cent, the first takes the remainder, so the
    /// parts always sum to the amount (GAW-7: the payers' shares of an
    /// invoice). No shares give no parts.
    ///
    /// # Example
    ///
    /// ```
    /// use care_core::{Money, Percent};
    /// let shares: Vec<Percent> = ["33.33", "33.33", "33.34"].iter().map(|s| s.parse()).collect::<Result<_, _>>()?;
    /// let parts = Money::from_cents(10001).allocate(&shares);
    /// assert_eq!(parts, [Money::from_cents(3334), Money::from_cents(3333), Money::from_cents(3334)]);
    /// # Ok::<(), care_core::Error>(())
    /// ```
    pub fn allocate(self, shares: &[Percent]) -> Vec<Money> {
        let mut parts: Vec<Money> = shares.iter().map(|s| s.of(self)).collect();
        if let Some((first, rest)) = parts.split_first_mut() {
            *first = self - rest.iter().copied().sum::<Money>();
        }
        parts
    }

    /// True when the amount is within [`Money::LIMIT`].
    ///
    /// # Example
    ///
    /// ```
    /// use care_core::Money;
    /// assert!(Money::LIMIT.is_within_limit());
    /// assert!(!(Money::LIMIT + Money::from_cents(1)).is_within_limit());
    /// ```
    pub fn is_within_limit(self) -> bool {
        self.0.abs() <= Money::LIMIT.0
    }

    /// `self × numerator / denominator`, rounded to the cent once.
    pub(crate) fn scaled(self, numerator: Decimal, denominator: Decimal) -> Money {
        Money::round(self.0 * numerator / denominator)
    }

    /// True for an amount above zero.
    ///
    /// # Example
    ///
    /// ```
    /// use care_core::Money;
    /// let (owed, zero, credit) = (Money::from_cents(1), Money::ZERO, Money::from_cents(-1));
    /// assert!(owed.is_positive() && !zero.is_positive() && !credit.is_positive());
    /// assert!(credit.is_negative() && !zero.is_negative() && zero.is_zero());
    /// ```
    pub fn is_positive(self) -> bool {
        self.0 > Decimal::ZERO
    }

    /// True for amounts below zero.
    pub fn is_negative(self) -> bool {
        self.0.is_sign_negative() && !self.0.is_zero()
    }

    /// True for zero euro.
    pub fn is_zero(self) -> bool {
        self.0.is_zero()
    }

    /// The amount with two decimals and a dot, without the euro sign
    /// (`"-12.50"`): the form used in JSON and in payment payloads.
    ///
    /// # Example
    ///
    /// ```
    /// use care_core::Money;
    /// assert_eq!(Money::from_cents(-1250).to_plain_string(), "-12.50");
    /// ```
    pub fn to_plain_string(self) -> String {
        format!("{:.2}", self.0)
    }
}

impl fmt::Display for Money {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.is_negative() {
            write!(f, "-€{:.2}", -self.0)
        } else {
            write!(f, "€{:.2}", self.0)
        }
    }
}

impl FromStr for Money {
    type Err = Error;

    /// Parses `"25.72"`, `"-3"` or `"€ 4.96"`.
    fn from_str(s: &str) -> Result<Money, Error> {
        let trimmed = s.trim().trim_start_matches('€').trim();
        let value = Decimal::from_str_exact(trimmed).map_err(|_| Error::InvalidAmount {
            value: s.to_string(),
            reason: "not a decimal number of euro",
        })?;
        Money::new(value)
    }
}

impl Add for Money {
    type Output = Money;
    fn add(self, rhs: Money) -> Money {
        Money(self.0 + rhs.0)
    }
}

impl AddAssign for Money {
    fn add_assign(&mut self, rhs: Money) {
        self.0 += rhs.0;
    }
}

impl Sub for Money {
    type Output = Money;
    fn sub(self, rhs: Money) -> Money {
        Money(self.0 - rhs.0)
    }
}

impl SubAssign for Money {
    fn sub_assign(&mut self, rhs: Money) {
        self.0 -= rhs.0;
    }
}

impl Neg for Money {
    type Output = Money;
    fn neg(self) -> Money {
        Money(-self.0)
    }
}

impl Sum for Money {
    fn sum<I: Iterator<Item = Money>>(iter: I) -> Money {
        iter.fold(Money::ZERO, Add::add)
    }
}

impl<'a> Sum<&'a Money> for Money {
    fn sum<I: Iterator<Item = &'a Money>>(iter: I) -> Money {
        iter.copied().sum()
    }
}

impl Serialize for Money {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.to_plain_string())
    }
}

impl<'de> Deserialize<'de> for Money {
    /// Money is read from strings only: a float in a data file is refused.
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Money, D::Error> {
        let text = String::deserialize(deserializer)?;
        text.parse().map_err(serde::de::Error::custom)
    }
}

/// A percentage between 0 and 100 inclusive, such as a payer's share of an
/// invoice or a discount.
///
/// # Example
///
/// ```
/// use care_core::Percent;
/// let half: Percent = "50".parse()?;
/// assert_eq!(half.to_string(), "50%");
/// assert!("120".parse::<Percent>().is_err());
/// # Ok::<(), care_core::Error>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Percent(Decimal);

impl Percent {
    /// One hundred percent.
    pub const HUNDRED: Percent = Percent(Decimal::ONE_HUNDRED);

    /// Zero percent: a payer who shares nothing and owes only their own
    /// lines.
    pub const ZERO: Percent = Percent(Decimal::ZERO);

    /// A percentage.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidPercent`] outside `0..=100`.
    ///
    /// # Example
    ///
    /// ```
    /// use care_core::Percent;
    /// use rust_decimal::Decimal;
    /// assert_eq!(Percent::new(Decimal::new(3333, 2))?.value(), Decimal::new(3333, 2));
    /// assert!(Percent::new(Decimal::new(101, 0)).is_err());
    /// # Ok::<(), care_core::Error>(())
    /// ```
    pub fn new(value: Decimal) -> Result<Percent, Error> {
        if value < Decimal::ZERO || value > Decimal::ONE_HUNDRED {
            return Err(Error::InvalidPercent {
                value: value.to_string(),
            });
        }
        Ok(Percent(value.normalize()))
    }

    /// The percentage as a number between 0 and 100.
    pub fn value(self) -> Decimal {
        self.0
    }

    /// This percentage of `amount`, rounded to the cent.
    ///
    /// # Example
    ///
    /// ```
    /// use care_core::{Money, Percent};
    /// let ten: Percent = "10".parse()?;
    /// assert_eq!(ten.of(Money::from_cents(2572)), Money::from_cents(257));
    /// # Ok::<(), care_core::Error>(())
    /// ```
    pub fn of(self, amount: Money) -> Money {
        amount.scaled(self.0, Decimal::ONE_HUNDRED)
    }
}

impl fmt::Display for Percent {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}%", self.0)
    }
}

impl FromStr for Percent {
    type Err = Error;
    fn from_str(s: &str) -> Result<Percent, Error> {
        let trimmed = s.trim().trim_end_matches('%').trim();
        let value = Decimal::from_str_exact(trimmed).map_err(|_| Error::InvalidPercent {
            value: s.to_string(),
        })?;
        Percent::new(value)
    }
}

impl Serialize for Percent {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.0.to_string())
    }
}

impl<'de> Deserialize<'de> for Percent {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Percent, D::Error> {
        let text = String::deserialize(deserializer)?;
        text.parse().map_err(serde::de::Error::custom)
    }
}

/// Deserialises a [`Decimal`] from a string only, so a float in a data file
/// (`5.5` instead of `"5.5"`) is refused rather than passed through binary
/// floating point.
pub(crate) fn decimal_from_str<'de, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<Decimal, D::Error> {
    let text = String::deserialize(deserializer)?;
    Decimal::from_str_exact(text.trim())
        .map_err(|_| serde::de::Error::custom(format!("{text:?} is not a decimal number")))
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    #[test]
    fn rounding_is_half_away_from_zero_not_bankers() {
        // Table: input, expected cents.
        let table = [
            (dec!(0.005), 1),
            (dec!(0.015), 2),
            (dec!(0.025), 3),
            (dec!(-0.025), -3),
            (dec!(2.3449), 234),
            (dec!(0.0049), 0),
        ];
        for (input, cents) in table {
            assert_eq!(Money::round(input), Money::from_cents(cents), "{input}");
        }
    }

    #[test]
    fn parse_refuses_sub_cent_amounts_and_garbage() {
        assert!("25.725".parse::<Money>().is_err());
        assert!("abc".parse::<Money>().is_err());
        assert_eq!("€ 4.96".parse::<Money>().unwrap(), Money::from_cents(496)); // ok: test
        let parsed = "25.7".parse::<Money>().unwrap(); // ok: test
        assert_eq!(parsed.to_plain_string(), "25.70");
        // ok: test
    }

    #[test]
    fn serde_uses_strings_with_two_decimals() {
        let json = serde_json::to_string(&Money::from_cents(-1250)).unwrap(); // ok: test
        assert_eq!(json, "\"-12.50\"");
        let back: Money = serde_json::from_str(&json).unwrap(); // ok: test
        assert_eq!(back, Money::from_cents(-1250));
        assert!(serde_json::from_str::<Money>("12.5").is_err());
    }
}
