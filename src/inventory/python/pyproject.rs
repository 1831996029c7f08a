//! What a `pyproject.toml` declares directly, shared by the Poetry and uv
//! catalogers: the names of the project's runtime dependencies, its extras
//! (optional dependencies) and its development groups.
//!
//! Read sections:
//! - PEP 621: `[project] dependencies` (runtime), `[project.optional-dependencies]` (optional);
//! - PEP 735: `[dependency-groups]` (dev; `{include-group = …}` entries add nothing by themselves);
//! - Poetry: `[tool.poetry.dependencies]` (runtime, or optional when the entry says
//!   `optional = true`; `python` is not a package), `[tool.poetry.group.<g>.dependencies]`
//!   (runtime for `main`, dev otherwise), `[tool.poetry.dev-dependencies]` (dev);
//! - uv: `[tool.uv] dev-dependencies` (dev, the pre-PEP 735 spelling).
//!
//! Names are PEP 503 normalised. A name declared in several places keeps its
//! strongest role (runtime, then optional, then dev).

use std::collections::HashMap;
use std::path::Path;

use toml::Value;

use crate::inventory::Note;

use super::common::{normalize, read_sibling, Reach};
use super::pep508::leading_name;

/// The project's direct dependencies by normalised name.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub(crate) struct Declared {
    pub names: HashMap<String, Reach>,
}

impl Declared {
    pub(crate) fn get(&self, normalized: &str) -> Option<Reach> {
        self.names.get(normalized).copied()
    }

    fn add(&mut self, name: &str, reach: Reach) {
        let e = self.names.entry(normalize(name)).or_insert(reach);
        *e = (*e).min(reach);
    }

    fn add_pep508_list(&mut self, list: Option<&Value>, reach: Reach) {
        for item in list.and_then(Value::as_array).into_iter().flatten() {
            if let Some(name) = item.as_str().and_then(leading_name) {
                self.add(name, reach);
            }
        }
    }

    fn add_poetry_table(&mut self, table: Option<&Value>, reach: Reach) {
        for (name, spec) in table.and_then(Value::as_table).into_iter().flatten() {
            if name.eq_ignore_ascii_case("python") {
                continue;
            }
            let optional = spec.get("optional").and_then(Value::as_bool).unwrap_or(false);
            self.add(name, if optional && reach == Reach::Runtime { Reach::Optional } else { reach });
        }
    }
}

/// Reads the `pyproject.toml` beside `lockfile`. `None` when there is none;
/// a note (and `None`) when it cannot be read or parsed.
pub(crate) fn read_beside(lockfile: &Path, notes: &mut Vec<Note>) -> Option<Declared> {
    let text = match read_sibling(lockfile, "pyproject.toml")? {
        Ok(t) => t,
        Err(e) => {
            notes.push(Note { line: 0, message: e });
            return None;
        }
    };
    match parse(&text) {
        Ok(d) => Some(d),
        Err(e) => {
            notes.push(Note {
                line: 0,
                message: format!("pyproject.toml beside the lockfile could not be parsed ({e}); direct dependencies unknown"),
            });
            None
        }
    }
}

/// Parses a `pyproject.toml` text.
pub(crate) fn parse(text: &str) -> Result<Declared, String> {
    let doc: toml::Table = toml::from_str(text).map_err(|e| e.message().to_string())?;
    let mut d = Declared::default();
    if let Some(project) = doc.get("project") {
        d.add_pep508_list(project.get("dependencies"), Reach::Runtime);
        for (_, list) in project.get("optional-dependencies").and_then(Value::as_table).into_iter().flatten() {
            d.add_pep508_list(Some(list), Reach::Optional);
        }
    }
    for (_, list) in doc.get("dependency-groups").and_then(Value::as_table).into_iter().flatten() {
        d.add_pep508_list(Some(list), Reach::Dev);
    }
    let tool = doc.get("tool");
    if let Some(poetry) = tool.and_then(|t| t.get("poetry")) {
        d.add_poetry_table(poetry.get("dependencies"), Reach::Runtime);
        d.add_poetry_table(poetry.get("dev-dependencies"), Reach::Dev);
        for (group, body) in poetry.get("group").and_then(Value::as_table).into_iter().flatten() {
            let reach = if group == "main" { Reach::Runtime } else { Reach::Dev };
            d.add_poetry_table(body.get("dependencies"), reach);
        }
    }
    if let Some(uv) = tool.and_then(|t| t.get("uv")) {
        d.add_pep508_list(uv.get("dev-dependencies"), Reach::Dev);
    }
    Ok(d)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_pep621_poetry_uv_and_dependency_groups() {
        let text = r#"
[project]
name = "demo"
dependencies = ["Requests[socks]>=2", "click ; python_version>'3'"]
[project.optional-dependencies]
yaml = ["PyYAML>=6", "requests"]

[dependency-groups]
test = ["pytest>=8", {include-group = "lint"}]
lint = ["ruff"]

[tool.poetry.dependencies]
python = "^3.11"
Django = "^4"
redis = {version = "^5", optional = true}
[tool.poetry.group.main.dependencies]
attrs = "*"
[tool.poetry.group.docs.dependencies]
mkdocs = "*"
[tool.poetry.dev-dependencies]
black = "*"

[tool.uv]
dev-dependencies = ["mypy"]
"#;
        let d = parse(text).unwrap();
        let get = |n: &str| d.get(n);
        assert_eq!(get("requests"), Some(Reach::Runtime), "runtime beats optional");
        assert_eq!(get("click"), Some(Reach::Runtime));
        assert_eq!(get("pyyaml"), Some(Reach::Optional));
        assert_eq!(get("pytest"), Some(Reach::Dev));
        assert_eq!(get("ruff"), Some(Reach::Dev));
        assert_eq!(get("django"), Some(Reach::Runtime));
        assert_eq!(get("redis"), Some(Reach::Optional));
        assert_eq!(get("attrs"), Some(Reach::Runtime));
        assert_eq!(get("mkdocs"), Some(Reach::Dev));
        assert_eq!(get("black"), Some(Reach::Dev));
        assert_eq!(get("mypy"), Some(Reach::Dev));
        assert_eq!(get("python"), None);
    }

    #[test]
    fn invalid_toml_is_an_error() {
        assert!(parse("[project\n").is_err());
    }
}
