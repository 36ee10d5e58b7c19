//! Which log entries a TailLogEntries session sends next, I/O-free: the session polls
//! REST's `entries.list` with a timestamp floor, and [`Tail`] turns each poll's answer
//! into the entries not sent yet, so none is sent twice and none within the buffer
//! window is missed, entries with equal timestamps included.
//!
//! An entry is known by its key, `(timestamp, insertId)`. The session remembers the keys
//! it sent above a watermark and forgets those below it: an entry is sent when its key
//! is above the watermark and not remembered (so the first poll's answer is sent whole). The watermark only rises, to the highest
//! forgotten key, so a forgotten entry that comes back (a poll overlaps the one before
//! by the buffer window, and a build's log is answered whole) is never sent again.
//! Entries stored later than the window after their timestamp (a request slower than
//! the window is logged when it ends, stamped when it began) may fall below the floor
//! and are not asked for again.

use std::collections::BTreeSet;

/// An entry's place in a session: its timestamp (ns since the epoch), then its
/// `insertId` in numeric order when it is a number (runlane's are: `"9"` comes before
/// `"10"`), else in text order after every number.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) struct Key {
    timestamp_ns: i64,
    insert_id: InsertId,
}

#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum InsertId {
    /// Below every insertId (no entry has it): a floor's key.
    Lowest,
    Number(u64),
    Text(String),
}

impl Key {
    pub(crate) fn new(timestamp_ns: i64, insert_id: &str) -> Key {
        let insert_id = match insert_id.parse() {
            Ok(n) if !insert_id.starts_with('+') => InsertId::Number(n),
            _ => InsertId::Text(insert_id.to_owned()),
        };
        Key {
            timestamp_ns,
            insert_id,
        }
    }

    pub(crate) fn timestamp_ns(&self) -> i64 {
        self.timestamp_ns
    }

    /// Below every key at `timestamp_ns` or later.
    fn floor(timestamp_ns: i64) -> Key {
        Key {
            timestamp_ns,
            insert_id: InsertId::Lowest,
        }
    }
}

/// One tail session's memory of what it sent.
#[derive(Debug)]
pub(crate) struct Tail {
    /// How late an entry may be stored and still be sent (the request's `buffer_window`).
    window_ns: i64,
    /// No entry at or below this key is sent.
    watermark: Key,
    /// The keys sent above the watermark.
    sent: BTreeSet<Key>,
    /// The timestamp the next poll asks from.
    floor_ns: i64,
}

impl Tail {
    /// A session whose first poll asks from `from_ns`, for entries stored up to
    /// `window_ns` after their timestamp. What the first poll answers is sent whole: the
    /// log store answers from the floor, and a build's log (which has one timestamp, the
    /// build's start) is answered whole, so its lines from before the session are sent too.
    pub(crate) fn new(from_ns: i64, window_ns: i64) -> Tail {
        Tail {
            window_ns,
            watermark: Key::floor(i64::MIN),
            sent: BTreeSet::new(),
            floor_ns: from_ns,
        }
    }

    /// The oldest timestamp the next poll needs (ns since the epoch).
    pub(crate) fn floor_ns(&self) -> i64 {
        self.floor_ns
    }

    /// Of one poll's entries (any order, keyed by `key`), those not sent yet, in key
    /// order; they count as sent from now on.
    pub(crate) fn fresh<E>(&mut self, entries: Vec<E>, key: impl Fn(&E) -> Key) -> Vec<E> {
        let mut keyed: Vec<(Key, E)> = entries.into_iter().map(|e| (key(&e), e)).collect();
        keyed.sort_by(|a, b| a.0.cmp(&b.0));
        keyed.dedup_by(|a, b| a.0 == b.0);
        keyed
            .into_iter()
            .filter(|(k, _)| *k > self.watermark && self.sent.insert(k.clone()))
            .map(|(_, e)| e)
            .collect()
    }

    /// After a poll made at `now_ns`: the next one asks from one window before `now_ns`
    /// (never earlier than this one did, and no later than `unread_ns`, the timestamp of
    /// the first entry the poll left unread when it stopped paging early), and the keys
    /// below that are forgotten.
    pub(crate) fn advance(&mut self, now_ns: i64, unread_ns: Option<i64>) {
        let mut floor_ns = now_ns.saturating_sub(self.window_ns);
        if let Some(unread) = unread_ns {
            floor_ns = floor_ns.min(unread);
        }
        self.floor_ns = self.floor_ns.max(floor_ns);
        let keep = self.sent.split_off(&Key::floor(self.floor_ns));
        if let Some(highest) = self.sent.last() {
            self.watermark = self.watermark.clone().max(highest.clone());
        }
        self.sent = keep;
    }

    /// How many keys the session remembers (bounded by the entries of one window).
    #[cfg(test)]
    fn remembered(&self) -> usize {
        self.sent.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const S: i64 = 1_000_000_000;

    /// An entry: (timestamp in seconds, insertId).
    type E = (i64, &'static str);

    fn key(e: &E) -> Key {
        Key::new(e.0 * S, e.1)
    }

    /// Runs polls, each (time of the poll in seconds, what it answers), and returns what
    /// each sent.
    /// `honours_floor`: whether the answers leave out entries below the poll's floor, as
    /// the log store does (a build's log does not).
    fn check(window_s: i64, honours_floor: bool, polls: &[(i64, Vec<E>)], expected: &[Vec<E>]) {
        let mut tail = Tail::new((polls[0].0 - window_s) * S, window_s * S);
        let mut got = Vec::new();
        for (now, answer) in polls {
            let answer = answer
                .iter()
                .filter(|e| !honours_floor || e.0 * S >= tail.floor_ns())
                .copied()
                .collect();
            got.push(tail.fresh(answer, key));
            tail.advance(now * S, None);
        }
        assert_eq!(got, expected);
    }

    #[test]
    fn each_entry_is_sent_once_in_timestamp_then_insert_id_order() {
        check(
            2,
            true,
            &[
                (100, vec![(100, "2"), (100, "10"), (101, "1")]),
                (101, vec![(100, "10"), (101, "1"), (100, "2"), (101, "11")]),
                (102, vec![(101, "11"), (102, "12")]),
            ],
            &[
                vec![(100, "2"), (100, "10"), (101, "1")],
                vec![(101, "11")],
                vec![(102, "12")],
            ],
        );
    }

    #[test]
    fn entries_before_the_window_before_the_start_are_not_asked_for() {
        check(
            2,
            true,
            &[(100, vec![(97, "1"), (98, "2"), (99, "3")])],
            &[vec![(98, "2"), (99, "3")]],
        );
    }

    #[test]
    fn an_entry_stored_late_within_the_window_is_sent_and_one_later_than_that_is_not() {
        // (101, "2") is stored 3 s late, within the window of the poll at 104; (101, "5")
        // is stored 5 s late, after the floor passed it.
        check(
            2,
            true,
            &[
                (100, vec![(100, "1")]),
                (103, vec![(100, "1"), (102, "3")]),
                (104, vec![(101, "2"), (102, "3"), (102, "4")]),
                (106, vec![(101, "5"), (104, "6")]),
            ],
            &[
                vec![(100, "1")],
                vec![(102, "3")],
                vec![(101, "2"), (102, "4")],
                vec![(104, "6")],
            ],
        );
    }

    #[test]
    fn an_answer_that_ignores_the_floor_repeats_nothing_and_loses_no_new_line() {
        // A build's log: every line at the build's start, answered whole each time; the
        // session starts 5 s after the build did, and sends what was logged before too.
        let lines = ["b-0", "b-1", "b-2", "b-3"];
        let whole = |n: usize| lines[..n].iter().map(|l| (100, *l)).collect::<Vec<E>>();
        check(
            2,
            false,
            &[
                (105, whole(2)),
                (106, whole(2)),
                (110, whole(3)),
                (120, whole(3)),
                (130, whole(4)),
            ],
            &[
                whole(2),
                vec![],
                vec![(100, "b-2")],
                vec![],
                vec![(100, "b-3")],
            ],
        );
    }

    #[test]
    fn a_poll_cut_short_keeps_its_floor_at_the_first_unread_entry() {
        let mut tail = Tail::new(98 * S, 2 * S);
        assert_eq!(
            tail.fresh(vec![(100, "1"), (101, "2")], key),
            vec![(100, "1"), (101, "2")]
        );
        tail.advance(200 * S, Some(101 * S));
        assert_eq!(tail.floor_ns(), 101 * S);
        assert_eq!(
            tail.fresh(vec![(101, "2"), (101, "3"), (150, "4")], key),
            vec![(101, "3"), (150, "4")]
        );
        tail.advance(201 * S, None);
        assert_eq!(
            tail.floor_ns(),
            199 * S,
            "a complete poll moves the floor to one window before now"
        );
        assert_eq!(tail.remembered(), 0);
        tail.advance(150 * S, None);
        assert_eq!(tail.floor_ns(), 199 * S, "the floor never moves back");
    }

    #[test]
    fn memory_is_one_window_of_entries() {
        let mut tail = Tail::new(-2 * S, 2 * S);
        for t in 0..1000 {
            let sent = tail.fresh(vec![(t, "1"), (t, "2")], |e: &E| {
                Key::new(e.0 * S, &format!("{}{}", e.0, e.1))
            });
            assert_eq!(sent.len(), 2);
            tail.advance(t * S, None);
            assert!(tail.remembered() <= 6, "{} keys at {t}", tail.remembered());
        }
    }

    #[test]
    fn insert_ids_order_numbers_numerically_and_text_after_them() {
        let mut keys = vec![
            Key::new(5, "b"),
            Key::new(5, "10"),
            Key::new(5, "9"),
            Key::new(5, "a"),
            Key::new(4, "z"),
        ];
        keys.sort();
        assert_eq!(
            keys,
            vec![
                Key::new(4, "z"),
                Key::new(5, "9"),
                Key::new(5, "10"),
                Key::new(5, "a"),
                Key::new(5, "b")
            ]
        );
    }
}
