//! Rendering Helm charts and Kustomize overlays into manifests.
//!
//! Chart templates are Go templates and Kustomize bases are fragments, so
//! neither is checked as it stands: `--helm` runs `helm template` on every
//! chart found, `--kustomize` runs `kustomize build` (or `kubectl
//! kustomize`) on every overlay no other kustomization includes, and the
//! output is loaded like any manifest.
//!
//! Positions: rendered output has no line-for-line relation to its
//! sources. Helm marks each document with `# Source: chart/templates/x.yaml`,
//! so findings name that template file (a real path in the repository) and
//! the line within that template's rendered output; the snippet shows the
//! rendered line. Kustomize output names no sources: findings name the
//! overlay directory with ` (kustomize build)` appended.
//!
//! The tools are run without a shell, with a time limit, and never with
//! network-enabling flags; a missing tool or a failed render is an input
//! error on the chart or overlay, and the scan goes on.

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use super::load::{load_text, Loaded};
use crate::model::{Finding, Location};

/// A render that takes longer than this is killed.
const TIME_LIMIT: Duration = Duration::from_secs(120);

/// Rendered output larger than this is refused (a template loop).
const MAX_OUTPUT: u64 = 256 * 1024 * 1024;

/// Kustomization file names, as kustomize looks for them.
pub const KUSTOMIZATION_FILES: &[&str] = &["kustomization.yaml", "kustomization.yml", "Kustomization"];

/// Which renderers to run.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RenderOptions {
    pub helm: bool,
    pub kustomize: bool,
    /// Passed to `helm template --kube-version` (`1.37`), so charts that
    /// branch on `.Capabilities.KubeVersion` render for the target.
    pub kube_version: Option<String>,
}

#[derive(Debug, thiserror::Error)]
pub enum RenderError {
    #[error("`{tool}` is not installed or not on PATH; install it, or render yourself and pipe the output: `{hint} | ci-sec k8s -`")]
    Missing { tool: &'static str, hint: String },
    #[error("`{command}` failed: {message}")]
    Failed { command: String, message: String },
}

/// Renders the chart in `chart_dir` (shown as `chart_display`).
pub fn helm(chart_dir: &Path, chart_display: &str, kube_version: Option<&str>) -> Loaded {
    let mut args: Vec<String> = vec!["template".into(), "ci-sec".into(), chart_dir.to_string_lossy().into_owned()];
    if let Some(v) = kube_version {
        args.push("--kube-version".into());
        args.push(format!("v{v}.0"));
    }
    let hint = format!("helm template {chart_display}");
    match run("helm", &args, &hint) {
        Ok(out) => load_helm_output(&out, chart_display),
        Err(e) => error_at(&format!("{chart_display}/Chart.yaml"), e),
    }
}

/// Loads `helm template` output: each `# Source:` document is loaded under
/// the template's path inside `chart_display`.
pub fn load_helm_output(rendered: &str, chart_display: &str) -> Loaded {
    let mut loaded = Loaded::default();
    for (source, text) in split_by_source(rendered) {
        // `# Source: web/templates/a.yaml`: the first component is the
        // chart's name, which need not be its directory's.
        let inner = source.split_once('/').map_or(source.as_str(), |(_, rest)| rest);
        let display = if source.is_empty() { format!("{chart_display} (helm template)") } else { format!("{chart_display}/{inner}") };
        loaded.merge(load_text(&text, &display));
    }
    loaded
}

/// The documents of `helm template` output grouped by their `# Source:`
/// comment, in order of first appearance; text before any marker is
/// grouped under "".
fn split_by_source(rendered: &str) -> Vec<(String, String)> {
    let mut groups: Vec<(String, String)> = Vec::new();
    let mut current = String::new();
    let mut doc = String::new();
    let flush = |groups: &mut Vec<(String, String)>, source: &str, doc: &mut String| {
        if doc.trim().is_empty() {
            doc.clear();
            return;
        }
        match groups.iter_mut().find(|(s, _)| s == source) {
            Some((_, text)) => {
                text.push_str("---\n");
                text.push_str(doc);
            }
            None => groups.push((source.to_string(), std::mem::take(doc))),
        }
        doc.clear();
    };
    for line in rendered.split_inclusive('\n') {
        if line.trim_end() == "---" || line.starts_with("--- ") {
            flush(&mut groups, &current, &mut doc);
            continue;
        }
        if let Some(src) = line.strip_prefix("# Source: ") {
            current = src.trim().to_string();
        }
        doc.push_str(line);
    }
    flush(&mut groups, &current, &mut doc);
    groups
}

/// Builds the overlay in `dir` with `kustomize build`, else `kubectl
/// kustomize`.
pub fn kustomize(dir: &Path, display: &str) -> Loaded {
    let path = dir.to_string_lossy().into_owned();
    let hint = format!("kustomize build {display}");
    let result = match run("kustomize", &["build".into(), path.clone()], &hint) {
        Err(RenderError::Missing { .. }) => run("kubectl", &["kustomize".into(), path], &hint),
        other => other,
    };
    match result {
        Ok(out) => load_text(&out, &format!("{display} (kustomize build)")),
        Err(RenderError::Missing { hint, .. }) => {
            error_at(&format!("{display}/kustomization.yaml"), RenderError::Missing { tool: "kustomize (or kubectl)", hint })
        }
        Err(e) => error_at(&format!("{display}/kustomization.yaml"), e),
    }
}

/// The overlays to build: kustomization directories that no other
/// kustomization lists under `resources`, `bases` or `components`.
pub fn leaf_kustomizations(dirs: &[PathBuf]) -> Vec<PathBuf> {
    let mut included = std::collections::HashSet::new();
    for dir in dirs {
        for entry in kustomization_entries(dir) {
            if let Ok(canon) = dir.join(&entry).canonicalize() {
                included.insert(canon);
            }
        }
    }
    dirs.iter().filter(|d| d.canonicalize().map_or(true, |c| !included.contains(&c))).cloned().collect()
}

/// The `resources`, `bases` and `components` of the kustomization in `dir`.
fn kustomization_entries(dir: &Path) -> Vec<String> {
    let Some(text) = KUSTOMIZATION_FILES.iter().find_map(|n| std::fs::read_to_string(dir.join(n)).ok()) else {
        return Vec::new();
    };
    let Ok(docs) = crate::syntax::yaml::parse_documents(&text) else { return Vec::new() };
    let mut out = Vec::new();
    for doc in &docs {
        for key in ["resources", "bases", "components"] {
            if let Some(items) = doc.get(key).and_then(|n| n.as_sequence()) {
                out.extend(items.iter().filter_map(|i| i.as_str()).map(str::to_string));
            }
        }
    }
    out
}

fn error_at(path: &str, e: RenderError) -> Loaded {
    let mut loaded = Loaded::default();
    loaded.input_errors.push(Finding::input_error(Location { path: path.to_string(), line: 0, column: 0 }, e.to_string()));
    loaded
}

/// Runs `tool args` and returns its standard output.
fn run(tool: &'static str, args: &[String], hint: &str) -> Result<String, RenderError> {
    let command = format!("{tool} {}", args.join(" "));
    let mut child = match Command::new(tool).args(args).stdin(Stdio::null()).stdout(Stdio::piped()).stderr(Stdio::piped()).spawn() {
        Ok(c) => c,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            return Err(RenderError::Missing { tool, hint: hint.to_string() });
        }
        Err(e) => return Err(RenderError::Failed { command, message: e.to_string() }),
    };
    // Read both pipes on threads so a chatty tool cannot block on a full pipe.
    let stdout = child.stdout.take();
    let stderr = child.stderr.take();
    let out_reader = std::thread::spawn(move || read_capped(stdout));
    let err_reader = std::thread::spawn(move || read_capped(stderr));
    let started = Instant::now();
    let status = loop {
        match child.try_wait() {
            Ok(Some(status)) => break status,
            Ok(None) if started.elapsed() > TIME_LIMIT => {
                let _ = child.kill();
                let _ = child.wait();
                return Err(RenderError::Failed { command, message: format!("no result after {} s", TIME_LIMIT.as_secs()) });
            }
            Ok(None) => std::thread::sleep(Duration::from_millis(20)),
            Err(e) => return Err(RenderError::Failed { command, message: e.to_string() }),
        }
    };
    let out = out_reader.join().unwrap_or_else(|_| Err("reader thread failed".into()));
    let err = err_reader.join().unwrap_or_else(|_| Err("reader thread failed".into())).unwrap_or_default();
    if !status.success() {
        let first_lines: Vec<&str> = err.lines().filter(|l| !l.trim().is_empty()).take(5).collect();
        return Err(RenderError::Failed { command, message: format!("{status}: {}", first_lines.join(" / ")) });
    }
    out.map_err(|message| RenderError::Failed { command, message })
}

fn read_capped(pipe: Option<impl Read>) -> Result<String, String> {
    let Some(pipe) = pipe else { return Ok(String::new()) };
    let mut buf = Vec::new();
    pipe.take(MAX_OUTPUT + 1).read_to_end(&mut buf).map_err(|e| e.to_string())?;
    if buf.len() as u64 > MAX_OUTPUT {
        return Err(format!("output over {} MiB", MAX_OUTPUT >> 20));
    }
    String::from_utf8(buf).map_err(|_| "output is not UTF-8".to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    const RENDERED: &str = "\
---
# Source: web/templates/service.yaml
apiVersion: v1
kind: Service
metadata:
  name: web
---
# Source: web/templates/deployment.yaml
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  template:
    spec:
      hostPID: true
      containers: [{name: c, image: \"c:1\"}]
---
# Source: web/charts/redis/templates/service.yaml
apiVersion: v1
kind: Service
metadata:
  name: redis
";

    #[test]
    fn helm_output_is_loaded_under_each_template_path() {
        let loaded = load_helm_output(RENDERED, "charts/web");
        let got: Vec<_> = loaded.objects.iter().map(|o| (o.file.as_str(), o.kind.as_str(), o.kind_line)).collect();
        assert_eq!(
            got,
            [
                ("charts/web/templates/service.yaml", "Service", 3),
                ("charts/web/templates/deployment.yaml", "Deployment", 3),
                ("charts/web/charts/redis/templates/service.yaml", "Service", 3),
            ]
        );
        assert!(loaded.input_errors.is_empty());
        assert_eq!(loaded.sources.line("charts/web/templates/deployment.yaml", 9), Some("      hostPID: true"));
    }

    #[test]
    fn documents_of_one_template_stay_together_in_order() {
        let text = "---\n# Source: a/templates/x.yaml\nkind: ConfigMap\napiVersion: v1\nmetadata: {name: one}\n---\n# Source: a/templates/x.yaml\nkind: ConfigMap\napiVersion: v1\nmetadata: {name: two}\n";
        let loaded = load_helm_output(text, "a");
        let got: Vec<_> = loaded.objects.iter().map(|o| (o.file.as_str(), o.name.as_str(), o.doc_index)).collect();
        assert_eq!(got, [("a/templates/x.yaml", "one", 0), ("a/templates/x.yaml", "two", 1)]);
    }

    #[test]
    fn a_missing_tool_is_an_input_error_that_says_how_to_pipe() {
        let e = run("ci-sec-no-such-renderer", &[], "helm template chart").unwrap_err();
        assert!(matches!(e, RenderError::Missing { .. }));
        let loaded = error_at("chart/Chart.yaml", e);
        assert!(loaded.input_errors[0].message.contains("helm template chart | ci-sec k8s -"), "{:?}", loaded.input_errors);
    }

    #[test]
    fn a_failing_tool_reports_its_status_and_stderr() {
        let e = run("sh", &["-c".into(), "echo 'Error: chart requires kubeVersion' >&2; exit 3".into()], "x").unwrap_err();
        let text = e.to_string();
        assert!(text.contains("exit status: 3") && text.contains("chart requires kubeVersion"), "{text}");
    }

    #[test]
    fn only_overlays_nobody_includes_are_built() {
        let dir = tempfile::tempdir().unwrap();
        let base = dir.path().join("base");
        let prod = dir.path().join("overlays/prod");
        std::fs::create_dir_all(&base).unwrap();
        std::fs::create_dir_all(&prod).unwrap();
        std::fs::write(base.join("kustomization.yaml"), "resources: [deploy.yaml]\n").unwrap();
        std::fs::write(prod.join("kustomization.yaml"), "resources:\n- ../../base\n").unwrap();
        assert_eq!(leaf_kustomizations(&[base.clone(), prod.clone()]), [prod]);
    }
}
