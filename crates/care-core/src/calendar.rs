//! Dates: inclusive ranges, calendar months and the Belgian working-day
//! calendar.

use std::fmt;
use std::str::FromStr;

use chrono::{Datelike, Duration, NaiveDate, Weekday};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::Error;

/// An inclusive range of days, `start..=end`: a stay from 1 to 13 June counts
/// 13 days (money conventions of RULES.md).
///
/// # Example
///
/// ```
/// use care_core::DateRange;
/// use chrono::NaiveDate;
///
/// let d = |day| care_core::calendar::date(2026, 6, day);
/// let stay = DateRange::new(d(1)?, d(13)?)?;
/// assert_eq!(stay.days(), 13);
/// assert!(DateRange::new(d(13)?, d(1)?).is_err());
/// # Ok::<(), care_core::Error>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "RawRange")]
pub struct DateRange {
    start: NaiveDate,
    end: NaiveDate,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRange {
    start: NaiveDate,
    end: NaiveDate,
}

impl TryFrom<RawRange> for DateRange {
    type Error = Error;
    fn try_from(raw: RawRange) -> Result<DateRange, Error> {
        DateRange::new(raw.start, raw.end)
    }
}

impl DateRange {
    /// The days from `start` through `end`, both included.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidRange`] when `end` is before `start`.
    ///
    /// # Example
    ///
    /// ```
    /// use care_core::{calendar::date, DateRange};
    /// let stay = DateRange::new(date(2026, 6, 1)?, date(2026, 6, 30)?)?;
    /// assert_eq!((stay.start(), stay.end(), stay.days()), (date(2026, 6, 1)?, date(2026, 6, 30)?, 30));
    /// assert!(stay.contains(date(2026, 6, 15)?) && !stay.contains(date(2026, 7, 1)?));
    /// assert_eq!(stay.iter().count(), 30);
    /// assert!(DateRange::new(date(2026, 6, 2)?, date(2026, 6, 1)?).is_err());
    /// # Ok::<(), care_core::Error>(())
    /// ```
    pub fn new(start: NaiveDate, end: NaiveDate) -> Result<DateRange, Error> {
        if end < start {
            return Err(Error::InvalidRange { start, end });
        }
        Ok(DateRange { start, end })
    }

    /// A range of one day.
    ///
    /// # Example
    ///
    /// ```
    /// use care_core::{calendar::date, DateRange};
    /// assert_eq!(DateRange::day(date(2026, 6, 15)?).days(), 1);
    /// # Ok::<(), care_core::Error>(())
    /// ```
    pub fn day(day: NaiveDate) -> DateRange {
        DateRange {
            start: day,
            end: day,
        }
    }

    /// The first day.
    pub fn start(self) -> NaiveDate {
        self.start
    }

    /// The last day, included.
    pub fn end(self) -> NaiveDate {
        self.end
    }

    /// How many days the range counts, both ends included.
    pub fn days(self) -> u32 {
        // ok: end >= start is an invariant, and chrono dates span < 2^31 days.
        ((self.end - self.start).num_days() + 1) as u32
    }

    /// True when `day` lies in the range.
    pub fn contains(self, day: NaiveDate) -> bool {
        self.start <= day && day <= self.end
    }

    /// The days both ranges share, if any.
    ///
    /// # Example
    ///
    /// ```
    /// use care_core::{BillingMonth, DateRange};
    /// use chrono::NaiveDate;
    ///
    /// let june: BillingMonth = "2026-06".parse()?;
    /// let stay = DateRange::new(
    ///     care_core::calendar::date(2026, 5, 20)?,
    ///     care_core::calendar::date(2026, 6, 13)?,
    /// )?;
    /// assert_eq!(stay.intersect(june.range()).map(|r| r.days()), Some(13));
    /// # Ok::<(), care_core::Error>(())
    /// ```
    pub fn intersect(self, other: DateRange) -> Option<DateRange> {
        let start = self.start.max(other.start);
        let end = self.end.min(other.end);
        (start <= end).then_some(DateRange { start, end })
    }

    /// Every day of the range, in order.
    pub fn iter(self) -> impl Iterator<Item = NaiveDate> {
        self.start.iter_days().take_while(move |d| *d <= self.end)
    }
}

impl fmt::Display for DateRange {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.start == self.end {
            write!(f, "{}", self.start)
        } else {
            write!(f, "{} – {}", self.start, self.end)
        }
    }
}

/// A calendar month such as `2026-06`: the period of a month-end run, and
/// the month of a consumer price index figure.
///
/// # Example
///
/// ```
/// use care_core::BillingMonth;
///
/// let feb: BillingMonth = "2024-02".parse()?;
/// assert_eq!(feb.range().days(), 29);
/// assert_eq!(feb.next().to_string(), "2024-03");
/// # Ok::<(), care_core::Error>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct BillingMonth {
    year: i32,
    month: u32,
}

impl BillingMonth {
    /// The month `month` (1–12) of `year`.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidMonth`] for a month outside 1–12 or a year outside
    /// 1–9999 (so that the month after always exists).
    ///
    /// # Example
    ///
    /// ```
    /// use care_core::{calendar::date, BillingMonth};
    /// let june = BillingMonth::new(2026, 6)?;
    /// assert_eq!((june.year(), june.month()), (2026, 6));
    /// assert_eq!((june.first_day(), june.last_day()), (date(2026, 6, 1)?, date(2026, 6, 30)?));
    /// assert_eq!(BillingMonth::of(date(2026, 6, 15)?), june);
    /// assert!(BillingMonth::new(2026, 13).is_err() && BillingMonth::new(10_000, 1).is_err());
    /// # Ok::<(), care_core::Error>(())
    /// ```
    pub fn new(year: i32, month: u32) -> Result<BillingMonth, Error> {
        if !(1..=12).contains(&month) || !(1..=9999).contains(&year) {
            return Err(Error::InvalidMonth {
                value: format!("{year}-{month:02}"),
            });
        }
        Ok(BillingMonth { year, month })
    }

    /// The month a day falls in.
    pub fn of(day: NaiveDate) -> BillingMonth {
        BillingMonth {
            year: day.year(),
            month: day.month(),
        }
    }

    /// The year.
    pub fn year(self) -> i32 {
        self.year
    }

    /// The month number, 1–12.
    pub fn month(self) -> u32 {
        self.month
    }

    /// The first day of the month.
    pub fn first_day(self) -> NaiveDate {
        let first = NaiveDate::from_ymd_opt(self.year, self.month, 1);
        first.expect("valid month") // ok: checked by new()
    }

    /// The last day of the month.
    pub fn last_day(self) -> NaiveDate {
        self.next().first_day() - Duration::days(1)
    }

    /// All days of the month.
    pub fn range(self) -> DateRange {
        DateRange {
            start: self.first_day(),
            end: self.last_day(),
        }
    }

    /// The month after this one.
    pub fn next(self) -> BillingMonth {
        if self.month == 12 {
            BillingMonth {
                year: self.year + 1,
                month: 1,
            }
        } else {
            BillingMonth {
                year: self.year,
                month: self.month + 1,
            }
        }
    }

    /// The month before this one.
    ///
    /// # Example
    ///
    /// ```
    /// use care_core::BillingMonth;
    /// let january: BillingMonth = "2026-01".parse()?;
    /// assert_eq!(january.previous().to_string(), "2025-12");
    /// assert_eq!(january.previous().months_until(january), 1);
    /// # Ok::<(), care_core::Error>(())
    /// ```
    pub fn previous(self) -> BillingMonth {
        if self.month == 1 {
            BillingMonth {
                year: self.year - 1,
                month: 12,
            }
        } else {
            BillingMonth {
                year: self.year,
                month: self.month - 1,
            }
        }
    }

    /// Whole months from `self` to `later` (negative when `later` is earlier).
    pub fn months_until(self, later: BillingMonth) -> i32 {
        (later.year - self.year) * 12 + later.month as i32 - self.month as i32
    }
}

impl fmt::Display for BillingMonth {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}", self.year, self.month)
    }
}

impl FromStr for BillingMonth {
    type Err = Error;
    /// Parses `YYYY-MM`.
    fn from_str(s: &str) -> Result<BillingMonth, Error> {
        let bad = || Error::InvalidMonth {
            value: s.to_string(),
        };
        let (year, month) = s.trim().split_once('-').ok_or_else(bad)?;
        if year.len() != 4 || month.len() != 2 {
            return Err(bad());
        }
        let year = year.parse().map_err(|_| bad())?;
        let month = month.parse().map_err(|_| bad())?;
        BillingMonth::new(year, month).map_err(|_| bad())
    }
}

impl Serialize for BillingMonth {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.to_string())
    }
}

impl<'de> Deserialize<'de> for BillingMonth {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<BillingMonth, D::Error> {
        let text = String::deserialize(deserializer)?;
        text.parse().map_err(serde::de::Error::custom)
    }
}

/// A date, or an error naming it: `NaiveDate::from_ymd_opt` for code that
/// reports bad input instead of panicking.
///
/// # Errors
///
/// [`Error::InvalidDate`] for a day that does not exist.
///
/// # Example
///
/// ```
/// use care_core::calendar::date;
/// assert_eq!(date(2024, 2, 29)?.to_string(), "2024-02-29");
/// assert!(date(2026, 2, 29).is_err());
/// # Ok::<(), care_core::Error>(())
/// ```
pub fn date(year: i32, month: u32, day: u32) -> Result<NaiveDate, Error> {
    NaiveDate::from_ymd_opt(year, month, day).ok_or(Error::InvalidDate { year, month, day })
}

/// The names of the months in Dutch, January first, as invoices and
/// letters print them.
pub const DUTCH_MONTHS: [&str; 12] = [
    "januari",
    "februari",
    "maart",
    "april",
    "mei",
    "juni",
    "juli",
    "augustus",
    "september",
    "oktober",
    "november",
    "december",
];

/// One Belgian public holiday: a fixed day of the year, or a number of days
/// after Easter Sunday.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum HolidayRule {
    Fixed { month: u32, day: u32 },
    AfterEaster(i64),
}

/// The ten Belgian public holidays (RULES.md, reference data; Royal Decree
/// of 18 April 1974 on the general public holidays).
const PUBLIC_HOLIDAYS: [(&str, HolidayRule); 10] = [
    ("Nieuwjaar", HolidayRule::Fixed { month: 1, day: 1 }),
    ("Paasmaandag", HolidayRule::AfterEaster(1)),
    (
        "Feest van de Arbeid",
        HolidayRule::Fixed { month: 5, day: 1 },
    ),
    ("O.L.H. Hemelvaart", HolidayRule::AfterEaster(39)),
    ("Pinkstermaandag", HolidayRule::AfterEaster(50)),
    (
        "Nationale feestdag",
        HolidayRule::Fixed { month: 7, day: 21 },
    ),
    (
        "O.L.V. Hemelvaart",
        HolidayRule::Fixed { month: 8, day: 15 },
    ),
    ("Allerheiligen", HolidayRule::Fixed { month: 11, day: 1 }),
    ("Wapenstilstand", HolidayRule::Fixed { month: 11, day: 11 }),
    ("Kerstmis", HolidayRule::Fixed { month: 12, day: 25 }),
];

/// Easter Sunday of `year` by the Gregorian computus (anonymous Gregorian
/// algorithm, Meeus/Jones/Butcher).
///
/// # Example
///
/// ```
/// use care_core::calendar::easter;
/// use chrono::NaiveDate;
/// assert_eq!(easter(2026), NaiveDate::from_ymd_opt(2026, 4, 5));
/// ```
pub fn easter(year: i32) -> Option<NaiveDate> {
    let a = year.rem_euclid(19);
    let b = year.div_euclid(100);
    let c = year.rem_euclid(100);
    let d = b / 4;
    let e = b % 4;
    let f = (b + 8) / 25;
    let g = (b - f + 1) / 3;
    let h = (19 * a + b - d - g + 15).rem_euclid(30);
    let i = c / 4;
    let k = c % 4;
    let l = (32 + 2 * e + 2 * i - h - k).rem_euclid(7);
    let m = (a + 11 * h + 22 * l) / 451;
    let month = (h + l - 7 * m + 114) / 31;
    let day = (h + l - 7 * m + 114) % 31 + 1;
    NaiveDate::from_ymd_opt(year, month as u32, day as u32)
}

/// The Belgian public holidays of `year`, in date order, with their Dutch
/// names.
///
/// # Example
///
/// ```
/// use care_core::calendar::public_holidays;
/// let holidays = public_holidays(2026);
/// assert_eq!(holidays.len(), 10);
/// assert_eq!(holidays[1].1, "Paasmaandag");
/// assert_eq!(holidays[1].0.to_string(), "2026-04-06");
/// ```
pub fn public_holidays(year: i32) -> Vec<(NaiveDate, &'static str)> {
    let mut days: Vec<(NaiveDate, &'static str)> = PUBLIC_HOLIDAYS
        .iter()
        .filter_map(|(name, rule)| {
            let date = match *rule {
                HolidayRule::Fixed { month, day } => NaiveDate::from_ymd_opt(year, month, day),
                HolidayRule::AfterEaster(n) => easter(year).map(|e| e + Duration::days(n)),
            };
            date.map(|d| (d, *name))
        })
        .collect();
    days.sort();
    days
}

/// True for a Belgian public holiday.
///
/// # Example
///
/// ```
/// use care_core::calendar::{date, is_public_holiday};
/// assert!(is_public_holiday(date(2026, 7, 21)?)); // national holiday
/// assert!(is_public_holiday(date(2026, 4, 6)?)); // Easter Monday
/// assert!(!is_public_holiday(date(2026, 7, 22)?));
/// # Ok::<(), care_core::Error>(())
/// ```
pub fn is_public_holiday(day: NaiveDate) -> bool {
    public_holidays(day.year()).iter().any(|(d, _)| *d == day)
}

/// True for a weekday that is not a Belgian public holiday.
///
/// # Example
///
/// ```
/// use care_core::calendar::is_working_day;
/// use chrono::NaiveDate;
/// let d = |m, day| care_core::calendar::date(2026, m, day);
/// assert!(is_working_day(d(4, 7)?));
/// assert!(!is_working_day(d(4, 6)?)); // Easter Monday
/// assert!(!is_working_day(d(4, 11)?)); // Saturday
/// # Ok::<(), care_core::Error>(())
/// ```
pub fn is_working_day(day: NaiveDate) -> bool {
    !matches!(day.weekday(), Weekday::Sat | Weekday::Sun) && !is_public_holiday(day)
}

/// The day that is `n` working days after `day` (`day` itself not counted).
///
/// # Example
///
/// ```
/// use care_core::calendar::add_working_days;
/// use chrono::NaiveDate;
/// let friday = care_core::calendar::date(2026, 12, 18)?;
/// // 21, 22, 23, 24, (25 Christmas), 28
/// assert_eq!(add_working_days(friday, 5), care_core::calendar::date(2026, 12, 28)?);
/// # Ok::<(), care_core::Error>(())
/// ```
pub fn add_working_days(day: NaiveDate, n: u32) -> NaiveDate {
    let mut current = day;
    let mut left = n;
    while left > 0 {
        current += Duration::days(1);
        if is_working_day(current) {
            left -= 1;
        }
    }
    current
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn easter_matches_published_dates() {
        let table = [
            (2019, 4, 21),
            (2020, 4, 12),
            (2021, 4, 4),
            (2022, 4, 17),
            (2023, 4, 9),
            (2024, 3, 31),
            (2025, 4, 20),
            (2026, 4, 5),
            (2027, 3, 28),
            (2038, 4, 25),
        ];
        for (y, m, d) in table {
            assert_eq!(easter(y), NaiveDate::from_ymd_opt(y, m, d), "{y}");
        }
    }

    #[test]
    fn ascension_and_whit_monday_2026() {
        let h = public_holidays(2026);
        let names: Vec<_> = h.iter().map(|(d, n)| format!("{d} {n}")).collect();
        assert!(names.contains(&"2026-05-14 O.L.H. Hemelvaart".to_string()));
        assert!(names.contains(&"2026-05-25 Pinkstermaandag".to_string()));
    }

    #[test]
    fn month_parsing_rejects_bad_input() {
        for bad in ["2026-13", "2026-6", "26-06", "2026/06", "", "2026-00"] {
            assert!(bad.parse::<BillingMonth>().is_err(), "{bad}");
        }
        let m: BillingMonth = "2026-12".parse().unwrap(); // ok: test
        assert_eq!(m.next().to_string(), "2027-01");
        assert_eq!(m.next().previous(), m);
    }
}
