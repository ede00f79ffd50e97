//! Business-hours arithmetic for the response metrics (S, h and the newcomer window are
//! counted in business hours: a question asked on Friday evening is not "two days
//! unanswered" on Monday morning).
//!
//! One fixed UTC offset is used: daylight-saving changes are out of scope, so around a
//! change the result can be off by the shift (one hour) for spans crossing it.

use std::borrow::Cow;

use serde::{Deserialize, Serialize};

use crate::dates::UnixSeconds;

const DAY: i64 = 86_400;
const MINUTE: i64 = 60;
const MINUTES_PER_DAY: i64 = 24 * 60;

/// When the community is "open": working weekdays, a daily window in local time, and
/// holidays. A window whose end is not after its start is empty (overnight shifts are
/// not supported), so every span is then worth zero business seconds.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct BusinessHours {
    /// Monday first, Sunday last.
    pub working_days: [bool; 7],
    /// Minutes after local midnight (08:30 → 510).
    pub start_minute: u16,
    /// Minutes after local midnight, exclusive (18:30 → 1110); capped at 24:00.
    pub end_minute: u16,
    /// Local = UTC + offset; the viewer's zone, like `DateContext::utc_offset_minutes`.
    pub utc_offset_minutes: i32,
    /// Closed days, as local days since 1970-01-01 (`dates::days_from_civil`). Order and
    /// duplicates do not matter; a holiday falling on a non-working day changes nothing.
    pub holidays: Vec<i64>,
}

impl Default for BusinessHours {
    /// Mon–Fri 08:30–18:30 (the research default), UTC: the caller sets the viewer's
    /// offset, which this module cannot know.
    fn default() -> Self {
        BusinessHours {
            working_days: [true, true, true, true, true, false, false],
            start_minute: 8 * 60 + 30,
            end_minute: 18 * 60 + 30,
            utc_offset_minutes: 0,
            holidays: Vec::new(),
        }
    }
}

/// Monday = 0 … Sunday = 6, for a day count from 1970-01-01 (a Thursday).
pub fn weekday(day: i64) -> usize {
    (day + 3).rem_euclid(7) as usize
}

impl BusinessHours {
    /// Business seconds in `[a, b)`; 0 when `b <= a`. Whole weeks are counted at once,
    /// so a span of years costs the same as a span of days (plus a binary search over
    /// the holidays).
    pub fn business_seconds_between(&self, a: UnixSeconds, b: UnixSeconds) -> i64 {
        if b <= a {
            return 0;
        }
        let holidays = self.sorted_holidays();
        let (day_a, sec_a) = self.local_day_and_second(a);
        let (day_b, sec_b) = self.local_day_and_second(b);
        if day_a == day_b {
            return self.open_seconds_in_day(day_a, sec_a, sec_b, &holidays);
        }
        let first = self.open_seconds_in_day(day_a, sec_a, DAY, &holidays);
        let whole_days = self.open_days_between(day_a + 1, day_b, &holidays);
        let middle = whole_days.saturating_mul(self.open_seconds_per_day());
        let last = self.open_seconds_in_day(day_b, 0, sec_b, &holidays);
        first.saturating_add(middle).saturating_add(last)
    }

    /// Whether `t` falls inside business hours (for the nudge gate's working hours).
    pub fn is_open(&self, t: UnixSeconds) -> bool {
        let holidays = self.sorted_holidays();
        let (day, sec) = self.local_day_and_second(t);
        let (start, end) = self.window();
        self.is_open_day(day, &holidays) && (start..end).contains(&sec)
    }

    /// The daily window in seconds after local midnight; empty when misconfigured.
    fn window(&self) -> (i64, i64) {
        let start = i64::from(self.start_minute).min(MINUTES_PER_DAY) * MINUTE;
        let end = i64::from(self.end_minute).min(MINUTES_PER_DAY) * MINUTE;
        (start, end.max(start))
    }

    fn open_seconds_per_day(&self) -> i64 {
        let (start, end) = self.window();
        end - start
    }

    fn local_day_and_second(&self, t: UnixSeconds) -> (i64, i64) {
        let local = t.saturating_add(i64::from(self.utc_offset_minutes) * MINUTE);
        (local.div_euclid(DAY), local.rem_euclid(DAY))
    }

    fn is_working_weekday(&self, day: i64) -> bool {
        self.working_days[weekday(day)]
    }

    fn is_open_day(&self, day: i64, holidays: &[i64]) -> bool {
        self.is_working_weekday(day) && holidays.binary_search(&day).is_err()
    }

    /// Open seconds of one local day within `[from, to)` seconds after midnight.
    fn open_seconds_in_day(&self, day: i64, from: i64, to: i64, holidays: &[i64]) -> i64 {
        if !self.is_open_day(day, holidays) {
            return 0;
        }
        let (start, end) = self.window();
        (to.min(end) - from.max(start)).max(0)
    }

    /// Open days in `[from, to)`.
    fn open_days_between(&self, from: i64, to: i64, holidays: &[i64]) -> i64 {
        if to <= from {
            return 0;
        }
        let per_week = self.working_days.iter().filter(|&&w| w).count() as i64;
        let weeks = (to - from) / 7;
        let rest = (from + weeks * 7..to)
            .filter(|&d| self.is_working_weekday(d))
            .count() as i64;
        let lo = holidays.partition_point(|&h| h < from);
        let hi = holidays.partition_point(|&h| h < to);
        let closed = holidays[lo..hi]
            .iter()
            .filter(|&&h| self.is_working_weekday(h))
            .count() as i64;
        weeks * per_week + rest - closed
    }

    /// Holidays strictly increasing, as the binary searches need; settings usually
    /// already are, so this rarely copies.
    fn sorted_holidays(&self) -> Cow<'_, [i64]> {
        if self.holidays.windows(2).all(|w| w[0] < w[1]) {
            Cow::Borrowed(&self.holidays)
        } else {
            let mut sorted = self.holidays.clone();
            sorted.sort_unstable();
            sorted.dedup();
            Cow::Owned(sorted)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dates::days_from_civil;

    const H: i64 = 3_600;
    const M: i64 = 60;

    /// 2026-01-05, a Monday (2026-01-01 is a Thursday), 00:00 local.
    fn monday() -> i64 {
        days_from_civil(2026, 1, 5) * DAY
    }

    fn hours() -> BusinessHours {
        BusinessHours::default()
    }

    #[test]
    fn weekdays_are_monday_first() {
        assert_eq!(weekday(0), 3); // 1970-01-01 was a Thursday
        assert_eq!(weekday(days_from_civil(2026, 1, 5)), 0);
        assert_eq!(weekday(days_from_civil(2026, 1, 11)), 6);
        assert_eq!(weekday(-1), 2); // 1969-12-31, a Wednesday
    }

    #[test]
    fn within_one_working_day() {
        // 09:00 → 11:00 on Monday: two hours, all open.
        let m = monday();
        assert_eq!(
            hours().business_seconds_between(m + 9 * H, m + 11 * H),
            2 * H
        );
    }

    #[test]
    fn before_and_after_hours_are_closed() {
        let m = monday();
        let b = hours();
        // 06:00 → 09:00: only 08:30–09:00 counts.
        assert_eq!(b.business_seconds_between(m + 6 * H, m + 9 * H), 30 * M);
        // 17:00 → 22:00: only 17:00–18:30 counts.
        assert_eq!(b.business_seconds_between(m + 17 * H, m + 22 * H), 90 * M);
        // 19:00 → 23:00: nothing.
        assert_eq!(b.business_seconds_between(m + 19 * H, m + 23 * H), 0);
        // Monday 19:00 → Tuesday 08:00: nothing either.
        assert_eq!(b.business_seconds_between(m + 19 * H, m + DAY + 8 * H), 0);
    }

    #[test]
    fn across_a_weekend() {
        let m = monday();
        // Friday 17:30 → next Monday 09:30: Fri 17:30–18:30 (1 h) + Mon 08:30–09:30 (1 h).
        let friday = m + 4 * DAY;
        let next_monday = m + 7 * DAY;
        assert_eq!(
            hours()
                .business_seconds_between(friday + 17 * H + 30 * M, next_monday + 9 * H + 30 * M),
            2 * H
        );
        // Saturday 10:00 → Sunday 15:00: closed all along.
        assert_eq!(
            hours().business_seconds_between(m + 5 * DAY + 10 * H, m + 6 * DAY + 15 * H),
            0
        );
        // A full week, Monday 00:00 → Monday 00:00: 5 days × 10 h.
        assert_eq!(hours().business_seconds_between(m, next_monday), 50 * H);
    }

    #[test]
    fn a_holiday_is_closed() {
        let m = monday();
        let mut b = hours();
        // Tuesday 12:00 → Thursday 12:00 with Wednesday 2026-01-07 a holiday:
        // Tue 12:00–18:30 (6.5 h) + Wed 0 + Thu 08:30–12:00 (3.5 h) = 10 h.
        b.holidays = vec![days_from_civil(2026, 1, 7)];
        assert_eq!(
            b.business_seconds_between(m + DAY + 12 * H, m + 3 * DAY + 12 * H),
            10 * H
        );
        // Without the holiday, Wednesday adds its 10 h.
        assert_eq!(
            hours().business_seconds_between(m + DAY + 12 * H, m + 3 * DAY + 12 * H),
            20 * H
        );
        // Starting and ending on the holiday itself.
        assert_eq!(
            b.business_seconds_between(m + 2 * DAY + 9 * H, m + 2 * DAY + 17 * H),
            0
        );
    }

    #[test]
    fn a_holiday_on_a_weekend_is_not_subtracted_twice() {
        let m = monday();
        let mut b = hours();
        b.holidays = vec![days_from_civil(2026, 1, 10)]; // a Saturday
        assert_eq!(b.business_seconds_between(m, m + 7 * DAY), 50 * H);
    }

    #[test]
    fn unsorted_and_duplicated_holidays() {
        let m = monday();
        let mut b = hours();
        let wed = days_from_civil(2026, 1, 7);
        let thu = days_from_civil(2026, 1, 8);
        b.holidays = vec![thu, wed, thu];
        // Mon 00:00 → next Mon 00:00: 5 days − Wed − Thu = 3 days × 10 h.
        assert_eq!(b.business_seconds_between(m, m + 7 * DAY), 30 * H);
    }

    #[test]
    fn a_year_with_holidays() {
        // 2026-01-05 (Mon) → 2027-01-04 (Mon): 364 days = 52 weeks = 260 working days.
        // Holidays: 2026-05-01 (Fri), 2026-07-14 (Tue), 2026-08-15 (Sat, no effect):
        // 258 days × 10 h = 2,580 h.
        let a = monday();
        let b = days_from_civil(2027, 1, 4) * DAY;
        assert_eq!(hours().business_seconds_between(a, b), 2_600 * H);
        let mut with_holidays = hours();
        with_holidays.holidays = vec![
            days_from_civil(2026, 5, 1),
            days_from_civil(2026, 7, 14),
            days_from_civil(2026, 8, 15),
        ];
        assert_eq!(with_holidays.business_seconds_between(a, b), 2_580 * H);
    }

    #[test]
    fn reversed_or_empty_spans_are_zero() {
        let m = monday();
        assert_eq!(hours().business_seconds_between(m + 11 * H, m + 9 * H), 0);
        assert_eq!(hours().business_seconds_between(m + 9 * H, m + 9 * H), 0);
        assert_eq!(hours().business_seconds_between(i64::MIN, i64::MIN), 0);
    }

    #[test]
    fn extreme_instants_do_not_overflow() {
        let total = hours().business_seconds_between(i64::MIN, i64::MAX);
        assert!(total > 0);
    }

    #[test]
    fn the_offset_moves_the_window() {
        let m = monday();
        let mut paris = hours();
        paris.utc_offset_minutes = 60;
        // 07:30–08:30 UTC is 08:30–09:30 in Paris (winter): one open hour.
        assert_eq!(
            paris.business_seconds_between(m + 7 * H + 30 * M, m + 8 * H + 30 * M),
            H
        );
        // The same UTC span is before opening in UTC.
        assert_eq!(
            hours().business_seconds_between(m + 7 * H + 30 * M, m + 8 * H + 30 * M),
            0
        );
        // Sunday 23:30 UTC is Monday 00:30 in a +60 zone, still closed; a −60 zone sees
        // Friday 18:00 UTC as 17:00 local, still open.
        let mut west = hours();
        west.utc_offset_minutes = -60;
        assert!(west.is_open(m + 4 * DAY + 18 * H));
        assert!(!hours().is_open(m + 4 * DAY + 18 * H + 30 * M));
    }

    #[test]
    fn an_empty_window_gives_zero() {
        let mut b = hours();
        b.start_minute = 18 * 60;
        b.end_minute = 9 * 60;
        let m = monday();
        assert_eq!(b.business_seconds_between(m, m + 7 * DAY), 0);
        assert!(!b.is_open(m + 12 * H));
    }

    #[test]
    fn is_open_at_the_edges() {
        let m = monday();
        let b = hours();
        assert!(!b.is_open(m + 8 * H + 29 * M));
        assert!(b.is_open(m + 8 * H + 30 * M));
        assert!(b.is_open(m + 18 * H + 29 * M));
        assert!(!b.is_open(m + 18 * H + 30 * M)); // the end is exclusive
        assert!(!b.is_open(m + 5 * DAY + 12 * H)); // Saturday
    }

    /// A reference counted minute by minute, over pseudo-random spans within six weeks,
    /// with an unusual week (Sun–Thu), an offset and holidays.
    #[test]
    fn agrees_with_a_minute_by_minute_count() {
        let b = BusinessHours {
            working_days: [true, true, true, true, false, false, true],
            start_minute: 7 * 60 + 45,
            end_minute: 16 * 60 + 15,
            utc_offset_minutes: 150,
            holidays: vec![days_from_civil(2026, 1, 13), days_from_civil(2026, 1, 25)],
        };
        let slow = |a: i64, b_: i64| -> i64 {
            let mut total = 0;
            let mut t = a;
            while t < b_ {
                let local = t + 150 * M;
                let day = local.div_euclid(DAY);
                let minute = local.rem_euclid(DAY) / M;
                let open = b.working_days[weekday(day)]
                    && !b.holidays.contains(&day)
                    && (7 * 60 + 45..16 * 60 + 15).contains(&minute);
                if open {
                    total += M;
                }
                t += M;
            }
            total
        };
        let base = monday() - 3 * DAY;
        let mut seed: u64 = 0x2545_F491_4F6C_DD1D;
        let mut next = |range: i64| {
            seed = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
            ((seed >> 33) as i64).rem_euclid(range)
        };
        for _ in 0..40 {
            let a = base + next(42 * DAY / M) * M;
            let e = a + next(21 * DAY / M) * M;
            assert_eq!(b.business_seconds_between(a, e), slow(a, e), "{a} → {e}");
        }
    }
}
