//! Records indexed by the packages they affect, for `--advisories DIR` scans
//! (the on-disk database offers the same lookup).

use std::collections::HashMap;

use super::osv::Record;
use crate::matching::ecosystem::normalize_name;

/// Anything that answers "which records name this package?".
pub trait AdvisoryLookup: Sync {
    /// Records whose `affected` entries name `(ecosystem, name)`; the caller
    /// still evaluates versions.
    fn lookup(&self, ecosystem: &str, name: &str) -> Result<Vec<std::sync::Arc<Record>>, String>;
}

/// The `(ecosystem, normalised name)` keys a record is filed under.
pub fn keys_of(record: &Record) -> Vec<(String, String)> {
    let mut keys: Vec<(String, String)> = record
        .affected
        .iter()
        .filter_map(|a| a.package.as_ref())
        .map(|p| (p.ecosystem.clone(), normalize_name(&p.ecosystem, &p.name)))
        .collect();
    keys.sort();
    keys.dedup();
    keys
}

#[derive(Default)]
pub struct MemoryIndex {
    by_key: HashMap<(String, String), Vec<std::sync::Arc<Record>>>,
    pub len: usize,
}

impl MemoryIndex {
    pub fn new(records: Vec<Record>) -> Self {
        let mut index = MemoryIndex::default();
        for record in records {
            let record = std::sync::Arc::new(record);
            for key in keys_of(&record) {
                index.by_key.entry(key).or_default().push(record.clone());
            }
            index.len += 1;
        }
        index
    }
}

impl AdvisoryLookup for MemoryIndex {
    fn lookup(&self, ecosystem: &str, name: &str) -> Result<Vec<std::sync::Arc<Record>>, String> {
        let key = (ecosystem.to_string(), normalize_name(ecosystem, name));
        Ok(self.by_key.get(&key).cloned().unwrap_or_default())
    }
}
