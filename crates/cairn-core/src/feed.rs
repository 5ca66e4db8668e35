//! The updates feed: every update once, oldest first, and each findable by its key.
//!
//! An update syncs under a key made from its content ([`Update::key`]), so the same post made on
//! two devices is one record. The feed keeps each update with its key, in the order every
//! replica shows (by date, then key): posting one puts it in its place, finding one compares
//! stored keys (it never serializes the feed again), and nothing ever has to sort it.

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::Update;

/// Every update of a coalition, oldest first. Serialized as a list of updates.
// A sorted list rather than a map: the feed holds thousands of posts at most, finding one by its
// stored key is a scan of numbers (microseconds for 10,000), inserting one moves 16 bytes per
// post, and a list costs the bundle far less code than a map keyed two ways.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Updates(Vec<Keyed>);

#[derive(Clone, Debug, PartialEq)]
struct Keyed {
    /// [`Update::key_number`]: the key's hex digits as a number, quick to compare.
    key: u64,
    update: Box<Update>,
}

impl Updates {
    pub fn len(&self) -> usize {
        self.0.len()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The updates, oldest first (`.rev()` for newest first).
    pub fn iter(&self) -> impl DoubleEndedIterator<Item = &Update> + ExactSizeIterator {
        self.0.iter().map(|k| &*k.update)
    }

    /// The updates with their keys ([`Update::key`]), oldest first.
    pub fn keyed(&self) -> impl Iterator<Item = (String, &Update)> {
        self.0
            .iter()
            .map(|k| (format!("{:016x}", k.key), &*k.update))
    }

    /// The update stored under `key`, if there is one.
    pub fn get(&self, key: &str) -> Option<&Update> {
        let key = number(key)?;
        self.find(key).map(|i| &*self.0[i].update)
    }

    fn find(&self, key: u64) -> Option<usize> {
        self.0.iter().position(|k| k.key == key)
    }

    /// Whether the feed holds this very update.
    pub fn contains(&self, update: &Update) -> bool {
        self.find(update.key_number()).is_some()
    }

    /// Adds `update` in its place in the feed (by date, then key); returns false (and changes
    /// nothing) if the feed already held it.
    pub(crate) fn put(&mut self, update: Update) -> bool {
        let key = update.key_number();
        if self.find(key).is_some() {
            return false;
        }
        let at = self
            .0
            .partition_point(|k| (k.update.date, k.key) < (update.date, key));
        self.0.insert(
            at,
            Keyed {
                key,
                update: Box::new(update),
            },
        );
        true
    }

    /// Takes the update stored under `key` out of the feed, returning it.
    pub fn remove(&mut self, key: &str) -> Option<Update> {
        let at = self.find(number(key)?)?;
        Some(*self.0.remove(at).update)
    }

    pub fn clear(&mut self) {
        self.0.clear();
    }
}

/// The number a key's 16 hex digits write; `None` if it is not such a key (no update has it).
fn number(key: &str) -> Option<u64> {
    (key.len() == 16)
        .then(|| u64::from_str_radix(key, 16).ok())
        .flatten()
}

impl FromIterator<Update> for Updates {
    /// Collects updates into a feed; an update met twice is kept once.
    fn from_iter<I: IntoIterator<Item = Update>>(iter: I) -> Self {
        let mut list: Vec<Keyed> = iter
            .into_iter()
            .map(|update| Keyed {
                key: update.key_number(),
                update: Box::new(update),
            })
            .collect();
        list.sort_by_key(|k| (k.update.date, k.key));
        list.dedup_by(|a, b| a.key == b.key);
        Updates(list)
    }
}

impl Serialize for Updates {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(self.iter())
    }
}

impl<'de> Deserialize<'de> for Updates {
    /// Reads a list of updates in any order; an update listed twice is kept once (both copies
    /// would sync as one record anyway).
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        Ok(Vec::<Update>::deserialize(deserializer)?
            .into_iter()
            .collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Date;

    fn update(date: &str, text: &str) -> Update {
        Update {
            date: Date::parse(date).expect("a date"),
            author: "Ana".into(),
            text: text.into(),
            links: Vec::new(),
        }
    }

    #[test]
    fn the_feed_is_oldest_first_whatever_order_updates_were_posted_in() {
        let feed: Updates = [
            update("2026-03-01", "third"),
            update("2026-01-01", "first"),
            update("2026-02-01", "second"),
        ]
        .into_iter()
        .collect();
        let texts: Vec<_> = feed.iter().map(|u| u.text.as_str()).collect();
        assert_eq!(texts, ["first", "second", "third"]);
        let newest: Vec<_> = feed.iter().rev().map(|u| u.text.as_str()).collect();
        assert_eq!(newest, ["third", "second", "first"]);
    }

    #[test]
    fn an_update_is_found_and_removed_by_its_key_and_kept_once() {
        let a = update("2026-01-01", "a");
        let mut feed = Updates::default();
        assert!(feed.put(a.clone()));
        assert!(!feed.put(a.clone()), "the same update twice is one");
        assert_eq!(feed.len(), 1);
        assert_eq!(feed.get(&a.key()), Some(&a));
        assert!(feed.contains(&a));
        assert_eq!(feed.remove(&a.key()), Some(a.clone()));
        assert!(feed.is_empty() && feed.get(&a.key()).is_none());
    }
}
