/// Days since 1970-01-01 in the learner's local calendar. Review scheduling
/// only needs "which day is it", and a plain number keeps the core free of a
/// clock and of time-zone rules: the host converts once, at the edge.
pub type Day = u32;

const MILLIS_PER_DAY: i64 = 86_400_000;

/// Converts JavaScript's `Date.now()` and the local offset (minutes east of
/// UTC, i.e. `-new Date().getTimezoneOffset()`) to a day number, so that
/// "tomorrow" flips at the learner's midnight rather than at UTC midnight.
pub fn day_from_unix_millis(millis: i64, utc_offset_minutes: i32) -> Day {
    let local = millis.saturating_add(i64::from(utc_offset_minutes) * 60_000);
    let day = local.div_euclid(MILLIS_PER_DAY);
    Day::try_from(day.max(0)).unwrap_or(Day::MAX)
}
