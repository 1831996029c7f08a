//! Images: a mutable tag (`latest` or none), no digest pin, and a pull
//! policy that lets a node reuse a stale mutable image. Every container,
//! init container and ephemeral container of every pod spec.
//!
//! An image pinned by digest (`app@sha256:…`, with or without a tag) is
//! immutable: it passes all three rules. Kubernetes defaults
//! `imagePullPolicy` to `Always` for a mutable tag, so only an explicit
//! `IfNotPresent`/`Never` on such an image is reported. A container without
//! an image is left to schema validation.

use super::{pods, report, Rule, BASE};
use crate::check::k8s::object::K8sObject;
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

pub const RULES: &[&Rule] = &[&IMAGE_TAG, &IMAGE_DIGEST, &IMAGE_PULL_POLICY];

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

pub fn check(objects: &[K8sObject], out: &mut Vec<Finding>) {
    for ctx in pods(objects) {
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
