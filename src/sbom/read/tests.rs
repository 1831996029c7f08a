//! Unit tests on small hand-written documents, one rule each. The real Syft,
//! Trivy and ci-sec outputs are exercised by `tests/sbom_read.rs`.

use super::*;
use crate::model::{OsPackageKind, Scope};

fn read(text: &str) -> ReadSbom {
    read_sbom(text, "bom.json").unwrap_or_else(|e| panic!("{e}"))
}

fn err(text: &str) -> ParseError {
    read_sbom(text, "bom.json").expect_err("should fail")
}

fn cdx(components: &str) -> String {
    format!("{{\n\"bomFormat\": \"CycloneDX\",\n\"specVersion\": \"1.6\",\n\"components\": [\n{components}\n]\n}}\n")
}

fn spdx(packages: &str, relationships: &str) -> String {
    format!(
        "{{\n\"spdxVersion\": \"SPDX-2.3\",\n\"SPDXID\": \"SPDXRef-DOCUMENT\",\n\"creationInfo\": {{\"creators\": [\"Tool: other-1.0\"]}},\n\"packages\": [\n{packages}\n],\n\"relationships\": [\n{relationships}\n]\n}}\n"
    )
}

fn ids(r: &ReadSbom) -> Vec<(Ecosystem, &str, Option<&str>)> {
    r.packages.iter().map(|p| (p.ecosystem, p.name.as_str(), p.version.pinned())).collect()
}

#[test]
fn detects_the_format_and_version() {
    assert_eq!(read(&cdx("")).format, "CycloneDX 1.6");
    for v in ["1.4", "1.5"] {
        let text = format!("{{\"bomFormat\": \"CycloneDX\", \"specVersion\": \"{v}\"}}");
        assert_eq!(read(&text).format, format!("CycloneDX {v}"));
    }
    assert_eq!(read(&spdx("", "")).format, "SPDX 2.3");
    assert_eq!(read("{\"spdxVersion\": \"SPDX-2.2\"}").format, "SPDX 2.2");
}

#[test]
fn unsupported_versions_name_the_file_and_the_line() {
    for (text, line, needle) in [
        ("{\n\"bomFormat\": \"CycloneDX\",\n\"specVersion\": \"1.3\"\n}", 3, "CycloneDX specVersion \"1.3\" is not supported"),
        ("{\n\"bomFormat\": \"CycloneDX\",\n\"specVersion\": \"1.7\"\n}", 3, "ci-sec reads CycloneDX 1.4, 1.5, 1.6 JSON"),
        ("{\n\"bomFormat\": \"CycloneDX\",\n\"specVersion\": 1.5\n}", 3, "specVersion 1.5 is not supported"),
        ("{\n\"bomFormat\": \"CycloneDX\"\n}", 2, "without `specVersion`"),
        ("{\n\"bomFormat\": \"SPDX\",\n\"specVersion\": \"1.5\"\n}", 2, "not \"CycloneDX\""),
        ("{\n\n\"spdxVersion\": \"SPDX-2.1\"\n}", 3, "spdxVersion \"SPDX-2.1\" is not supported"),
        ("{\n\"spdxVersion\": 2.3\n}", 2, "must be a string"),
        ("{\"@context\": \"https://spdx.org/rdf/3.0.1/spdx-context.jsonld\", \"@graph\": []}", 1, "SPDX 3"),
        ("{\"name\": \"x\", \"lockfileVersion\": 3}", 1, "neither CycloneDX JSON"),
        ("[1, 2]", 1, "is not an SBOM"),
    ] {
        let e = err(text);
        assert_eq!(e.line, line, "{text}: {e}");
        assert!(e.message.starts_with("bom.json"), "{e}");
        assert!(e.message.contains(needle), "{text}: {e}");
    }
}

#[test]
fn invalid_json_is_a_positioned_error() {
    let e = err("{\n\"bomFormat\": \"CycloneDX\",\n\"specVersion\": \"1.6\",\n\"components\": [\n{\"name\": \"a\",}\n]\n}");
    assert_eq!((e.line, e.column), (5, 14), "{e}");
    assert!(e.message.starts_with("bom.json is not valid JSON"), "{e}");
    assert_eq!(err("").line, 1);
}

#[test]
fn fields_of_the_wrong_json_type_are_errors_at_their_line() {
    for (components, line, needle) in [
        ("{\"type\": \"library\",\n\"purl\": 5}", 6, "`purl` must be a string"),
        ("{\"name\": \"a\", \"components\": {}}", 5, "`components` must be an array"),
        ("7", 5, "each entry of `components` must be an object"),
        ("{\"name\": \"a\",\n\"properties\": [\n\"x\"]}", 7, "each entry of `properties`"),
        ("{\"name\": \"a\", \"purl\": \"pkg:npm/a@1\",\n\"evidence\": {\"occurrences\": {}}}", 6, "`occurrences` must be an array"),
    ] {
        let e = err(&cdx(components));
        assert_eq!(e.line, line, "{components}: {e}");
        assert!(e.message.contains(needle), "{components}: {e}");
    }
    let e = err(&spdx("{\"SPDXID\": \"SPDXRef-a\",\n\"externalRefs\": \"pkg:npm/a@1\"}", ""));
    assert_eq!(e.line, 7, "{e}");
    let e = err("{\"bomFormat\": \"CycloneDX\", \"specVersion\": \"1.6\",\n\"dependencies\": [{\"ref\": \"a\", \"dependsOn\": [1]}]}");
    assert_eq!(e.line, 2, "{e}");
}

#[test]
fn identity_comes_from_the_purl_and_keeps_the_written_spelling() {
    let r = read(&cdx(r#"
{"type": "library", "name": "Jinja2", "version": "3.1.6", "purl": "pkg:pypi/jinja2@3.1.6"},
{"type": "library", "group": "@babel", "name": "core", "version": "7.0.0", "purl": "pkg:npm/%40babel/core@7.0.0"},
{"type": "library", "name": "@types/node", "version": "20.0.0", "purl": "pkg:npm/%40types/node@20.0.0"},
{"type": "library", "group": "org.slf4j", "name": "slf4j-api", "version": "2.0.9", "purl": "pkg:maven/org.slf4j/slf4j-api@2.0.9"},
{"type": "library", "group": "Symfony", "name": "Console", "version": "v6.4.1", "purl": "pkg:composer/symfony/console@v6.4.1"},
{"type": "library", "name": "github.com/cpuguy83/go-md2man/v2", "version": "v2.0.2", "purl": "pkg:golang/github.com/cpuguy83/go-md2man@v2.0.2#v2"},
{"type": "library", "name": "something else", "version": "1.0", "purl": "pkg:cargo/serde@1.0.200"},
{"type": "library", "name": "x", "version": "9.9.9", "purl": "pkg:gem/rails@7.1.3"},
{"type": "library", "name": "n", "version": "13.0.3", "purl": "pkg:nuget/Newtonsoft.Json"}
"#));
    assert_eq!(
        ids(&r),
        vec![
            (Ecosystem::PyPI, "Jinja2", Some("3.1.6")),
            (Ecosystem::Npm, "@babel/core", Some("7.0.0")),
            (Ecosystem::Npm, "@types/node", Some("20.0.0")),
            (Ecosystem::Maven, "org.slf4j:slf4j-api", Some("2.0.9")),
            (Ecosystem::Packagist, "Symfony/Console", Some("v6.4.1")),
            (Ecosystem::Go, "github.com/cpuguy83/go-md2man/v2", Some("v2.0.2")),
            // A name that disagrees with the purl loses; so does the version.
            (Ecosystem::Cargo, "serde", Some("1.0.200")),
            (Ecosystem::RubyGems, "rails", Some("7.1.3")),
            // The component's version when the purl has none.
            (Ecosystem::NuGet, "Newtonsoft.Json", Some("13.0.3")),
        ]
    );
    assert!(r.unchecked.is_empty() && r.notes.is_empty(), "{r:?}");
}

#[test]
fn lines_are_those_of_the_component_objects() {
    let r = read(&cdx("{\"type\": \"library\", \"purl\": \"pkg:npm/a@1\"},\n\n  {\n\"purl\": \"pkg:npm/b@2\"\n}"));
    assert_eq!(r.packages.iter().map(|p| (p.line, p.file.clone())).collect::<Vec<_>>(), vec![(5, None), (7, None)]);
}

#[test]
fn missing_and_placeholder_versions_are_unresolved() {
    let r = read(&cdx(r#"{"name": "@fixture/app", "version": "UNKNOWN", "purl": "pkg:npm/%40fixture/app"},
{"name": "cobra", "purl": "pkg:golang/github.com/spf13/cobra"}"#));
    for p in &r.packages {
        assert_eq!(p.version, Version::Unresolved("the SBOM gives no version".into()), "{p:?}");
    }
}

#[test]
fn nothing_package_like_is_dropped_silently() {
    let r = read(&cdx(r#"
{"type": "library", "name": "mystery", "version": "1.0"},
{"type": "framework", "name": "bad", "purl": "pkg:npm/"},
{"type": "library", "name": "openssl", "version": "3.0.0", "purl": "pkg:generic/openssl@3.0.0"},
{"type": "library", "name": "commons", "version": "1", "purl": "pkg:maven/commons@1"},
{"name": "curl", "version": "7.88.1-10", "purl": "pkg:deb/debian/curl@7.88.1-10?distro=debian-12&arch=amd64"},
{"type": "application", "name": "npm/package-lock.json", "properties": [{"name": "aquasecurity:trivy:Class", "value": "lang-pkgs"}]},
{"type": "operating-system", "name": "debian", "version": "12.5"},
{"type": "container", "name": "img", "purl": "pkg:oci/img@sha256%3Aabc"},
{"type": "file", "name": "README"},
{"type": "application", "name": "tool", "version": "1.2.3", "purl": "pkg:npm/tool@1.2.3"}
"#));
    assert_eq!(ids(&r), vec![(Ecosystem::Npm, "tool", Some("1.2.3"))], "an application with a usable purl is a package");
    let reasons: Vec<(&str, u32, &str)> = r.unchecked.iter().map(|u| (u.name.as_str(), u.line, u.reason.as_str())).collect();
    assert_eq!(reasons.len(), 5, "{reasons:#?}");
    assert!(reasons[0].2.starts_with("no purl"), "{reasons:?}");
    assert!(reasons[1].2.starts_with("invalid purl"), "{reasons:?}");
    assert!(reasons[2].2.contains("`generic` is not an ecosystem"), "{reasons:?}");
    assert!(reasons[3].2.contains("without a namespace"), "{reasons:?}");
    assert!(reasons[4].2.starts_with("OS package (deb)"), "{reasons:?}");
    assert_eq!(reasons.iter().map(|r| r.1).collect::<Vec<_>>(), vec![6, 7, 8, 9, 10]);
    let os = r.unchecked[4].os_package.as_ref().unwrap();
    assert_eq!((os.kind, os.name.as_str(), os.version.as_deref()), (OsPackageKind::Deb, "curl", Some("7.88.1-10")));
    assert_eq!(r.unchecked[0].version.as_deref(), Some("1.0"));

    let notes: Vec<&str> = r.notes.iter().map(|n| n.message.as_str()).collect();
    assert!(notes.contains(&"operating system: debian 12.5"), "{notes:?}");
    assert!(
        notes.iter().any(|n| n.ends_with("`application` components (1), `container` components (1), `file` components (1), `operating-system` components (1)")),
        "{notes:?}"
    );
}

#[test]
fn nested_components_are_read_to_a_bounded_depth() {
    let r = read(&cdx(r#"{"type": "application", "name": "app", "components": [
  {"purl": "pkg:npm/a@1", "components": [{"purl": "pkg:npm/b@2"}]}
]},
{"purl": "pkg:npm/c@3"}"#));
    assert_eq!(ids(&r).iter().map(|i| i.1).collect::<Vec<_>>(), vec!["a", "b", "c"]);

    let mut nested = String::from("{\"purl\": \"pkg:npm/leaf@1\"}");
    for _ in 0..MAX_COMPONENT_DEPTH {
        nested = format!("{{\"purl\": \"pkg:npm/x@1\", \"components\": [{nested}]}}");
    }
    let e = err(&cdx(&nested));
    assert!(e.message.contains("nested deeper than"), "{e}");
}

#[test]
fn the_subject_of_the_document_is_not_a_dependency() {
    let text = r#"{"bomFormat": "CycloneDX", "specVersion": "1.5",
"metadata": {"tools": [{"vendor": "x", "name": "cdxgen", "version": "10.0.0"}],
  "component": {"type": "library", "name": "mylib", "version": "1.2.3", "purl": "pkg:npm/mylib@1.2.3",
    "components": [{"name": "part", "purl": "pkg:npm/part@1"}]}},
"components": [{"purl": "pkg:npm/dep@1"}]}"#;
    let r = read(text);
    assert_eq!(r.tools, vec!["cdxgen 10.0.0"]);
    assert_eq!(ids(&r), vec![(Ecosystem::Npm, "dep", Some("1"))]);
    assert_eq!(r.unchecked.len(), 1);
    assert_eq!((r.unchecked[0].name.as_str(), r.unchecked[0].line), ("mylib", 3));
    assert!(r.unchecked[0].reason.contains("subject"));
    assert!(r.notes.iter().any(|n| n.message.contains("1 nested components")), "{:?}", r.notes);

    // The usual case: a subject without a purl is simply not read.
    let r = read(r#"{"bomFormat": "CycloneDX", "specVersion": "1.6", "metadata": {"component": {"type": "file", "name": "."}}}"#);
    assert!(r.unchecked.is_empty() && r.notes.is_empty());
}

#[test]
fn scope_hashes_graph_and_origin() {
    let r = read(&cdx(r#"
{"bom-ref": "a", "purl": "pkg:npm/a@1", "scope": "excluded",
 "hashes": [{"alg": "SHA-512", "content": "AB12"}, {"alg": "SHA-256", "content": "not hex"}]},
{"bom-ref": "b", "purl": "pkg:npm/b@1", "scope": "optional"},
{"bom-ref": "c", "purl": "pkg:cargo/c@1", "properties": [{"name": "ci-sec:scope", "value": "build"}]},
{"bom-ref": "d", "purl": "pkg:cargo/d@1?vcs_url=git%2Bhttps://github.com/o/d%40abc123"},
{"purl": "pkg:pypi/e@1?repository_url=https://pypi.example.com/simple"},
{"purl": "pkg:npm/f@1?download_url=https://example.com/f.tgz"}
],
"dependencies": [{"ref": "a", "dependsOn": ["b", "c"]}, {"ref": "b"}, {"ref": "a", "dependsOn": ["d"]}
"#));
    let [a, b, c, d, e, f] = r.packages.as_slice() else { panic!("{r:?}") };
    assert_eq!((a.scope, a.optional), (Scope::Dev, false));
    assert_eq!((b.scope, b.optional), (Scope::Runtime, true));
    assert_eq!(c.scope, Scope::Build);
    assert_eq!(a.hashes, vec!["sha512:ab12"]);
    assert_eq!((a.key.as_str(), a.depends_on.clone()), ("a", vec!["b".to_string(), "c".into(), "d".into()]));
    assert_eq!(e.key, "pkg:pypi/e@1?repository_url=https://pypi.example.com/simple");
    assert_eq!(d.origin, Origin::Git { url: "https://github.com/o/d".into(), rev: Some("abc123".into()) });
    assert_eq!(e.origin, Origin::AlternateRegistry("https://pypi.example.com/simple".into()));
    assert_eq!(f.origin, Origin::Url("https://example.com/f.tgz".into()));
    // What ci-sec wrote, it reads back: the purl of a git package is unchanged.
    assert_eq!(d.purl().to_string(), "pkg:cargo/d@1?vcs_url=git%2Bhttps://github.com/o/d%40abc123");
}

#[test]
fn lockfile_locations_from_evidence_properties_and_tools() {
    let r = read(&cdx(r#"
{"purl": "pkg:npm/a@1", "evidence": {"occurrences": [{"location": "web/package-lock.json", "line": 40}, {"location": "api/package-lock.json", "line": 12}]}},
{"purl": "pkg:npm/b@1", "evidence": {"occurrences": [{"location": "web/package-lock.json"}]},
 "properties": [{"name": "ci-sec:location", "value": "web/package-lock.json:77"}, {"name": "ci-sec:npm:alias", "value": "bee"}]},
{"purl": "pkg:npm/c@1", "evidence": {"occurrences": [{"location": "/app/package-lock.json"}]}},
{"purl": "pkg:npm/d@1", "properties": [{"name": "syft:package:type", "value": "npm"}, {"name": "syft:cpe23", "value": "cpe:2.3:a:d"},
  {"name": "syft:location:0:path", "value": "/web/package-lock.json"}, {"name": "syft:location:1:path", "value": "/web/node_modules/d/package.json"}]}
"#));
    let got: Vec<(&str, Option<&str>, u32)> = r.packages.iter().map(|p| (p.name.as_str(), p.file.as_deref(), p.line)).collect();
    assert_eq!(
        got,
        vec![
            ("a", Some("web/package-lock.json"), 40),
            ("a", Some("api/package-lock.json"), 12),
            ("b", Some("web/package-lock.json"), 77),
            ("c", None, 9),
            ("d", None, 10),
        ]
    );
    assert_eq!(r.packages[0].property("sbom-line"), Some("6"));
    assert_eq!(r.packages[2].property("npm:alias"), Some("bee"));
    assert_eq!(r.packages[3].property("source-file"), Some("/app/package-lock.json"));
    assert_eq!(
        r.packages[4].properties,
        vec![
            ("syft:package:type".to_string(), "npm".to_string()),
            ("source-file".into(), "/web/package-lock.json".into()),
            ("source-file".into(), "/web/node_modules/d/package.json".into()),
        ]
    );
}

#[test]
fn trivy_lockfile_applications_give_each_library_its_lockfile() {
    let text = r#"{"bomFormat": "CycloneDX", "specVersion": "1.6",
"components": [
  {"bom-ref": "app-1", "type": "application", "name": "web/package-lock.json", "properties": [{"name": "aquasecurity:trivy:Class", "value": "lang-pkgs"}]},
  {"bom-ref": "app-2", "type": "application", "name": "api/package-lock.json", "properties": [{"name": "aquasecurity:trivy:Class", "value": "lang-pkgs"}]},
  {"bom-ref": "pkg:npm/a@1", "purl": "pkg:npm/a@1"},
  {"bom-ref": "pkg:npm/b@1", "purl": "pkg:npm/b@1"},
  {"bom-ref": "pkg:npm/c@1", "purl": "pkg:npm/c@1"}
],
"dependencies": [
  {"ref": "app-1", "dependsOn": ["pkg:npm/a@1"]},
  {"ref": "app-2", "dependsOn": ["pkg:npm/c@1"]},
  {"ref": "pkg:npm/a@1", "dependsOn": ["pkg:npm/b@1"]},
  {"ref": "pkg:npm/c@1", "dependsOn": ["pkg:npm/b@1", "pkg:npm/c@1"]}
]}"#;
    let r = read(text);
    let files = |i: usize| -> Vec<&str> { r.packages[i].properties.iter().filter(|(k, _)| k == "source-file").map(|(_, v)| v.as_str()).collect() };
    assert_eq!(files(0), vec!["web/package-lock.json"]);
    assert_eq!(files(1), vec!["api/package-lock.json", "web/package-lock.json"]);
    assert_eq!(files(2), vec!["api/package-lock.json"]);
}

#[test]
fn trivy_os_packages_get_their_source_package_from_properties() {
    let r = read(&cdx(r#"{"name": "zlib1g", "version": "1:1.2.13.dfsg-1",
 "purl": "pkg:deb/debian/zlib1g@1.2.13.dfsg-1?arch=amd64&distro=debian-12.11&epoch=1",
 "properties": [{"name": "aquasecurity:trivy:SrcName", "value": "zlib"}, {"name": "aquasecurity:trivy:SrcVersion", "value": "1.2.13.dfsg"},
   {"name": "aquasecurity:trivy:SrcRelease", "value": "1"}, {"name": "aquasecurity:trivy:SrcEpoch", "value": "1"}]}"#));
    let os = r.unchecked[0].os_package.as_ref().unwrap();
    assert_eq!(os.version.as_deref(), Some("1:1.2.13.dfsg-1"));
    assert_eq!((os.source_name.as_deref(), os.source_version.as_deref()), (Some("zlib"), Some("1:1.2.13.dfsg-1")));
}

#[test]
fn ci_sec_version_properties_come_back() {
    let r = read(&cdx(r#"{"name": "requests", "purl": "pkg:pypi/requests", "properties": [{"name": "ci-sec:unpinned", "value": ">=2"}]},
{"name": "org.x:y", "purl": "pkg:maven/org.x/y", "properties": [{"name": "ci-sec:unresolved-version", "value": "from the parent POM"}]}"#));
    assert_eq!(r.packages[0].version, Version::Unpinned(">=2".into()));
    assert_eq!(r.packages[1].version, Version::Unresolved("from the parent POM".into()));
}

#[test]
fn spdx_packages_purls_and_the_described_root() {
    let text = spdx(
        r#"{"SPDXID": "SPDXRef-root", "name": "project", "primaryPackagePurpose": "SOURCE"},
{"SPDXID": "SPDXRef-app", "name": "npm/package-lock.json", "primaryPackagePurpose": "APPLICATION"},
{"SPDXID": "SPDXRef-a", "name": "a", "versionInfo": "1",
 "externalRefs": [{"referenceCategory": "SECURITY", "referenceType": "cpe23Type", "referenceLocator": "cpe:2.3:a:a:a:1"},
                  {"referenceCategory": "PACKAGE_MANAGER", "referenceType": "purl", "referenceLocator": "pkg:npm/a@1"}],
 "checksums": [{"algorithm": "SHA1", "checksumValue": "DA39A3EE5E6B4B0D3255BFEF95601890AFD80709"}],
 "sourceInfo": "acquired package info from installed node module manifest file: /npm/package-lock.json"},
{"SPDXID": "SPDXRef-b", "name": "b", "versionInfo": "2", "sourceInfo": "package found in: npm/package-lock.json",
 "externalRefs": [{"referenceCategory": "PACKAGE-MANAGER", "referenceType": "purl", "referenceLocator": "pkg:npm/b@2"}]},
{"SPDXID": "SPDXRef-c", "name": "c", "versionInfo": "3", "primaryPackagePurpose": "LIBRARY",
 "externalRefs": [{"referenceCategory": "OTHER", "referenceType": "purl", "referenceLocator": "pkg:npm/c@3"}]},
{"SPDXID": "SPDXRef-d", "name": "mystery", "versionInfo": "4", "primaryPackagePurpose": "LIBRARY"}"#,
        r#"{"spdxElementId": "SPDXRef-DOCUMENT", "relationshipType": "DESCRIBES", "relatedSpdxElement": "SPDXRef-root"},
{"spdxElementId": "SPDXRef-a", "relationshipType": "DEPENDS_ON", "relatedSpdxElement": "SPDXRef-b"}"#,
    );
    let r = read(&text);
    assert_eq!(r.tools, vec!["other 1.0"]);
    assert_eq!(ids(&r), vec![(Ecosystem::Npm, "a", Some("1")), (Ecosystem::Npm, "b", Some("2")), (Ecosystem::Npm, "c", Some("3"))]);
    let [a, b, _] = r.packages.as_slice() else { panic!() };
    assert_eq!(a.line, 8);
    assert_eq!(a.hashes, vec!["sha1:da39a3ee5e6b4b0d3255bfef95601890afd80709"]);
    assert_eq!(a.property("source-file"), Some("/npm/package-lock.json"));
    assert_eq!(b.property("source-file"), Some("npm/package-lock.json"));
    assert_eq!((a.key.as_str(), a.depends_on.clone()), ("SPDXRef-a", vec!["SPDXRef-b".to_string()]));
    assert_eq!(r.unchecked.len(), 1);
    assert_eq!((r.unchecked[0].name.as_str(), r.unchecked[0].line), ("mystery", 17));
    assert!(r.notes.iter().any(|n| n.message.ends_with(": `APPLICATION` packages (1)")), "{:?}", r.notes);

    // documentDescribes and DESCRIBED_BY name the subject too; a subject
    // with a usable purl is listed as unchecked, not read.
    let text = r#"{"spdxVersion": "SPDX-2.2", "documentDescribes": ["SPDXRef-x"], "packages": [
{"SPDXID": "SPDXRef-x", "name": "x", "versionInfo": "1", "externalRefs": [{"referenceCategory": "PACKAGE-MANAGER", "referenceType": "purl", "referenceLocator": "pkg:npm/x@1"}]},
{"SPDXID": "SPDXRef-y", "name": "y", "externalRefs": [{"referenceCategory": "PACKAGE-MANAGER", "referenceType": "purl", "referenceLocator": "pkg:npm/y@1"}]}],
"relationships": [{"spdxElementId": "SPDXRef-y", "relationshipType": "DESCRIBED_BY", "relatedSpdxElement": "SPDXRef-DOCUMENT"}],
"files": [{"fileName": "package.json", "SPDXID": "SPDXRef-File"}]}"#;
    let r = read(text);
    assert!(r.packages.is_empty(), "{r:?}");
    assert_eq!(r.unchecked.iter().map(|u| u.name.as_str()).collect::<Vec<_>>(), vec!["x", "y"]);
    assert!(r.unchecked.iter().all(|u| u.reason.contains("subject")));
}

#[test]
fn spdx_scope_follows_the_dependency_relationships() {
    let pkg = |id: &str| {
        format!(r#"{{"SPDXID": "SPDXRef-{id}", "name": "{id}", "versionInfo": "1", "externalRefs": [{{"referenceCategory": "PACKAGE-MANAGER", "referenceType": "purl", "referenceLocator": "pkg:npm/{id}@1"}}]}}"#)
    };
    let rel = |a: &str, kind: &str, b: &str| format!(r#"{{"spdxElementId": "SPDXRef-{a}", "relationshipType": "{kind}", "relatedSpdxElement": "SPDXRef-{b}"}}"#);
    let packages = ["root", "run", "dev", "build", "opt", "mixed", "test"].map(pkg).join(",\n");
    let relationships = [
        rel("root", "DEPENDS_ON", "run"),
        rel("dev", "DEV_DEPENDENCY_OF", "root"),
        rel("build", "BUILD_DEPENDENCY_OF", "root"),
        rel("opt", "OPTIONAL_DEPENDENCY_OF", "root"),
        rel("mixed", "DEV_DEPENDENCY_OF", "root"),
        rel("mixed", "DEPENDENCY_OF", "run"),
        rel("test", "TEST_DEPENDENCY_OF", "run"),
    ]
    .join(",\n");
    let r = read(&spdx(&packages, &relationships));
    let got: Vec<(&str, Scope, bool)> = r.packages.iter().map(|p| (p.name.as_str(), p.scope, p.optional)).collect();
    assert_eq!(
        got,
        vec![
            ("root", Scope::Runtime, false),
            ("run", Scope::Runtime, false),
            ("dev", Scope::Dev, false),
            ("build", Scope::Build, false),
            ("opt", Scope::Runtime, true),
            ("mixed", Scope::Runtime, false),
            ("test", Scope::Dev, false),
        ]
    );
    assert_eq!(r.packages[0].depends_on, vec!["SPDXRef-run", "SPDXRef-dev", "SPDXRef-build", "SPDXRef-opt", "SPDXRef-mixed"]);
}

#[test]
fn spdx_ci_sec_locations_are_trusted_only_from_ci_sec() {
    let packages = r#"{"SPDXID": "SPDXRef-a", "name": "requests", "sourceInfo": "declared in app/requirements.txt:3, lib/requirements.txt:7",
 "comment": "not pinned: >=2",
 "externalRefs": [{"referenceCategory": "PACKAGE-MANAGER", "referenceType": "purl", "referenceLocator": "pkg:pypi/requests"}]}"#;
    let ours = spdx(packages, "").replace("Tool: other-1.0", "Tool: ci-sec-0.1.0");
    let r = read(&ours);
    let got: Vec<(Option<&str>, u32, &Version)> = r.packages.iter().map(|p| (p.file.as_deref(), p.line, &p.version)).collect();
    let unpinned = Version::Unpinned(">=2".into());
    assert_eq!(got, vec![(Some("app/requirements.txt"), 3, &unpinned), (Some("lib/requirements.txt"), 7, &unpinned)]);
    assert_eq!(r.tools, vec!["ci-sec 0.1.0"]);

    let r = read(&spdx(packages, ""));
    assert_eq!(r.packages.len(), 1);
    assert_eq!((r.packages[0].file.as_deref(), r.packages[0].line), (None, 6));
    assert!(matches!(r.packages[0].version, Version::Unresolved(_)));
}

#[test]
fn spdx_trivy_annotations_become_properties() {
    let text = spdx(
        r#"{"SPDXID": "SPDXRef-z", "name": "zlib1g", "versionInfo": "1:1.2.13.dfsg-1",
 "externalRefs": [{"referenceCategory": "PACKAGE-MANAGER", "referenceType": "purl", "referenceLocator": "pkg:deb/debian/zlib1g@1.2.13.dfsg-1?distro=debian-12.11&epoch=1"}],
 "annotations": [{"annotator": "Tool: trivy-0.59.1", "annotationType": "OTHER", "comment": "SrcName: zlib"},
                 {"annotator": "Person: someone", "annotationType": "OTHER", "comment": "SrcName: nope"}]},
{"SPDXID": "SPDXRef-a", "name": "a", "externalRefs": [{"referenceCategory": "PACKAGE-MANAGER", "referenceType": "purl", "referenceLocator": "pkg:npm/a@1"}],
 "annotations": [{"annotator": "Tool: trivy-0.59.1", "annotationType": "OTHER", "comment": "PkgType: npm"}]},
{"SPDXID": "SPDXRef-os", "name": "debian", "versionInfo": "12.11", "primaryPackagePurpose": "OPERATING-SYSTEM"}"#,
        "",
    );
    let r = read(&text);
    assert_eq!(r.unchecked[0].os_package.as_ref().and_then(|o| o.source_name.as_deref()), Some("zlib"));
    assert_eq!(r.packages[0].property("aquasecurity:trivy:PkgType"), Some("npm"));
    assert!(r.notes.iter().any(|n| n.message == "operating system: debian 12.11" && n.line == 12), "{:?}", r.notes);
}

#[test]
fn minified_documents_get_a_note_about_lines() {
    let r = read(r#"{"bomFormat":"CycloneDX","specVersion":"1.6","components":[{"purl":"pkg:npm/a@1"},{"purl":"pkg:npm/b@1"}]}"#);
    assert!(r.packages.iter().all(|p| p.line == 1));
    assert!(r.notes.iter().any(|n| n.message.contains("minified")), "{:?}", r.notes);
}

#[test]
fn every_prefix_of_a_document_fails_cleanly() {
    let text = cdx(r#"{"bom-ref": "a", "type": "library", "name": "é", "purl": "pkg:npm/a@1", "scope": "excluded",
 "properties": [{"name": "ci-sec:location", "value": "x:1"}], "evidence": {"occurrences": [{"location": "x", "line": 1}]}}"#);
    let full = text.trim_end().len();
    for end in 0..full {
        if text.is_char_boundary(end) {
            let e = read_sbom(&text[..end], "bom.json").expect_err("a strict prefix is never a whole document");
            assert!(e.line >= 1, "{end}: {e}");
        }
    }
}
