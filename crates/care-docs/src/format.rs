//! Belgian formatting for documents: `€ 1.234,56`, `14 december 2020`,
//! `14/12/2020`. Templates receive text already formatted and do no
//! arithmetic.

use care_core::{DateRange, Money, Percent};
use chrono::{Datelike, NaiveDate};
use rust_decimal::Decimal;

use care_core::calendar::DUTCH_MONTHS as MONTHS;

/// Groups the integer part by thousands with dots and uses a decimal comma.
fn belgian_number(text: &str) -> String {
    let (sign, digits) = match text.strip_prefix('-') {
        Some(rest) => ("-", rest),
        None => ("", text),
    };
    let (int, frac) = match digits.split_once('.') {
        Some((i, f)) => (i, Some(f)),
        None => (digits, None),
    };
    let mut grouped = String::with_capacity(int.len() + int.len() / 3);
    for (i, c) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            grouped.push('.');
        }
        grouped.push(c);
    }
    match frac {
        Some(f) => format!("{sign}{grouped},{f}"),
        None => format!("{sign}{grouped}"),
    }
}

/// An amount as `€ 1.234,56`, negative as `€ -12,50`.
///
/// # Example
///
/// ```
/// use care_core::Money;
/// assert_eq!(care_docs::format::money(Money::from_cents(123456)), "€ 1.234,56");
/// assert_eq!(care_docs::format::money(Money::from_cents(-1250)), "€ -12,50");
/// ```
pub fn money(amount: Money) -> String {
    format!("€ {}", belgian_number(&amount.to_plain_string()))
}

/// A quantity with a decimal comma and no trailing zeros: `1,5`, `30`.
///
/// # Example
///
/// ```
/// use rust_decimal::Decimal;
/// assert_eq!(care_docs::format::quantity(Decimal::new(150, 2)), "1,5");
/// ```
pub fn quantity(value: Decimal) -> String {
    belgian_number(&value.normalize().to_string())
}

/// A percentage: `33,33 %`.
///
/// # Example
///
/// ```
/// let share: care_core::Percent = "33.33".parse()?;
/// assert_eq!(care_docs::format::percent(share), "33,33 %");
/// # Ok::<(), care_core::Error>(())
/// ```
pub fn percent(value: Percent) -> String {
    format!(
        "{} %",
        belgian_number(&value.value().normalize().to_string())
    )
}

/// A date in running text: `14 december 2020`.
///
/// # Example
///
/// ```
/// use chrono::NaiveDate;
/// let d = care_core::calendar::date(2020, 12, 14)?;
/// assert_eq!(care_docs::format::date_long(d), "14 december 2020");
/// # Ok::<(), care_core::Error>(())
/// ```
pub fn date_long(date: NaiveDate) -> String {
    format!(
        "{} {} {}",
        date.day(),
        MONTHS[date.month0() as usize],
        date.year()
    )
}

/// A date in a table: `14/12/2020`.
///
/// # Example
///
/// ```
/// use chrono::NaiveDate;
/// let d = care_core::calendar::date(2020, 12, 4)?;
/// assert_eq!(care_docs::format::date_short(d), "04/12/2020");
/// # Ok::<(), care_core::Error>(())
/// ```
pub fn date_short(date: NaiveDate) -> String {
    format!("{:02}/{:02}/{}", date.day(), date.month(), date.year())
}

/// A period in a table: `01/06/2026 – 13/06/2026`, or one date.
pub fn period_short(range: DateRange) -> String {
    if range.start() == range.end() {
        date_short(range.start())
    } else {
        format!(
            "{} – {}",
            date_short(range.start()),
            date_short(range.end())
        )
    }
}

/// A month with its year: `juni 2026`.
pub fn month_long(month: care_core::BillingMonth) -> String {
    care_core::assisted_living::billing::month_name(month)
}

/// A number of days in words for contracts: `30 dagen`, `1 dag`.
pub fn days(n: u32) -> String {
    if n == 1 {
        "1 dag".to_string()
    } else {
        format!("{n} dagen")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn belgian_numbers() {
        let table = [
            ("0.00", "0,00"),
            ("12.50", "12,50"),
            ("-12.50", "-12,50"),
            ("999.99", "999,99"),
            ("1000.00", "1.000,00"),
            ("1234567.89", "1.234.567,89"),
            ("-1234.00", "-1.234,00"),
            ("30", "30"),
        ];
        for (input, expected) in table {
            assert_eq!(belgian_number(input), expected, "{input}");
        }
    }
}
