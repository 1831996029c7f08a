//! Reading SBOMs back (`ci_sec::sbom::read`), on real documents:
//!
//! - the Syft 1.18.1 and Trivy 0.59.1 outputs in `tests/fixtures/sbom-in/`
//!   (see its README), generated from lockfiles of `tests/fixtures/real/`:
//!   what each lists must be exactly ci-sec's own inventory of the same
//!   lockfiles, apart from differences listed here one by one with their
//!   reason — and each reason is checked against the inventory where it can
//!   be (a "dev-only" package must be dev in ci-sec's inventory, …);
//! - ci-sec's own CycloneDX 1.6, 1.5 and SPDX 2.3 output for the whole
//!   real-lockfile corpus, which must come back with the same ecosystem,
//!   name, version, lockfile and line for every package;
//! - every truncation of those documents, which must be a positioned error.

mod common;

use std::collections::{BTreeMap, BTreeSet};
use std::fs;

use ci_sec::inventory::{inventory_paths, Inventory, ScanOptions};
use ci_sec::model::purl::normalize_pypi_name;
use ci_sec::model::{Ecosystem, OsPackageKind, Package, Scope, Version};
use ci_sec::sbom::read::{read_sbom, ReadSbom};
use common::{ci_sec, fixture};

/// `(ecosystem, name, version)`, `-` for a version that is not pinned.
/// PyPI names are compared PEP 503-normalised, Composer names lowercased:
/// both are case-insensitive identities, and an SBOM keeps one spelling per
/// package.
type Id = (String, String, String);

fn comparable_name(p: &Package) -> String {
    match p.ecosystem {
        Ecosystem::PyPI => normalize_pypi_name(&p.name),
        Ecosystem::Packagist => p.name.to_ascii_lowercase(),
        _ => p.name.clone(),
    }
}

fn id(p: &Package) -> Id {
    (p.ecosystem.osv_name().to_string(), comparable_name(p), p.version.pinned().unwrap_or("-").to_string())
}

fn sbom_in(name: &str) -> (String, ReadSbom) {
    let text = fs::read_to_string(fixture("sbom-in").join(name)).unwrap_or_else(|e| panic!("{name}: {e}"));
    let read = read_sbom(&text, name).unwrap_or_else(|e| panic!("{name}: {e}"));
    (text, read)
}

/// ci-sec's inventory of some cases of the real-lockfile corpus.
fn inventory_of(cases: &[&str]) -> Vec<Package> {
    let mut out = Vec::new();
    for case in cases {
        let inv = inventory_paths(&fixture("real").join(case), &ScanOptions::default());
        assert!(inv.errors.is_empty(), "{case}: {:?}", inv.errors);
        out.extend(inv.lockfiles.into_iter().flat_map(|l| l.packages));
    }
    out
}

const JS: &[&str] = &["npm-lockfile-v3-workspace"];
const MIXED: &[&str] = &["cargo-lock-v3-msrv", "poetry-lock-v2", "real-go-spf13-cobra"];

/// Why a package is in one list and not the other.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Why {
    /// Dev/test-only: Syft leaves npm dev dependencies out, Trivy every
    /// ecosystem's. Checked: dev in ci-sec's inventory.
    DevOnly,
    /// Only in a Python extra (`[project.optional-dependencies]`), which
    /// Trivy leaves out. Checked: optional in ci-sec's inventory.
    OptionalExtra,
    /// A go.mod older than Go 1.17 does not list every module; ci-sec takes
    /// the rest from go.sum, Syft does not. Checked: declared in go.sum.
    GoSumOnly,
    /// ci-sec lists the Go toolchain (`stdlib`) from the `go` directive, with
    /// an unresolved version; neither tool does for a go.mod. Checked.
    GoToolchain,
    /// Trivy 0.59.1 leaves out `Jinja2` — the one dependency this
    /// pyproject.toml spells with a capital letter — and `markupsafe`, which
    /// only Jinja2 pulls in. A Trivy false negative.
    TrivyDropsJinja2,
    /// The project itself (package-lock.json's root entry, the Cargo.lock
    /// entry of the crate being built, go.mod's `module`): ci-sec's
    /// inventory leaves out the project's own packages.
    RootProject,
    /// An npm workspace member (`node_modules/@fixture/*` link entries).
    WorkspaceMember,
    /// Syft also lists the workspace folders (`packages/*`) themselves, with
    /// version `UNKNOWN`.
    WorkspaceFolder,
}

use Why::*;

const NPM_DEV: [(&str, &str, &str, Why); 3] = [
    ("npm", "@types/node", "20.19.43", DevOnly),
    ("npm", "semver", "7.8.6", DevOnly),
    ("npm", "undici-types", "6.21.0", DevOnly),
];
const NPM_MEMBERS: [(&str, &str, &str, Why); 2] =
    [("npm", "@fixture/app", "1.0.0", WorkspaceMember), ("npm", "@fixture/util", "1.0.0", WorkspaceMember)];
const SYFT_JS_EXTRA: [(&str, &str, &str, Why); 3] = [
    ("npm", "fixture-npm-root", "1.0.0", RootProject),
    ("npm", "@fixture/app", "-", WorkspaceFolder),
    ("npm", "@fixture/util", "-", WorkspaceFolder),
];
const SYFT_MIXED_MISSING: [(&str, &str, &str, Why); 3] = [
    ("Go", "stdlib", "-", GoToolchain),
    ("Go", "github.com/russross/blackfriday/v2", "v2.1.0", GoSumOnly),
    ("Go", "gopkg.in/check.v1", "v0.0.0-20161208181325-20d25e280405", GoSumOnly),
];
const TRIVY_MIXED_MISSING: [(&str, &str, &str, Why); 12] = [
    ("Go", "stdlib", "-", GoToolchain),
    ("crates.io", "static_assertions", "1.1.0", DevOnly),
    ("PyPI", "backports-tarfile", "1.2.0", DevOnly),
    ("PyPI", "exceptiongroup", "1.3.2", DevOnly),
    ("PyPI", "iniconfig", "2.3.1", DevOnly),
    ("PyPI", "packaging", "26.4", DevOnly),
    ("PyPI", "pluggy", "1.7.0", DevOnly),
    ("PyPI", "pygments", "2.21.0", DevOnly),
    ("PyPI", "pytest", "8.4.2", DevOnly),
    ("PyPI", "typing-extensions", "4.16.0", DevOnly),
    ("PyPI", "pyyaml", "6.0.4", OptionalExtra),
    ("PyPI", "jinja2", "3.1.6", TrivyDropsJinja2),
];

struct Case {
    file: &'static str,
    inputs: &'static [&'static str],
    /// In ci-sec's inventory, not in the SBOM.
    missing: Vec<(&'static str, &'static str, &'static str, Why)>,
    /// In the SBOM, not in ci-sec's inventory.
    extra: Vec<(&'static str, &'static str, &'static str, Why)>,
}

fn cases() -> Vec<Case> {
    let mut trivy_mixed_missing = TRIVY_MIXED_MISSING.to_vec();
    trivy_mixed_missing.push(("PyPI", "markupsafe", "3.0.4", TrivyDropsJinja2));
    let syft_js_extra = [SYFT_JS_EXTRA.to_vec(), NPM_MEMBERS.to_vec()].concat();
    let syft_mixed_extra = vec![("crates.io", "fixture-msrv", "0.3.1", RootProject)];
    let trivy_mixed_extra = vec![("Go", "github.com/spf13/cobra", "-", RootProject)];
    let mut out = Vec::new();
    for file in ["syft-js.cdx-1.6.json", "syft-js.spdx-2.3.json"] {
        out.push(Case { file, inputs: JS, missing: NPM_DEV.to_vec(), extra: syft_js_extra.clone() });
    }
    for file in ["trivy-js.cdx.json", "trivy-js.spdx.json"] {
        out.push(Case { file, inputs: JS, missing: NPM_DEV.to_vec(), extra: NPM_MEMBERS.to_vec() });
    }
    for file in ["syft-mixed.cdx-1.6.json", "syft-mixed.cdx-1.5.json", "syft-mixed.cdx-1.4.json", "syft-mixed.spdx-2.3.json", "syft-mixed.spdx-2.2.json"] {
        out.push(Case { file, inputs: MIXED, missing: SYFT_MIXED_MISSING.to_vec(), extra: syft_mixed_extra.clone() });
    }
    for file in ["trivy-mixed.cdx.json", "trivy-mixed.spdx.json"] {
        out.push(Case { file, inputs: MIXED, missing: trivy_mixed_missing.clone(), extra: trivy_mixed_extra.clone() });
    }
    out
}

fn as_id(t: &(&str, &str, &str, Why)) -> Id {
    (t.0.to_string(), t.1.to_string(), t.2.to_string())
}

#[test]
fn syft_and_trivy_sboms_list_what_ci_sec_inventories_with_every_difference_explained() {
    let mut failures = Vec::new();
    for case in cases() {
        let (_, read) = sbom_in(case.file);
        assert!(read.unchecked.is_empty(), "{}: {:?}", case.file, read.unchecked);
        let inventory = inventory_of(case.inputs);
        let mut by_id: BTreeMap<Id, Vec<&Package>> = BTreeMap::new();
        for p in &inventory {
            by_id.entry(id(p)).or_default().push(p);
        }
        // Each stated reason holds.
        for m in &case.missing {
            let found = by_id.get(&as_id(m)).unwrap_or_else(|| panic!("{}: {m:?} is not in ci-sec's inventory", case.file));
            let holds = match m.3 {
                DevOnly => found.iter().all(|p| p.scope == Scope::Dev),
                OptionalExtra => found.iter().all(|p| p.optional),
                GoSumOnly => found.iter().all(|p| p.file.as_deref().is_some_and(|f| f.ends_with("go.sum"))),
                GoToolchain => found.iter().all(|p| p.name == "stdlib" && matches!(p.version, Version::Unresolved(_))),
                _ => true,
            };
            assert!(holds, "{}: the reason given for {m:?} does not hold: {found:#?}", case.file);
        }
        for e in &case.extra {
            assert!(!by_id.contains_key(&as_id(e)), "{}: {e:?} is in ci-sec's inventory after all", case.file);
        }
        let mut expected: BTreeSet<Id> = by_id.keys().cloned().collect();
        for m in &case.missing {
            expected.remove(&as_id(m));
        }
        expected.extend(case.extra.iter().map(as_id));
        let got: BTreeSet<Id> = read.packages.iter().map(id).collect();
        if got != expected {
            failures.push(format!(
                "{}:\n  only in the SBOM: {:?}\n  only in ci-sec's inventory (less the explained ones): {:?}",
                case.file,
                got.difference(&expected).collect::<Vec<_>>(),
                expected.difference(&got).collect::<Vec<_>>()
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn formats_and_tools_are_recognised() {
    for (file, format, tool) in [
        ("syft-js.cdx-1.6.json", "CycloneDX 1.6", "syft 1.18.1"),
        ("syft-mixed.cdx-1.5.json", "CycloneDX 1.5", "syft 1.18.1"),
        ("syft-mixed.cdx-1.4.json", "CycloneDX 1.4", "syft 1.18.1"),
        ("syft-mixed.spdx-2.2.json", "SPDX 2.2", "syft 1.18.1"),
        ("syft-mixed.spdx-2.3.json", "SPDX 2.3", "syft 1.18.1"),
        ("trivy-mixed.cdx.json", "CycloneDX 1.6", "trivy 0.59.1"),
        ("trivy-mixed.spdx.json", "SPDX 2.3", "trivy 0.59.1"),
    ] {
        let (_, read) = sbom_in(file);
        assert_eq!(read.format, format, "{file}");
        assert_eq!(read.tools, vec![tool.to_string()], "{file}");
    }
}

/// The lockfile each package was found in, relative to the scanned folder.
fn lockfile_of(eco: Ecosystem) -> &'static str {
    match eco {
        Ecosystem::Npm => "package-lock.json",
        Ecosystem::Cargo => "cargo/Cargo.lock",
        Ecosystem::PyPI => "poetry/poetry.lock",
        Ecosystem::Go => "go/go.mod",
        other => panic!("no {other} input"),
    }
}

#[test]
fn every_package_knows_its_lockfile_and_its_line_in_the_sbom() {
    for case in cases() {
        let (text, read) = sbom_in(case.file);
        let lines: Vec<&str> = text.lines().collect();
        for p in &read.packages {
            // Syft writes `/npm/package-lock.json`, Trivy `npm/package-lock.json`.
            let source = p.property("source-file").map(|s| s.trim_start_matches('/'));
            assert_eq!(source, Some(lockfile_of(p.ecosystem)), "{}: {p:?}", case.file);
            assert_eq!(p.file, None, "{}: {p:?}", case.file);
            if lines.len() == 1 {
                // Syft writes minified JSON.
                assert_eq!(p.line, 1);
            } else {
                let at = p.line as usize - 1;
                assert_eq!(lines[at].trim(), "{", "{}: line {} of {p:?}", case.file, p.line);
                let last = p.name.rsplit(['/', ':']).next().unwrap();
                assert!(
                    lines[at..(at + 12).min(lines.len())].iter().any(|l| l.contains(last)),
                    "{}: {} not near line {}",
                    case.file,
                    p.name,
                    p.line
                );
            }
        }
        let minified = read.notes.iter().any(|n| n.message.contains("minified"));
        assert_eq!(minified, lines.len() == 1, "{}: {:?}", case.file, read.notes);
    }
}

#[test]
fn tool_properties_and_dependency_graphs_survive() {
    let (_, syft) = sbom_in("syft-mixed.cdx-1.6.json");
    let md2man = syft.packages.iter().find(|p| p.name == "github.com/cpuguy83/go-md2man/v2").unwrap();
    assert_eq!(md2man.property("syft:package:type"), Some("go-module"));
    // Syft's bom-ref: the purl plus a package id.
    assert!(md2man.key.starts_with("pkg:golang/github.com/cpuguy83/go-md2man@v2.0.2#v2?package-id=") || md2man.key.starts_with("pkg:golang/github.com/cpuguy83/go-md2man@v2.0.2"), "{}", md2man.key);

    // Syft 1.18.1 records no dependency graph for package-lock.json v3
    // (syft-js.* has no edges), but does for the other lockfiles.
    for file in ["trivy-js.cdx.json", "trivy-js.spdx.json", "trivy-mixed.cdx.json", "syft-mixed.cdx-1.6.json", "syft-mixed.spdx-2.3.json"] {
        let (_, read) = sbom_in(file);
        let keys: BTreeSet<&str> = read.packages.iter().map(|p| p.key.as_str()).collect();
        assert_eq!(keys.len(), read.packages.len(), "{file}: keys are unique");
        let edges: Vec<(&str, &str)> = read.packages.iter().flat_map(|p| p.depends_on.iter().map(move |d| (p.key.as_str(), d.as_str()))).collect();
        assert!(edges.len() >= 10, "{file}: {} edges", edges.len());
        assert!(edges.iter().all(|(_, to)| keys.contains(to)), "{file}: every edge ends at a package");
    }
    let (_, trivy) = sbom_in("trivy-js.cdx.json");
    let chalk = trivy.packages.iter().find(|p| p.name == "chalk").unwrap();
    assert_eq!(chalk.property("aquasecurity:trivy:PkgType"), Some("npm"));
    assert_eq!(chalk.depends_on, vec!["pkg:npm/ansi-styles@4.3.0", "pkg:npm/supports-color@7.2.0"]);
}

#[test]
fn os_packages_are_unchecked_with_what_distribution_matching_needs() {
    // From the dpkg database of the Debian 12 machine that generated them.
    let expected = [
        ("base-files", "12.4+deb12u11", None, "amd64"),
        ("bash", "5.2.15-2+b8", Some("bash"), "amd64"),
        ("libc6", "2.36-9+deb12u14", Some("glibc"), "amd64"),
        ("libgcc-s1", "12.2.0-14+deb12u1", Some("gcc-12"), "amd64"),
        ("tzdata", "2025b-0+deb12u2", None, "all"),
        ("zlib1g", "1:1.2.13.dfsg-1", Some("zlib"), "amd64"),
    ];
    for (file, distro_version) in [
        ("syft-deb.cdx-1.6.json", "12"),
        ("syft-deb.spdx-2.3.json", "12"),
        ("trivy-deb.cdx.json", "12.11"),
        ("trivy-deb.spdx.json", "12.11"),
    ] {
        let (_, read) = sbom_in(file);
        assert!(read.packages.is_empty(), "{file}");
        let mut got: Vec<_> = read.unchecked.iter().collect();
        got.sort_by(|a, b| a.name.cmp(&b.name));
        assert_eq!(got.len(), expected.len(), "{file}");
        for (u, (name, version, source, arch)) in got.iter().zip(expected) {
            assert!(u.reason.starts_with("OS package (deb)"), "{file}: {u:?}");
            let os = u.os_package.as_ref().unwrap_or_else(|| panic!("{file}: {u:?}"));
            assert_eq!((u.name.as_str(), os.name.as_str()), (name, name), "{file}");
            // Syft writes the epoch into the purl version, Trivy as a qualifier.
            assert_eq!((u.version.as_deref(), os.version.as_deref()), (Some(version), Some(version)), "{file}");
            assert_eq!((os.kind, os.vendor.as_deref(), os.arch.as_deref()), (OsPackageKind::Deb, Some("debian"), Some(arch)), "{file}");
            let distro = os.distro.as_ref().unwrap();
            assert_eq!((distro.id.as_str(), distro.version.as_deref()), ("debian", Some(distro_version)), "{file}");
            if let Some(source) = source {
                assert_eq!(os.source_name.as_deref(), Some(source), "{file}: {name}");
            }
        }
        if file.starts_with("trivy") {
            assert!(read.notes.iter().any(|n| n.message == "operating system: debian 12.11"), "{file}: {:?}", read.notes);
        }
    }
}

/// `(ecosystem, name, version, lockfile, line)` of every inventoried
/// package, as ci-sec's SBOMs record them.
type Located = (String, String, String, String, u32);

fn located_inventory(inv: &Inventory) -> BTreeMap<Located, Scope> {
    let mut out: BTreeMap<Located, Scope> = BTreeMap::new();
    for lock in &inv.lockfiles {
        for p in &lock.packages {
            let file = p.file.clone().unwrap_or_else(|| lock.display.clone());
            let key = (p.ecosystem.osv_name().to_string(), comparable_name(p), format!("{:?}", p.version), file, p.line);
            out.insert(key, p.scope);
        }
    }
    out
}

#[test]
fn ci_sec_sboms_round_trip_every_package_and_its_lockfile_line() {
    let root = fixture("real");
    let inventory = inventory_paths(&root, &ScanOptions::default());
    assert!(inventory.errors.is_empty(), "{:?}", inventory.errors);
    let expected = located_inventory(&inventory);
    assert!(expected.len() > 1000, "{}", expected.len());
    // A package's scope in an SBOM is the strongest over its occurrences.
    let mut strongest: BTreeMap<Id, Scope> = BTreeMap::new();
    for lock in &inventory.lockfiles {
        for p in &lock.packages {
            let s = strongest.entry((p.ecosystem.osv_name().into(), comparable_name(p), format!("{:?}", p.version))).or_insert(p.scope);
            *s = match (*s, p.scope) {
                (Scope::Runtime, _) | (_, Scope::Runtime) => Scope::Runtime,
                (Scope::Build, _) | (_, Scope::Build) => Scope::Build,
                _ => Scope::Dev,
            };
        }
    }

    let dir = tempfile::tempdir().unwrap();
    for (args, format) in [
        (vec!["--format", "cyclonedx-json"], "CycloneDX 1.6"),
        (vec!["--format", "cyclonedx-json", "--spec-version", "1.5"], "CycloneDX 1.5"),
        (vec!["--format", "spdx-json"], "SPDX 2.3"),
    ] {
        let out = dir.path().join("bom.json");
        ci_sec().arg("sbom").arg(&root).args(&args).arg("-o").arg(&out).assert().success();
        let text = fs::read_to_string(&out).unwrap();
        let read = read_sbom(&text, "bom.json").unwrap_or_else(|e| panic!("{format}: {e}"));
        assert_eq!(read.format, format);
        assert_eq!(read.tools, vec![format!("ci-sec {}", env!("CARGO_PKG_VERSION"))]);
        assert!(read.unchecked.is_empty(), "{format}: {:?}", read.unchecked);

        let mut got: BTreeMap<Located, Scope> = BTreeMap::new();
        for p in &read.packages {
            let file = p.file.clone().unwrap_or_else(|| panic!("{format}: no lockfile for {p:?}"));
            let key = (p.ecosystem.osv_name().to_string(), comparable_name(p), format!("{:?}", p.version), file, p.line);
            got.insert(key, p.scope);
            assert!(p.property("sbom-line").is_some(), "{format}: {p:?}");
        }
        let only_read: Vec<_> = got.keys().filter(|k| !expected.contains_key(*k)).take(10).collect();
        let only_inv: Vec<_> = expected.keys().filter(|k| !got.contains_key(*k)).take(10).collect();
        assert!(only_read.is_empty() && only_inv.is_empty(), "{format}:\n  only read back: {only_read:#?}\n  only inventoried: {only_inv:#?}");

        let wrong_scope: Vec<_> = got
            .iter()
            .filter(|((e, n, v, _, _), s)| strongest.get(&(e.clone(), n.clone(), v.clone())) != Some(*s))
            .take(10)
            .collect();
        assert!(wrong_scope.is_empty(), "{format}: scope differs: {wrong_scope:#?}");
    }
}

#[test]
fn truncated_sboms_are_errors_with_a_line_never_panics() {
    let dir = fixture("sbom-in");
    let mut files: Vec<_> = fs::read_dir(&dir).unwrap().filter_map(Result::ok).map(|e| e.path()).filter(|p| p.extension().is_some_and(|e| e == "json")).collect();
    files.sort();
    assert_eq!(files.len(), 15);
    for path in files {
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let text = fs::read_to_string(&path).unwrap();
        let full = text.trim_end().len();
        // Every prefix of the small documents, a sample of the large ones.
        let step = if text.len() < 12_000 { 1 } else { 89 };
        for end in (0..full).step_by(step) {
            if !text.is_char_boundary(end) {
                continue;
            }
            match read_sbom(&text[..end], &name) {
                Ok(r) => panic!("{name}: the first {end} bytes were read as a document: {r:?}"),
                Err(e) => {
                    assert!(e.line >= 1 && e.column >= 1, "{name}[..{end}]: {e}");
                    assert!(e.message.starts_with(&name), "{name}[..{end}]: {e}");
                }
            }
        }
    }
}
