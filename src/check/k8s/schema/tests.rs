//! End-to-end schema validation: manifests in, findings out, through
//! [`crate::check::k8s::check_with`] as the CLI runs it.

use crate::check::k8s::{check_with, load_text, KubeVersion, Level, PssOptions, RunOptions};
use crate::model::Finding;

/// The schema findings of `text` at Kubernetes 1.`minor`.
fn schema_findings(text: &str, minor: u32) -> Vec<Finding> {
    let opts = PssOptions::new(Level::Baseline, KubeVersion::new(minor));
    let report = check_with(load_text(text, "m.yaml"), &opts, &RunOptions::default());
    assert!(report.input_errors.is_empty(), "{:?}", report.input_errors);
    report.findings.into_iter().filter(|f| f.rule_id.starts_with("schema/")).collect()
}

/// (line, column, rule) of each finding.
fn at(findings: &[Finding]) -> Vec<(u32, u32, &str)> {
    findings.iter().map(|f| (f.location.line, f.location.column, f.rule_id.as_str())).collect()
}

const DEPLOYMENT: &str = "\
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: shop
  labels: {app: web, tier: \"1\"}
  annotations: {note: \"yes\"}
spec:
  replicas: 3
  selector:
    matchLabels: {app: web}
  strategy:
    type: RollingUpdate
    rollingUpdate: {maxSurge: 25%, maxUnavailable: 0}
  template:
    metadata:
      labels: {app: web}
    spec:
      securityContext: {runAsNonRoot: true, seccompProfile: {type: RuntimeDefault}}
      containers:
      - name: web
        image: registry.example/web:1.2.3
        args: [\"--port\", \"8080\"]
        ports:
        - {name: http, containerPort: 8080, protocol: TCP}
        env:
        - {name: MODE, value: \"production\"}
        - name: POD_IP
          valueFrom: {fieldRef: {fieldPath: status.podIP}}
        resources:
          requests: {cpu: 250m, memory: 64Mi}
          limits: {cpu: 1, memory: 0.5Gi}
        readinessProbe:
          httpGet: {path: /healthz, port: http}
          periodSeconds: 10
        livenessProbe:
          tcpSocket: {port: 8080}
        securityContext:
          allowPrivilegeEscalation: false
          capabilities: {drop: [ALL]}
      volumes:
      - name: cache
        emptyDir: {sizeLimit: 1Gi}
";

#[test]
fn check_valid_manifests_of_many_kinds_have_no_schema_findings() {
    let others = "\
apiVersion: v1
kind: Service
metadata: {name: web, namespace: shop}
spec:
  selector: {app: web}
  ports: [{port: 80, targetPort: http}, {port: 8443, targetPort: 8443, protocol: TCP}]
---
apiVersion: v1
kind: Secret
metadata: {name: creds, namespace: shop}
type: Opaque
data: {password: aHVudGVyMg==}
stringData: {user: admin}
---
apiVersion: v1
kind: ConfigMap
metadata: {name: cfg, namespace: shop, creationTimestamp: null}
data: {port: \"8080\", debug: \"false\"}
---
apiVersion: batch/v1
kind: CronJob
metadata: {name: report, namespace: shop}
spec:
  schedule: \"0 3 * * *\"
  jobTemplate:
    spec:
      backoffLimit: 2
      template:
        spec:
          restartPolicy: OnFailure
          containers: [{name: report, image: \"r:1\", command: [\"true\"]}]
---
apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata: {name: web, namespace: shop}
spec:
  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: web}
  minReplicas: 2
  maxReplicas: 10
  metrics:
  - type: Resource
    resource: {name: cpu, target: {type: Utilization, averageUtilization: 80}}
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: deny, namespace: shop}
spec:
  podSelector: {}
  policyTypes: [Ingress, Egress]
  ingress:
  - from: [{namespaceSelector: {matchLabels: {team: a}}}]
    ports: [{port: 8080}, {port: http, protocol: TCP}]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: {name: read, namespace: shop}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: Role, name: read}
subjects: [{kind: ServiceAccount, name: web, namespace: shop}]
---
apiVersion: apps/v1
kind: StatefulSet
metadata: {name: db, namespace: shop}
spec:
  serviceName: db
  selector: {matchLabels: {app: db}}
  template:
    metadata: {labels: {app: db}}
    spec:
      containers: [{name: db, image: \"db:1\"}]
  volumeClaimTemplates:
  - metadata: {name: data}
    spec:
      accessModes: [ReadWriteOnce]
      resources: {requests: {storage: 10Gi}}
---
apiVersion: policy/v1
kind: PodDisruptionBudget
metadata: {name: web, namespace: shop}
spec: {minAvailable: 50%, selector: {matchLabels: {app: web}}}
---
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: {name: web, namespace: shop}
spec:
  tls: [{hosts: [shop.example], secretName: tls}]
  rules:
  - host: shop.example
    http:
      paths:
      - {path: /, pathType: Prefix, backend: {service: {name: web, port: {number: 80}}}}
";
    for minor in [31, 34, 37] {
        let all = format!("{DEPLOYMENT}---\n{others}");
        let found = schema_findings(&all, minor);
        assert!(found.is_empty(), "1.{minor}: {:#?}", found.iter().map(|f| &f.message).collect::<Vec<_>>());
    }
}

#[test]
fn check_unknown_fields_point_at_the_key_and_suggest_the_spelling() {
    let text = DEPLOYMENT.replace("        image: registry.example/web:1.2.3\n", "        image: registry.example/web:1.2.3\n        imagePullPolice: Always\n");
    let found = schema_findings(&text, 37);
    assert_eq!(at(&found), [(23, 9, "schema/unknown-field")]);
    let message = &found[0].message;
    assert!(message.starts_with("Deployment shop/web: spec.template.spec.containers[web].imagePullPolice: unknown field"), "{message}");
    assert!(message.contains("did you mean `imagePullPolicy`"), "{message}");
    // A security setting one level too high is unknown, not silently applied.
    let text = DEPLOYMENT.replace("      volumes:\n", "      privileged: true\n      volumes:\n");
    assert_eq!(at(&schema_findings(&text, 37)), [(41, 7, "schema/unknown-field")]);
}

#[test]
fn check_wrong_types_as_kubernetes_decodes_yaml() {
    let text = "\
apiVersion: v1
kind: Pod
metadata:
  name: p
  labels: {version: 1.0, enabled: yes, ok: \"true\"}
spec:
  containers:
  - name: c
    image: c
    ports:
      containerPort: 8080
    env:
    - {name: DEBUG, value: true}
    - {name: PORT, value: 8080}
    readinessProbe:
      periodSeconds: \"10\"
      httpGet: {port: 1.5}
  hostNetwork: \"false\"
";
    let found = schema_findings(text, 37);
    let got: Vec<_> = found.iter().map(|f| (f.location.line, f.location.column, f.rule_id.as_str(), f.message.split(": ").nth(1).unwrap_or(""))).collect();
    assert_eq!(
        got,
        [
            (5, 21, "schema/wrong-type", "metadata.labels.version"),
            (5, 35, "schema/wrong-type", "metadata.labels.enabled"),
            (10, 5, "schema/wrong-type", "spec.containers[c].ports"),
            (13, 28, "schema/wrong-type", "spec.containers[c].env[DEBUG].value"),
            (14, 27, "schema/wrong-type", "spec.containers[c].env[PORT].value"),
            (16, 22, "schema/wrong-type", "spec.containers[c].readinessProbe.periodSeconds"),
            (17, 23, "schema/wrong-type", "spec.containers[c].readinessProbe.httpGet.port"),
            (18, 16, "schema/wrong-type", "spec.hostNetwork"),
        ]
    );
    assert!(found[2].message.contains("expected list, got a mapping"), "{}", found[2].message);
    assert!(found[0].message.contains("expected string, got number 1.0 (quote it"), "{}", found[0].message);
    assert!(found[3].message.contains("got boolean true (quote it"), "{}", found[3].message);
    assert!(found[5].message.contains("expected integer, got string \"10\" (remove the quotes)"), "{}", found[5].message);
}

#[test]
fn check_missing_required_fields_point_at_the_enclosing_block() {
    let text = "\
apiVersion: apps/v1
kind: Deployment
metadata: {name: d}
spec:
  template:
    spec:
      containers:
      - image: nameless
";
    let found = schema_findings(text, 37);
    assert_eq!(at(&found), [(8, 9, "schema/missing-required"), (4, 1, "schema/missing-required")]);
    assert!(found[0].message.contains("spec.template.spec.containers[0].name: required field `name`"), "{}", found[0].message);
    assert!(found[1].message.contains("spec.selector: required field `selector` is missing"), "{}", found[1].message);
    // A Deployment without spec: required by the 1.37 schema, not by 1.31's.
    let bare = "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: d}\n";
    assert_eq!(at(&schema_findings(bare, 37)), [(2, 1, "schema/missing-required")]);
    assert!(schema_findings(bare, 31).is_empty());
}

#[test]
fn check_int_or_string_quantities_and_base64() {
    let text = "\
apiVersion: v1
kind: Service
metadata: {name: s}
spec:
  ports: [{port: 80, targetPort: http}, {port: 81, targetPort: 8081}, {port: 82, targetPort: [1]}]
---
apiVersion: v1
kind: Pod
metadata: {name: p}
spec:
  containers:
  - name: c
    resources: {requests: {cpu: 0.5, memory: 1GB}, limits: {cpu: 2, memory: 1Gi}}
---
apiVersion: v1
kind: Secret
metadata: {name: s}
data: {password: hunter2, token: dG9rZW4=}
";
    let found = schema_findings(text, 37);
    assert_eq!(at(&found), [(5, 82, "schema/wrong-type"), (13, 46, "schema/invalid-value"), (18, 18, "schema/invalid-value")]);
    assert!(found[1].message.contains("\"1GB\" is not a quantity"), "{}", found[1].message);
    assert!(found[2].message.contains("stringData"), "{}", found[2].message);
}

#[test]
fn check_a_field_added_in_1_32_is_unknown_at_1_31() {
    // Pod-level resources (spec.resources) arrived in the 1.32 API.
    let text = "\
apiVersion: v1
kind: Pod
metadata: {name: p}
spec:
  resources: {limits: {cpu: 1}}
  containers: [{name: c, image: c}]
";
    assert!(schema_findings(text, 37).is_empty());
    assert!(schema_findings(text, 32).is_empty());
    let at31 = schema_findings(text, 31);
    assert_eq!(at(&at31), [(5, 3, "schema/unknown-field")]);
}

#[test]
fn check_removed_deprecated_and_unknown_api_versions() {
    let netpol = "apiVersion: extensions/v1beta1\nkind: NetworkPolicy\nmetadata: {name: n}\nspec: {podSelector: {}}\n";
    let found = schema_findings(netpol, 37);
    assert_eq!(at(&found), [(1, 1, "schema/removed-api")]);
    assert!(found[0].message.contains("removed in 1.16") && found[0].message.contains("use networking.k8s.io/v1"), "{}", found[0].message);

    let flow = "apiVersion: flowcontrol.apiserver.k8s.io/v1beta3\nkind: FlowSchema\nmetadata: {name: f}\nspec: {priorityLevelConfiguration: {name: p}}\n";
    let at31 = schema_findings(flow, 31);
    assert_eq!(at(&at31), [(1, 1, "schema/deprecated-api")], "served by 1.31, validated, deprecated");
    assert!(at31[0].message.contains("not served from 1.32 on"), "{}", at31[0].message);
    let at32 = schema_findings(flow, 32);
    assert_eq!(at(&at32), [(1, 1, "schema/removed-api")]);
    assert!(at32[0].message.contains("use flowcontrol.apiserver.k8s.io/v1"), "{}", at32[0].message);

    let endpoints = "apiVersion: v1\nkind: Endpoints\nmetadata: {name: e}\n";
    assert_eq!(at(&schema_findings(endpoints, 37)), [(1, 1, "schema/deprecated-api")]);
    assert!(schema_findings(endpoints, 32).is_empty());

    let typo = "apiVersion: apps/v1beta9\nkind: Deployment\nmetadata: {name: d}\n";
    let found = schema_findings(typo, 37);
    assert_eq!(at(&found), [(1, 1, "schema/unknown-kind")]);
    assert!(found[0].message.contains("Deployment is served as apps/v1"), "{}", found[0].message);
    let wrong_group = "apiVersion: apps/v1\nkind: Ingress\nmetadata: {name: i}\n";
    assert!(schema_findings(wrong_group, 37)[0].message.contains("networking.k8s.io/v1"));
    let dotless = "apiVersion: app/v1\nkind: Thing\nmetadata: {name: t}\n";
    assert_eq!(at(&schema_findings(dotless, 37)), [(1, 1, "schema/unknown-kind")], "CRD groups always have a dot");
    let later = "apiVersion: resource.k8s.io/v1\nkind: DeviceClass\nmetadata: {name: d}\nspec: {}\n";
    assert!(schema_findings(later, 31)[0].message.contains("first served by 1.34"));
}

const CRD: &str = "\
apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata: {name: widgets.example.com}
spec:
  group: example.com
  names: {kind: Widget, plural: widgets}
  scope: Namespaced
  versions:
  - name: v1
    served: true
    storage: true
    schema:
      openAPIV3Schema:
        type: object
        required: [spec]
        properties:
          spec:
            type: object
            required: [size]
            properties:
              size: {type: integer, format: int32}
              mode: {type: string, enum: [fast, safe]}
              port: {x-kubernetes-int-or-string: true}
              extra: {type: object, x-kubernetes-preserve-unknown-fields: true}
              tags: {type: array, items: {type: string}}
              template: {type: object, x-kubernetes-embedded-resource: true, properties: {spec: {type: object}}}
  - name: v1beta1
    served: false
    storage: false
";

#[test]
fn check_custom_resources_are_validated_against_their_crd() {
    let cr = "\
apiVersion: example.com/v1
kind: Widget
metadata: {name: w, namespace: shop, labels: {size: 3}}
spec:
  size: \"3\"
  mode: turbo
  port: http
  colour: red
  extra: {anything: [goes, 1, {deep: true}]}
  tags: [a, 2]
  template: {apiVersion: v1, kind: Pod, metadata: {name: x}, spec: {}}
";
    let found = schema_findings(&format!("{CRD}---\n{cr}"), 37);
    // The custom resource starts on line 31.
    let got: Vec<_> = found.iter().map(|f| (f.location.line - 30, f.location.column, f.rule_id.as_str())).collect();
    assert_eq!(
        got,
        [
            (5, 9, "schema/wrong-type"),
            (6, 9, "schema/invalid-value"),
            (8, 3, "schema/unknown-field"),
            (10, 13, "schema/wrong-type"),
            (3, 53, "schema/wrong-type"),
        ],
        "{:#?}",
        found.iter().map(|f| &f.message).collect::<Vec<_>>()
    );
    assert!(found[1].message.contains("string \"turbo\" is not one of \"fast\", \"safe\""), "{}", found[1].message);

    let missing = "apiVersion: example.com/v1\nkind: Widget\nmetadata: {name: w}\nspec: {mode: safe}\n";
    let found = schema_findings(&format!("{CRD}---\n{missing}"), 37);
    assert_eq!(at(&found), [(34, 1, "schema/missing-required")]);
}

#[test]
fn check_unserved_versions_and_custom_resources_without_a_crd() {
    let unserved = "apiVersion: example.com/v1beta1\nkind: Widget\nmetadata: {name: w}\nspec: {size: 1}\n";
    let undefined = "apiVersion: example.com/v2\nkind: Widget\nmetadata: {name: w}\nspec: {size: 1}\n";
    let found = schema_findings(&format!("{CRD}---\n{unserved}---\n{undefined}"), 37);
    assert_eq!(at(&found), [(31, 1, "schema/unserved-version"), (36, 1, "schema/unserved-version")]);
    assert!(found[0].message.contains("does not serve version \"v1beta1\" (served: v1)"), "{}", found[0].message);
    assert!(found[1].message.contains("does not define version \"v2\""), "{}", found[1].message);

    let orphan = "apiVersion: other.example/v1\nkind: Gadget\nmetadata: {name: g}\nspec: {whatever: 1}\n---\napiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources: [a.yaml]\n";
    let opts = PssOptions::new(Level::Baseline, KubeVersion::LATEST);
    let report = check_with(load_text(&format!("{CRD}---\n{orphan}"), "m.yaml"), &opts, &RunOptions::default());
    assert!(report.findings.iter().all(|f| !f.rule_id.starts_with("schema/")), "{:?}", report.findings);
    assert_eq!((report.schema_checked, report.schema_skipped_custom), (1, 2), "the CRD is checked; both CRs are skipped");
}

#[test]
fn check_findings_per_object_are_capped() {
    let mut text = String::from("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\n");
    for i in 0..40 {
        text.push_str(&format!("field{i}: x\n"));
    }
    let found = schema_findings(&text, 37);
    assert_eq!(found.len(), super::MAX_PROBLEMS_PER_OBJECT);
    assert!(found.last().unwrap().message.contains("stopped after 20 schema problems"));
}

#[test]
fn check_schema_validation_can_be_turned_off_and_runs_at_every_profile() {
    let text = "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec: {containers: [{name: c, image: c, imagePullPolice: x}]}\n";
    for level in [Level::Baseline, Level::Restricted, Level::Recommended] {
        let opts = PssOptions::new(level, KubeVersion::LATEST);
        let on = check_with(load_text(text, "p.yaml"), &opts, &RunOptions::default());
        assert!(on.findings.iter().any(|f| f.rule_id == "schema/unknown-field"), "{level:?}");
        let off = check_with(load_text(text, "p.yaml"), &opts, &RunOptions { schema: false, ..RunOptions::default() });
        assert!(off.findings.iter().all(|f| !f.rule_id.starts_with("schema/")));
        assert_eq!(off.schema_checked, 0);
    }
}

#[test]
fn check_crds_themselves_and_typed_lists_validate() {
    // The CRD is validated against the apiextensions schema (JSONSchemaProps).
    assert!(schema_findings(CRD, 37).is_empty());
    let bad_crd = CRD.replace("  scope: Namespaced\n", "  scope: Namespaced\n  scopes: x\n");
    assert_eq!(at(&schema_findings(&bad_crd, 37)), [(8, 3, "schema/unknown-field")]);
    let list = "apiVersion: v1\nkind: PodList\nitems:\n- metadata: {name: a}\n  spec: {containers: [{name: c, image: c, tty: \"no\"}]}\n";
    assert_eq!(at(&schema_findings(list, 37)), [(5, 48, "schema/wrong-type")]);
}

#[test]
fn check_every_prefix_of_crds_and_resources_is_handled_without_panic() {
    let cr = "apiVersion: example.com/v1\nkind: Widget\nmetadata: {name: w, labels: {a: b}}\nspec: {size: 1, mode: fast, template: {apiVersion: v1, kind: Pod}}\n";
    let text = format!("{CRD}---\n{cr}---\n{DEPLOYMENT}");
    let opts = PssOptions::new(Level::Recommended, KubeVersion::LATEST);
    for end in (0..=text.len()).filter(|e| text.is_char_boundary(*e)).step_by(3) {
        let _ = check_with(load_text(&text[..end], "t.yaml"), &opts, &RunOptions::default());
    }
}
