//! Rate limiting of sign-in: failures counted per account and per address in a sliding
//! window, so guessing passwords is slow for one account and for one machine alike.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// How long failures are remembered.
pub const WINDOW: Duration = Duration::from_secs(15 * 60);
/// Failed sign-ins allowed per account (by the address typed, whether or not it has an
/// account, so the limit says nothing about which do) in one window.
pub const PER_ACCOUNT: usize = 5;
/// Failed attempts allowed per network address in one window.
pub const PER_ADDRESS: usize = 20;

#[derive(Default)]
pub struct Limiter {
    failures: Mutex<HashMap<String, Vec<Instant>>>,
}

impl Limiter {
    /// Returns `Err` with the seconds to wait if and only if `key` failed `max` times within
    /// the window.
    pub fn check(&self, key: &str, max: usize) -> Result<(), u64> {
        let mut failures = self.failures.lock().expect("limiter lock");
        Self::check_locked(&mut failures, key, max)
    }

    fn check_locked(
        failures: &mut HashMap<String, Vec<Instant>>,
        key: &str,
        max: usize,
    ) -> Result<(), u64> {
        let now = Instant::now();
        let Some(times) = failures.get_mut(key) else {
            return Ok(());
        };
        times.retain(|t| now.duration_since(*t) < WINDOW);
        if times.len() < max {
            return Ok(());
        }
        let oldest = times[0];
        Err((WINDOW - now.duration_since(oldest)).as_secs().max(1))
    }

    /// Counts an attempt against `key` before it is checked, if and only if `key` has fewer
    /// than `max` in the window; otherwise returns the seconds to wait. Counting first means
    /// many attempts sent at once cannot all slip under the limit; [`Limiter::release`] takes
    /// back the attempt of a request that turned out right.
    pub fn reserve(&self, key: &str, max: usize) -> Result<(), u64> {
        let mut failures = self.failures.lock().expect("limiter lock");
        Self::check_locked(&mut failures, key, max)?;
        failures
            .entry(key.to_string())
            .or_default()
            .push(Instant::now());
        Ok(())
    }

    /// Takes back the latest attempt counted against `key`.
    pub fn release(&self, key: &str) {
        if let Some(times) = self.failures.lock().expect("limiter lock").get_mut(key) {
            times.pop();
        }
    }

    /// Counts a failure against `key`.
    pub fn fail(&self, key: &str) {
        let mut failures = self.failures.lock().expect("limiter lock");
        let now = Instant::now();
        if failures.len() > 100_000 {
            // Forget keys with nothing recent, so a flood of addresses cannot fill memory.
            failures.retain(|_, times| times.iter().any(|t| now.duration_since(*t) < WINDOW));
        }
        failures.entry(key.to_string()).or_default().push(now);
    }

    /// Forgets `key`'s failures: a member who got their password right starts afresh.
    pub fn forgive(&self, key: &str) {
        self.failures.lock().expect("limiter lock").remove(key);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_key_is_refused_after_its_allowance_and_others_are_not() {
        let limiter = Limiter::default();
        for _ in 0..3 {
            assert!(limiter.check("a", 3).is_ok());
            limiter.fail("a");
        }
        let wait = limiter.check("a", 3).unwrap_err();
        assert!(wait > 0 && wait <= WINDOW.as_secs());
        assert!(limiter.check("b", 3).is_ok());
        limiter.forgive("a");
        assert!(limiter.check("a", 3).is_ok());
    }

    #[test]
    fn reserving_counts_at_once_and_a_release_gives_the_attempt_back() {
        let limiter = Limiter::default();
        assert!(limiter.reserve("k", 2).is_ok());
        assert!(limiter.reserve("k", 2).is_ok());
        assert!(limiter.reserve("k", 2).is_err());
        limiter.release("k");
        assert!(limiter.reserve("k", 2).is_ok());
    }
}
