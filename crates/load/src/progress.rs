//! Live progress on standard error while the load runs: an indicatif bar on a terminal
//! (requests done, current rate, errors, p99 so far), one plain line a second otherwise
//! (CI logs, pipes). Fed by the engine's ticks; it decides nothing.

use crate::config::Config;
use crate::stats::Totals;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use std::collections::VecDeque;
use std::io::Write;
use std::time::Duration;

/// Progress output for one run.
pub struct Progress {
    style: Style,
    /// (elapsed, requests) at recent ticks, for the current rate over about a second.
    recent: VecDeque<(Duration, u64)>,
    next_line: Duration,
}

enum Style {
    Bar {
        bar: ProgressBar,
        by_time: Option<Duration>,
    },
    Lines,
}

const LINE_EVERY: Duration = Duration::from_secs(1);

impl Progress {
    /// A bar when standard error is a terminal, plain lines otherwise.
    pub fn new(config: &Config, tty: bool) -> Progress {
        let style = if tty {
            // A duration-bound run shows time; a count-bound one shows requests.
            let (len, by_time, template) = match (config.duration, config.limit) {
                (Some(d), _) => (
                    d.as_millis() as u64,
                    Some(d),
                    "{spinner} [{elapsed_precise}] {wide_bar} {msg}",
                ),
                (None, Some(n)) => (
                    n,
                    None,
                    "{spinner} [{elapsed_precise}] {wide_bar} {pos}/{len} {msg}",
                ),
                (None, None) => (0, None, "{spinner} [{elapsed_precise}] {msg}"),
            };
            let bar =
                ProgressBar::with_draw_target(Some(len), ProgressDrawTarget::stderr_with_hz(10));
            if let Ok(s) = ProgressStyle::with_template(template) {
                bar.set_style(s.progress_chars("=> "));
            }
            Style::Bar { bar, by_time }
        } else {
            Style::Lines
        };
        Progress {
            style,
            recent: VecDeque::new(),
            next_line: LINE_EVERY,
        }
    }

    /// Shows the totals after `elapsed`.
    pub fn tick(&mut self, totals: &Totals, elapsed: Duration) {
        let requests = totals.requests();
        self.recent.push_back((elapsed, requests));
        while self.recent.len() > 2 && elapsed - self.recent[0].0 > LINE_EVERY {
            self.recent.pop_front();
        }
        let (t0, n0) = self.recent[0];
        let window = (elapsed - t0).as_secs_f64();
        let rate = if window > 0.0 {
            (requests - n0) as f64 / window
        } else {
            0.0
        };
        let p99 = totals.quantile(0.99).map_or_else(
            || "-".to_owned(),
            |d| format!("{:.3} ms", d.as_secs_f64() * 1e3),
        );
        let errors = totals.failures();
        match &self.style {
            Style::Bar { bar, by_time } => {
                match by_time {
                    Some(d) => {
                        bar.set_position(elapsed.min(*d).as_millis() as u64);
                        bar.set_message(format!("{:.0}/{:.0}s  {requests} req  {rate:.0} req/s  {errors} errors  p99 {p99}", elapsed.as_secs_f64(), d.as_secs_f64()));
                    }
                    None => {
                        bar.set_position(requests);
                        bar.set_message(format!("{rate:.0} req/s  {errors} errors  p99 {p99}"));
                    }
                }
            }
            Style::Lines => {
                if elapsed >= self.next_line {
                    self.next_line = elapsed + LINE_EVERY;
                    let line = format!("runlane load: {:.0}s  {requests} requests  {rate:.0} req/s  {errors} errors  p99 {p99}\n", elapsed.as_secs_f64());
                    let _ = std::io::stderr().lock().write_all(line.as_bytes());
                }
            }
        }
    }

    /// Removes the bar before the report is printed.
    pub fn finish(&self) {
        if let Style::Bar { bar, .. } = &self.style {
            bar.finish_and_clear();
        }
    }
}
