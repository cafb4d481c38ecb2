//! Work spread over the cores: the front ends parse and lower thousands of
//! independent docs, and a run is short, so plain scoped threads do.

use crate::timing::{self, Stage};

/// Maps `f` over `items` on up to `max_threads` threads (interleaved, so
/// each gets a similar mix of big and small items; fewer when there are
/// under `min_per_thread` items per thread) and returns the results in input
/// order. Each worker counts its time for `stage`. A slot is `None` only if
/// its worker panicked; callers report that as an internal error.
pub fn map<T: Sync, R: Send>(
    items: &[T],
    max_threads: usize,
    min_per_thread: usize,
    stage: Stage,
    f: impl Fn(&T) -> R + Sync,
) -> Vec<Option<R>> {
    let threads = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .clamp(1, max_threads.max(1))
        .min(items.len().div_ceil(min_per_thread.max(1)).max(1));
    if threads <= 1 {
        return items.iter().map(|item| Some(f(item))).collect();
    }
    let mut results: Vec<Option<R>> = (0..items.len()).map(|_| None).collect();
    let _waiting = timing::waiting();
    let parts: Vec<Vec<(usize, R)>> = std::thread::scope(|s| {
        let handles: Vec<_> = (0..threads)
            .map(|t| {
                let f = &f;
                s.spawn(move || {
                    let _timing = timing::span(stage);
                    items.iter().enumerate().skip(t).step_by(threads).map(|(i, item)| (i, f(item))).collect()
                })
            })
            .collect();
        handles.into_iter().map(|h| h.join().unwrap_or_default()).collect()
    });
    for (i, r) in parts.into_iter().flatten() {
        if let Some(slot) = results.get_mut(i) {
            *slot = Some(r);
        }
    }
    results
}
