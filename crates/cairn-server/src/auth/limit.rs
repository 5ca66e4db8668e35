//! Throttling of password and set-up code guesses, after OWASP's authentication cheat sheet:
//! delays that grow with each failure instead of a hard lock, counted per account *and* network
//! address together, so someone guessing from elsewhere slows themselves down rather than
//! locking the real member out.
//!
//! Three keys are counted for a sign-in (see [`crate::api`]'s accounts routes):
//! - the account and the address together ([`PAIR`]): the one that stops a guesser;
//! - the account from anywhere ([`ACCOUNT`]), against guessing spread over many addresses: its
//!   delay is short, and a browser that signed in to the account before (its device cookie,
//!   [`super::device`]) skips it, so nobody can keep a member out by guessing from elsewhere;
//! - the address across accounts ([`ADDRESS`]), against trying many accounts from one machine:
//!   generous, because members behind one proxy share an address (see `--trust-proxy`), and
//!   skipped by a known device too.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// How long failures are remembered after the latest one.
pub const WINDOW: Duration = Duration::from_secs(15 * 60);

/// How one key is throttled: `free` failures cost nothing; after that each attempt must wait
/// a delay that doubles with each further failure, from one second up to `cap`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Rule {
    pub free: u32,
    pub cap: Duration,
}

impl Rule {
    /// The wait after `failures` failures: nothing within the free ones, then 1 s, 2 s, 4 s, …
    /// up to the cap.
    pub fn delay(&self, failures: u32) -> Duration {
        if failures < self.free {
            return Duration::ZERO;
        }
        let doublings = (failures - self.free).min(20);
        Duration::from_secs(1 << doublings).min(self.cap)
    }
}

/// One account from one address: five free guesses, then up to a quarter of an hour each.
pub const PAIR: Rule = Rule {
    free: 5,
    cap: Duration::from_secs(15 * 60),
};
/// One account from any address (devices it never signed in on): twenty free guesses, then at
/// most a minute each, so guessing spread over many addresses stays slow while nobody can make
/// a member wait more than a minute.
pub const ACCOUNT: Rule = Rule {
    free: 20,
    cap: Duration::from_secs(60),
};
/// One network address across accounts (and for the set-up code): a hundred free guesses.
pub const ADDRESS: Rule = Rule {
    free: 100,
    cap: Duration::from_secs(15 * 60),
};
/// The set-up code from one address. The code has about 60 bits, so guessing it is hopeless
/// anyway; the throttle only keeps a guesser from spending the server's time, and is per
/// address so guesses from elsewhere never delay the operator.
pub const SETUP: Rule = Rule {
    free: 10,
    cap: Duration::from_secs(15 * 60),
};

/// Keys remembered before the ones with nothing recent are forgotten, so a flood of made-up
/// addresses cannot fill memory.
const MAX_KEYS: usize = 100_000;

#[derive(Clone, Copy, Debug)]
struct Failures {
    count: u32,
    latest: Instant,
}

#[derive(Default)]
pub struct Limiter {
    failures: Mutex<HashMap<String, Failures>>,
}

impl Limiter {
    /// Returns `Err` with the time to wait if and only if `key` failed more than `rule` allows
    /// and its delay since the latest failure has not passed. (The routes only ever
    /// [`Limiter::reserve`]; this is how the tests look.)
    #[cfg(test)]
    pub fn check(&self, key: &str, rule: Rule) -> Result<(), Duration> {
        let failures = self.failures.lock().expect("limiter lock");
        Self::wait(&failures, key, rule, Instant::now())
    }

    fn wait(
        failures: &HashMap<String, Failures>,
        key: &str,
        rule: Rule,
        now: Instant,
    ) -> Result<(), Duration> {
        let Some(f) = failures.get(key) else {
            return Ok(());
        };
        let since = now.duration_since(f.latest);
        if since >= WINDOW {
            return Ok(());
        }
        match rule.delay(f.count).checked_sub(since) {
            Some(left) if !left.is_zero() => Err(left),
            _ => Ok(()),
        }
    }

    /// Counts an attempt against every key before any is checked, if and only if none of them
    /// has to wait; otherwise counts nothing and returns the longest wait. Counting first
    /// means attempts sent at once cannot all pass inside one delay; [`Limiter::release`] takes
    /// the attempt back when it turns out right.
    pub fn reserve(&self, keys: &[(&str, Rule)]) -> Result<(), Duration> {
        let mut failures = self.failures.lock().expect("limiter lock");
        let now = Instant::now();
        let longest = keys
            .iter()
            .filter_map(|(key, rule)| Self::wait(&failures, key, *rule, now).err())
            .max();
        if let Some(wait) = longest {
            return Err(wait);
        }
        if failures.len() > MAX_KEYS {
            failures.retain(|_, f| now.duration_since(f.latest) < WINDOW);
        }
        for (key, _) in keys {
            let f = failures.entry(key.to_string()).or_insert(Failures {
                count: 0,
                latest: now,
            });
            if now.duration_since(f.latest) >= WINDOW {
                f.count = 0;
            }
            f.count += 1;
            f.latest = now;
        }
        Ok(())
    }

    /// Takes back the attempt counted against `key` by [`Limiter::reserve`]: the request was
    /// not a wrong guess.
    pub fn release(&self, key: &str) {
        let mut failures = self.failures.lock().expect("limiter lock");
        if let Some(f) = failures.get_mut(key) {
            f.count = f.count.saturating_sub(1);
        }
    }

    /// Forgets `key`'s failures: a member who got their password right starts afresh.
    pub fn forgive(&self, key: &str) {
        self.failures.lock().expect("limiter lock").remove(key);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const RULE: Rule = Rule {
        free: 2,
        cap: Duration::from_secs(8),
    };

    #[test]
    fn the_delay_is_nothing_for_the_free_failures_then_doubles_up_to_the_cap() {
        let delays: Vec<u64> = (0..8).map(|n| RULE.delay(n).as_secs()).collect();
        assert_eq!(delays, [0, 0, 1, 2, 4, 8, 8, 8]);
        assert_eq!(PAIR.delay(u32::MAX), PAIR.cap);
    }

    #[test]
    fn a_key_waits_after_its_free_failures_and_other_keys_do_not() {
        let limiter = Limiter::default();
        assert!(limiter.reserve(&[("a", RULE)]).is_ok());
        assert!(limiter.reserve(&[("a", RULE)]).is_ok());
        let wait = limiter.reserve(&[("a", RULE)]).unwrap_err();
        assert!(wait > Duration::from_millis(900) && wait <= Duration::from_secs(1));
        assert!(limiter.check("b", RULE).is_ok());
        limiter.forgive("a");
        assert!(limiter.check("a", RULE).is_ok());
    }

    #[test]
    fn a_refused_attempt_counts_nothing_on_any_key() {
        let limiter = Limiter::default();
        for _ in 0..2 {
            limiter.reserve(&[("a", RULE), ("b", RULE)]).unwrap();
        }
        assert!(limiter.reserve(&[("a", RULE), ("b", RULE)]).is_err());
        // "c" was free, but the whole attempt waited, so nothing was counted against it.
        assert!(limiter.reserve(&[("b", RULE), ("c", RULE)]).is_err());
        limiter.reserve(&[("c", RULE)]).unwrap();
        limiter.reserve(&[("c", RULE)]).unwrap();
        assert!(limiter.check("c", RULE).is_err());
    }

    #[test]
    fn a_release_gives_the_attempt_back() {
        let limiter = Limiter::default();
        limiter.reserve(&[("k", RULE)]).unwrap();
        limiter.reserve(&[("k", RULE)]).unwrap();
        limiter.release("k");
        assert!(limiter.reserve(&[("k", RULE)]).is_ok());
    }
}
