//! The server's clock as RFC 3339 text, without a date library.

use std::time::{SystemTime, UNIX_EPOCH};

/// The current UTC time, such as `2026-11-29T12:00:00Z`.
pub fn now_rfc3339() -> String {
    rfc3339(unix_now())
}

/// Seconds since 1970-01-01 UTC: what expiry times are compared in.
pub fn unix_now() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or(0)
}

/// The current calendar month in UTC.
pub fn this_month() -> cairn_core::MonthIndex {
    let days = unix_now().div_euclid(86_400);
    let (y, m, _) = civil_from_days(days);
    cairn_core::MonthIndex::new(y as i32, m as u8)
}

/// `unix` seconds as RFC 3339 text.
pub fn rfc3339(unix: i64) -> String {
    let (days, rest) = (unix.div_euclid(86_400), unix.rem_euclid(86_400));
    let (y, m, d) = civil_from_days(days);
    format!(
        "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}Z",
        rest / 3600,
        rest % 3600 / 60,
        rest % 60
    )
}

/// Howard Hinnant's days-to-civil algorithm: the proleptic Gregorian date `days` after
/// 1970-01-01.
fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let y = yoe + era * 400 + i64::from(m <= 2);
    (y, m, d)
}

#[cfg(test)]
mod tests {
    #[test]
    fn known_days_map_to_their_dates() {
        assert_eq!(super::civil_from_days(0), (1970, 1, 1));
        assert_eq!(super::civil_from_days(20_786), (2026, 11, 29));
        assert_eq!(super::civil_from_days(11_016), (2000, 2, 29));
    }
}
