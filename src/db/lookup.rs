//! The database as an advisory source for `scan` ([`AdvisoryLookup`]).

use std::path::Path;

use super::{DbError, Store};
use crate::advisory::index::AdvisoryLookup;
use crate::advisory::osv::Record;

/// The on-disk database as an advisory source for `scan`; each record is
/// decoded once, however many packages it names.
pub struct DbLookup {
    store: Store,
    cache: std::sync::Mutex<std::collections::HashMap<(String, String), std::sync::Arc<Record>>>,
}

impl DbLookup {
    /// Opens the database; also returns when it was built (RFC 3339).
    pub fn open(dir: &Path) -> Result<(DbLookup, String), DbError> {
        let store = Store::open(dir)?;
        let built = store.built_at().to_string();
        Ok((DbLookup { store, cache: Default::default() }, built))
    }
}

impl AdvisoryLookup for DbLookup {
    fn lookup(&self, ecosystem: &str, name: &str) -> Result<Vec<std::sync::Arc<Record>>, String> {
        let normalized = crate::matching::ecosystem::normalize_name(ecosystem, name);
        let stored = self.store.lookup(ecosystem, &normalized).map_err(|e| e.to_string())?;
        let mut out = Vec::with_capacity(stored.len());
        for rec in stored {
            let key = (rec.source.clone(), rec.id.clone());
            if let Some(hit) = self.cache.lock().ok().and_then(|c| c.get(&key).cloned()) {
                out.push(hit);
                continue;
            }
            let parsed = std::sync::Arc::new(Record::from_json(&rec.json).map_err(|e| format!("{}: {e}", rec.id))?);
            if let Ok(mut c) = self.cache.lock() {
                c.insert(key, parsed.clone());
            }
            out.push(parsed);
        }
        Ok(out)
    }
}
