//! Kubernetes manifest checks (`ci-sec k8s`).
//!
//! The flow is one way:
//!
//! 1. [`load`] finds YAML/JSON files (or reads stdin), parses every document
//!    of every stream with [`crate::syntax::yaml`] (positions kept, aliases
//!    bounded), reports duplicate keys and syntax errors, expands `List`
//!    kinds and keeps the documents that are Kubernetes objects as
//!    [`object::K8sObject`]s; other YAML is skipped and counted.
//! 2. [`schema`] validates every object against the API of the target
//!    version (built-in kinds from embedded schemas, custom resources from
//!    the CRDs of the scan set) and reports removed and deprecated
//!    apiVersions, at every profile unless turned off.
//! 3. [`pod`] finds the pod spec of every pod-bearing object (built-in
//!    workloads, `PodTemplate`, and custom resources carrying
//!    `spec.template.spec` or `spec.jobTemplate`).
//! 4. [`pss`] evaluates the Pod Security Standards for the target
//!    Kubernetes version ([`version`]) and level.
//! 5. At the `recommended` level, [`recommended`] adds the hardening
//!    checks, over the whole scan set at once (cross-file checks).
//!
//! Values are read the way Kubernetes reads YAML (`sigs.k8s.io/yaml` over
//! `yaml.v2`, i.e. YAML 1.1 scalars): see [`object::bool_at`] and
//! [`object::int_at`].

pub mod load;
pub mod object;
pub mod pod;
pub mod pss;
pub mod recommended;
pub mod render;
pub mod schema;
pub mod settings;
pub mod suppress;
pub mod version;

use std::collections::HashMap;
use std::ops::RangeInclusive;

use crate::model::Finding;

pub use load::{load_path, load_text, LoadOptions, Loaded};
pub use object::K8sObject;
pub use pss::{Level, PssOptions};
pub use settings::Configured;
pub use version::KubeVersion;

/// What a `ci-sec k8s` run produced.
#[derive(Debug, Default)]
pub struct K8sReport {
    /// Misconfigurations (rule violations, duplicate keys).
    pub findings: Vec<Finding>,
    /// Inputs that could not be read or parsed.
    pub input_errors: Vec<Finding>,
    /// Kubernetes objects read (after `List` expansion).
    pub objects: usize,
    /// Objects with a pod spec that the profile was evaluated on.
    pub pods_checked: usize,
    /// YAML/JSON documents that are not Kubernetes objects.
    pub skipped_documents: usize,
    /// Files that held no Kubernetes object (or could not be YAML and did
    /// not look like manifests).
    pub skipped_files: usize,
    /// Files inside Helm chart `templates/` directories (not YAML).
    pub helm_templates: usize,
    /// Kustomize bases, overlays and patches read by `kustomize build`
    /// rather than checked as they stand.
    pub rendered_inputs: usize,
    /// Helm chart directories found (rendered only with `--helm`).
    pub charts: usize,
    /// Objects validated against a schema (built-in or from a CRD).
    pub schema_checked: usize,
    /// Custom resources not validated: no CRD for them in the scan set.
    pub schema_skipped_custom: usize,
}

/// Run-wide choices besides the profile: `.ci-sec.toml` settings and flags.
#[derive(Debug, Clone, Copy)]
pub struct RunOptions<'a> {
    /// The inputs of the configured rules (`[k8s] trusted-registries`,
    /// `required-labels`): each runs at `recommended` when its list is set.
    pub configured: &'a Configured,
    /// Validate objects against the Kubernetes API (`--no-schema` turns it
    /// off; single rules are disabled in `.ci-sec.toml`).
    pub schema: bool,
}

/// No configured rules, schema validation on.
static NOTHING_CONFIGURED: Configured = Configured { trusted_registries: Vec::new(), required_labels: Vec::new() };

impl Default for RunOptions<'_> {
    fn default() -> Self {
        RunOptions { configured: &NOTHING_CONFIGURED, schema: true }
    }
}

/// Every rule of every profile: the PSS controls, the recommended
/// hardening rules, then the schema rules and the reading rules (duplicate
/// keys, malformed ignore annotations), which run at every profile.
pub fn catalogue() -> impl Iterator<Item = &'static pss::Rule> {
    pss::catalogue()
        .chain(recommended::catalogue())
        .chain(schema::RULES.iter().copied())
        .chain([&load::DUPLICATE_KEY_RULE, &suppress::INVALID_IGNORE])
}

/// Runs the profile (`opts.level`) over everything `loaded` holds: schema
/// validation, the Pod Security Standards up to the level (restricted for
/// `recommended`), then at `recommended` the hardening checks over all
/// objects together.
pub fn check(loaded: Loaded, opts: &PssOptions) -> K8sReport {
    check_with(loaded, opts, &RunOptions::default())
}

/// [`check`], with the run's settings ([`RunOptions`]).
pub fn check_with(loaded: Loaded, opts: &PssOptions, run: &RunOptions) -> K8sReport {
    let mut report = K8sReport {
        objects: loaded.objects.len(),
        skipped_documents: loaded.skipped_documents,
        skipped_files: loaded.skipped_files,
        helm_templates: loaded.helm_templates,
        rendered_inputs: loaded.rendered_inputs,
        charts: loaded.charts,
        input_errors: loaded.input_errors,
        findings: loaded.findings,
        ..K8sReport::default()
    };
    if run.schema {
        match schema::check(&loaded.objects, opts.version, &mut report.findings) {
            Ok(stats) => {
                report.schema_checked = stats.checked;
                report.schema_skipped_custom = stats.skipped_custom;
            }
            Err(e) => report.input_errors.push(schema::data_error(&e)),
        }
    }
    // Pod specs are found once and shared by the PSS and recommended checks.
    let pods: Vec<pod::PodSpecRef<'_>> = loaded.objects.iter().flat_map(pod::pod_specs).collect();
    report.pods_checked = pods.len();
    for pod in &pods {
        report.findings.extend(pss::evaluate(pod, opts));
    }
    if opts.level == Level::Recommended {
        let set = recommended::ScanSet::from_pods(&loaded.objects, pods);
        report.findings.extend(recommended::evaluate(&set));
        recommended::images::check_registries(&set, &run.configured.trusted_registries, &mut report.findings);
        recommended::labels::check_required(&loaded.objects, &run.configured.required_labels, &mut report.findings);
    }
    let problems = suppress::apply(&loaded.objects, &mut report.findings);
    report.findings.extend(problems);
    let secrets = secret_line_ranges(&loaded.objects);
    let sensitive = |f: &Finding| {
        recommended::SECRET_VALUE_RULES.contains(&f.rule_id.as_str())
            || secrets.get(f.location.path.as_str()).is_some_and(|ranges| ranges.iter().any(|r| r.contains(&f.location.line)))
    };
    loaded.sources.attach(&mut report.findings, sensitive);
    loaded.sources.attach(&mut report.input_errors, sensitive);
    report
}

/// The lines each `Secret` object spans: a finding there (a duplicate key,
/// a schema error) may sit on a secret value, so its snippet is masked.
fn secret_line_ranges(objects: &[K8sObject]) -> HashMap<&str, Vec<RangeInclusive<u32>>> {
    let mut ranges: HashMap<&str, Vec<RangeInclusive<u32>>> = HashMap::new();
    for o in objects.iter().filter(|o| o.kind == "Secret") {
        ranges.entry(o.file.as_str()).or_default().push(o.root.line.min(o.kind_line)..=object::last_line(&o.root));
    }
    ranges
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn check_a_real_multi_document_tree_with_crds_lists_and_json() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/k8s/multi");
        let loaded = load_path(&dir, &LoadOptions::default());
        let report = check(loaded, &PssOptions::new(Level::Baseline, KubeVersion::LATEST));
        assert!(report.input_errors.is_empty(), "{:?}", report.input_errors);
        assert_eq!(report.objects, 6, "Namespace, CRD, Rollout, Deployment, Service, Pod");
        assert_eq!(report.pods_checked, 3, "Rollout, Deployment (from the List), Pod");
        assert_eq!(report.skipped_documents, 1, "the CI document");
        assert_eq!(
            (report.schema_checked, report.schema_skipped_custom),
            (6, 0),
            "every object validated, the Rollout against the CRD of the same stream"
        );
        let mut got: Vec<_> = report
            .findings
            .iter()
            .map(|f| (f.location.path.as_str(), f.location.line, f.location.column, f.rule_id.as_str()))
            .collect();
        got.sort();
        assert_eq!(
            got,
            [("app.yaml", 45, 11, "pss-baseline/privileged"), ("app.yaml", 58, 9, "pss-baseline/hostNamespaces")]
        );
        let restricted = check(load_path(&dir, &LoadOptions::default()), &PssOptions::new(Level::Restricted, KubeVersion::LATEST));
        let json_pod: Vec<_> = restricted.findings.iter().filter(|f| f.location.path == "pod.json").collect();
        let run_as_user = json_pod.iter().find(|f| f.rule_id == "pss-restricted/runAsUser").expect("runAsUser in JSON");
        assert_eq!((run_as_user.location.line, run_as_user.location.column), (7, 55));
        assert!(run_as_user.message.contains("Pod shop/json-pod"), "{}", run_as_user.message);
    }

    #[test]
    fn check_recommended_profile_is_restricted_plus_hardening_across_files() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/k8s/multi");
        let opts = |level| PssOptions::new(level, KubeVersion::LATEST);
        let restricted = check(load_path(&dir, &LoadOptions::default()), &opts(Level::Restricted));
        let recommended = check(load_path(&dir, &LoadOptions::default()), &opts(Level::Recommended));
        let ids = |r: &K8sReport| r.findings.iter().map(|f| f.rule_id.clone()).collect::<Vec<_>>();
        let (restricted, recommended) = (ids(&restricted), ids(&recommended));
        assert!(restricted.iter().all(|id| !id.starts_with("recommended/")));
        assert_eq!(
            recommended.iter().filter(|id| !id.starts_with("recommended/")).cloned().collect::<Vec<_>>(),
            restricted,
            "recommended runs exactly the restricted PSS rules first"
        );
        assert!(recommended.iter().any(|id| id == "recommended/image-digest"), "{recommended:?}");
        let catalogue_ids: Vec<_> = catalogue().map(|r| r.id).collect();
        assert!(recommended.iter().all(|id| catalogue_ids.contains(&id.as_str()) || id.starts_with("k8s/")));

        // Cross-file: the quota in one document stream satisfies the workload in another.
        let pod = "apiVersion: v1\nkind: Pod\nmetadata: {name: p, namespace: ns}\nspec: {containers: [{name: c, image: \"c:1\"}]}\n";
        let quota = "apiVersion: v1\nkind: ResourceQuota\nmetadata: {name: q, namespace: ns}\n";
        let mut loaded = load_text(pod, "pod.yaml");
        let alone = check(load_text(pod, "pod.yaml"), &opts(Level::Recommended));
        assert!(alone.findings.iter().any(|f| f.rule_id == "recommended/namespace-quota"));
        loaded.objects.extend(load_text(quota, "quota.yaml").objects);
        let both = check(loaded, &opts(Level::Recommended));
        assert!(!both.findings.iter().any(|f| f.rule_id == "recommended/namespace-quota"));
    }
}
