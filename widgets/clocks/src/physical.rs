//! A process's physical clock: what its time-of-day clock reads at a given
//! real time. Each clock is off by a constant skew and runs fast or slow by
//! a constant drift; both are integers so that every reading is exact and
//! the same natively and in wasm.

/// The error of one process's clock.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct Clock {
    /// How far ahead (positive) or behind (negative) the clock is at real
    /// time 0, in milliseconds.
    pub skew: i64,
    /// How fast (positive) or slow (negative) the clock runs, in parts per
    /// million of real time.
    pub drift_ppm: i64,
}

impl Clock {
    // ANCHOR: reading
    /// The clock's reading at real time `true_time` (milliseconds): true
    /// time, plus the skew, plus the drift accumulated since time 0,
    /// rounded down to a whole millisecond.
    pub fn read(self, true_time: i64) -> i64 {
        let t = i128::from(true_time);
        let drift = (t * i128::from(self.drift_ppm)).div_euclid(1_000_000);
        let reading = t + i128::from(self.skew) + drift;
        // Rounding down keeps the clock monotonic whenever drift is above
        // -100%: a later real time never reads earlier.
        i64::try_from(reading).unwrap_or(if reading < 0 { i64::MIN } else { i64::MAX })
    }
    // ANCHOR_END: reading
}

/// The largest difference between two clocks' readings at real time `t`:
/// how far apart any two processes' timestamps are for the same instant.
pub fn spread(clocks: &[Clock], t: i64) -> i64 {
    let readings = clocks.iter().map(|c| c.read(t));
    let hi = readings.clone().max().unwrap_or(0);
    let lo = readings.min().unwrap_or(0);
    hi.saturating_sub(lo)
}
