//! Label selectors as the API server evaluates them: a `LabelSelector`
//! (`matchLabels` and `matchExpressions` with `In`, `NotIn`, `Exists`,
//! `DoesNotExist`, all ANDed) and the plain map selectors of Services.
//!
//! An empty `LabelSelector` (`{}`, or null) selects everything; a selector
//! with an unknown operator or a malformed expression selects nothing (the
//! API server refuses it).

use std::collections::BTreeMap;

use crate::check::k8s::object::{string_value, value};
use crate::syntax::yaml::Node;

/// A pod's (or any object's) labels.
pub type Labels = BTreeMap<String, String>;

/// The string-to-string entries of a mapping (`metadata.labels`); other
/// entries are ignored.
pub fn labels(node: Option<&Node>) -> Labels {
    let mut out = Labels::new();
    for (k, v) in node.and_then(Node::as_mapping).unwrap_or(&[]) {
        if let (Some(k), Some(v)) = (string_value(k), string_value(v).or_else(|| v.is_null().then(String::new))) {
            out.insert(k, v);
        }
    }
    out
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Op {
    In(Vec<String>),
    NotIn(Vec<String>),
    Exists,
    DoesNotExist,
}

/// A parsed selector.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Selector {
    match_labels: Labels,
    expressions: Vec<(String, Op)>,
    /// Unknown operator or malformed expression: selects nothing.
    invalid: bool,
}

impl Selector {
    /// A `LabelSelector` (`matchLabels`, `matchExpressions`); `None` (an
    /// absent or null selector) is the empty selector.
    pub fn label_selector(node: Option<&Node>) -> Selector {
        let Some(node) = node.filter(|n| !n.is_null()) else { return Selector::default() };
        if node.as_mapping().is_none() {
            return Selector { invalid: true, ..Selector::default() };
        }
        let mut sel = Selector { match_labels: labels(value(node, "matchLabels")), ..Selector::default() };
        for expr in value(node, "matchExpressions").and_then(Node::as_sequence).unwrap_or(&[]) {
            let key = value(expr, "key").and_then(string_value);
            let values: Vec<String> =
                value(expr, "values").and_then(Node::as_sequence).unwrap_or(&[]).iter().filter_map(string_value).collect();
            let op = match value(expr, "operator").and_then(Node::as_str) {
                Some("In") if !values.is_empty() => Op::In(values),
                Some("NotIn") if !values.is_empty() => Op::NotIn(values),
                Some("Exists") if values.is_empty() => Op::Exists,
                Some("DoesNotExist") if values.is_empty() => Op::DoesNotExist,
                _ => {
                    sel.invalid = true;
                    continue;
                }
            };
            match key {
                Some(k) => sel.expressions.push((k, op)),
                None => sel.invalid = true,
            }
        }
        sel
    }

    /// A plain map selector (`Service.spec.selector`).
    pub fn map(node: Option<&Node>) -> Selector {
        Selector { match_labels: labels(node), ..Selector::default() }
    }

    /// Selects everything (nothing to match).
    pub fn is_empty(&self) -> bool {
        !self.invalid && self.match_labels.is_empty() && self.expressions.is_empty()
    }

    pub fn matches(&self, labels: &Labels) -> bool {
        if self.invalid {
            return false;
        }
        self.match_labels.iter().all(|(k, v)| labels.get(k) == Some(v))
            && self.expressions.iter().all(|(k, op)| match op {
                Op::In(values) => labels.get(k).is_some_and(|v| values.contains(v)),
                Op::NotIn(values) => labels.get(k).is_none_or(|v| !values.contains(v)),
                Op::Exists => labels.contains_key(k),
                Op::DoesNotExist => !labels.contains_key(k),
            })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::syntax::yaml::parse_documents;

    fn sel(text: &str) -> Selector {
        Selector::label_selector(Some(&parse_documents(text).unwrap()[0]))
    }

    fn l(pairs: &[(&str, &str)]) -> Labels {
        pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect()
    }

    #[test]
    fn check_label_selectors_match_like_the_api_server() {
        let web = l(&[("app", "web"), ("tier", "front")]);
        let db = l(&[("app", "db")]);
        assert!(sel("{}").matches(&web) && sel("{}").is_empty());
        assert!(Selector::label_selector(None).matches(&db));
        assert!(sel("matchLabels: {app: web}").matches(&web));
        assert!(!sel("matchLabels: {app: web}").matches(&db));
        let s = sel("matchExpressions: [{key: app, operator: In, values: [web, api]}]");
        assert!(s.matches(&web) && !s.matches(&db));
        let s = sel("matchExpressions: [{key: tier, operator: NotIn, values: [front]}]");
        assert!(!s.matches(&web) && s.matches(&db), "NotIn matches an absent label");
        let s = sel("matchExpressions: [{key: tier, operator: Exists}]");
        assert!(s.matches(&web) && !s.matches(&db));
        let s = sel("matchExpressions: [{key: tier, operator: DoesNotExist}]");
        assert!(!s.matches(&web) && s.matches(&db));
        let s = sel("{matchLabels: {app: web}, matchExpressions: [{key: tier, operator: In, values: [back]}]}");
        assert!(!s.matches(&web), "requirements are ANDed");
        assert!(!sel("matchExpressions: [{key: app, operator: Equals, values: [web]}]").matches(&web));
        assert!(!sel("matchExpressions: [{key: app, operator: In, values: []}]").matches(&web));
        assert!(!sel("matchExpressions: [{key: app, operator: Exists, values: [web]}]").matches(&web));
        assert!(Selector::map(parse_documents("{app: db}").unwrap().first()).matches(&db));
    }
}
