//! Finding and reading Kubernetes manifests.
//!
//! - Files: every `*.yaml`, `*.yml` and `*.json` under PATH, walked like
//!   [`crate::discover`] (gitignore-aware, dependency caches skipped). A
//!   single file is read whatever its name; `-` reads standard input.
//! - Every document of a stream is parsed with [`crate::syntax::yaml`]
//!   (JSON is YAML, so one parser reads both). Aliases are expanded with
//!   the parser's limits, so a billion-laughs document is refused.
//! - A document is an object when it is a mapping with string `apiVersion`
//!   and `kind`; `kind: List` and other `*List` kinds with an `items`
//!   sequence are expanded into their items. Other documents (CI configs,
//!   compose files, Helm values) are skipped and counted.
//! - A file that does not parse is an input-error finding with its line,
//!   and the scan goes on, when it looks like a manifest (it mentions both
//!   `apiVersion` and `kind`); other unparsable files are counted as
//!   skipped (a `tsconfig.json` with comments is not a manifest).
//! - Files in a Helm chart's `templates/` directory (a sibling of
//!   `Chart.yaml`) are Go templates, not YAML: they are counted, never
//!   parsed.
//! - Duplicate mapping keys in an object are reported as `k8s/duplicate-key`
//!   at the second key (Kubernetes keeps the last value; strict decoding
//!   rejects the object).

use std::path::{Path, PathBuf};

use super::object::{is_merge_key, K8sObject};
use super::pss::{Level, Rule};
use super::render::{self, RenderOptions, KUSTOMIZATION_FILES};
use crate::discover::parallel::map_in_order;
use crate::discover::{discover_by_extension, DiscoverOptions, FoundFile};
use crate::model::snippet::SourceTexts;
use crate::model::{Finding, FindingKind, Location, Severity};
use crate::syntax::json_stream::parse_concatenated;
use crate::syntax::yaml::{parse_documents, Node, NodeKind};

/// Rule id of duplicate-key findings.
pub const DUPLICATE_KEY: &str = DUPLICATE_KEY_RULE.id;

/// Duplicate keys are a reading problem, reported at every profile.
pub const DUPLICATE_KEY_RULE: Rule = Rule {
    id: "k8s/duplicate-key",
    level: Level::Baseline,
    severity: Severity::Medium,
    title: "Duplicate mapping key",
    rationale: "Kubernetes keeps only the last of two equal keys and strict decoding (kubectl's default) refuses the object; a reviewer reading the first value is misled.",
    remediation: "Remove one of the two keys, merging their values.",
    since: 0,
    overrides: None,
};

/// File name endings read as manifests.
pub const EXTENSIONS: &[&str] = &[".yaml", ".yml", ".json"];

#[derive(Debug, Clone, Default)]
pub struct LoadOptions {
    pub include_vendored: bool,
    /// Render Helm charts and Kustomize overlays ([`super::render`]).
    pub render: RenderOptions,
}

/// Everything read from the inputs.
#[derive(Debug, Default)]
pub struct Loaded {
    pub objects: Vec<K8sObject>,
    /// Findings raised while reading (duplicate keys).
    pub findings: Vec<Finding>,
    /// Unreadable or unparsable manifests.
    pub input_errors: Vec<Finding>,
    pub skipped_documents: usize,
    pub skipped_files: usize,
    pub helm_templates: usize,
    /// Files read by a renderer (Kustomize bases and overlays) rather than
    /// checked as they stand.
    pub rendered_inputs: usize,
    /// Chart directories found, rendered or not.
    pub charts: usize,
    /// The text of every file that yielded objects or errors, so findings
    /// can show their source line.
    pub sources: SourceTexts,
}

impl Loaded {
    pub fn merge(&mut self, other: Loaded) {
        self.objects.extend(other.objects);
        self.findings.extend(other.findings);
        self.input_errors.extend(other.input_errors);
        self.skipped_documents += other.skipped_documents;
        self.skipped_files += other.skipped_files;
        self.helm_templates += other.helm_templates;
        self.rendered_inputs += other.rendered_inputs;
        self.charts += other.charts;
        self.sources.merge(other.sources);
    }
}

/// Reads every manifest under `root` (a directory or a single file).
///
/// Files are read and parsed on as many threads as the process may use
/// (`available_parallelism`, which follows the CPU affinity mask), and the
/// results are merged in path order, so the outcome does not depend on the
/// number of threads.
pub fn load_path(root: &Path, opts: &LoadOptions) -> Loaded {
    let mut loaded = Loaded::default();
    let (files, errors) =
        discover_by_extension(root, EXTENSIONS, &DiscoverOptions { include_vendored: opts.include_vendored });
    for e in errors {
        loaded.input_errors.push(Finding::input_error(Location { path: e.display, line: 0, column: 0 }, e.message));
    }
    let dir_of = |name: &[&str]| -> Vec<(PathBuf, String)> {
        files
            .iter()
            .filter(|f| f.path.file_name().and_then(|n| n.to_str()).is_some_and(|n| name.contains(&n)))
            .filter_map(|f| Some((f.path.parent()?.to_path_buf(), parent_display(&f.display))))
            .collect()
    };
    let single_file = root.is_file();
    let charts = top_level(dir_of(&["Chart.yaml"]));
    let kustomizations = if opts.render.kustomize && !single_file { dir_of(KUSTOMIZATION_FILES) } else { Vec::new() };
    loaded.charts = charts.len();
    // Files of a kustomization directory are read by the build, not alone.
    let (rendered, files): (Vec<FoundFile>, Vec<FoundFile>) =
        files.into_iter().partition(|file| kustomizations.iter().any(|(dir, _)| file.path.starts_with(dir)));
    loaded.rendered_inputs = rendered.len();
    for result in map_in_order(&files, |file| load_file(file, single_file)) {
        loaded.merge(result);
    }
    if opts.render.helm && !single_file {
        for (dir, display) in &charts {
            loaded.merge(render::helm(dir, display, opts.render.kube_version.as_deref()));
        }
    }
    let dirs: Vec<PathBuf> = kustomizations.iter().map(|(d, _)| d.clone()).collect();
    for leaf in render::leaf_kustomizations(&dirs) {
        if let Some((_, display)) = kustomizations.iter().find(|(d, _)| *d == leaf) {
            loaded.merge(render::kustomize(&leaf, display));
        }
    }
    loaded
}

/// Reads one discovered file (a Helm template is only counted).
fn load_file(file: &FoundFile, single_file: bool) -> Loaded {
    let mut loaded = Loaded::default();
    if !single_file && in_helm_templates(&file.path) {
        loaded.helm_templates += 1;
        return loaded;
    }
    match std::fs::read(&file.path) {
        Ok(bytes) => match String::from_utf8(bytes) {
            Ok(text) => return load_text(&text, &file.display),
            Err(_) => loaded.skipped_files += 1,
        },
        Err(e) => loaded.input_errors.push(Finding::input_error(
            Location { path: file.display.clone(), line: 0, column: 0 },
            format!("cannot read: {e}"),
        )),
    }
    loaded
}

/// The directory part of a displayed path (`.` for a top-level file).
fn parent_display(display: &str) -> String {
    match display.rsplit_once('/') {
        Some((dir, _)) => dir.to_string(),
        None => ".".to_string(),
    }
}

/// Chart directories that are not subcharts of another (a parent chart
/// renders its `charts/`).
fn top_level(mut dirs: Vec<(PathBuf, String)>) -> Vec<(PathBuf, String)> {
    dirs.sort();
    let all: Vec<PathBuf> = dirs.iter().map(|(d, _)| d.clone()).collect();
    dirs.retain(|(d, _)| !all.iter().any(|other| other != d && d.starts_with(other)));
    dirs
}

/// True for files under a `templates/` directory next to a `Chart.yaml`.
fn in_helm_templates(path: &Path) -> bool {
    path.ancestors()
        .skip(1)
        .filter(|d| d.file_name().is_some_and(|n| n == "templates"))
        .any(|d| d.parent().is_some_and(|chart| chart.join("Chart.yaml").is_file()))
}

/// Reads one YAML/JSON stream shown to users as `display`.
pub fn load_text(text: &str, display: &str) -> Loaded {
    let mut loaded = Loaded::default();
    // `kubectl … -o json` prints several objects back to back, which is not
    // YAML; read it as Kubernetes' decoder does.
    let parsed = parse_documents(text).or_else(|e| parse_concatenated(text).unwrap_or(Err(e)));
    let docs = match parsed {
        Ok(d) => d,
        Err(e) => {
            if text.contains("apiVersion") && text.contains("kind") {
                let line = if e.line == 0 { text.lines().count() as u32 } else { e.line };
                loaded.input_errors.push(Finding::input_error(
                    Location { path: display.to_string(), line, column: e.column },
                    format!("invalid YAML: {}", e.message),
                ));
                loaded.sources.insert(display, text.into());
            } else {
                loaded.skipped_files += 1;
            }
            return loaded;
        }
    };
    let before = loaded.objects.len();
    // The documents are moved into the objects, not copied.
    for (doc_index, doc) in docs.into_iter().enumerate() {
        if doc.is_null() {
            continue;
        }
        let Ok(obj) = K8sObject::from_owned_or(doc, display, doc_index, None, None) else {
            loaded.skipped_documents += 1;
            continue;
        };
        duplicate_keys(&obj.root, &mut Vec::new(), &obj, &mut loaded.findings);
        if list_items(&obj).is_none() {
            loaded.objects.push(obj);
            continue;
        }
        // A typed list (`PodList`) names its items' kind.
        let inherited = obj.kind.strip_suffix("List").filter(|k| !k.is_empty()).map(|k| (obj.api_version.clone(), k.to_string()));
        let inherited = inherited.as_ref().map(|(a, k)| (a.as_str(), k.as_str()));
        for (i, item) in take_items(obj.root).into_iter().enumerate() {
            match K8sObject::from_owned_or(item, display, doc_index, Some(i), inherited) {
                Ok(o) => loaded.objects.push(o),
                Err(_) => loaded.skipped_documents += 1,
            }
        }
    }
    if loaded.objects.len() == before && loaded.findings.is_empty() {
        loaded.skipped_files += 1;
    } else {
        loaded.sources.insert(display, text.into());
    }
    loaded
}

/// The `items` of a `List` kind (`List`, `PodList`, `DeploymentList`, …).
/// A `*List` kind whose `items` are not all mappings is a custom resource
/// that happens to end in "List" (`IPAllowList`), not a list: it stays an
/// object.
fn list_items(obj: &K8sObject) -> Option<&[Node]> {
    if !obj.kind.ends_with("List") {
        return None;
    }
    let items = super::object::value(&obj.root, "items")?;
    if items.is_null() {
        return Some(&[]);
    }
    let items = items.as_sequence()?;
    items.iter().all(|i| i.as_mapping().is_some()).then_some(items)
}

/// The items [`list_items`] finds, moved out of the list's root mapping
/// (copied only when `items` comes in through a merge key).
fn take_items(root: Node) -> Vec<Node> {
    let NodeKind::Mapping(mut entries) = root.kind else { return Vec::new() };
    if let Some(pos) = entries.iter().rposition(|(k, _)| k.as_str() == Some("items") && !is_merge_key(k)) {
        return match entries.swap_remove(pos).1.kind {
            NodeKind::Sequence(items) => items,
            _ => Vec::new(),
        };
    }
    let root = Node { kind: NodeKind::Mapping(entries), ..root };
    super::object::value(&root, "items").and_then(Node::as_sequence).map(<[Node]>::to_vec).unwrap_or_default()
}

/// A step of the path to a node, kept as borrowed parts while walking and
/// turned into text (`spec.containers[0].name`) only for a finding.
enum Step<'a> {
    Key(&'a str),
    Index(usize),
}

fn path_text(steps: &[Step<'_>]) -> String {
    let mut out = String::new();
    for step in steps {
        match step {
            Step::Key(k) => {
                if !out.is_empty() {
                    out.push('.');
                }
                out.push_str(k);
            }
            Step::Index(i) => out.push_str(&format!("[{i}]")),
        }
    }
    out
}

/// Mappings with more entries than this are checked for repeated keys with
/// a hash set rather than by comparing each key with the ones before it.
const SMALL_MAPPING: usize = 32;

/// Reports every repeated scalar key in the mappings under `node`.
fn duplicate_keys<'a>(node: &'a Node, path: &mut Vec<Step<'a>>, obj: &K8sObject, out: &mut Vec<Finding>) {
    match &node.kind {
        NodeKind::Mapping(entries) => {
            let mut seen = (entries.len() > SMALL_MAPPING).then(|| std::collections::HashSet::with_capacity(entries.len()));
            for (i, (key, value)) in entries.iter().enumerate() {
                path.push(Step::Key(key.as_str().unwrap_or("?")));
                if let Some(k) = key.as_str() {
                    let repeated = match &mut seen {
                        Some(seen) => !seen.insert(k),
                        None => entries[..i].iter().any(|(prev, _)| prev.as_str() == Some(k)),
                    };
                    if repeated {
                        let first = entries[..i].iter().find(|(prev, _)| prev.as_str() == Some(k)).map_or(0, |(p, _)| p.line);
                        out.push(duplicate_key_finding(obj, key, &path_text(path), first));
                    }
                }
                duplicate_keys(value, path, obj, out);
                path.pop();
            }
        }
        NodeKind::Sequence(items) => {
            for (i, item) in items.iter().enumerate() {
                path.push(Step::Index(i));
                duplicate_keys(item, path, obj, out);
                path.pop();
            }
        }
        NodeKind::Scalar { .. } => {}
    }
}

fn duplicate_key_finding(obj: &K8sObject, key: &Node, child: &str, first_line: u32) -> Finding {
    let location = Location { path: obj.file.clone(), line: key.line, column: key.column };
    let identity = format!("{}/{}/doc{}", obj.identity(), child, obj.doc_index);
    let mut f = Finding::new(
        FindingKind::Misconfiguration,
        DUPLICATE_KEY,
        DUPLICATE_KEY_RULE.severity,
        format!(
            "duplicate key `{child}` (first at line {first_line}): Kubernetes keeps only the last value and strict decoding rejects the object"
        ),
        location,
        &identity,
    );
    f.title = Some(DUPLICATE_KEY_RULE.title.into());
    f.fix = Some(DUPLICATE_KEY_RULE.remediation.into());
    f
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn check_load_multi_doc_lists_and_skips_non_kubernetes() {
        let text = "\
apiVersion: v1
kind: Pod
metadata: {name: a}
---
# a compose file
services: {web: {image: x}}
---
apiVersion: v1
kind: List
items:
- apiVersion: v1
  kind: ConfigMap
  metadata: {name: b}
- not: an object
---
";
        let l = load_text(text, "m.yaml");
        let names: Vec<_> = l.objects.iter().map(|o| (o.kind.as_str(), o.name.as_str(), o.doc_index, o.list_index)).collect();
        assert_eq!(names, [("Pod", "a", 0, None), ("ConfigMap", "b", 2, Some(0))]);
        assert_eq!(l.skipped_documents, 2);
        assert_eq!(l.objects[1].kind_line, 12);
    }

    #[test]
    fn check_typed_lists_name_their_items_and_list_named_resources_stay_objects() {
        let text = "\
apiVersion: v1
kind: PodList
items:
- metadata: {name: p}
  spec: {containers: []}
---
apiVersion: example.com/v1
kind: IPAllowList
metadata: {name: office}
items: [10.0.0.0/8]
";
        let l = load_text(text, "l.yaml");
        let got: Vec<_> = l.objects.iter().map(|o| (o.api_version.as_str(), o.kind.as_str(), o.name.as_str(), o.kind_line)).collect();
        assert_eq!(got, [("v1", "Pod", "p", 4), ("example.com/v1", "IPAllowList", "office", 8)]);
    }

    #[test]
    fn check_duplicate_keys_point_at_the_second_key() {
        let l = load_text("apiVersion: v1\nkind: Pod\nspec:\n  hostPID: true\n  hostPID: false\n", "d.yaml");
        assert_eq!(l.findings.len(), 1);
        let f = &l.findings[0];
        assert_eq!((f.rule_id.as_str(), f.location.line, f.location.column), (DUPLICATE_KEY, 5, 3));
        assert!(f.message.contains("spec.hostPID") && f.message.contains("line 4"), "{}", f.message);
    }

    #[test]
    fn check_duplicate_keys_in_sequences_and_large_mappings() {
        // A repeated key inside a list item names the item's index.
        let text = "apiVersion: v1\nkind: Pod\nspec:\n  containers:\n  - name: a\n  - name: b\n    image: x\n    image: y\n";
        let l = load_text(text, "d.yaml");
        assert_eq!(l.findings.len(), 1);
        assert!(l.findings[0].message.contains("`spec.containers[1].image` (first at line 7)"), "{}", l.findings[0].message);
        // Past SMALL_MAPPING keys the set-based detection reports the same
        // findings: every repeat, pointing back at the first occurrence.
        let mut big = String::from("apiVersion: v1\nkind: ConfigMap\ndata:\n");
        for i in 0..(SMALL_MAPPING + 8) {
            big.push_str(&format!("  k{i}: v\n"));
        }
        big.push_str("  k3: again\n  k3: and again\n");
        let l = load_text(&big, "cm.yaml");
        let got: Vec<_> = l.findings.iter().map(|f| (f.location.line, f.message.contains("(first at line 7)"))).collect();
        let n = SMALL_MAPPING as u32 + 8;
        assert_eq!(got, [(4 + n, true), (5 + n, true)]);
    }

    #[test]
    fn check_list_items_behind_a_merge_key_are_read() {
        let text = "apiVersion: v1\nkind: List\n<<: {items: [{apiVersion: v1, kind: ConfigMap, metadata: {name: m}}]}\n";
        let l = load_text(text, "l.yaml");
        let got: Vec<_> = l.objects.iter().map(|o| (o.kind.as_str(), o.name.as_str(), o.list_index)).collect();
        assert_eq!(got, [("ConfigMap", "m", Some(0))]);
    }

    #[test]
    fn check_load_path_merges_files_in_path_order() {
        let dir = tempfile::tempdir().unwrap();
        for i in 0..40 {
            let body = format!("apiVersion: v1\nkind: ConfigMap\nmetadata: {{name: c{i:02}}}\n");
            std::fs::write(dir.path().join(format!("f{i:02}.yaml")), body).unwrap();
        }
        let l = load_path(dir.path(), &LoadOptions::default());
        let names: Vec<_> = l.objects.iter().map(|o| o.name.clone()).collect();
        let want: Vec<_> = (0..40).map(|i| format!("c{i:02}")).collect();
        assert_eq!(names, want);
        assert_eq!(l.objects[7].file, "f07.yaml");
    }

    #[test]
    fn check_invalid_yaml_is_an_input_error_with_a_line_and_other_files_still_load() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("bad.yaml"), "apiVersion: v1\nkind: Pod\nspec: [unclosed\n").unwrap();
        std::fs::write(dir.path().join("good.yaml"), "apiVersion: v1\nkind: Pod\nmetadata: {name: ok}\n").unwrap();
        std::fs::write(dir.path().join("tsconfig.json"), "{ // comment\n").unwrap();
        std::fs::create_dir_all(dir.path().join("chart/templates")).unwrap();
        std::fs::write(dir.path().join("chart/Chart.yaml"), "apiVersion: v2\nname: c\n").unwrap();
        std::fs::write(dir.path().join("chart/templates/d.yaml"), "apiVersion: v1\nkind: {{ .Values.k }}\n").unwrap();
        let l = load_path(dir.path(), &LoadOptions::default());
        assert_eq!(l.objects.len(), 1);
        assert_eq!(l.input_errors.len(), 1);
        assert_eq!(l.input_errors[0].location.path, "bad.yaml");
        assert!(l.input_errors[0].location.line >= 3);
        assert_eq!(l.helm_templates, 1);
        assert!(l.skipped_files >= 2, "tsconfig.json and Chart.yaml");
    }

    #[test]
    fn check_truncated_manifests_never_panic() {
        let text = "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: w\n  namespace: n\nspec:\n  template:\n    metadata:\n      annotations: {a: b}\n    spec:\n      hostNetwork: yes\n      containers:\n      - name: c\n        image: x\n        securityContext: {privileged: true, capabilities: {add: [SYS_ADMIN]}}\n        ports: [{hostPort: 80}]\n---\nkind: List\napiVersion: v1\nitems: [{apiVersion: v1, kind: Pod, spec: {containers: [{name: \"q\"}]}}]\n";
        let opts = crate::check::k8s::PssOptions::new(crate::check::k8s::Level::Restricted, crate::check::k8s::KubeVersion::LATEST);
        for end in 0..=text.len() {
            if text.is_char_boundary(end) {
                let _ = crate::check::k8s::check(load_text(&text[..end], "t.yaml"), &opts);
            }
        }
    }

    #[test]
    fn check_billion_laughs_is_an_input_error_not_a_hang() {
        let mut doc = String::from("apiVersion: v1\nkind: ConfigMap\na0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
        for i in 1..10 {
            doc.push_str(&format!("a{i}: &a{i} [{}]\n", vec![format!("*a{}", i - 1); 10].join(", ")));
        }
        let l = load_text(&doc, "bomb.yaml");
        assert_eq!(l.input_errors.len(), 1);
        assert!(l.objects.is_empty());
    }
}
