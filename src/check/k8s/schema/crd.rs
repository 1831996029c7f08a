//! CustomResourceDefinitions found in the scan set, compiled so the custom
//! resources they define can be validated like built-in objects.
//!
//! Every `apiextensions.k8s.io/v1` CustomResourceDefinition contributes its
//! `spec.group`, `spec.names.kind` and, per `spec.versions[]` entry, the
//! version `name`, whether it is `served`, and its
//! `schema.openAPIV3Schema`, compiled with the same compiler as the
//! built-in definitions ([`super::model`]). When two CRDs define the same
//! group and kind, the first one read wins.

use std::collections::HashMap;

use super::model::{SchemaId, SchemaSet};
use super::scalar::to_json;
use crate::check::k8s::object::{bool_field, node_at, string_value, value};
use crate::check::k8s::K8sObject;

/// The apiVersion of the CRDs read (v1beta1 was removed in 1.22).
pub const CRD_API_VERSION: &str = "apiextensions.k8s.io/v1";
pub const CRD_KIND: &str = "CustomResourceDefinition";

/// One version of a custom resource kind.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CrdVersion {
    pub name: String,
    pub served: bool,
    /// The compiled `openAPIV3Schema`; `None` when the version has none.
    pub root: Option<SchemaId>,
}

/// A custom resource kind and its CRD.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CrdKind {
    /// The CRD's `metadata.name`, for messages.
    pub crd_name: String,
    pub versions: Vec<CrdVersion>,
}

impl CrdKind {
    pub fn version(&self, name: &str) -> Option<&CrdVersion> {
        self.versions.iter().find(|v| v.name == name)
    }

    /// `v1, v2beta1`: the versions the CRD serves.
    pub fn served_names(&self) -> String {
        let names: Vec<&str> = self.versions.iter().filter(|v| v.served).map(|v| v.name.as_str()).collect();
        if names.is_empty() { "none".into() } else { names.join(", ") }
    }
}

/// The CRDs of a scan set.
#[derive(Debug, Default)]
pub struct CrdIndex {
    pub set: SchemaSet,
    /// group → kind → the kind's versions.
    kinds: HashMap<String, HashMap<String, CrdKind>>,
}

impl CrdIndex {
    /// Reads every v1 CRD among `objects`.
    pub fn collect(objects: &[K8sObject]) -> CrdIndex {
        let mut index = CrdIndex::default();
        for obj in objects.iter().filter(|o| o.api_version == CRD_API_VERSION && o.kind == CRD_KIND) {
            index.add(obj);
        }
        index
    }

    fn add(&mut self, crd: &K8sObject) {
        let text = |path: &str| crd.at(path).and_then(string_value);
        let (Some(group), Some(kind)) = (text("spec.group"), text("spec.names.kind")) else { return };
        if self.kind(&group, &kind).is_some() {
            return;
        }
        let mut versions = Vec::new();
        for v in crd.at("spec.versions").and_then(|n| n.as_sequence()).unwrap_or(&[]) {
            let Some(name) = value(v, "name").and_then(string_value) else { continue };
            let served = bool_field(v, "served").unwrap_or(false);
            let root = node_at(v, "schema.openAPIV3Schema").filter(|s| !s.is_null()).map(|schema| self.set.compile(&to_json(schema), &|_| None));
            versions.push(CrdVersion { name, served, root });
        }
        self.kinds.entry(group).or_default().insert(kind, CrdKind { crd_name: crd.name.clone(), versions });
    }

    /// The CRD defining `kind` in API group `group`, if the scan set has one.
    pub fn kind(&self, group: &str, kind: &str) -> Option<&CrdKind> {
        self.kinds.get(group)?.get(kind)
    }

    pub fn is_empty(&self) -> bool {
        self.kinds.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::k8s::load_text;

    #[test]
    fn check_crds_are_read_per_version_with_served_flags_and_schemas() {
        let text = "\
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
        properties:
          spec: {type: object, properties: {size: {type: integer}}}
  - name: v1alpha1
    served: false
    storage: false
";
        let index = CrdIndex::collect(&load_text(text, "crd.yaml").objects);
        let widget = index.kind("example.com", "Widget").unwrap();
        assert_eq!(widget.crd_name, "widgets.example.com");
        assert_eq!(widget.served_names(), "v1");
        let v1 = widget.version("v1").unwrap();
        let root = index.set.get(v1.root.unwrap());
        assert!(root.property("spec").is_some());
        assert_eq!(widget.version("v1alpha1").map(|v| (v.served, v.root)), Some((false, None)));
        assert!(index.kind("example.com", "Gadget").is_none());
    }
}
