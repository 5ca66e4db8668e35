//! The updates feed: every update once, oldest first, and each findable by its key.
//!
//! An update syncs under a key made from its content ([`Update::key`]), so the same post made on
//! two devices is one record. The feed keeps each update under its date and key: it is always
//! in the order every replica shows (by date, then key), posting or finding one costs a few
//! comparisons however long the feed is, and nothing ever has to sort it.

use std::collections::BTreeMap;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::{Date, Update};

/// Every update of a coalition, oldest first. Serialized as a list of updates.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Updates {
    /// The updates in feed order.
    feed: BTreeMap<(Date, String), Update>,
    /// The date of each update, by key: where to find it in `feed`.
    dates: BTreeMap<String, Date>,
}

impl Updates {
    pub fn len(&self) -> usize {
        self.feed.len()
    }

    pub fn is_empty(&self) -> bool {
        self.feed.is_empty()
    }

    /// The updates, oldest first (`.rev()` for newest first).
    pub fn iter(&self) -> impl DoubleEndedIterator<Item = &Update> + ExactSizeIterator {
        self.feed.values()
    }

    /// The updates with their keys, oldest first.
    pub fn keyed(&self) -> impl Iterator<Item = (&str, &Update)> {
        self.feed.iter().map(|((_, key), u)| (key.as_str(), u))
    }

    /// The update stored under `key`, if there is one.
    pub fn get(&self, key: &str) -> Option<&Update> {
        let date = *self.dates.get(key)?;
        self.feed.get(&(date, key.to_string()))
    }

    /// Whether the feed holds this very update.
    pub fn contains(&self, update: &Update) -> bool {
        self.dates.contains_key(&update.key())
    }

    /// Adds `update` in its place in the feed; returns false (and changes nothing) if the feed
    /// already held it.
    pub(crate) fn put(&mut self, update: Update) -> bool {
        let key = update.key();
        if self.dates.contains_key(&key) {
            return false;
        }
        self.dates.insert(key.clone(), update.date);
        self.feed.insert((update.date, key), update);
        true
    }

    /// Takes the update stored under `key` out of the feed, returning it.
    pub fn remove(&mut self, key: &str) -> Option<Update> {
        let date = self.dates.remove(key)?;
        self.feed.remove(&(date, key.to_string()))
    }

    pub fn clear(&mut self) {
        self.feed.clear();
        self.dates.clear();
    }
}

impl FromIterator<Update> for Updates {
    /// Collects updates into a feed; an update met twice is kept once.
    fn from_iter<I: IntoIterator<Item = Update>>(iter: I) -> Self {
        let mut updates = Updates::default();
        for update in iter {
            updates.put(update);
        }
        updates
    }
}

impl Serialize for Updates {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(self.feed.values())
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
