//! Time per pipeline stage, for `modelgen generate --timings` and the
//! benchmark (`bench/run`).
//!
//! Code marks a stage with a [`span`] guard. Spans are exclusive per thread:
//! opening a span pauses the one already open on that thread (the pipeline
//! wraps a whole front end in `Lower`, and the front end marks its file
//! reads `Read` and its parsing `Parse` inside it), so each instant counts
//! for exactly one stage. Work spread over threads marks its stages on the
//! worker threads, and the thread that waits for them opens a [`waiting`]
//! span, which counts for no stage. Stage totals are therefore CPU time
//! summed over threads (on two busy cores they add up to about twice the
//! wall time). A span costs two clock reads and an atomic add, so it is
//! always on.

use std::cell::Cell;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Stage {
    /// Reading input files.
    Read,
    /// Markdown / YAML / JSON text -> source structures.
    Parse,
    /// Source structures -> IR (resolution, naming, checks).
    Lower,
    /// IR -> Rust syntax trees.
    Codegen,
    /// Syntax trees -> formatted text (prettyplease).
    Format,
    /// Writing output files.
    Write,
}

impl Stage {
    pub const ALL: [Stage; 6] = [
        Stage::Read,
        Stage::Parse,
        Stage::Lower,
        Stage::Codegen,
        Stage::Format,
        Stage::Write,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Stage::Read => "read",
            Stage::Parse => "parse",
            Stage::Lower => "lower",
            Stage::Codegen => "codegen",
            Stage::Format => "format",
            Stage::Write => "write",
        }
    }
}

#[allow(clippy::declare_interior_mutable_const)]
const ZERO: AtomicU64 = AtomicU64::new(0);
static NANOS: [AtomicU64; 6] = [ZERO; 6];

/// What a thread is doing: a stage, or `None` while it waits for others.
type Doing = Option<Stage>;

thread_local! {
    /// The span open on this thread and when it (last) resumed.
    static OPEN: Cell<Option<(Doing, Instant)>> = const { Cell::new(None) };
}

fn add(stage: Doing, since: Instant, now: Instant) {
    let Some(stage) = stage else { return };
    let nanos = now.saturating_duration_since(since).as_nanos();
    NANOS[stage as usize].fetch_add(u64::try_from(nanos).unwrap_or(u64::MAX), Ordering::Relaxed);
}

/// Guard returned by [`span`]; the stage's time stops when it drops.
#[must_use = "the span ends when this guard is dropped"]
pub struct Span {
    stage: Doing,
    outer: Option<Doing>,
}

/// Starts timing `stage` on this thread until the guard drops, pausing the
/// span already open here (if any).
pub fn span(stage: Stage) -> Span {
    open(Some(stage))
}

/// Marks this thread as waiting for worker threads (which time their own
/// stages) until the guard drops: the span open here is paused.
pub fn waiting() -> Span {
    open(None)
}

fn open(stage: Doing) -> Span {
    let now = Instant::now();
    let outer = OPEN.with(|o| {
        let outer = o.get().map(|(s, since)| {
            add(s, since, now);
            s
        });
        o.set(Some((stage, now)));
        outer
    });
    Span { stage, outer }
}

impl Drop for Span {
    fn drop(&mut self) {
        let now = Instant::now();
        OPEN.with(|o| {
            if let Some((s, since)) = o.get() {
                add(s, since, now);
            }
            debug_assert!(
                o.get().map(|(s, _)| s) == Some(self.stage),
                "timing spans must nest"
            );
            o.set(self.outer.map(|s| (s, now)));
        });
    }
}

/// Runs `f` inside a span of `stage`.
pub fn time<T>(stage: Stage, f: impl FnOnce() -> T) -> T {
    let _span = span(stage);
    f()
}

/// Time per stage recorded in this process so far (summed over threads).
pub fn totals() -> Vec<(Stage, Duration)> {
    Stage::ALL
        .iter()
        .map(|&s| {
            (
                s,
                Duration::from_nanos(NANOS[s as usize].load(Ordering::Relaxed)),
            )
        })
        .collect()
}

/// Clears the totals (between runs in one process).
pub fn reset() {
    for n in &NANOS {
        n.store(0, Ordering::Relaxed);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn busy(d: Duration) {
        let t = Instant::now();
        while t.elapsed() < d {
            std::hint::spin_loop();
        }
    }

    #[test]
    fn nested_spans_are_exclusive() {
        // Totals are process-wide and other tests may add to them, so check
        // lower bounds there and exclusivity on this thread's open span.
        std::thread::spawn(|| {
            let before = totals();
            {
                let _outer = span(Stage::Codegen);
                busy(Duration::from_millis(20));
                let paused_at = Instant::now();
                {
                    let _inner = span(Stage::Format);
                    assert_eq!(OPEN.with(|o| o.get().map(|(s, _)| s)), Some(Some(Stage::Format)));
                    busy(Duration::from_millis(30));
                }
                // The outer span resumed after the inner one: the inner
                // time is not counted for it again.
                let (s, since) = OPEN.with(|o| o.get()).unwrap();
                assert_eq!(s, Some(Stage::Codegen));
                assert!(since >= paused_at + Duration::from_millis(30));
            }
            assert!(OPEN.with(|o| o.get()).is_none());
            {
                let _wait = waiting();
                assert_eq!(OPEN.with(|o| o.get().map(|(s, _)| s)), Some(None));
            }
            let after = totals();
            let delta = |s: Stage| after[s as usize].1 - before[s as usize].1;
            assert!(delta(Stage::Format) >= Duration::from_millis(30));
            assert!(delta(Stage::Codegen) >= Duration::from_millis(20));
        })
        .join()
        .unwrap();
    }
}
