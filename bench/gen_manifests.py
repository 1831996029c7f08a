#!/usr/bin/env python3
"""Deterministic synthetic Kubernetes manifest tree for the `ci-sec k8s` benchmark.

Usage:
    python3 bench/gen_manifests.py OUT_DIR [--objects N] [--seed S]
    python3 bench/gen_manifests.py --single FILE [--seed S]     # one small deployment.yaml

The tree looks like a large platform repository:

    platform/crds/             CustomResourceDefinitions (three made-up groups)
    platform/system/           agents and controllers: DaemonSets, ClusterRoles, bindings
    platform/namespaces.yaml   Namespaces with ResourceQuota, LimitRange and default-deny policies
    apps/<team>/<app>/         one directory per service, one file per concern:
                               deployment.yaml (often several documents), service.yaml,
                               configmap.yaml, rbac.yaml, networkpolicy.yaml, ingress.yaml,
                               hpa.yaml, pdb.yaml, statefulset.yaml, cronjob.yaml, job.yaml,
                               canary.yaml (a custom resource carrying a pod template)
    tenants/<cluster>/batch-NNN.yaml
                               rendered per-tenant stacks (what `helm template` or a
                               templating pipeline writes): long multi-document streams,
                               `# Source:` comments, one namespace per tenant
    exports/<cluster>/*.yaml|json
                               `kubectl get -o yaml|json` output: `kind: List` with items,
                               server-set metadata and status
    .ci/pipeline.yaml, docs/mkdocs.yml
                               YAML that is not Kubernetes (every tool should skip it)

Workloads get one of four security postures, drawn per workload with a seeded RNG:
hardened (~35 %), typical (~40 %), legacy (~20 %, no securityContext, mutable tags,
literal credentials) and dangerous (~5 %: privileged, host namespaces, hostPath,
added capabilities, root), so every scanner finds problems and every scanner also
sees clean objects. Field names follow the Kubernetes 1.37 API (checked with
`kubernetes-validate --strict`, see bench/README-k8s.md).

"Objects" counts Kubernetes objects as `kubectl apply` sees them: every document with
apiVersion and kind, with `List` documents counted as their items (the List itself is
not an object). The total is exactly --objects (the last tenant file is topped up with
ConfigMaps). A summary is written to OUT_DIR/bench-manifest.json. Only the Python
standard library is used; output is byte-for-byte deterministic for (--objects, --seed).
"""
from __future__ import annotations

import argparse
import json
import os
import random
import re
import shutil
import sys
import time

GENERATOR_VERSION = 1
DEFAULT_OBJECTS = 50_000
DEFAULT_SEED = 20241130

TEAMS = """payments search identity catalog checkout billing data ml growth notifications
media logistics pricing support analytics fraud""".split()
APP_WORDS = """api gateway worker indexer scheduler ledger auth profile cart orders invoice
render thumbnailer mailer sms push reco feature model ranker ingest export report audit
session token graph geo inventory shipping quote refund promo""".split()
CLUSTERS = ["prod-eu-west", "prod-us-east", "prod-ap-south", "staging-eu", "staging-us", "dev"]
TENANT_WORDS = """acme globex initech umbrella hooli stark wayne wonka tyrell cyberdyne
soylent oscorp vandelay pied massive aperture gringotts monarch nakatomi prestige""".split()

PUBLIC_IMAGES = [
    ("docker.io/library/nginx", "1.27.3"), ("docker.io/library/redis", "7.4.1"),
    ("docker.io/library/postgres", "16.6"), ("docker.io/library/busybox", "1.37.0"),
    ("quay.io/prometheus/node-exporter", "v1.8.2"), ("docker.io/fluent/fluent-bit", "3.2.2"),
    ("registry.k8s.io/pause", "3.10"), ("docker.io/library/alpine", "3.21"),
]

# ---------------------------------------------------------------------------
# a small block-style YAML emitter (kubectl's layout: list items at the key's
# indent); strings are quoted whenever YAML 1.1 could read them as anything else
# ---------------------------------------------------------------------------

_PLAIN = re.compile(r"^[A-Za-z_/.][A-Za-z0-9_./@=+:-]*( [A-Za-z0-9_./@=+()-]+)*$")
_YAML11_SPECIAL = {
    "y", "Y", "yes", "Yes", "YES", "n", "N", "no", "No", "NO", "true", "True", "TRUE",
    "false", "False", "FALSE", "on", "On", "ON", "off", "Off", "OFF", "null", "Null", "NULL", "~",
}


def scalar(v) -> str:
    if v is None:
        return "null"
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, (int, float)):
        return str(v)
    s = str(v)
    if s and _PLAIN.match(s) and s not in _YAML11_SPECIAL and not re.match(r"^[-+.]?[0-9]", s) \
            and not s.endswith(":") and ": " not in s:
        return s
    return json.dumps(s)


def emit(value, indent=0, out=None) -> list:
    """Block YAML lines for a dict (the top level of a document)."""
    out = [] if out is None else out
    pad = " " * indent
    for k, v in value.items():
        key = scalar(k)
        if isinstance(v, dict):
            if not v:
                out.append(f"{pad}{key}: {{}}")
            elif getattr(v, "flow", False):
                out.append(f"{pad}{key}: {flow(v)}")
            else:
                out.append(f"{pad}{key}:")
                emit(v, indent + 2, out)
        elif isinstance(v, list):
            if not v:
                out.append(f"{pad}{key}: []")
            else:
                out.append(f"{pad}{key}:")
                emit_list(v, indent, out)
        elif isinstance(v, str) and "\n" in v:
            out.append(f"{pad}{key}: |" + ("" if v.endswith("\n") else "-"))
            for line in v.rstrip("\n").split("\n"):
                out.append(f"{pad}  {line}" if line else "")
        else:
            out.append(f"{pad}{key}: {scalar(v)}")
    return out


def emit_list(items, indent, out):
    pad = " " * indent
    for item in items:
        if isinstance(item, dict) and item:
            sub = emit(item, indent + 2)
            out.append(f"{pad}- {sub[0].lstrip()}")
            out.extend(sub[1:])
        elif isinstance(item, list):
            raise ValueError("nested lists are not used in manifests")
        else:
            out.append(f"{pad}- {scalar(item) if not isinstance(item, dict) else '{}'}")


class Flow(dict):
    """A mapping written in flow style (`labels: {app: web}`), as people often do."""
    flow = True


def flow(d) -> str:
    return "{" + ", ".join(f"{scalar(k)}: {scalar(v)}" for k, v in d.items()) + "}"


def doc_text(obj, header=None) -> str:
    lines = [header] if header else []
    lines.extend(emit(obj))
    return "\n".join(lines) + "\n"


# ---------------------------------------------------------------------------
# object builders
# ---------------------------------------------------------------------------


class Gen:
    def __init__(self, seed):
        self.rng = random.Random(seed)
        self.stats = {"objects": 0, "by_kind": {}, "pod_bearing": 0, "containers": 0,
                      "postures": {}, "documents": 0, "list_documents": 0, "non_k8s_documents": 0,
                      "files": 0, "yaml_files": 0, "json_files": 0, "bytes": 0}

    # -- helpers ------------------------------------------------------------
    def hexs(self, n):
        return "".join(self.rng.choice("0123456789abcdef") for _ in range(n))

    def uid(self):
        h = self.hexs(32)
        return f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}"

    def count(self, obj):
        kind = obj["kind"]
        self.stats["objects"] += 1
        self.stats["by_kind"][kind] = self.stats["by_kind"].get(kind, 0) + 1

    def posture(self):
        r = self.rng.random()
        p = "hardened" if r < 0.35 else "typical" if r < 0.75 else "legacy" if r < 0.95 else "dangerous"
        self.stats["postures"][p] = self.stats["postures"].get(p, 0) + 1
        return p

    def image(self, team, app, posture):
        r = self.rng
        if posture == "hardened" or (posture == "typical" and r.random() < 0.2):
            repo = f"registry.example.com/{team}/{app}"
            return f"{repo}:{r.randint(1, 4)}.{r.randint(0, 30)}.{r.randint(0, 9)}@sha256:{self.hexs(64)}"
        if posture == "legacy" and r.random() < 0.6:
            base = r.choice(PUBLIC_IMAGES)[0] if r.random() < 0.3 else f"registry.example.com/{team}/{app}"
            return base if r.random() < 0.4 else f"{base}:latest"
        if r.random() < 0.15:
            name, tag = r.choice(PUBLIC_IMAGES)
            return f"{name}:{tag}"
        return f"registry.example.com/{team}/{app}:{r.randint(1, 4)}.{r.randint(0, 30)}.{r.randint(0, 9)}"

    def resources(self, posture):
        r = self.rng
        cpu = r.choice(["50m", "100m", "250m", "500m", "1"])
        mem = r.choice(["64Mi", "128Mi", "256Mi", "512Mi", "1Gi"])
        lim_cpu = {"50m": "200m", "100m": "500m", "250m": "1", "500m": "2", "1": "4"}[cpu]
        lim_mem = {"64Mi": "128Mi", "128Mi": "256Mi", "256Mi": "512Mi", "512Mi": "1Gi", "1Gi": "2Gi"}[mem]
        if posture == "hardened" or (posture == "typical" and r.random() < 0.6):
            return {"requests": {"cpu": cpu, "memory": mem}, "limits": {"cpu": lim_cpu, "memory": lim_mem}}
        if posture == "typical":
            return {"requests": {"cpu": cpu, "memory": mem}}
        if posture == "dangerous" and r.random() < 0.5:
            return {"limits": {"memory": lim_mem}}
        return None

    def container_sc(self, posture):
        r = self.rng
        if posture == "hardened":
            return {"allowPrivilegeEscalation": False, "readOnlyRootFilesystem": True,
                    "runAsNonRoot": True, "capabilities": {"drop": ["ALL"]}}
        if posture == "typical":
            sc = {"allowPrivilegeEscalation": False}
            if r.random() < 0.5:
                sc["runAsNonRoot"] = True
            if r.random() < 0.4:
                sc["capabilities"] = {"drop": ["ALL"]}
            if r.random() < 0.3:
                sc["readOnlyRootFilesystem"] = True
            return sc
        if posture == "legacy":
            return None if r.random() < 0.8 else {"runAsUser": 0}
        sc = {}
        choice = r.randrange(4)
        if choice == 0:
            sc["privileged"] = True
        elif choice == 1:
            sc["capabilities"] = {"add": r.sample(["SYS_ADMIN", "NET_ADMIN", "NET_RAW", "SYS_PTRACE"], 2)}
        elif choice == 2:
            sc["runAsUser"] = 0
            sc["allowPrivilegeEscalation"] = True
        else:
            sc["seccompProfile"] = {"type": "Unconfined"}
            sc["procMount"] = "Unmasked"
        return sc

    def env(self, team, app, posture):
        r = self.rng
        env = [{"name": "APP_NAME", "value": app}, {"name": "LOG_LEVEL", "value": r.choice(["info", "debug", "warn"])},
               {"name": "OTEL_SERVICE_NAME", "value": f"{team}-{app}"}]
        if r.random() < 0.5:
            env.append({"name": "POD_NAMESPACE", "valueFrom": {"fieldRef": {"fieldPath": "metadata.namespace"}}})
        if posture in ("legacy", "dangerous") and r.random() < 0.35:
            env.append({"name": r.choice(["DB_PASSWORD", "API_KEY", "SECRET_TOKEN"]), "value": self.hexs(24)})
        else:
            env.append({"name": "DB_PASSWORD", "valueFrom": {"secretKeyRef": {"name": f"{app}-db", "key": "password"}}})
        return env

    def probes(self, port):
        return {
            "livenessProbe": {"httpGet": {"path": "/healthz", "port": port}, "initialDelaySeconds": 10,
                              "periodSeconds": 10, "failureThreshold": 3},
            "readinessProbe": {"httpGet": {"path": "/ready", "port": port}, "periodSeconds": 5},
        }

    def container(self, team, app, name, posture, port=8080, long_running=True):
        r = self.rng
        c = {"name": name, "image": self.image(team, app, posture)}
        if posture == "legacy" and ":" not in c["image"].rsplit("/", 1)[-1] and r.random() < 0.5:
            c["imagePullPolicy"] = "IfNotPresent"
        elif r.random() < 0.3:
            c["imagePullPolicy"] = "IfNotPresent" if "@sha256" in c["image"] else "Always"
        if long_running:
            c["ports"] = [{"name": "http", "containerPort": port, "protocol": "TCP"}]
            if r.random() < 0.4:
                c["ports"].append({"name": "metrics", "containerPort": 9090, "protocol": "TCP"})
        else:
            c["command"] = ["/bin/" + app]
            c["args"] = ["--once", f"--batch-size={r.choice([100, 500, 1000])}"]
        c["env"] = self.env(team, app, posture)
        res = self.resources(posture)
        if res:
            c["resources"] = res
        if long_running and (posture in ("hardened", "typical") or r.random() < 0.3):
            c.update(self.probes(port))
        sc = self.container_sc(posture)
        if sc is not None:
            c["securityContext"] = sc
        c["volumeMounts"] = [{"name": "config", "mountPath": "/etc/" + app, "readOnly": True}]
        if posture == "hardened":
            c["volumeMounts"].append({"name": "tmp", "mountPath": "/tmp"})
        if posture == "dangerous" and r.random() < 0.5:
            c["ports"] = c.get("ports", []) + [{"containerPort": 9100, "hostPort": 9100, "protocol": "TCP"}]
        self.stats["containers"] += 1
        return c

    def pod_spec(self, team, app, posture, long_running=True, restart=None):
        r = self.rng
        spec = {}
        if posture in ("hardened", "typical") or r.random() < 0.3:
            spec["serviceAccountName"] = app
        if posture == "hardened":
            spec["automountServiceAccountToken"] = False
            spec["securityContext"] = {"runAsNonRoot": True, "runAsUser": 10001, "runAsGroup": 10001,
                                       "fsGroup": 10001, "seccompProfile": {"type": "RuntimeDefault"}}
        elif posture == "typical" and r.random() < 0.5:
            spec["securityContext"] = {"runAsNonRoot": True, "fsGroup": 2000}
        elif posture == "dangerous":
            which = r.randrange(3)
            if which == 0:
                spec["hostNetwork"] = True
            elif which == 1:
                spec["hostPID"] = True
            else:
                spec["hostIPC"] = True
        if restart:
            spec["restartPolicy"] = restart
        containers = [self.container(team, app, app, posture, long_running=long_running)]
        if long_running and r.random() < 0.15:
            side = self.container(team, "envoy", "proxy", posture, port=15001)
            containers.append(side)
        spec["containers"] = containers
        if r.random() < 0.2:
            init = self.container(team, app, "migrate", posture, long_running=False)
            init.pop("volumeMounts", None)
            spec["initContainers"] = [init]
        vols = [{"name": "config", "configMap": {"name": f"{app}-config"}}]
        if posture == "hardened":
            vols.append({"name": "tmp", "emptyDir": {"sizeLimit": "64Mi"}})
        if posture == "dangerous" and r.random() < 0.6:
            vols.append({"name": "docker-sock", "hostPath": {"path": "/var/run/docker.sock", "type": "Socket"}})
            spec["containers"][0]["volumeMounts"].append({"name": "docker-sock", "mountPath": "/var/run/docker.sock"})
        spec["volumes"] = vols
        if r.random() < 0.25:
            spec["nodeSelector"] = {"kubernetes.io/os": "linux"}
        if r.random() < 0.15:
            spec["tolerations"] = [{"key": "dedicated", "operator": "Equal", "value": team, "effect": "NoSchedule"}]
        if r.random() < 0.1:
            spec["affinity"] = {"podAntiAffinity": {"preferredDuringSchedulingIgnoredDuringExecution": [
                {"weight": 100, "podAffinityTerm": {"topologyKey": "kubernetes.io/hostname",
                                                    "labelSelector": {"matchLabels": {"app.kubernetes.io/name": app}}}}]}}
        spec["terminationGracePeriodSeconds"] = r.choice([30, 30, 60])
        return spec

    def meta(self, name, ns, team, app, extra_labels=None, annotations=None, flow_labels=False):
        labels = {"app.kubernetes.io/name": app, "app.kubernetes.io/part-of": team,
                  "app.kubernetes.io/managed-by": "platform-pipeline"}
        if extra_labels:
            labels.update(extra_labels)
        m = {"name": name}
        if ns is not None:
            m["namespace"] = ns
        m["labels"] = Flow(labels) if flow_labels else labels
        if annotations:
            m["annotations"] = annotations
        return m

    def template(self, team, app, posture, long_running=True, restart=None):
        meta = {"labels": {"app.kubernetes.io/name": app, "app.kubernetes.io/part-of": team}}
        if self.rng.random() < 0.3:
            meta["annotations"] = {"prometheus.io/scrape": "true", "prometheus.io/port": "9090"}
        self.stats["pod_bearing"] += 1
        return {"metadata": meta, "spec": self.pod_spec(team, app, posture, long_running, restart)}

    # -- kinds --------------------------------------------------------------
    def deployment(self, name, ns, team, app):
        p = self.posture()
        return {"apiVersion": "apps/v1", "kind": "Deployment",
                "metadata": self.meta(name, ns, team, app, flow_labels=self.rng.random() < 0.2),
                "spec": {"replicas": self.rng.choice([1, 2, 3, 3, 5]), "revisionHistoryLimit": 5,
                         "selector": {"matchLabels": {"app.kubernetes.io/name": app}},
                         "strategy": {"type": "RollingUpdate", "rollingUpdate": {"maxSurge": "25%", "maxUnavailable": 0}},
                         "template": self.template(team, app, p)}}

    def statefulset(self, name, ns, team, app):
        p = self.posture()
        return {"apiVersion": "apps/v1", "kind": "StatefulSet", "metadata": self.meta(name, ns, team, app),
                "spec": {"serviceName": name, "replicas": 3,
                         "selector": {"matchLabels": {"app.kubernetes.io/name": app}},
                         "template": self.template(team, app, p),
                         "volumeClaimTemplates": [{"metadata": {"name": "data"},
                                                   "spec": {"accessModes": ["ReadWriteOnce"], "storageClassName": "ssd",
                                                            "resources": {"requests": {"storage": "20Gi"}}}}]}}

    def daemonset(self, name, ns, team, app, posture=None):
        p = posture or self.posture()
        if posture:
            self.stats["postures"][p] = self.stats["postures"].get(p, 0) + 1
        return {"apiVersion": "apps/v1", "kind": "DaemonSet", "metadata": self.meta(name, ns, team, app),
                "spec": {"selector": {"matchLabels": {"app.kubernetes.io/name": app}},
                         "updateStrategy": {"type": "RollingUpdate", "rollingUpdate": {"maxUnavailable": 1}},
                         "template": self.template(team, app, p)}}

    def cronjob(self, name, ns, team, app):
        p = self.posture()
        return {"apiVersion": "batch/v1", "kind": "CronJob", "metadata": self.meta(name, ns, team, app),
                "spec": {"schedule": f"{self.rng.randrange(60)} {self.rng.choice(['*', '*/6', '3'])} * * *",
                         "concurrencyPolicy": "Forbid", "successfulJobsHistoryLimit": 3, "failedJobsHistoryLimit": 1,
                         "jobTemplate": {"spec": {"backoffLimit": 2, "template": self.template(
                             team, app, p, long_running=False, restart="OnFailure")}}}}

    def job(self, name, ns, team, app):
        p = self.posture()
        return {"apiVersion": "batch/v1", "kind": "Job", "metadata": self.meta(name, ns, team, app),
                "spec": {"backoffLimit": 4, "ttlSecondsAfterFinished": 86400,
                         "template": self.template(team, app, p, long_running=False, restart="Never")}}

    def service(self, name, ns, team, app, headless=False):
        r = self.rng
        spec = {"selector": {"app.kubernetes.io/name": app},
                "ports": [{"name": "http", "port": 80, "targetPort": "http", "protocol": "TCP"}]}
        x = r.random()
        if headless:
            spec["clusterIP"] = "None"
        elif x < 0.06:
            spec["type"] = "LoadBalancer"
        elif x < 0.12:
            spec["type"] = "NodePort"
        else:
            spec["type"] = "ClusterIP"
        if x < 0.01:
            spec["externalIPs"] = [f"203.0.113.{r.randrange(1, 255)}"]
        return {"apiVersion": "v1", "kind": "Service", "metadata": self.meta(name, ns, team, app), "spec": spec}

    def configmap(self, name, ns, team, app):
        r = self.rng
        data = {"LOG_FORMAT": "json", "FEATURE_FLAGS": ",".join(r.sample(APP_WORDS, 3)),
                "config.yaml": f"server:\n  port: 8080\n  readTimeout: {r.choice([5, 10, 30])}s\n"
                               f"upstream:\n  url: http://{r.choice(APP_WORDS)}.{team}.svc:80\n"}
        if r.random() < 0.05:
            data["db_password"] = self.hexs(16)
        return {"apiVersion": "v1", "kind": "ConfigMap", "metadata": self.meta(name, ns, team, app), "data": data}

    def service_account(self, name, ns, team, app):
        sa = {"apiVersion": "v1", "kind": "ServiceAccount", "metadata": self.meta(name, ns, team, app)}
        if self.rng.random() < 0.5:
            sa["automountServiceAccountToken"] = False
        return sa

    def role(self, name, ns, team, app):
        r = self.rng
        rules = [{"apiGroups": [""], "resources": ["configmaps"], "verbs": ["get", "list", "watch"]}]
        x = r.random()
        if x < 0.1:
            rules.append({"apiGroups": [""], "resources": ["secrets"], "verbs": ["get", "list"]})
        elif x < 0.14:
            rules.append({"apiGroups": ["*"], "resources": ["*"], "verbs": ["*"]})
        elif x < 0.18:
            rules.append({"apiGroups": [""], "resources": ["pods", "pods/exec"], "verbs": ["get", "create"]})
        elif x < 0.25:
            rules.append({"apiGroups": ["apps"], "resources": ["deployments"], "verbs": ["get", "patch", "create"]})
        return {"apiVersion": "rbac.authorization.k8s.io/v1", "kind": "Role",
                "metadata": self.meta(name, ns, team, app), "rules": rules}

    def role_binding(self, name, ns, team, app, sa=None):
        subj = {"kind": "ServiceAccount", "name": sa or app, "namespace": ns}
        if self.rng.random() < 0.03:
            subj = {"kind": "ServiceAccount", "name": "default", "namespace": ns}
        return {"apiVersion": "rbac.authorization.k8s.io/v1", "kind": "RoleBinding",
                "metadata": self.meta(name, ns, team, app),
                "roleRef": {"apiGroup": "rbac.authorization.k8s.io", "kind": "Role", "name": name},
                "subjects": [subj]}

    def netpol_allow(self, name, ns, team, app):
        return {"apiVersion": "networking.k8s.io/v1", "kind": "NetworkPolicy", "metadata": self.meta(name, ns, team, app),
                "spec": {"podSelector": {"matchLabels": {"app.kubernetes.io/name": app}},
                         "policyTypes": ["Ingress"],
                         "ingress": [{"from": [{"namespaceSelector": {"matchLabels": {
                             "kubernetes.io/metadata.name": "ingress-nginx"}}},
                             {"podSelector": {"matchLabels": {"app.kubernetes.io/part-of": team}}}],
                             "ports": [{"protocol": "TCP", "port": 8080}]}]}}

    def netpol_deny(self, ns, team):
        return {"apiVersion": "networking.k8s.io/v1", "kind": "NetworkPolicy",
                "metadata": {"name": "default-deny", "namespace": ns, "labels": {"app.kubernetes.io/part-of": team}},
                "spec": {"podSelector": {}, "policyTypes": ["Ingress", "Egress"]}}

    def ingress(self, name, ns, team, app, host):
        spec = {"ingressClassName": "nginx",
                "rules": [{"host": host, "http": {"paths": [{"path": "/", "pathType": "Prefix", "backend": {
                    "service": {"name": name, "port": {"number": 80}}}}]}}]}
        if self.rng.random() < 0.8:
            spec["tls"] = [{"hosts": [host], "secretName": f"{name}-tls"}]
        return {"apiVersion": "networking.k8s.io/v1", "kind": "Ingress",
                "metadata": self.meta(name, ns, team, app, annotations={
                    "nginx.ingress.kubernetes.io/proxy-body-size": "8m"}), "spec": spec}

    def hpa(self, name, ns, team, app, kind="Deployment"):
        return {"apiVersion": "autoscaling/v2", "kind": "HorizontalPodAutoscaler", "metadata": self.meta(name, ns, team, app),
                "spec": {"scaleTargetRef": {"apiVersion": "apps/v1", "kind": kind, "name": name},
                         "minReplicas": 2, "maxReplicas": self.rng.choice([6, 10, 20]),
                         "metrics": [{"type": "Resource", "resource": {"name": "cpu", "target": {
                             "type": "Utilization", "averageUtilization": 70}}}]}}

    def pdb(self, name, ns, team, app):
        return {"apiVersion": "policy/v1", "kind": "PodDisruptionBudget", "metadata": self.meta(name, ns, team, app),
                "spec": {"maxUnavailable": 1, "selector": {"matchLabels": {"app.kubernetes.io/name": app}}}}

    def namespace(self, ns, team):
        return {"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": ns, "labels": {
            "app.kubernetes.io/part-of": team,
            "pod-security.kubernetes.io/enforce": self.rng.choice(["baseline", "restricted"])}}}

    def quota(self, ns, team):
        return {"apiVersion": "v1", "kind": "ResourceQuota", "metadata": {"name": "compute", "namespace": ns},
                "spec": {"hard": {"requests.cpu": "8", "requests.memory": "16Gi", "limits.cpu": "16",
                                  "limits.memory": "32Gi", "pods": "50"}}}

    def limitrange(self, ns, team):
        return {"apiVersion": "v1", "kind": "LimitRange", "metadata": {"name": "defaults", "namespace": ns},
                "spec": {"limits": [{"type": "Container", "default": {"cpu": "500m", "memory": "512Mi"},
                                     "defaultRequest": {"cpu": "100m", "memory": "128Mi"}}]}}

    def canary(self, name, ns, team, app):
        p = self.posture()
        return {"apiVersion": "rollouts.example.com/v1alpha1", "kind": "Canary", "metadata": self.meta(name, ns, team, app),
                "spec": {"replicas": 3, "selector": {"matchLabels": {"app.kubernetes.io/name": app}},
                         "steps": [{"setWeight": 10}, {"pause": {"duration": "5m"}}, {"setWeight": 50}],
                         "template": self.template(team, app, p)}}

    def feature_flag(self, name, ns, team, app):
        return {"apiVersion": "config.example.com/v1", "kind": "FeatureFlag", "metadata": self.meta(name, ns, team, app),
                "spec": {"enabled": self.rng.random() < 0.5, "rolloutPercent": self.rng.choice([0, 10, 50, 100]),
                         "owners": [f"{team}@example.com"]}}

    def backup_schedule(self, name, ns, team, app):
        p = self.posture()
        return {"apiVersion": "ops.example.com/v1", "kind": "BackupSchedule", "metadata": self.meta(name, ns, team, app),
                "spec": {"schedule": "0 2 * * *", "retentionDays": 14,
                         "jobTemplate": {"spec": {"template": self.template(
                             team, app, p, long_running=False, restart="OnFailure")}}}}

    def crd(self, group, kind, plural, pod_template):
        props = {"replicas": {"type": "integer"}, "schedule": {"type": "string"},
                 "enabled": {"type": "boolean"}, "rolloutPercent": {"type": "integer", "minimum": 0, "maximum": 100}}
        if pod_template:
            props["template"] = {"type": "object", "x-kubernetes-preserve-unknown-fields": True}
            props["jobTemplate"] = {"type": "object", "x-kubernetes-preserve-unknown-fields": True}
        return {"apiVersion": "apiextensions.k8s.io/v1", "kind": "CustomResourceDefinition",
                "metadata": {"name": f"{plural}.{group}"},
                "spec": {"group": group, "scope": "Namespaced",
                         "names": {"kind": kind, "listKind": kind + "List", "plural": plural, "singular": kind.lower()},
                         "versions": [{"name": "v1alpha1" if kind == "Canary" else "v1", "served": True, "storage": True,
                                       "schema": {"openAPIV3Schema": {"type": "object", "properties": {
                                           "spec": {"type": "object", "x-kubernetes-preserve-unknown-fields": True,
                                                    "properties": props},
                                           "status": {"type": "object", "x-kubernetes-preserve-unknown-fields": True}}}},
                                       "subresources": {"status": {}}}]}}


# ---------------------------------------------------------------------------
# the tree
# ---------------------------------------------------------------------------


class Writer:
    def __init__(self, gen: Gen, root):
        self.g = gen
        self.root = root

    def write(self, rel, docs, header_fn=None, as_json=False):
        """docs: list of objects (dicts); each counted. Written as a stream."""
        path = os.path.join(self.root, rel)
        assert not os.path.exists(path), f"written twice: {rel}"
        os.makedirs(os.path.dirname(path), exist_ok=True)
        if as_json:
            assert len(docs) == 1
            text = json.dumps(docs[0], indent=2) + "\n"
        else:
            parts = []
            for i, d in enumerate(docs):
                header = header_fn(i, d) if header_fn else None
                parts.append(doc_text(d, header))
            text = "---\n".join(parts)
            if self.g.rng.random() < 0.3:
                text = "---\n" + text  # a leading document marker, as many generators write
        for d in docs:
            self.g.stats["documents"] += 1
            if d.get("kind") == "List":
                self.g.stats["list_documents"] += 1
                for item in d["items"]:
                    self.g.count(item)
            elif "apiVersion" in d and "kind" in d:
                self.g.count(d)
            else:
                self.g.stats["non_k8s_documents"] += 1
        with open(path, "w", encoding="utf-8", newline="\n") as f:
            f.write(text)
        self.g.stats["files"] += 1
        self.g.stats["json_files" if as_json else "yaml_files"] += 1
        self.g.stats["bytes"] += len(text.encode())


def platform(w: Writer):
    g = w.g
    crds = [g.crd("rollouts.example.com", "Canary", "canaries", True),
            g.crd("ops.example.com", "BackupSchedule", "backupschedules", True),
            g.crd("config.example.com", "FeatureFlag", "featureflags", False)]
    for c in crds:
        w.write(f"platform/crds/{c['metadata']['name']}.yaml", [c])
    ns_docs = []
    for ns in ["monitoring", "logging", "ingress-nginx", "cert-manager"]:
        ns_docs += [g.namespace(ns, "platform"), g.quota(ns, "platform"), g.limitrange(ns, "platform")]
    w.write("platform/namespaces.yaml", ns_docs)
    # node agents: realistically privileged
    w.write("platform/system/node-exporter.yaml", [
        g.service_account("node-exporter", "monitoring", "platform", "node-exporter"),
        g.daemonset("node-exporter", "monitoring", "platform", "node-exporter", posture="dangerous"),
        g.service("node-exporter", "monitoring", "platform", "node-exporter", headless=True)])
    w.write("platform/system/log-agent.yaml", [
        g.service_account("log-agent", "logging", "platform", "log-agent"),
        g.daemonset("log-agent", "logging", "platform", "log-agent", posture="legacy"),
        g.configmap("log-agent-config", "logging", "platform", "log-agent")])
    w.write("platform/system/kube-system.yaml", [
        g.deployment("metrics-relay", "kube-system", "platform", "metrics-relay"),
        g.daemonset("cni-helper", "kube-system", "platform", "cni-helper", posture="dangerous")])
    cr_admin = {"apiVersion": "rbac.authorization.k8s.io/v1", "kind": "ClusterRole",
                "metadata": {"name": "platform-operator"},
                "rules": [{"apiGroups": ["*"], "resources": ["*"], "verbs": ["*"]}]}
    cr_read = {"apiVersion": "rbac.authorization.k8s.io/v1", "kind": "ClusterRole",
               "metadata": {"name": "secret-reader"},
               "rules": [{"apiGroups": [""], "resources": ["secrets"], "verbs": ["get", "list", "watch"]}]}
    cr_view = {"apiVersion": "rbac.authorization.k8s.io/v1", "kind": "ClusterRole",
               "metadata": {"name": "metrics-view"},
               "rules": [{"apiGroups": [""], "resources": ["nodes", "nodes/metrics", "pods", "services", "endpoints"],
                          "verbs": ["get", "list", "watch"]},
                         {"nonResourceURLs": ["/metrics"], "verbs": ["get"]}]}
    crb_ci = {"apiVersion": "rbac.authorization.k8s.io/v1", "kind": "ClusterRoleBinding",
              "metadata": {"name": "ci-deployer-admin"},
              "roleRef": {"apiGroup": "rbac.authorization.k8s.io", "kind": "ClusterRole", "name": "cluster-admin"},
              "subjects": [{"kind": "ServiceAccount", "name": "ci-deployer", "namespace": "kube-system"}]}
    crb_view = {"apiVersion": "rbac.authorization.k8s.io/v1", "kind": "ClusterRoleBinding",
                "metadata": {"name": "metrics-view"},
                "roleRef": {"apiGroup": "rbac.authorization.k8s.io", "kind": "ClusterRole", "name": "metrics-view"},
                "subjects": [{"kind": "ServiceAccount", "name": "node-exporter", "namespace": "monitoring"},
                             {"kind": "Group", "name": "system:authenticated", "apiGroup": "rbac.authorization.k8s.io"}]}
    w.write("platform/system/rbac.yaml", [cr_admin, cr_read, cr_view, crb_ci, crb_view],
            header_fn=lambda i, d: f"# {d['kind']} {d['metadata']['name']}")
    # not Kubernetes: CI config and docs config (every tool must skip them)
    w.write(".ci/pipeline.yaml", [{"stages": ["lint", "scan", "deploy"],
                                   "scan": {"stage": "scan", "script": ["ci-sec k8s ."]}}])
    w.write("docs/mkdocs.yml", [{"site_name": "Platform", "nav": [{"Home": "index.md"}]}])


def app_dir(w: Writer, team, app, ns, cluster_host):
    """One service, one file per concern. Returns the number of objects written."""
    g, r = w.g, w.g.rng
    before = g.stats["objects"]
    base = f"apps/{team}/{app}"
    kind = r.choices(["web", "worker", "stateful", "batch"], [55, 20, 15, 10])[0]
    # deployment.yaml: the service and often a worker / second component
    workloads = []
    if kind == "stateful":
        w.write(f"{base}/statefulset.yaml", [g.statefulset(app, ns, team, app)])
        w.write(f"{base}/service.yaml", [g.service(app, ns, team, app, headless=True), g.service(f"{app}-read", ns, team, app)])
    else:
        workloads.append(g.deployment(app, ns, team, app))
        for extra in range(r.choice([0, 0, 1, 2])):
            workloads.append(g.deployment(f"{app}-{r.choice(['worker', 'consumer', 'admin'])}-{extra}", ns, team, app))
        w.write(f"{base}/deployment.yaml", workloads)
        w.write(f"{base}/service.yaml", [g.service(app, ns, team, app)])
    w.write(f"{base}/configmap.yaml", [g.configmap(f"{app}-config", ns, team, app)])
    w.write(f"{base}/rbac.yaml", [g.service_account(app, ns, team, app), g.role(app, ns, team, app),
                                  g.role_binding(app, ns, team, app)])
    w.write(f"{base}/networkpolicy.yaml", [g.netpol_allow(app, ns, team, app)])
    if kind == "web":
        w.write(f"{base}/ingress.yaml", [g.ingress(app, ns, team, app, f"{app}.{team}.{cluster_host}")])
    if kind in ("web", "worker"):
        w.write(f"{base}/hpa.yaml", [g.hpa(app, ns, team, app)])
        w.write(f"{base}/pdb.yaml", [g.pdb(app, ns, team, app)])
    if kind == "batch" or r.random() < 0.15:
        w.write(f"{base}/cronjob.yaml", [g.cronjob(f"{app}-nightly", ns, team, app)])
    if kind == "batch" and r.random() < 0.5:
        w.write(f"{base}/job.yaml", [g.job(f"{app}-migrate", ns, team, app)])
    if kind == "web" and r.random() < 0.25:
        w.write(f"{base}/canary.yaml", [g.canary(f"{app}-canary", ns, team, app)])
    return g.stats["objects"] - before


MAX_STACK = 17  # the most objects tenant_stack() returns


def tenant_stack(g: Gen, cluster, tenant, team, app):
    """One tenant's rendered stack, in helm-template order."""
    r = g.rng
    ns = f"t-{tenant}"
    docs = [g.namespace(ns, team)]
    if r.random() < 0.85:
        docs.append(g.quota(ns, team))
    if r.random() < 0.8:
        docs.append(g.limitrange(ns, team))
    if r.random() < 0.75:
        docs.append(g.netpol_deny(ns, team))
    docs += [g.service_account(app, ns, team, app), g.role(app, ns, team, app), g.role_binding(app, ns, team, app),
             g.configmap(f"{app}-config", ns, team, app), g.netpol_allow(app, ns, team, app),
             g.deployment(app, ns, team, app), g.service(app, ns, team, app),
             g.ingress(app, ns, team, app, f"{tenant}.{cluster}.example.com"),
             g.hpa(app, ns, team, app), g.pdb(app, ns, team, app)]
    x = r.random()
    if x < 0.2:
        docs.append(g.statefulset(f"{app}-cache", ns, team, app))
    elif x < 0.4:
        docs.append(g.cronjob(f"{app}-report", ns, team, app))
    elif x < 0.45:
        docs.append(g.job(f"{app}-seed", ns, team, app))
    if r.random() < 0.3:
        docs.append(g.feature_flag(f"{app}-flags", ns, team, app))
    if r.random() < 0.05:
        docs.append(g.backup_schedule(f"{app}-backup", ns, team, app))
    return docs


def export_list(g: Gen, cluster, kind, n):
    """`kubectl get KIND -A -o yaml` output."""
    r = g.rng
    items = []
    for i in range(n):
        team = r.choice(TEAMS)
        app = f"{r.choice(APP_WORDS)}-{i}"
        ns = f"{team}-{cluster}"
        obj = {"deployments": g.deployment, "services": g.service, "configmaps": g.configmap}[kind](app, ns, team, app)
        obj["metadata"].update({"creationTimestamp": f"2026-{r.randint(1, 11):02d}-{r.randint(1, 28):02d}T10:00:00Z",
                                "resourceVersion": str(r.randint(10**6, 10**8)), "uid": g.uid()})
        if kind == "deployments":
            obj["metadata"]["generation"] = r.randint(1, 40)
            reps = obj["spec"]["replicas"]
            obj["status"] = {"observedGeneration": obj["metadata"]["generation"], "replicas": reps,
                             "readyReplicas": reps, "availableReplicas": reps, "updatedReplicas": reps,
                             "conditions": [{"type": "Available", "status": "True", "reason": "MinimumReplicasAvailable",
                                             "lastTransitionTime": "2026-11-01T10:00:00Z",
                                             "lastUpdateTime": "2026-11-01T10:00:00Z",
                                             "message": "Deployment has minimum availability."}]}
        if kind == "services":
            obj["spec"]["clusterIP"] = f"10.96.{r.randrange(256)}.{r.randrange(1, 255)}"
        items.append(obj)
    # kubectl's key order: apiVersion, items, kind, metadata
    return {"apiVersion": "v1", "items": items, "kind": "List", "metadata": {"resourceVersion": ""}}


def generate(out_dir, objects, seed, quiet=False):
    t0 = time.time()
    if os.path.exists(out_dir):
        shutil.rmtree(out_dir)
    os.makedirs(out_dir)
    g = Gen(seed)
    w = Writer(g, out_dir)
    r = g.rng
    scale = objects / DEFAULT_OBJECTS
    platform(w)
    # apps: ~48 service directories at 50k objects (fewer for small sets)
    n_apps = max(4, round(48 * min(1.0, scale ** 0.5)))
    used = set()
    for i in range(n_apps):
        team = TEAMS[i % len(TEAMS)]
        while True:
            app = r.choice(APP_WORDS) + r.choice(["", "-svc", "-api", "-v2"])
            if (team, app) not in used:
                used.add((team, app))
                break
        app_dir(w, team, app, team, "prod.example.com")
    # exports: `kubectl get -o yaml|json` Lists, ~2.5 % of the objects
    n_exports = max(2, round(12 * min(1.0, scale ** 0.5)))
    per_export = max(10, round(objects * 0.025 / n_exports))
    for i in range(n_exports):
        cluster = CLUSTERS[i % len(CLUSTERS)]
        kind = ["deployments", "services", "configmaps"][(i + i // len(CLUSTERS)) % 3]
        as_json = i % 4 == 3
        w.write(f"exports/{cluster}/{kind}.{'json' if as_json else 'yaml'}", [export_list(g, cluster, kind, per_export)],
                as_json=as_json)
    # tenants fill the rest: rendered streams of ~600 objects per file
    remaining = objects - g.stats["objects"]
    if remaining < 0:
        raise SystemExit(f"--objects {objects} is too small (the fixed part alone has {g.stats['objects']})")
    n_files = max(1, round(remaining / 600))
    per_file = remaining / n_files
    t = 0
    for fi in range(n_files):
        cluster = CLUSTERS[fi % len(CLUSTERS)]
        target = round(per_file * (fi + 1)) - round(per_file * fi)
        docs, ns, team = [], "default", "platform"
        # whole tenant stacks (at most MAX_STACK objects each) while they fit, then
        # per-tenant ConfigMaps so that the file holds exactly `target` objects
        while target - len(docs) >= MAX_STACK:
            tenant = f"{r.choice(TENANT_WORDS)}-{t:05d}"
            t += 1
            team, ns = r.choice(TEAMS), f"t-{tenant}"
            docs += tenant_stack(g, cluster, tenant, team, r.choice(APP_WORDS))
        while len(docs) < target:
            docs.append(g.configmap(f"settings-{len(docs)}", ns, team, "settings"))
        templ = {"Namespace": "namespace", "ResourceQuota": "quota", "LimitRange": "limitrange"}
        w.write(f"tenants/{cluster}/batch-{fi:03d}.yaml", docs, header_fn=lambda i, d: (
            f"# Source: tenant-stack/templates/{templ.get(d['kind'], d['kind'].lower())}.yaml"))
    s = g.stats
    s.update({"generator_version": GENERATOR_VERSION, "seed": seed, "requested_objects": objects,
              "by_kind": dict(sorted(s["by_kind"].items()))})
    with open(os.path.join(out_dir, "bench-manifest.json"), "w") as f:
        json.dump(s, f, indent=1, sort_keys=True)
        f.write("\n")
    if not quiet:
        print(f"{s['objects']} objects ({s['pod_bearing']} pod-bearing, {s['containers']} containers) in "
              f"{s['files']} files ({s['bytes'] / 1e6:.1f} MB, {s['documents']} documents, "
              f"{s['list_documents']} Lists) in {time.time() - t0:.1f} s", file=sys.stderr)
        print("  " + ", ".join(f"{k} {v}" for k, v in s["by_kind"].items()), file=sys.stderr)
    assert s["objects"] == objects, (s["objects"], objects)
    return s


def single(path, seed):
    """One small realistic deployment.yaml (Deployment + Service), for start-up timing."""
    g = Gen(seed)
    d = g.deployment("web", "shop", "checkout", "web")
    d["spec"]["template"]["spec"] = g.pod_spec("checkout", "web", "typical")
    text = doc_text(d) + "---\n" + doc_text(g.service("web", "shop", "checkout", "web"))
    os.makedirs(os.path.dirname(os.path.abspath(path)), exist_ok=True)
    with open(path, "w") as f:
        f.write(text)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("out_dir", nargs="?")
    ap.add_argument("--objects", type=int, default=DEFAULT_OBJECTS)
    ap.add_argument("--seed", type=int, default=DEFAULT_SEED)
    ap.add_argument("--single", metavar="FILE", help="write one small deployment.yaml instead of a tree")
    ap.add_argument("-q", "--quiet", action="store_true")
    a = ap.parse_args()
    if a.single:
        single(a.single, a.seed)
        return 0
    if not a.out_dir:
        ap.error("OUT_DIR is required")
    generate(a.out_dir, a.objects, a.seed, a.quiet)
    return 0


if __name__ == "__main__":
    sys.exit(main())
