//! Civil dates (ignore expiry, SBOM timestamps) and instants (VEX statement timestamps).
//!
//! Proleptic Gregorian calendar, UTC. Library code never reads the clock: it
//! takes `today` as a parameter so tests can pin it; only the CLI edge calls
//! [`Date::today_utc`].

use std::fmt;

/// A calendar day. Orders chronologically.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    year: i32,
    month: u8,
    day: u8,
}

impl Date {
    /// A valid date, or `None` (month 13, February 30, …).
    pub fn new(year: i32, month: u32, day: u32) -> Option<Date> {
        if !(1..=12).contains(&month) || day == 0 || day > days_in_month(year, month) {
            return None;
        }
        Some(Date { year, month: month as u8, day: day as u8 })
    }

    pub fn year(self) -> i32 {
        self.year
    }
    pub fn month(self) -> u32 {
        u32::from(self.month)
    }
    pub fn day(self) -> u32 {
        u32::from(self.day)
    }

    /// Strict `YYYY-MM-DD` (four-digit year, two-digit month and day).
    pub fn parse(text: &str) -> Result<Date, String> {
        let bad = || format!("invalid date {text:?}: expected YYYY-MM-DD");
        let b = text.as_bytes();
        if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
            return Err(bad());
        }
        let year = digits(&b[0..4]).ok_or_else(bad)?;
        let month = digits(&b[5..7]).ok_or_else(bad)?;
        let day = digits(&b[8..10]).ok_or_else(bad)?;
        Date::new(year as i32, month, day).ok_or_else(|| format!("invalid date {text:?}: no such day"))
    }

    /// Days since 1970-01-01 (negative before it).
    pub fn days_since_epoch(self) -> i64 {
        days_from_civil(i64::from(self.year), self.month(), self.day())
    }

    /// The day `days` after 1970-01-01.
    pub fn from_days_since_epoch(days: i64) -> Date {
        let (y, m, d) = civil_from_days(days);
        // Any i64 day count within ±5 million years fits an i32 year; clamp
        // rather than wrap for absurd inputs.
        let year = y.clamp(i64::from(i32::MIN), i64::from(i32::MAX)) as i32;
        Date { year, month: m as u8, day: d as u8 }
    }

    /// The day `n` days later (earlier when negative).
    pub fn add_days(self, n: i64) -> Date {
        Date::from_days_since_epoch(self.days_since_epoch() + n)
    }

    /// Today in UTC, from the system clock. Only the CLI edge calls this;
    /// everything else takes `today` as a parameter.
    pub fn today_utc() -> Date {
        let secs = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_secs() as i64)
            .unwrap_or(0);
        Date::from_days_since_epoch(secs.div_euclid(86_400))
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

/// An instant: seconds and nanoseconds since the epoch, UTC. Orders
/// chronologically; used to decide which VEX statement is the latest.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Timestamp {
    pub secs: i64,
    pub nanos: u32,
}

impl Timestamp {
    /// RFC 3339 / ISO 8601: `2024-05-01T12:00:00Z`,
    /// `2023-01-08T18:02:03.647787998-06:00`, `2024-05-01 12:00:00+02:00`,
    /// or a bare date (`2024-05-01`, taken as midnight UTC). A missing
    /// offset is taken as UTC.
    pub fn parse(text: &str) -> Result<Timestamp, String> {
        let bad = || format!("invalid timestamp {text:?}: expected RFC 3339, e.g. 2024-05-01T12:00:00Z");
        let date = Date::parse(text.get(..10).ok_or_else(bad)?).map_err(|_| bad())?;
        let rest = &text.as_bytes()[10..];
        let mut secs = date.days_since_epoch() * 86_400;
        if rest.is_empty() {
            return Ok(Timestamp { secs, nanos: 0 });
        }
        if !matches!(rest[0], b'T' | b't' | b' ') || rest.len() < 9 || rest[3] != b':' || rest[6] != b':' {
            return Err(bad());
        }
        let hour = digits(&rest[1..3]).ok_or_else(bad)?;
        let minute = digits(&rest[4..6]).ok_or_else(bad)?;
        // 60 is a leap second; fold it into the next minute's first second.
        let second = digits(&rest[7..9]).ok_or_else(bad)?;
        if hour > 23 || minute > 59 || second > 60 {
            return Err(bad());
        }
        secs += i64::from(hour * 3600 + minute * 60 + second);
        let mut i = 9;
        let mut nanos = 0u32;
        if rest.get(i) == Some(&b'.') {
            i += 1;
            let start = i;
            while let Some(d @ b'0'..=b'9') = rest.get(i) {
                if i - start < 9 {
                    nanos = nanos * 10 + u32::from(d - b'0');
                }
                i += 1;
            }
            if i == start {
                return Err(bad());
            }
            for _ in (i - start)..9 {
                nanos *= 10;
            }
        }
        match &rest[i..] {
            b"" | b"Z" | b"z" => {}
            [sign @ (b'+' | b'-'), h1, h2, b':', m1, m2] => {
                let oh = digits(&[*h1, *h2]).ok_or_else(bad)?;
                let om = digits(&[*m1, *m2]).ok_or_else(bad)?;
                if oh > 23 || om > 59 {
                    return Err(bad());
                }
                let offset = i64::from(oh * 3600 + om * 60);
                // Local time = UTC + offset, so UTC = local - offset.
                secs += if *sign == b'+' { -offset } else { offset };
            }
            _ => return Err(bad()),
        }
        Ok(Timestamp { secs, nanos })
    }
}

fn digits(b: &[u8]) -> Option<u32> {
    if b.is_empty() || !b.iter().all(u8::is_ascii_digit) {
        return None;
    }
    Some(b.iter().fold(0u32, |n, d| n * 10 + u32::from(d - b'0')))
}

fn is_leap(year: i32) -> bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
}

fn days_in_month(year: i32, month: u32) -> u32 {
    match month {
        2 if is_leap(year) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Days since 1970-01-01 of a civil date. The year is shifted to start in
/// March so the leap day is the last day of the shifted year; 400-year eras
/// of 146 097 days make the arithmetic exact for negative years too.
fn days_from_civil(year: i64, month: u32, day: u32) -> i64 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let year_of_era = y.rem_euclid(400);
    let shifted_month = i64::from((month + 9) % 12); // March = 0 … February = 11
    let day_of_year = (153 * shifted_month + 2) / 5 + i64::from(day) - 1;
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    era * 146_097 + day_of_era - 719_468
}

/// The inverse of [`days_from_civil`].
fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let day_of_era = z.rem_euclid(146_097);
    let year_of_era = (day_of_era - day_of_era / 1460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let shifted_month = (5 * day_of_year + 2) / 153;
    let day = (day_of_year - (153 * shifted_month + 2) / 5 + 1) as u32;
    let month = if shifted_month < 10 { shifted_month + 3 } else { shifted_month - 9 } as u32;
    let year = year_of_era + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> Date {
        Date::new(y, m, day).unwrap()
    }

    #[test]
    fn parses_strict_dates() {
        assert_eq!(Date::parse("2026-01-31"), Ok(d(2026, 1, 31)));
        assert_eq!(Date::parse("2024-02-29"), Ok(d(2024, 2, 29)));
        for bad in ["2023-02-29", "2026-13-01", "2026-00-10", "2026-1-31", "26-01-31", "2026/01/31", "2026-01-31T00:00", "", "２０２６-01-01"] {
            assert!(Date::parse(bad).is_err(), "{bad}");
        }
        assert!(Date::parse("1900-02-29").is_err());
        assert!(Date::parse("2000-02-29").is_ok());
    }

    #[test]
    fn days_round_trip_and_order() {
        assert_eq!(d(1970, 1, 1).days_since_epoch(), 0);
        assert_eq!(d(2000, 3, 1).days_since_epoch(), 11_017);
        assert_eq!(d(1969, 12, 31).days_since_epoch(), -1);
        for days in (-700_000..800_000).step_by(997) {
            let date = Date::from_days_since_epoch(days);
            assert_eq!(date.days_since_epoch(), days, "{date}");
            assert_eq!(Date::parse(&date.to_string()), Ok(date), "{date}");
        }
        assert_eq!(d(2024, 2, 28).add_days(1), d(2024, 2, 29));
        assert_eq!(d(2025, 12, 31).add_days(1), d(2026, 1, 1));
        assert!(d(2026, 1, 31) < d(2026, 2, 1) && d(2025, 12, 31) < d(2026, 1, 1));
        assert_eq!(d(7, 3, 9).to_string(), "0007-03-09");
    }

    #[test]
    fn timestamps_honour_offsets_and_fractions() {
        let t = |s: &str| Timestamp::parse(s).unwrap();
        assert_eq!(t("1970-01-01T00:00:00Z"), Timestamp { secs: 0, nanos: 0 });
        assert_eq!(t("2023-11-14T22:13:20Z").secs, 1_700_000_000);
        assert_eq!(t("2023-11-14T23:13:20+01:00").secs, 1_700_000_000);
        assert_eq!(t("2023-11-14T16:13:20.5-06:00"), Timestamp { secs: 1_700_000_000, nanos: 500_000_000 });
        assert_eq!(t("2023-01-08T18:02:03.647787998-06:00").nanos, 647_787_998);
        assert_eq!(t("2023-11-14 22:13:20").secs, 1_700_000_000);
        assert_eq!(t("2023-11-14").secs, 1_699_920_000);
        // Digits beyond nanoseconds are dropped.
        assert_eq!(t("2024-01-01T00:00:00.0000000001Z"), t("2024-01-01T00:00:00Z"));
        for bad in ["2023-11-14T22:13Z", "2023-11-14T25:00:00Z", "2023-11-14T22:13:20+0100", "2023-11-14T22:13:20.Z", "yesterday", "2023-11-14T"] {
            assert!(Timestamp::parse(bad).is_err(), "{bad}");
        }
    }
}
