//! Images: a mutable tag (`latest` or none), no digest pin, and a pull
//! policy that lets a node reuse a stale mutable image. Every container,
//! init container and ephemeral container of every pod spec.
//!
//! An image pinned by digest (`app@sha256:…`, with or without a tag) is
//! immutable: it passes all three rules. Kubernetes defaults
//! `imagePullPolicy` to `Always` for a mutable tag, so only an explicit
//! `IfNotPresent`/`Never` on such an image is reported. A container without
//! an image is left to schema validation.

use super::{report, Rule, ScanSet, BASE};
use crate::model::{Finding, Severity};

pub const IMAGE_TAG: Rule = Rule {
    id: "recommended/image-tag",
    severity: Severity::Medium,
    title: "Mutable image tag",
    rationale: "An image without a tag or tagged `latest` can change under the same name: deployments are not reproducible and a pushed image reaches the cluster unreviewed.",
    remediation: "Use an explicit version tag (`app:1.4.2`), better a digest (`app@sha256:…`).",
    ..BASE
};

pub const IMAGE_DIGEST: Rule = Rule {
    id: "recommended/image-digest",
    severity: Severity::Low,
    title: "Image not pinned by digest",
    rationale: "A tag can be moved to another image; only a digest names exactly the image that was reviewed and scanned.",
    remediation: "Pin the image by digest (`app:1.4.2@sha256:…`).",
    ..BASE
};

pub const IMAGE_PULL_POLICY: Rule = Rule {
    id: "recommended/image-pull-policy",
    severity: Severity::Low,
    title: "Mutable image not always pulled",
    rationale: "With a mutable tag and `IfNotPresent`/`Never`, each node runs whatever image it cached under that name: nodes drift apart and fixes are not picked up.",
    remediation: "Set `imagePullPolicy: Always` (or remove it) for mutable tags, or pin the image by tag and digest.",
    ..BASE
};

pub const IMAGE_REGISTRY: Rule = Rule {
    id: "recommended/image-registry",
    severity: Severity::High,
    title: "Image from an untrusted registry",
    rationale: "Images from registries outside the organisation's trusted list bypass its scanning, signing and retention controls.",
    remediation: "Mirror the image into a trusted registry, or add the registry to `[k8s] trusted-registries` in .ci-sec.toml.",
    ..BASE
};

pub const RULES: &[&Rule] = &[&IMAGE_TAG, &IMAGE_DIGEST, &IMAGE_PULL_POLICY];

/// `host/path` of an image, with Docker's defaults made explicit: a first
/// component without `.`, `:` or `localhost` is a Docker Hub path
/// (`nginx` → `docker.io/library/nginx`).
pub fn full_repository(image: &str) -> String {
    let no_digest = image.split('@').next().unwrap_or(image);
    let (first, rest) = no_digest.split_once('/').unwrap_or(("", no_digest));
    let repo = |r: &str| {
        let last_slash = r.rfind('/').map_or(0, |i| i + 1);
        match r[last_slash..].find(':') {
            Some(colon) => r[..last_slash + colon].to_string(),
            None => r.to_string(),
        }
    };
    if first.is_empty() {
        format!("docker.io/library/{}", repo(rest))
    } else if first.contains('.') || first.contains(':') || first == "localhost" {
        format!("{first}/{}", repo(rest))
    } else {
        format!("docker.io/{first}/{}", repo(rest))
    }
}

/// Reports images whose repository is under none of the `trusted` registries
/// (a host, or a host/path prefix). Runs only when a list is configured.
pub fn check_registries(set: &ScanSet<'_>, trusted: &[String], out: &mut Vec<Finding>) {
    if trusted.is_empty() {
        return;
    }
    for ctx in &set.pods {
        let obj = ctx.pod.obj;
        for c in &ctx.containers {
            let image_field = c.block.child("image");
            let Some(image) = image_field.str().map(str::trim).filter(|s| !s.is_empty()) else { continue };
            let repo = full_repository(image);
            let ok = trusted.iter().any(|t| {
                let t = t.trim_end_matches('/');
                repo == t || repo.starts_with(&format!("{t}/"))
            });
            if !ok {
                report(out, obj, &IMAGE_REGISTRY, image_field.field(), format!("{} uses image \"{image}\" from {repo}, outside the trusted registries", c.label()));
            }
        }
    }
}

/// The tag and digest of an image reference
/// (`[registry[:port]/]repository[:tag][@digest]`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ImageRef<'a> {
    pub tag: Option<&'a str>,
    pub digest: Option<&'a str>,
}

impl ImageRef<'_> {
    /// Not pinned by digest and tagged `latest` or not tagged.
    pub fn mutable(&self) -> bool {
        self.digest.is_none() && matches!(self.tag, None | Some("latest"))
    }
}

/// Splits an image reference; a registry port (`host:5000/app`) is not a
/// tag.
pub fn parse_image(image: &str) -> ImageRef<'_> {
    let (rest, digest) = match image.split_once('@') {
        Some((r, d)) => (r, Some(d).filter(|d| !d.is_empty())),
        None => (image, None),
    };
    let last = rest.rsplit('/').next().unwrap_or(rest);
    let tag = last.split_once(':').map(|(_, t)| t).filter(|t| !t.is_empty());
    ImageRef { tag, digest }
}

pub fn check(set: &ScanSet<'_>, out: &mut Vec<Finding>) {
    for ctx in &set.pods {
        let obj = ctx.pod.obj;
        for c in &ctx.containers {
            let image_field = c.block.child("image");
            let Some(image) = image_field.str().map(str::trim).filter(|s| !s.is_empty()) else { continue };
            let parsed = parse_image(image);
            if parsed.mutable() {
                let what = if parsed.tag.is_some() { "the tag `latest`" } else { "no tag" };
                report(out, obj, &IMAGE_TAG, image_field.field(), format!("{} uses image \"{image}\" with {what}", c.label()));
            }
            if parsed.digest.is_none() {
                report(out, obj, &IMAGE_DIGEST, image_field.field(), format!("{} image \"{image}\" is not pinned by digest", c.label()));
            }
            let policy = c.block.child("imagePullPolicy");
            if parsed.mutable()
                && let Some(p) = policy.str().filter(|p| *p != "Always")
            {
                let msg = format!("{} pulls the mutable image \"{image}\" with imagePullPolicy: {p}", c.label());
                report(out, obj, &IMAGE_PULL_POLICY, policy.field(), msg);
            }
        }
    }
}

#[cfg(test)]
mod registry_tests {
    use super::*;

    #[test]
    fn repositories_get_docker_defaults() {
        assert_eq!(full_repository("nginx:1.27"), "docker.io/library/nginx");
        assert_eq!(full_repository("bitnami/redis@sha256:abc"), "docker.io/bitnami/redis");
        assert_eq!(full_repository("registry.example.com:5000/shop/api:1.2"), "registry.example.com:5000/shop/api");
        assert_eq!(full_repository("ghcr.io/acme/tool:latest"), "ghcr.io/acme/tool");
    }

    #[test]
    fn images_outside_the_trusted_registries_are_reported_at_the_image_field() {
        let text = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n  namespace: shop\nspec:\n  containers:\n    - name: ok\n      image: registry.example.com/shop/api:1.2\n    - name: hub\n      image: nginx:1.27\n    - name: team\n      image: ghcr.io/acme/tool:2\n";
        let loaded = crate::check::k8s::load_text(text, "pod.yaml");
        let mut out = Vec::new();
        check_registries(&super::ScanSet::new(&loaded.objects), &["registry.example.com".into(), "ghcr.io/acme/".into()], &mut out);
        let got: Vec<_> = out.iter().map(|f| (f.location.line, f.location.column, f.rule_id.as_str())).collect();
        assert_eq!(got, [(11, 7, "recommended/image-registry")], "the `image:` key of the container");
        let mut none = Vec::new();
        check_registries(&super::ScanSet::new(&loaded.objects), &[], &mut none);
        assert!(none.is_empty(), "no list, no check");
    }
}
