//! Reading discovered files on every core, with results in input order.
//!
//! Files differ wildly in size (one 1 MB lockfile, hundreds of small
//! manifests), so workers take the next file from a shared counter rather
//! than a fixed share; results are put back in input order so output never
//! depends on scheduling.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;

/// `f` applied to every item, on up to one thread per available core
/// (the process's CPU affinity decides), results in the order of `items`.
pub fn map_in_order<T: Sync, R: Send>(items: &[T], f: impl Fn(&T) -> R + Sync) -> Vec<R> {
    let results = Mutex::new(Vec::with_capacity(items.len()));
    let next = AtomicUsize::new(0);
    let workers = std::thread::available_parallelism().map_or(1, |n| n.get()).min(items.len().max(1));
    std::thread::scope(|s| {
        for _ in 0..workers {
            s.spawn(|| loop {
                let i = next.fetch_add(1, Ordering::Relaxed);
                let Some(item) = items.get(i) else { break };
                let result = f(item);
                if let Ok(mut r) = results.lock() {
                    r.push((i, result));
                }
            });
        }
    });
    let mut results = results.into_inner().unwrap_or_default();
    results.sort_by_key(|(i, _)| *i);
    results.into_iter().map(|(_, r)| r).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn results_come_back_in_input_order() {
        let items: Vec<u64> = (0..500).collect();
        // Uneven work, so workers finish out of order.
        let out = map_in_order(&items, |&n| {
            std::thread::sleep(std::time::Duration::from_micros((n % 5) * 40));
            n
        });
        assert_eq!(out, items);
        assert!(map_in_order(&Vec::<u8>::new(), |&b| b).is_empty());
    }
}
