//! Command-line arguments. Help texts here are the user documentation of
//! each subcommand (`ci-sec <command> --help`); README.md shows the common
//! invocations and docs/*.md each stage in depth.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

#[derive(Debug, Parser)]
#[command(
    name = "ci-sec",
    version,
    about = "Security toolkit for CI pipelines: SBOMs, vulnerability matching, Kubernetes manifest checks and PR reports in one binary.",
    after_help = "Exit codes: 0 = done, nothing at or above the failure threshold; 1 = findings at or above the threshold; 2 = usage error or incomplete run (some input could not be read)."
)]
pub struct Cli {
    #[command(flatten)]
    pub global: GlobalArgs,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Args)]
pub struct GlobalArgs {
    /// Output format (each subcommand lists the ones it supports; default:
    /// `table` on a terminal, or guessed from the `-o` file name).
    #[arg(long, global = true, value_enum)]
    pub format: Option<OutputFormat>,
    /// Write the report to FILE instead of standard output.
    #[arg(short, long, global = true, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Configuration file (default: the nearest `.ci-sec.toml` found upward
    /// from PATH).
    #[arg(long, global = true, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// Print only errors.
    #[arg(short, long, global = true, conflicts_with = "verbose")]
    pub quiet: bool,
    /// Print more detail (repeat for more).
    #[arg(short, long, global = true, action = clap::ArgAction::Count)]
    pub verbose: u8,
    /// When to colour terminal output.
    #[arg(long, global = true, value_enum, default_value_t = ColorChoice::Auto)]
    pub color: ColorChoice,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    Auto,
    Always,
    Never,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum OutputFormat {
    /// Human-readable table.
    Table,
    /// ci-sec's own JSON (see docs/json-report.md).
    Json,
    /// CycloneDX JSON (1.6 unless --spec-version 1.5).
    #[value(name = "cyclonedx-json", alias = "cyclonedx")]
    CycloneDxJson,
    /// SPDX 2.3 JSON.
    #[value(name = "spdx-json", alias = "spdx")]
    SpdxJson,
    /// SARIF 2.1.0.
    Sarif,
    /// GitLab Code Quality report (artifacts:reports:codequality).
    #[value(name = "gitlab-codequality", alias = "codequality")]
    GitlabCodeQuality,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Inventory the dependencies a repository ships and write an SBOM.
    ///
    /// Walks PATH (respecting .gitignore, skipping node_modules, target,
    /// vendor and other dependency caches) and reads every supported lockfile
    /// or manifest: Cargo.lock, package-lock.json / npm-shrinkwrap.json,
    /// yarn.lock, pnpm-lock.yaml, requirements*.txt, poetry.lock,
    /// Pipfile.lock, uv.lock, go.mod (+ go.sum), Gemfile.lock,
    /// composer.lock, pom.xml, gradle.lockfile and NuGet packages.lock.json.
    /// PATH may also be a single such file. Formats: table, json,
    /// cyclonedx-json, spdx-json.
    Sbom(SbomArgs),
    /// Match the inventory against advisories and report the vulnerabilities.
    ///
    /// Inventories PATH as `sbom` does (or reads an existing SBOM with
    /// --sbom: CycloneDX 1.4–1.6 or SPDX 2.2/2.3 JSON, including Syft's and
    /// Trivy's), then matches every pinned package against OSV advisories:
    /// from --advisories DIR (OSV JSON/YAML files, no database needed), or
    /// from the local database (`ci-sec db update` / `ci-sec db import`).
    /// Formats: table, json, sarif, gitlab-codequality, cyclonedx-json (the SBOM with its
    /// vulnerabilities). Exit code 1 when an unsuppressed finding is at or
    /// above --fail-on.
    Scan(ScanArgs),
    /// Check Kubernetes manifests against the Pod Security Standards.
    ///
    /// Reads every YAML/JSON file under PATH (respecting .gitignore; Helm
    /// chart templates are skipped) or standard input (`-`), multi-document
    /// streams and `List` kinds included, and evaluates the pod spec of
    /// every pod-bearing object (Pod, Deployment, ReplicaSet,
    /// ReplicationController, StatefulSet, DaemonSet, Job, CronJob,
    /// PodTemplate, custom resources with `spec.template.spec` or
    /// `spec.jobTemplate`) as the pod-security admission of --kube-version
    /// would. Formats: table, json, sarif, gitlab-codequality. Exit code 1 when a finding is at
    /// or above --fail-on, 2 when some input could not be read.
    K8s(K8sArgs),
    /// Run every stage on a repository, as a CI step or pre-push hook does.
    ///
    /// Inventories PATH (as `sbom`; --sbom-output writes the SBOM), matches
    /// it against advisories (as `scan`: --advisories, --online or the local
    /// database), checks the Kubernetes manifests under PATH (as `k8s`), and
    /// writes one report of all findings. A stage that cannot run (no
    /// advisory database yet) is reported as incomplete and the other stages
    /// still run. Formats: table, json, sarif, gitlab-codequality. Exit code
    /// 1 when an unsuppressed finding is at or above --fail-on, 2 when some
    /// input or stage could not be completed.
    Check(CheckArgs),
    /// Manage the local advisory database that `scan` reads.
    ///
    /// `update` downloads the OSV dumps of every supported ecosystem (or the
    /// sources named with --source) over HTTPS; `import` loads directories of
    /// OSV files, `all.zip` dumps or RustSec checkouts for air-gapped
    /// pipelines; `status` shows age, sources and record counts. The
    /// database lives in the user cache directory unless --db or $CI_SEC_DB
    /// says otherwise; a failed update leaves the previous one intact.
    Db(DbArgs),
    /// Publish a report to a GitHub pull request or GitLab merge request
    /// (not implemented yet).
    Publish(PassThrough),
}

#[derive(Debug, Args)]
pub struct SbomArgs {
    /// Directory or lockfile to inventory.
    #[arg(default_value = ".")]
    pub path: PathBuf,
    /// Also scan dependency caches (node_modules, vendor, target, …).
    #[arg(long)]
    pub include_vendored: bool,
    /// Leave dev-, test- and build-only packages out.
    #[arg(long)]
    pub exclude_dev: bool,
    /// CycloneDX specification version.
    #[arg(long, value_parser = ["1.5", "1.6"], default_value = "1.6")]
    pub spec_version: String,
    /// Never run `cargo metadata` (Cargo workspaces are then read from
    /// Cargo.toml files only).
    #[arg(long)]
    pub no_cargo: bool,
}

#[derive(Debug, Args)]
pub struct ScanArgs {
    /// Directory or lockfile to inventory (ignored with --sbom).
    #[arg(default_value = ".")]
    pub path: PathBuf,
    /// Scan this SBOM instead of inventorying PATH.
    #[arg(long, value_name = "FILE")]
    pub sbom: Option<PathBuf>,
    #[command(flatten)]
    pub source: AdvisoryArgs,
    #[command(flatten)]
    pub policy: VulnPolicyArgs,
    /// Fail (exit 1) on unsuppressed findings at or above this severity:
    /// info, low, medium, high, critical, or `never` (default: low, or
    /// `[scan] fail-on`).
    #[arg(long, value_name = "SEVERITY")]
    pub fail_on: Option<String>,
    /// Show, for each finding, the record, the range that matched and the
    /// comparator's verdicts.
    #[arg(long)]
    pub explain: bool,
    /// Also scan dependency caches (node_modules, vendor, target, …).
    #[arg(long)]
    pub include_vendored: bool,
}

/// Where advisories come from (`scan`, `check`).
#[derive(Debug, Args)]
pub struct AdvisoryArgs {
    /// Match against the OSV records (JSON/YAML) under DIR instead of the
    /// database; repeatable.
    #[arg(long, value_name = "DIR")]
    pub advisories: Vec<PathBuf>,
    /// Ask the OSV API (api.osv.dev, or $CI_SEC_OSV_API) instead of a local
    /// database: needs network.
    #[arg(long, conflicts_with = "advisories")]
    pub online: bool,
    /// The advisory database directory (default: $CI_SEC_DB, else the user
    /// cache directory).
    #[arg(long, value_name = "PATH", env = "CI_SEC_DB")]
    pub db: Option<PathBuf>,
    /// Fail when the database is older than this (e.g. `7d`, `36h`).
    #[arg(long, value_name = "AGE")]
    pub max_db_age: Option<String>,
}

/// Suppressions of vulnerability findings (`scan`, `check`).
#[derive(Debug, Args)]
pub struct VulnPolicyArgs {
    /// Leave out findings that have no fixed version yet.
    #[arg(long)]
    pub ignore_unfixed: bool,
    /// VEX document (OpenVEX or CycloneDX VEX) whose not_affected/fixed
    /// statements suppress findings; repeatable.
    #[arg(long, value_name = "FILE")]
    pub vex: Vec<PathBuf>,
}

#[derive(Debug, Args)]
pub struct K8sArgs {
    /// Directory or manifest file to check, or `-` for standard input.
    #[arg(default_value = ".")]
    pub path: PathBuf,
    #[command(flatten)]
    pub manifests: ManifestArgs,
    /// Fail (exit 1) on findings at or above this severity: info, low,
    /// medium, high, critical, or `never` (default: low).
    #[arg(long, value_name = "SEVERITY")]
    pub fail_on: Option<String>,
    /// Print the rule catalogue (id, severity, title, rationale,
    /// remediation) and exit.
    #[arg(long)]
    pub list_checks: bool,
    /// Also read dependency caches (node_modules, vendor, …).
    #[arg(long)]
    pub include_vendored: bool,
}

/// How manifests are checked (`k8s`, `check`).
#[derive(Debug, Args)]
pub struct ManifestArgs {
    /// The rule set: the Pod Security Standards baseline or restricted level
    /// (restricted includes baseline), or `recommended` (restricted plus
    /// hardening checks, the default).
    #[arg(long, value_enum, default_value_t = K8sProfile::Recommended)]
    pub profile: K8sProfile,
    /// Target Kubernetes version (`1.31`–`1.37`, or `latest` = 1.37): the
    /// pod-security admission rules of that release apply.
    #[arg(long, value_name = "VERSION", default_value = "latest")]
    pub kube_version: String,
    /// For targets before 1.35: relax runAsNonRoot, runAsUser and procMount
    /// for `hostUsers: false` pods, as clusters with the alpha
    /// UserNamespacesPodSecurityStandards feature gate do (1.35+ always
    /// relaxes them).
    #[arg(long)]
    pub userns_relaxation: bool,
    /// Skip schema validation (unknown fields, wrong types, missing required
    /// fields, removed and deprecated apiVersions); single rules can be
    /// disabled in .ci-sec.toml `[k8s] disable`.
    #[arg(long)]
    pub no_schema: bool,
    /// Render every Helm chart under PATH with `helm template` (helm on
    /// PATH) and check the output; without it, chart templates are skipped.
    #[arg(long)]
    pub helm: bool,
    /// Build every Kustomize overlay under PATH (`kustomize build`, else
    /// `kubectl kustomize`) and check the output instead of the bases and
    /// patches themselves.
    #[arg(long)]
    pub kustomize: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum K8sProfile {
    /// Pod Security Standards, baseline level.
    PssBaseline,
    /// Pod Security Standards, restricted level (includes baseline).
    PssRestricted,
    /// pss-restricted plus hardening checks (images, resources,
    /// namespaces, …): the default.
    Recommended,
}

#[derive(Debug, Args)]
pub struct CheckArgs {
    /// The repository (or directory) to check.
    #[arg(default_value = ".")]
    pub path: PathBuf,
    #[command(flatten)]
    pub source: AdvisoryArgs,
    #[command(flatten)]
    pub policy: VulnPolicyArgs,
    #[command(flatten)]
    pub manifests: ManifestArgs,
    /// Fail (exit 1) on unsuppressed findings at or above this severity:
    /// info, low, medium, high, critical, or `never` (default: low, or
    /// `[scan] fail-on`).
    #[arg(long, value_name = "SEVERITY")]
    pub fail_on: Option<String>,
    /// Stages to leave out; repeatable.
    #[arg(long, value_enum, value_name = "STAGE")]
    pub skip: Vec<Stage>,
    /// Also write the SBOM of PATH to FILE (CycloneDX 1.6 JSON, or SPDX 2.3
    /// when the name ends in `.spdx.json`).
    #[arg(long, value_name = "FILE")]
    pub sbom_output: Option<PathBuf>,
    /// Show, for each vulnerability, the record and range that matched.
    #[arg(long)]
    pub explain: bool,
    /// Also read dependency caches (node_modules, vendor, target, …).
    #[arg(long)]
    pub include_vendored: bool,
}

/// The stages of `check` that `--skip` can leave out.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Stage {
    /// Dependency vulnerabilities (inventory + advisories).
    Vulns,
    /// Kubernetes manifests.
    K8s,
}

#[derive(Debug, Args)]
pub struct DbArgs {
    /// The database directory (default: $CI_SEC_DB, else
    /// ~/.cache/ci-sec/db).
    #[arg(long, global = true, value_name = "PATH", env = "CI_SEC_DB")]
    pub db: Option<PathBuf>,
    #[command(subcommand)]
    pub command: DbCommand,
}

#[derive(Debug, Subcommand)]
pub enum DbCommand {
    /// Download advisories and rebuild the database.
    Update {
        /// Sources to refresh: `osv:<Ecosystem>` (e.g. osv:npm, osv:PyPI,
        /// "osv:Rocky Linux") or `rustsec`; default: every OSV ecosystem.
        #[arg(long = "source", value_name = "SOURCE")]
        sources: Vec<String>,
        /// Git URL of the RustSec advisory-db for `--source rustsec` (a local
        /// path or file:// mirror).
        #[arg(long, value_name = "URL", default_value = "https://github.com/rustsec/advisory-db.git")]
        rustsec_url: String,
    },
    /// Load advisories from local files: OSV directories (JSON/YAML), OSV
    /// `all.zip` dumps, RustSec advisory-db checkouts.
    Import {
        #[arg(required = true, value_name = "PATH")]
        paths: Vec<PathBuf>,
        /// Source name to file them under (default: import:<file name>).
        #[arg(long)]
        name: Option<String>,
    },
    /// Show the database's age, sources and record counts per ecosystem.
    Status,
}

/// Arguments of subcommands that are not implemented yet: accepted so the
/// message can say so instead of a usage error.
#[derive(Debug, Args)]
pub struct PassThrough {
    #[arg(trailing_var_arg = true, allow_hyphen_values = true, hide = true)]
    pub args: Vec<String>,
}
