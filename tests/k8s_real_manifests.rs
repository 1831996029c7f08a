//! `ci-sec k8s` on real manifests written by others (tests/fixtures/k8s/real,
//! unmodified copies from PyPI and Debian packages; SOURCES.md there names
//! each package, version, path, license and sha256): operator CRDs and their
//! custom resources, multi-document streams with an empty document, RBAC
//! sets, Airflow pod templates, a Debian test Deployment in the removed
//! `extensions/v1beta1`, and two Helm charts.

mod common;

use common::{ci_sec, fixture, k8s_tools, path_with};
use serde_json::Value;

fn run(args: &[&str], path: Option<&std::ffi::OsStr>) -> (Option<i32>, Value, String) {
    let mut cmd = ci_sec();
    cmd.arg("k8s").arg(fixture("k8s/real")).args(args).args(["--format", "json", "-v"]);
    if let Some(p) = path {
        cmd.env("PATH", p);
    }
    let out = cmd.output().unwrap();
    let v: Value = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&out.stderr)));
    (out.status.code(), v, String::from_utf8_lossy(&out.stderr).into_owned())
}

/// `(path, line, column, rule)` of the findings whose rule starts with `prefix`.
fn located(v: &Value, prefix: &str) -> Vec<(String, u64, u64, String)> {
    let mut out: Vec<_> = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["rule_id"].as_str().unwrap().starts_with(prefix))
        .map(|f| {
            (
                f["location"]["path"].as_str().unwrap().to_string(),
                f["location"]["line"].as_u64().unwrap(),
                f["location"]["column"].as_u64().unwrap(),
                f["rule_id"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    out.sort();
    out
}

#[test]
fn real_manifests_load_completely_with_crds_custom_resources_and_multi_document_streams() {
    let (code, v, stderr) = run(&["--profile", "pss-baseline"], None);
    assert_eq!(v["incomplete"], serde_json::json!([]), "{stderr}");
    assert_ne!(code, Some(2), "{stderr}");
    // 41 objects: 7 CRDs, 6 custom resources (Dask, kopf), 6 Pods and 3
    // Deployments, the kopf RBAC set, kr8s' ConfigMap/Secret/Service/…, and
    // the same kopf Deployment and RBAC set again as kubectl's JSON output.
    assert!(stderr.contains("41 objects, 15 pod specs checked"), "{stderr}");
    assert!(stderr.contains("15 Helm template files"), "{stderr}");
    assert!(stderr.contains("2 Helm charts were not checked"), "{stderr}");
    // The kube-dns Deployment from Debian's structured-merge-diff test data
    // runs kube-system DNS with default privileges: baseline admits it.
    assert_eq!(located(&v, "pss-baseline/"), Vec::<(String, u64, u64, String)>::new());
    // Schema: every object is valid for 1.37 except the two in removed
    // apiVersions; the Dask and kopf custom resources are validated against
    // the CRDs shipped beside them (none is skipped for want of a CRD).
    let smd = "golang-k8s-sigs-structured-merge-diff-dev-4.1.2+ds1-2";
    assert_eq!(
        located(&v, "schema/"),
        [
            (format!("{smd}/k8s-deployment.yaml"), 1, 1, "schema/removed-api".to_string()),
            (format!("{smd}/prometheus-crd.yaml"), 1, 1, "schema/removed-api".to_string()),
        ]
    );
    assert!(stderr.contains("39 objects validated against Kubernetes 1.37; 0 custom resources not validated"), "{stderr}");
}

#[test]
fn restricted_findings_point_into_pod_templates_and_custom_resources() {
    let (_, v, _) = run(&["--profile", "pss-restricted"], None);
    let run_as_non_root = located(&v, "pss-restricted/runAsNonRoot");
    let at = |path: &str, line: u64, column: u64| (path.to_string(), line, column, "pss-restricted/runAsNonRoot".to_string());
    for expected in [
        // Airflow's pod template: the container's first key.
        at("apache-airflow-providers-cncf-kubernetes-10.25.0/basic_template.yaml", 27, 7),
        // git-sync is an init container: checked like the others.
        at("apache-airflow-providers-cncf-kubernetes-10.25.0/git_sync_template.yaml", 28, 7),
        // Dask custom resources keep pod specs under spec.worker.spec and
        // spec.scheduler.spec, found by shape.
        at("dask-kubernetes-2026.3.0/tests-resources/simplecluster.yaml", 21, 11),
        at("dask-kubernetes-2026.3.0/tests-resources/simplecluster.yaml", 46, 11),
        at("dask-kubernetes-2026.3.0/tests-resources/simplejob.yaml", 13, 11),
        at("dask-kubernetes-2026.3.0/tests-resources/simpleworkergroup.yaml", 11, 11),
        at("golang-k8s-sigs-structured-merge-diff-dev-4.1.2+ds1-2/k8s-deployment.yaml", 91, 9),
        at("kopf-1.45.2/docs/deployment-depl.yaml", 19, 9),
        // The same container in kubectl's back-to-back JSON objects.
        at("kubectl-1.32.3/kopf-docs.json", 26, 21),
    ] {
        assert!(run_as_non_root.contains(&expected), "{expected:?} not in {run_as_non_root:#?}");
    }
    assert_eq!(run_as_non_root.len(), 18, "{run_as_non_root:#?}");
}

#[test]
fn helm_renders_the_real_charts_and_findings_name_their_templates() {
    let Some(tools) = k8s_tools() else { return };
    let path = path_with(&tools);
    let (_, v, stderr) = run(&["--helm"], Some(&path));
    assert_eq!(v["incomplete"], serde_json::json!([]), "{stderr}");
    assert!(stderr.contains("48 objects"), "7 rendered objects more: {stderr}");
    assert!(!stderr.contains("charts were not checked"), "{stderr}");
    let image_digest = located(&v, "recommended/image-digest");
    assert!(
        image_digest.contains(&(
            "golang-oras-oras-go-dev-1.1.1-1/chartmuseum/templates/deployment.yaml".into(),
            31,
            9,
            "recommended/image-digest".into()
        )),
        "{image_digest:#?}"
    );
    let finding = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["rule_id"] == "recommended/image-digest" && f["location"]["path"].as_str().unwrap().contains("chartmuseum"))
        .unwrap();
    assert_eq!(finding["snippet"], "        image: chartmuseum/chartmuseum:v0.8.0", "the rendered line");
}

#[test]
fn helm_missing_from_path_is_an_input_error_that_says_how_to_pipe() {
    let empty = tempfile::tempdir().unwrap();
    let (code, v, _) = run(&["--helm"], Some(empty.path().as_os_str()));
    assert_eq!(code, Some(2));
    let incomplete = v["incomplete"].as_array().unwrap();
    assert_eq!(incomplete.len(), 2, "one per chart: {incomplete:#?}");
    assert!(incomplete.iter().all(|e| e["path"].as_str().unwrap().ends_with("/Chart.yaml")));
    assert!(incomplete[0]["message"].as_str().unwrap().contains("| ci-sec k8s -"), "{incomplete:#?}");
    assert!(!v["findings"].as_array().unwrap().is_empty(), "the plain manifests are still checked");
}

#[test]
fn kustomize_builds_the_overlay_and_does_not_check_bases_and_patches_alone() {
    let Some(tools) = k8s_tools() else { return };
    let out = ci_sec()
        .env("PATH", path_with(&tools))
        .arg("k8s")
        .arg(fixture("k8s/kustomize"))
        .args(["--kustomize", "--profile", "pss-baseline", "--format", "json", "-v"])
        .output()
        .unwrap();
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(v["incomplete"], serde_json::json!([]), "{stderr}");
    let got = located(&v, "");
    assert_eq!(got, [("overlays/prod (kustomize build)".to_string(), 19, 11, "pss-baseline/privileged".to_string())], "{stderr}");
    assert!(v["findings"][0]["message"].as_str().unwrap().contains("Deployment shop/prod-web"), "the built name and namespace");
    assert!(stderr.contains("4 Kustomize inputs"), "{stderr}");

    // Without --kustomize the patch is checked as it stands.
    let raw = ci_sec().arg("k8s").arg(fixture("k8s/kustomize")).args(["--profile", "pss-baseline", "--format", "json"]).output().unwrap();
    let v: Value = serde_json::from_slice(&raw.stdout).unwrap();
    assert_eq!(located(&v, "")[0].0, "overlays/prod/privileged.yaml");
}
