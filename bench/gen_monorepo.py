#!/usr/bin/env python3
"""Deterministic synthetic monorepo generator for the ci-sec SBOM benchmark.

Usage:
    python3 bench/gen_monorepo.py OUT_DIR [--entries N] [--seed S]
    python3 bench/gen_monorepo.py --one-mb OUT_FILE          # ~1 MiB package-lock.json
    python3 bench/gen_monorepo.py --one-mb-cargo OUT_FILE    # ~1 MiB Cargo.lock

The monorepo holds one sub-project per directory, each with one lockfile in one of
13 formats plus the manifest that goes with it (package.json, Cargo.toml,
pyproject.toml, Pipfile, go.mod, Gemfile, composer.json, build.gradle.kts,
*.csproj).  Every lockfile is written the way the real package manager writes it,
with a consistent dependency graph: every locked package is reachable from the
project's direct dependencies (some analyzers, e.g. Trivy's cargo/yarn/poetry
ones, drop packages that are not).  Within one lockfile each name@version occurs
once, so "entries" below is the number of distinct packages a scanner should
report for that lockfile (the project itself / the root package not included).

A machine-readable summary is written to OUT_DIR/bench-manifest.json.
Only the Python standard library is used.  Output is byte-for-byte deterministic
for a given (--entries, --seed).
"""
from __future__ import annotations

import argparse
import base64
import hashlib
import json
import math
import os
import random
import shutil
import sys
import time

GENERATOR_VERSION = 1
DEFAULT_ENTRIES = 120_000
DEFAULT_SEED = 20240611
ONE_MB = 1 << 20

# --------------------------------------------------------------------------- #
# word lists (package-name building blocks)                                   #
# --------------------------------------------------------------------------- #

NPM_BASE = """lodash chalk debug express react react-dom axios yargs commander semver uuid
glob minimatch rimraf mkdirp dayjs classnames prop-types tslib rxjs zod ajv acorn esbuild
rollup postcss autoprefixer webpack vite jest mocha sinon chai ws cookie qs mime depd ms
inherits once wrappy safe-buffer readable-stream string-width ansi-styles supports-color
color-convert color-name escape-string-regexp picomatch micromatch braces fill-range
to-regex-range is-number graceful-fs fs-extra jsonfile universalify source-map buffer-from
core-js regenerator-runtime dotenv cross-spawn which isexe path-key shebang-command
signal-exit strip-ansi ansi-regex emoji-regex wrap-ansi cliui y18n get-caller-file
require-directory escalade picocolors nanoid immer redux zustand date-fns luxon bluebird
async p-limit p-queue eventemitter3 follow-redirects form-data combined-stream asynckit
delayed-stream mime-types mime-db body-parser iconv-lite raw-body bytes http-errors
statuses toidentifier setprototypeof content-type negotiator accepts vary on-finished
ee-first finalhandler encodeurl escape-html parseurl send serve-static etag fresh range-parser
merge-descriptors methods path-to-regexp proxy-addr forwarded ipaddr.js type-is media-typer
cookie-signature utils-merge array-flatten destroy unpipe js-tokens loose-envify object-assign
scheduler json5 minimist argparse js-yaml esprima sprintf-js entities domhandler htmlparser2
cheerio undici node-fetch whatwg-url tr46 webidl-conversions punycode lru-cache yallist
brace-expansion balanced-match concat-map inflight fs.realpath path-is-absolute""".split()

NPM_SCOPES = """@babel @types @aws-sdk @smithy @opentelemetry @jest @typescript-eslint @vue
@angular @nestjs @emotion @mui @radix-ui @tanstack @sentry @octokit @acme-internal @graphql-tools
@swc @rollup @esbuild @floating-ui @headlessui @storybook""".split()

NPM_SCOPED_WORDS = """core parser types utils runtime helpers client server common config
compiler generator traverse template code-frame highlight plugin-syntax-jsx plugin-transform-runtime
preset-env node react shared reactivity router store cli schema validator middleware
logger testing dom system icons styled cache query table form transport exporter sdk-trace-base
instrumentation resources semantic-conventions api-logs credential-provider-node middleware-retry
signature-v4 protocol-http smithy-client util-utf8 hash-node fetch-http-handler""".split()

NPM_SUFFIX = """utils core plugin loader cli parser compat lite next legacy polyfill config
types helper adapter bridge runtime kit wasm native browser node esm stream async sync
webpack-plugin eslint-plugin validator formatter""".split()

CRATES_BASE = """serde serde_json serde_derive tokio tokio-util anyhow thiserror clap clap_derive
clap_builder clap_lex rand regex regex-syntax regex-automata log env_logger tracing
tracing-core tracing-subscriber futures futures-util futures-core futures-channel
futures-task futures-io futures-sink bytes hyper hyper-util reqwest syn quote proc-macro2 libc
cfg-if once_cell itoa ryu memchr aho-corasick smallvec parking_lot parking_lot_core lock_api
scopeguard hashbrown indexmap either itertools num-traits num-integer autocfg bitflags byteorder
chrono time time-core time-macros uuid url percent-encoding form_urlencoded idna unicode-ident
unicode-normalization unicode-bidi base64 sha2 sha1 digest generic-array typenum block-buffer
crypto-common cpufeatures crossbeam-channel crossbeam-utils crossbeam-epoch crossbeam-deque
rayon rayon-core mio socket2 pin-project pin-project-lite pin-utils http http-body httparse
h2 tower tower-service tower-layer axum axum-core prost prost-derive tonic toml toml_edit
toml_datetime serde_yaml walkdir same-file tempfile fastrand glob semver lazy_static getrandom
ppv-lite86 rand_core rand_chacha zerocopy hex ring rustls rustls-pemfile webpki-roots untrusted
flate2 miniz_oxide adler crc32fast nom bstr strsim heck anstream anstyle utf8parse
is_terminal_polyfill colorchoice windows-sys windows-targets rustix linux-raw-sys errno
signal-hook-registry slab tinyvec tinyvec_macros matchers sharded-slab thread_local nu-ansi-term
overload valuable encoding_rs mime httpdate want try-lock atomic-waker dashmap ahash
equivalent foldhash allocator-api2 object gimli addr2line backtrace rustc-demangle
""".split()

CRATES_SUFFIX = """-derive -macros -core -sys -util -impl -shared -codegen -types -rt -compat
-build -internals -proto -config -test -ext -async -utils -lite""".split()

PY_BASE = """requests urllib3 certifi idna charset-normalizer numpy pandas scipy matplotlib pillow
django flask fastapi starlette pydantic pydantic-core uvicorn gunicorn click jinja2 markupsafe
itsdangerous werkzeug sqlalchemy alembic psycopg2-binary redis celery kombu billiard boto3
botocore s3transfer jmespath python-dateutil six pytz tzdata pyyaml attrs packaging pyparsing
setuptools wheel typing-extensions anyio sniffio h11 httpx httpcore aiohttp yarl multidict
frozenlist aiosignal async-timeout cryptography cffi pycparser protobuf grpcio
googleapis-common-protos rich pygments markdown-it-py mdurl tqdm joblib scikit-learn
threadpoolctl networkx sympy mpmath filelock fsspec platformdirs tomli exceptiongroup iniconfig
pluggy pytest coverage orjson ujson marshmallow structlog sentry-sdk opentelemetry-api wrapt
deprecated decorator cachetools google-auth rsa pyasn1 pyasn1-modules oauthlib requests-oauthlib
msgpack greenlet lxml beautifulsoup4 soupsieve docutils babel regex tenacity python-dotenv
websockets watchfiles uvloop httptools email-validator dnspython pyjwt bcrypt paramiko pynacl
""".split()

PY_SUFFIX = """-client -utils -core -tools -plugin -extras -compat -async -cli -sdk -lite -helpers
-schema -adapter -server""".split()
PY_PREFIX = "types- pytest- django- flask- sphinx- opentelemetry-instrumentation- mypy- azure-".split()

GO_ORGS = """spf13 stretchr google golang sirupsen pkg gorilla gin-gonic go-chi uber-go prometheus
grpc-ecosystem hashicorp aws cespare davecgh pmezard mattn fatih klauspost json-iterator
modern-go gogo golang-jwt jackc lib redis rs segmentio tidwall valyala labstack urfave
go-playground kelseyhightower mitchellh beorn7 cenkalti felixge acme-corp cockroachdb
dgraph-io emicklei go-logr google-cloud-go grafana minio nats-io olekukonko""".split()
GO_REPOS = """cobra viper pflag testify uuid logrus errors mux websocket gin chi zap multierr atomic
client_golang client_model common procfs grpc-gateway go-multierror go-retryablehttp hcl
aws-sdk-go xxhash go-spew go-difflib go-sqlite3 go-isatty color compress go
reflect2 concurrent protobuf jwt pgx pgconn pq go-redis zerolog kafka-go gjson fasthttp echo
cli validator envconfig mapstructure perks backoff httpsnoop pebble badger go-restful logr
zerolog-adapter semver bytefmt ratelimit singleflight tablewriter fsnotify afero cast
jwalterweatherman toml yaml ini dig fx goleak automaxprocs""".split()
GO_STD_LIKE = [
    "golang.org/x/net", "golang.org/x/sys", "golang.org/x/text", "golang.org/x/crypto",
    "golang.org/x/sync", "golang.org/x/mod", "golang.org/x/tools", "golang.org/x/term",
    "golang.org/x/time", "golang.org/x/oauth2", "golang.org/x/exp",
    "google.golang.org/grpc", "google.golang.org/protobuf", "google.golang.org/api",
    "google.golang.org/genproto/googleapis/rpc", "google.golang.org/genproto/googleapis/api",
    "go.uber.org/zap", "go.uber.org/atomic", "go.uber.org/multierr", "go.uber.org/goleak",
    "k8s.io/api", "k8s.io/apimachinery", "k8s.io/client-go", "k8s.io/utils", "k8s.io/kube-openapi",
    "sigs.k8s.io/yaml", "sigs.k8s.io/json", "go.opentelemetry.io/otel",
    "go.opentelemetry.io/otel/trace", "go.opentelemetry.io/otel/metric",
    "go.opentelemetry.io/otel/sdk", "cloud.google.com/go/storage", "cloud.google.com/go/compute",
    "cloud.google.com/go/iam", "github.com/google/go-cmp", "github.com/google/uuid",
    "github.com/stretchr/testify", "github.com/spf13/cobra", "github.com/spf13/pflag",
]
GO_GOPKG = ["gopkg.in/yaml.v2", "gopkg.in/yaml.v3", "gopkg.in/ini.v1", "gopkg.in/inf.v0",
            "gopkg.in/check.v1", "gopkg.in/natefinch/lumberjack.v2", "gopkg.in/square/go-jose.v2"]

GEM_BASE = """rails actionpack actionview activesupport activerecord activemodel railties rack
rack-test puma nokogiri mini_portile2 racc sidekiq redis connection_pool concurrent-ruby i18n
tzinfo zeitwerk minitest rspec rspec-core rspec-expectations rspec-mocks rspec-support diff-lcs
rubocop parser ast rainbow regexp_parser unicode-display_width json thor rake builder erubi
loofah crass mail marcel mini_mime nio4r websocket-driver websocket-extensions faraday
faraday-net_http multi_json jwt bcrypt devise warden orm_adapter responders pg mysql2 sqlite3
aws-sdk-core aws-sigv4 aws-partitions jmespath addressable public_suffix httparty oj dry-core
dry-types sorbet-runtime ffi bootsnap msgpack listen rb-fsevent rb-inotify sprockets sassc
tilt haml slim kaminari pundit cancancan pry coderay method_source byebug factory_bot faker
webmock vcr simplecov docile rexml net-http net-protocol timeout base64 bigdecimal
""".split()
GEM_SUFFIX = "-rails -client -core -ext _helper -adapter -plugin -rb -api -sdk -store".split()

PHP_VENDORS = """symfony laravel illuminate guzzlehttp monolog doctrine psr league nesbot ramsey
vlucas phpunit sebastian nikic egulias friendsofphp composer webmozart phpdocumentor spatie
fruitcake nunomaduro brick dflydev graham-campbell phpoption ralouphie voku acme-internal
theseer phar-io myclabs masterminds""".split()
PHP_NAMES = """console http-kernel http-foundation routing event-dispatcher finder process yaml
string translation var-dumper mime polyfill-mbstring polyfill-ctype polyfill-php80
polyfill-intl-normalizer deprecation-contracts service-contracts framework guzzle promises psr7
log container http-message http-client cache dbal orm inflector lexer collections flysystem
commonmark config carbon uuid dotenv php-parser email-validator type-resolver reflection-common
assert diff exporter comparator version event-manager persistence serializer validator mailer
dependency-injection error-handler css-selector dom-crawler clock uri-template manifest
tokenizer invoker timer code-unit global-state object-enumerator recursion-context
""".split()

JVM_GROUPS = """org.springframework org.springframework.boot com.fasterxml.jackson.core
com.fasterxml.jackson.datatype com.google.guava org.apache.commons org.slf4j ch.qos.logback
io.netty org.jetbrains.kotlin org.jetbrains.kotlinx com.squareup.okhttp3 com.squareup.retrofit2
io.micrometer io.projectreactor org.hibernate.orm jakarta.persistence org.junit.jupiter
org.mockito org.yaml com.google.protobuf io.grpc org.apache.logging.log4j commons-io
org.postgresql com.zaxxer org.apache.httpcomponents software.amazon.awssdk com.acme.platform
androidx.core androidx.appcompat com.google.code.gson org.checkerframework
com.google.errorprone org.ow2.asm net.bytebuddy io.opentelemetry org.apache.kafka
io.swagger.core.v3 org.glassfish.jersey.core""".split()
JVM_WORDS = """core web webmvc context beans aop databind annotations api impl runtime common client
server codec handler transport buffer resolver stdlib coroutines-core serialization-json logging
autoconfigure starter jdbc tx data-jpa security netty protobuf stub okhttp gson lang3 text io
collections4 reactor metrics tracing sdk exporter streams clients jackson jsr310 kotlin-module
""".split()

NUGET_PREFIX = """Microsoft.Extensions System Microsoft.AspNetCore Azure AWSSDK Serilog Polly Grpc
OpenTelemetry Microsoft.EntityFrameworkCore Acme.Platform Humanizer NLog Castle Autofac
Newtonsoft MediatR FluentValidation Swashbuckle.AspNetCore StackExchange""".split()
NUGET_COMPONENTS = """Logging Configuration Http Primitives Options Caching.Memory Json Abstractions
Core Runtime Collections Threading Diagnostics Security.Cryptography Identity Storage.Blobs
Extensions Console File Binder Hosting Net.Client Tools Design SqlServer Sqlite Relational
Proxies Instrumentation.Http Exporter.Console Sinks.Console Sinks.File Text.Json Memory Buffers
Collections.Immutable Reflection.Metadata IO.Pipelines Text.Encodings.Web DependencyInjection
Configuration.Json FileProviders.Physical Logging.Abstractions Redis Messaging.ServiceBus
""".split()

PROJECT_ADJ = """fast quiet amber brave calm eager fuzzy gentle happy jolly keen lively mighty noble
proud rapid silent swift tidy vivid bold bright clever crisp daring fancy grand humble icy
lucky merry neat polite rough sharp shiny smooth solid spicy steady sunny witty young""".split()
PROJECT_NOUN = """falcon otter badger heron lynx panda raven tiger walrus yak beacon bridge canyon
delta ember forge glacier harbor island jungle kernel lagoon meadow nebula orbit prairie quarry
reef summit tundra valley willow zephyr atlas comet dynamo engine gateway hub ledger matrix
nexus pipeline portal relay router scheduler sentinel signal vault""".split()

TOPICS = """HTTP clients, parsing, logging, configuration, caching, serialization, testing,
async I/O, cryptography, date handling, data validation, templating, CLI tools, metrics,
tracing, storage, messaging""".replace("\n", " ").split(", ")

LICENSES = ["MIT", "MIT", "MIT", "Apache-2.0", "Apache-2.0", "ISC", "BSD-3-Clause", "BSD-2-Clause",
            "MPL-2.0"]

ALNUM = "abcdefghijklmnopqrstuvwxyz0123456789"


# --------------------------------------------------------------------------- #
# helpers                                                                     #
# --------------------------------------------------------------------------- #

def hexs(rng: random.Random, n: int) -> str:
    return rng.randbytes(n).hex()


def digest(n, *parts) -> bytes:
    """Deterministic pseudo checksum of an artifact: the same package@version
    gets the same hash in every lockfile, as it would for real."""
    h = hashlib.sha512("\0".join(map(str, parts)).encode()).digest()
    while len(h) < n:
        h += hashlib.sha512(h).digest()
    return h[:n]


def d64(n, *parts) -> str:
    return base64.b64encode(digest(n, *parts)).decode("ascii")


def dhex(n, *parts) -> str:
    return digest(n, *parts).hex()


def integrity(name, ver) -> str:
    return "sha512-" + d64(64, "npm", name, ver)


def token(rng, n=3):
    return "".join(rng.choice(ALNUM) for _ in range(n))


class Ver:
    """A semver-ish version (text overrides the rendering, e.g. "31.1-jre")."""
    __slots__ = ("major", "minor", "patch", "pre", "text")

    def __init__(self, major, minor, patch, pre="", text=None):
        self.major, self.minor, self.patch, self.pre = major, minor, patch, pre
        self.text = text

    def __str__(self):
        return self.text or f"{self.major}.{self.minor}.{self.patch}{self.pre}"

    def key(self):
        return (self.major, self.minor, self.patch, self.pre == "", self.pre)

    def distinct(self, other):
        """True if no caret/tilde range of ours can match both versions."""
        if self.major != other.major:
            return True
        return self.major == 0 and self.minor != other.minor

    def bumped(self, rng):
        """A different version of the same package that no range of ours confuses
        with this one (different major, or different minor for 0.x)."""
        if self.major == 0 and rng.random() < 0.6:
            return Ver(0, self.minor + rng.randint(1, 6), rng.randint(0, 12))
        return Ver(self.major + rng.randint(1, 3), rng.randint(0, 12), rng.randint(0, 9))


def gen_ver(rng: random.Random, allow_pre=True) -> Ver:
    r = rng.random()
    if r < 0.22:
        major = 0
    elif r < 0.55:
        major = 1
    elif r < 0.70:
        major = 2
    elif r < 0.80:
        major = 3
    elif r < 0.95:
        major = rng.randint(4, 9)
    else:
        major = rng.randint(10, 30)
    minor = int(rng.expovariate(1 / 6)) % 60
    patch = int(rng.expovariate(1 / 4)) % 40
    pre = ""
    if allow_pre and rng.random() < 0.015:
        pre = f"-{rng.choice(('alpha', 'beta', 'rc'))}.{rng.randint(0, 5)}"
    return Ver(major, minor, patch, pre)


class VersionBook:
    """The "published versions" of every package of one ecosystem: a small,
    deterministic set per name.  Projects mostly pick the most popular one, so
    the same name@version (with the same checksum) recurs across the monorepo
    like it does in a real one."""

    def __init__(self, seed, eco, allow_pre=True, style=None):
        self.seed, self.eco, self.allow_pre, self.style = seed, eco, allow_pre, style
        self.cache = {}

    def versions(self, name):
        vs = self.cache.get(name)
        if vs is None:
            r = random.Random(f"{self.seed}:{self.eco}:{name}")
            base = gen_ver(r, self.allow_pre)
            vs = [base]
            seen = {str(base)}
            for _ in range(r.choice((0, 1, 1, 2, 2, 3))):
                k = r.random()
                if k < 0.45:
                    v = Ver(base.major, base.minor, base.patch + r.randint(1, 6))
                elif k < 0.75:
                    v = Ver(base.major, max(0, base.minor - r.randint(1, 4)), r.randint(0, 9))
                else:
                    v = base.bumped(r)
                if str(v) not in seen:
                    seen.add(str(v))
                    vs.append(v)
            if self.style:
                vs = [self.style(name, v) for v in vs]
            self.cache[name] = vs
        return vs

    def pick(self, rng, name):
        vs = self.versions(name)
        if len(vs) == 1 or rng.random() < 0.6:
            return vs[0]
        return rng.choice(vs[1:])

    def other(self, rng, name, cur):
        cands = [v for v in self.versions(name) if v.distinct(cur)]
        if cands:
            return rng.choice(cands)
        v = cur.bumped(rng)
        return self.style(name, v) if self.style else v


def jvm_style(name, v):
    k = int(dhex(2, "jvm-style", name), 16) % 100
    if k < 6:
        return Ver(v.major + 20, v.minor, 0, "", f"{v.major + 20}.{v.minor}-jre")
    if k < 12:
        return Ver(v.major, v.minor, v.patch, ".Final")
    if k < 15:
        return Ver(v.major, v.minor, v.patch, ".RELEASE")
    return v


def weighted_sample(rng, pool, n, hot):
    """n distinct names; the first `hot` names of the pool (the well-known
    ones) are ~6x more likely, so popular packages recur across projects."""
    if n >= len(pool):
        return list(pool)
    keys = []
    for i, name in enumerate(pool):
        w = 6.0 if i < hot else 1.0
        keys.append((rng.random() ** (1.0 / w), name))
    keys.sort(reverse=True)
    return [k[1] for k in keys[:n]]


def npm_range(rng, v: Ver) -> str:
    if v.pre:
        return str(v)
    r = rng.random()
    if r < 0.55:
        return f"^{v}"
    if r < 0.70:
        if v.major == 0 and v.minor == 0:
            return f"^{v}"   # ^0.0.x pins the patch
        return f"^{v.major}.{v.minor}.0"
    if r < 0.85:
        return f"~{v.major}.{v.minor}.{max(0, v.patch - rng.randint(0, v.patch))}"
    return str(v)


def build_pool(rng, bases, combos, min_size, gen=None):
    """Deterministic unique name pool: real-looking bases first, then
    combinations, then generated names (base + random suffix by default)."""
    seen = set()
    pool = []
    for n in bases:
        if n not in seen:
            seen.add(n)
            pool.append(n)
    combo_list = list(combos)
    rng.shuffle(combo_list)
    for n in combo_list:
        if n not in seen:
            seen.add(n)
            pool.append(n)
    stems = bases or combo_list
    while len(pool) < min_size:
        n = gen(rng) if gen else f"{rng.choice(stems)}-{token(rng, rng.choice((3, 4)))}"
        if n not in seen:
            seen.add(n)
            pool.append(n)
    return pool


class Pools:
    """Per-ecosystem name pools and version books, built from a fixed seed."""

    def __init__(self, seed):
        rng = random.Random(f"{seed}:pools")
        self.books = {
            "npm": VersionBook(seed, "npm"),
            "cargo": VersionBook(seed, "cargo"),
            "pypi": VersionBook(seed, "pypi", allow_pre=False),
            "gem": VersionBook(seed, "gem", allow_pre=False),
            "composer": VersionBook(seed, "composer", allow_pre=False),
            "maven": VersionBook(seed, "maven", allow_pre=False, style=jvm_style),
            "nuget": VersionBook(seed, "nuget", allow_pre=False),
        }
        self.seed = seed
        self.hot = {"npm": len(NPM_BASE), "cargo": len(CRATES_BASE), "pypi": len(PY_BASE),
                    "go": len(GO_STD_LIKE), "gem": len(GEM_BASE), "composer": 400,
                    "maven": 400, "nuget": 200}
        self.npm = build_pool(
            rng, NPM_BASE,
            [f"{b}-{s}" for b in NPM_BASE for s in NPM_SUFFIX]
            + [f"{sc}/{w}" for sc in NPM_SCOPES for w in NPM_SCOPED_WORDS],
            7000)
        self.crates = build_pool(
            rng, CRATES_BASE,
            [f"{b}{s}" for b in CRATES_BASE for s in CRATES_SUFFIX]
            + [f"{b}_{s.strip('-')}" for b in CRATES_BASE[:60] for s in CRATES_SUFFIX], 7000)
        self.py = build_pool(
            rng, PY_BASE,
            [f"{b}{s}" for b in PY_BASE for s in PY_SUFFIX]
            + [f"{p}{b}" for p in PY_PREFIX for b in PY_BASE], 6000)
        go = list(GO_STD_LIKE)
        combos = [f"github.com/{o}/{r}" for o in GO_ORGS for r in GO_REPOS]
        self.go = build_pool(
            rng, go, combos, 6000,
            gen=lambda r: f"github.com/{r.choice(GO_ORGS)}/{r.choice(GO_REPOS)}-{token(r, 3)}")
        self.gems = build_pool(rng, GEM_BASE, [f"{b}{s}" for b in GEM_BASE for s in GEM_SUFFIX], 3000)
        self.php = build_pool(rng, [], [f"{v}/{n}" for v in PHP_VENDORS for n in PHP_NAMES], 3000)
        jvm = []
        for g in JVM_GROUPS:
            stem = g.split(".")[-1]
            for w in JVM_WORDS:
                jvm.append(f"{g}:{stem}-{w}")
        self.jvm = build_pool(rng, [], jvm, 3000)
        self.nuget = build_pool(rng, [], [f"{p}.{c}" for p in NUGET_PREFIX for c in NUGET_COMPONENTS], 3000)
        self.gobook = GoBook(seed)


# --------------------------------------------------------------------------- #
# generic package graph                                                       #
# --------------------------------------------------------------------------- #

class Pkg:
    __slots__ = ("name", "ver", "deps", "parents", "nest", "path")

    def __init__(self, name, ver):
        self.name = name
        self.ver = ver
        self.deps = []      # indices
        self.parents = []   # indices
        self.nest = None    # npm: index of the package this one is nested under
        self.path = None


def make_graph(rng, n, n_direct):
    """Random DAG over n nodes: nodes >= n_direct get a parent with a smaller
    index (so everything is reachable from the direct set), plus extra edges."""
    deps = [[] for _ in range(n)]
    parents = [[] for _ in range(n)]
    for i in range(n_direct, n):
        # bias towards recent nodes -> deeper, more realistic trees
        lo = 0 if rng.random() < 0.4 else max(0, i - 40)
        p = rng.randrange(lo, i)
        deps[p].append(i)
        parents[i].append(p)
    for i in range(n - 1):
        if rng.random() < 0.35:
            for _ in range(rng.randint(1, 3)):
                j = rng.randrange(i + 1, n)
                if j not in deps[i]:
                    deps[i].append(j)
                    parents[j].append(i)
    return deps, parents


def make_packages(rng, pools, eco, pool, n, n_direct, dup_frac=0.0):
    """n packages with unique names, then a fraction turned into a second
    version of an already present name (only where no dependent of that
    package also depends on the other version)."""
    book = pools.books[eco]
    names = weighted_sample(rng, pool, n, pools.hot[eco])
    rng.shuffle(names)
    pkgs = [Pkg(names[i], book.pick(rng, names[i])) for i in range(n)]
    deps, parents = make_graph(rng, n, n_direct)
    for i in range(n):
        pkgs[i].deps = deps[i]
        pkgs[i].parents = parents[i]
    if dup_frac > 0 and n > n_direct + 10:
        by_name = {p.name: [i] for i, p in enumerate(pkgs)}
        n_dup = int((n - n_direct) * dup_frac)
        cand = list(range(n_direct, n))
        rng.shuffle(cand)
        done = 0
        for i in cand:
            if done >= n_dup:
                break
            h = rng.randrange(0, n)
            if h == i:
                continue
            name = pkgs[h].name
            if len(by_name.get(name, ())) != 1:
                continue
            # none of i's dependents may also depend on a package called `name`
            ok = True
            for p in pkgs[i].parents:
                for d in pkgs[p].deps:
                    if d != i and pkgs[d].name == name:
                        ok = False
                        break
                if p == h or not ok:
                    ok = False
                    break
            if not ok:
                continue
            # nor may i depend on something called `name`
            if any(pkgs[d].name == name for d in pkgs[i].deps):
                continue
            old = pkgs[i].name
            by_name.pop(old, None)
            pkgs[i].name = name
            pkgs[i].ver = book.other(rng, name, pkgs[h].ver)
            by_name[name].append(i)
            done += 1
    return pkgs


# --------------------------------------------------------------------------- #
# format writers: each returns {relative_path: text} and the entry count      #
# --------------------------------------------------------------------------- #

def npm_tgz(name, v):
    return f"https://registry.npmjs.org/{name}/-/{name.split('/')[-1]}-{v}.tgz"


def js_manifest(proj, direct_ranges, rng, pm):
    scripts = {"build": "tsc -p .", "test": "jest", "lint": "eslint src"}
    doc = {
        "name": f"@acme/{proj}",
        "version": f"{rng.randint(0, 4)}.{rng.randint(0, 20)}.{rng.randint(0, 9)}",
        "private": True,
        "description": f"{proj.replace('-', ' ')} service",
        "main": "dist/index.js",
        "scripts": scripts,
        "license": "UNLICENSED",
        "dependencies": dict(sorted(direct_ranges.items())),
        "engines": {"node": ">=18"},
    }
    if pm == "pnpm":
        doc["packageManager"] = "pnpm@9.12.3"
    elif pm == "yarn":
        doc["packageManager"] = "yarn@1.22.22"
    return doc


def write_npm(rng, pools, proj, n, dup_frac=0.10):
    n_direct = max(3, min(60, n // 12))
    pkgs = make_packages(rng, pools, "npm", pools.npm, n, n_direct, dup_frac)
    # Hoisting: first occurrence of a name (lowest index) lives at
    # node_modules/<name>; other versions nest under one of their dependents.
    hoisted = {}
    for i, p in enumerate(pkgs):
        if p.name not in hoisted:
            hoisted[p.name] = i
            p.path = f"node_modules/{p.name}"
    for i, p in enumerate(pkgs):
        if p.path is None:
            par = p.parents[0]
            # nest under a hoisted dependent when possible (depth 2 tree)
            for cand in p.parents:
                if pkgs[cand].path and pkgs[cand].path.count("node_modules/") == 1:
                    par = cand
                    break
            p.nest = par
    # resolve nested paths (parents may themselves be nested)
    def path_of(i, depth=0):
        p = pkgs[i]
        if p.path is None:
            p.path = f"{path_of(p.nest, depth + 1)}/node_modules/{p.name}"
        return p.path
    for i in range(len(pkgs)):
        path_of(i)
    # A nested copy is only visible to packages under its parent dir; other
    # dependents would resolve to the hoisted version, so re-point those edges.
    for i, p in enumerate(pkgs):
        if p.nest is not None:
            for q in list(p.parents):
                if q != p.nest and not pkgs[q].path.startswith(pkgs[p.nest].path + "/"):
                    pkgs[q].deps = [d for d in pkgs[q].deps if d != i]
                    p.parents.remove(q)
            if not p.parents:
                p.parents.append(p.nest)
                pkgs[p.nest].deps.append(i)
    # ...and inside the parent's directory the nested copy shadows the hoisted
    # one, so packages living there that want `name` get the nested version.
    extra_direct = []
    for i, p in enumerate(pkgs):
        if p.nest is None:
            continue
        prefix = pkgs[p.nest].path + "/"
        for q, pq in enumerate(pkgs):
            if q == i or not pq.path.startswith(prefix):
                continue
            for d in list(pq.deps):
                if d != i and pkgs[d].name == p.name:
                    pq.deps[pq.deps.index(d)] = i
                    p.parents.append(q)
                    pkgs[d].parents.remove(q)
                    if not pkgs[d].parents:
                        extra_direct.append(d)
    entries = {}
    direct = {pkgs[i].name: npm_range(rng, pkgs[i].ver) for i in list(range(n_direct)) + extra_direct}
    manifest = js_manifest(proj, direct, rng, "npm")
    entries[""] = {
        "name": manifest["name"], "version": manifest["version"], "license": "UNLICENSED",
        "dependencies": manifest["dependencies"], "engines": manifest["engines"],
    }
    for p in pkgs:
        v = str(p.ver)
        e = {"version": v, "resolved": npm_tgz(p.name, v), "integrity": integrity(p.name, v)}
        if rng.random() < 0.9:
            e["license"] = rng.choice(LICENSES)
        if p.deps:
            e["dependencies"] = {pkgs[d].name: npm_range(rng, pkgs[d].ver)
                                 for d in sorted(p.deps, key=lambda d: pkgs[d].name)}
        if rng.random() < 0.25:
            e["engines"] = {"node": f">={rng.choice((8, 10, 12, 14, 16, 18))}"}
        if rng.random() < 0.08:
            e["bin"] = {p.name.split("/")[-1]: "bin/cli.js"}
        if rng.random() < 0.12:
            e["funding"] = {"url": f"https://github.com/sponsors/{p.name.split('/')[-1]}"}
        entries[p.path] = e
    lock = {
        "name": manifest["name"],
        "version": manifest["version"],
        "lockfileVersion": 3,
        "requires": True,
        "packages": {k: entries[k] for k in sorted(entries)},
    }
    return {
        "package.json": json.dumps(manifest, indent=2) + "\n",
        "package-lock.json": json.dumps(lock, indent=2) + "\n",
    }, [(p.name, str(p.ver)) for p in pkgs]


def yarn_key(s):
    if s[:1].isalpha() and not any(c in s for c in ':," []\\') and not s.startswith(("true", "false")):
        return s
    return f'"{s}"'


def write_yarn(rng, pools, proj, n, dup_frac=0.06):
    n_direct = max(3, min(60, n // 12))
    pkgs = make_packages(rng, pools, "npm", pools.npm, n, n_direct, dup_frac)
    patterns = [set() for _ in pkgs]
    dep_ranges = []
    for i, p in enumerate(pkgs):
        dr = {}
        for d in p.deps:
            r = npm_range(rng, pkgs[d].ver)
            dr[pkgs[d].name] = r
            patterns[d].add(f"{pkgs[d].name}@{r}")
        dep_ranges.append(dr)
    direct = {}
    for i in range(n_direct):
        r = npm_range(rng, pkgs[i].ver)
        direct[pkgs[i].name] = r
        patterns[i].add(f"{pkgs[i].name}@{r}")
    blocks = []
    for i, p in enumerate(pkgs):
        pats = sorted(patterns[i])
        v = str(p.ver)
        lines = [", ".join(yarn_key(x) for x in pats) + ":",
                 f'  version "{v}"',
                 f'  resolved "https://registry.yarnpkg.com/{p.name}/-/{p.name.split("/")[-1]}-{v}.tgz#{dhex(20, "npm-sha1", p.name, v)}"',
                 f"  integrity {integrity(p.name, v)}"]
        if dep_ranges[i]:
            lines.append("  dependencies:")
            for dn in sorted(dep_ranges[i]):
                lines.append(f'    {yarn_key(dn)} "{dep_ranges[i][dn]}"')
        blocks.append((pats[0], "\n".join(lines)))
    blocks.sort(key=lambda b: b[0])
    text = ("# THIS IS AN AUTOGENERATED FILE. DO NOT EDIT THIS FILE DIRECTLY.\n"
            "# yarn lockfile v1\n\n\n" + "\n\n".join(b[1] for b in blocks) + "\n")
    manifest = js_manifest(proj, direct, rng, "yarn")
    return {"package.json": json.dumps(manifest, indent=2) + "\n", "yarn.lock": text}, [(p.name, str(p.ver)) for p in pkgs]


def yq(s):
    """Quote a YAML plain scalar the way pnpm does when needed."""
    if s[:1] in "@!&*?|>'\"%`{}[],#" or ": " in s or s in ("true", "false", "null"):
        return f"'{s}'"
    return s


def write_pnpm(rng, pools, proj, n, dup_frac=0.06):
    n_direct = max(3, min(60, n // 12))
    pkgs = make_packages(rng, pools, "npm", pools.npm, n, n_direct, dup_frac)
    direct = {pkgs[i].name: (npm_range(rng, pkgs[i].ver), str(pkgs[i].ver)) for i in range(n_direct)}
    out = ["lockfileVersion: '9.0'", "",
           "settings:", "  autoInstallPeers: true", "  excludeLinksFromLockfile: false", "",
           "importers:", "", "  .:", "    dependencies:"]
    for name in sorted(direct):
        spec, ver = direct[name]
        out += [f"      {yq(name)}:", f"        specifier: {yq(spec)}", f"        version: {ver}"]
    out += ["", "packages:", ""]
    order = sorted(range(len(pkgs)), key=lambda i: (pkgs[i].name, pkgs[i].ver.key()))
    for i in order:
        p = pkgs[i]
        out.append(f"  {yq(f'{p.name}@{p.ver}')}:")
        out.append(f"    resolution: {{integrity: {integrity(p.name, str(p.ver))}}}")
        if rng.random() < 0.25:
            out.append(f"    engines: {{node: '>={rng.choice((8, 10, 12, 14, 16, 18))}'}}")
        if rng.random() < 0.05:
            out.append("    hasBin: true")
        out.append("")
    out += ["snapshots:", ""]
    for i in order:
        p = pkgs[i]
        key = yq(f"{p.name}@{p.ver}")
        if not p.deps:
            out.append(f"  {key}: {{}}")
        else:
            out.append(f"  {key}:")
            out.append("    dependencies:")
            for d in sorted(p.deps, key=lambda d: pkgs[d].name):
                out.append(f"      {yq(pkgs[d].name)}: {pkgs[d].ver}")
        out.append("")
    manifest = js_manifest(proj, {k: v[0] for k, v in direct.items()}, rng, "pnpm")
    return {"package.json": json.dumps(manifest, indent=2) + "\n",
            "pnpm-lock.yaml": "\n".join(out)}, [(p.name, str(p.ver)) for p in pkgs]


CRATES_IO = "registry+https://github.com/rust-lang/crates.io-index"


def cargo_lock_text(rng, pkgs, root_name, root_ver, direct_idx, lock_version=4):
    counts = {}
    for p in pkgs:
        counts[p.name] = counts.get(p.name, 0) + 1

    def ref(i):
        p = pkgs[i]
        return f'"{p.name} {p.ver}"' if counts[p.name] > 1 else f'"{p.name}"'

    items = []
    for i, p in enumerate(pkgs):
        items.append(((p.name, p.ver.key()), i))
    root = ((root_name, (0, 0, 0, True, "")), -1)
    items.append(root)
    items.sort(key=lambda x: x[0])
    out = ["# This file is automatically @generated by Cargo.",
           "# It is not intended for manual editing.",
           f"version = {lock_version}", ""]
    for _, i in items:
        out.append("[[package]]")
        if i < 0:
            out.append(f'name = "{root_name}"')
            out.append(f'version = "{root_ver}"')
            deps = sorted(direct_idx, key=lambda d: (pkgs[d].name, pkgs[d].ver.key()))
        else:
            p = pkgs[i]
            out.append(f'name = "{p.name}"')
            out.append(f'version = "{p.ver}"')
            out.append(f'source = "{CRATES_IO}"')
            out.append(f'checksum = "{dhex(32, "crate", p.name, p.ver)}"')
            deps = sorted(p.deps, key=lambda d: (pkgs[d].name, pkgs[d].ver.key()))
        if deps:
            out.append("dependencies = [")
            for d in deps:
                out.append(f" {ref(d)},")
            out.append("]")
        out.append("")
    return "\n".join(out)


def write_cargo(rng, pools, proj, n, dup_frac=0.05):
    n_direct = max(3, min(40, n // 15))
    pkgs = make_packages(rng, pools, "cargo", pools.crates, n, n_direct, dup_frac)
    root_ver = f"0.{rng.randint(1, 9)}.{rng.randint(0, 9)}"
    lock = cargo_lock_text(rng, pkgs, proj, root_ver, list(range(n_direct)),
                           lock_version=rng.choice((3, 4, 4)))
    toml = ["[package]", f'name = "{proj}"', f'version = "{root_ver}"', 'edition = "2021"',
            'publish = false', "", "[dependencies]"]
    for i in sorted(range(n_direct), key=lambda i: pkgs[i].name):
        p = pkgs[i]
        req = str(p.ver) if (p.ver.pre or p.ver.major == 0) else f"{p.ver.major}.{p.ver.minor}"
        if rng.random() < 0.3:
            toml.append(f'{p.name} = {{ version = "{req}", features = ["std"] }}')
        else:
            toml.append(f'{p.name} = "{req}"')
    toml.append("")
    return {"Cargo.toml": "\n".join(toml), "Cargo.lock": lock,
            "src/main.rs": 'fn main() {\n    println!("hello");\n}\n'}, [(p.name, str(p.ver)) for p in pkgs]


def pypi_hashes(name, v, k=2):
    fn = name.replace("-", "_")
    files = [f"{fn}-{v}-py3-none-any.whl", f"{fn}-{v}.tar.gz",
             f"{fn}-{v}-cp311-cp311-manylinux_2_17_x86_64.whl"][:k]
    return [(f, dhex(32, "pypi", f)) for f in files]


def n_pypi_files(name):
    return 1 + int(dhex(1, "pypi-files", name), 16) % 3


def write_requirements(rng, pools, proj, n):
    book = pools.books["pypi"]
    names = sorted(weighted_sample(rng, pools.py, n, pools.hot["pypi"]))
    hashed = rng.random() < 0.5
    out = ["#", "# This file is autogenerated by pip-compile with Python 3.11",
           "# by the following command:", "#",
           f"#    pip-compile {'--generate-hashes ' if hashed else ''}--output-file=requirements.txt requirements.in",
           "#"]
    direct = set(rng.sample(names, max(1, n // 8)))
    entries = []
    for name in names:
        v = str(book.pick(rng, name))
        entries.append((name, v))
        if hashed:
            out.append(f"{name}=={v} \\")
            hs = pypi_hashes(name, v, n_pypi_files(name))
            for j, (_, h) in enumerate(hs):
                out.append(f"    --hash=sha256:{h}" + (" \\" if j < len(hs) - 1 else ""))
        else:
            out.append(f"{name}=={v}")
        if name in direct:
            out.append("    # via -r requirements.in")
        else:
            out.append(f"    # via {rng.choice(names)}")
    out.append("")
    req_in = "\n".join(sorted(direct)) + "\n"
    return {"requirements.txt": "\n".join(out), "requirements.in": req_in}, entries


def write_poetry(rng, pools, proj, n):
    n_direct = max(2, min(40, n // 10))
    pkgs = make_packages(rng, pools, "pypi", pools.py, n, n_direct)
    out = ["# This file is automatically @generated by Poetry 1.8.3 and should not be changed by hand.", ""]
    for i in sorted(range(n), key=lambda i: pkgs[i].name):
        p = pkgs[i]
        v = str(p.ver)
        out += ["[[package]]", f'name = "{p.name}"', f'version = "{v}"',
                f'description = "{TOPICS[int(dhex(1, "topic", p.name), 16) % len(TOPICS)].capitalize()} for Python"',
                "optional = false", f'python-versions = ">={("3.7", "3.8", "3.9")[p.ver.minor % 3]}"',
                "files = ["]
        out += [f'    {{file = "{f}", hash = "sha256:{h}"}},'
                for f, h in pypi_hashes(p.name, v, n_pypi_files(p.name))]
        out += ["]", ""]
        if p.deps:
            out.append("[package.dependencies]")
            for d in sorted(p.deps, key=lambda d: pkgs[d].name):
                dv = pkgs[d].ver
                out.append(f'{pkgs[d].name} = ">={dv.major}.{dv.minor}"')
            out.append("")
    out += ["[metadata]", 'lock-version = "2.0"', 'python-versions = "^3.11"',
            f'content-hash = "{hexs(rng, 32)}"', ""]
    pyproject = ["[tool.poetry]", f'name = "{proj}"', 'version = "0.1.0"',
                 f'description = "{proj} service"', 'authors = ["Platform Team <platform@example.com>"]',
                 'readme = "README.md"', "", "[tool.poetry.dependencies]", 'python = "^3.11"']
    for i in sorted(range(n_direct), key=lambda i: pkgs[i].name):
        pyproject.append(f'{pkgs[i].name} = "^{pkgs[i].ver}"')
    pyproject += ["", "[build-system]", 'requires = ["poetry-core"]',
                  'build-backend = "poetry.core.masonry.api"', ""]
    return {"poetry.lock": "\n".join(out), "pyproject.toml": "\n".join(pyproject)}, \
        [(p.name, str(p.ver)) for p in pkgs]


def write_pipenv(rng, pools, proj, n):
    book = pools.books["pypi"]
    names = sorted(weighted_sample(rng, pools.py, n, pools.hot["pypi"]))
    direct = sorted(rng.sample(names, max(1, n // 8)))
    default = {}
    entries = []
    for name in names:
        v = str(book.pick(rng, name))
        entries.append((name, v))
        e = {"hashes": sorted(f"sha256:{h}" for _, h in pypi_hashes(name, v, n_pypi_files(name)))}
        if rng.random() < 0.7:
            e["index"] = "pypi"
        if rng.random() < 0.6:
            e["markers"] = f"python_version >= '3.{rng.randint(7, 9)}'"
        e["version"] = f"=={v}"
        default[name] = e
    lock = {
        "_meta": {
            "hash": {"sha256": hexs(rng, 32)},
            "pipfile-spec": 6,
            "requires": {"python_version": "3.11"},
            "sources": [{"name": "pypi", "url": "https://pypi.org/simple", "verify_ssl": True}],
        },
        "default": default,
        "develop": {},
    }
    pipfile = ["[[source]]", 'url = "https://pypi.org/simple"', "verify_ssl = true", 'name = "pypi"',
               "", "[packages]"] + [f'{d} = "*"' for d in direct] + \
              ["", "[dev-packages]", "", "[requires]", 'python_version = "3.11"', ""]
    return {"Pipfile.lock": json.dumps(lock, indent=4) + "\n", "Pipfile": "\n".join(pipfile)}, entries


GO_NO_MAJOR_SUFFIX = ("golang.org/x/", "google.golang.org/", "k8s.io/", "sigs.k8s.io/",
                      "cloud.google.com/", "go.opentelemetry.io/")


class GoBook:
    """Published versions per Go module path (module path may gain /vN)."""

    def __init__(self, seed):
        self.seed = seed
        self.cache = {}

    def _one(self, r, path):
        if path.startswith("gopkg.in/"):
            major = int(path.rsplit(".v", 1)[1])
            return path, f"v{major}.{r.randint(0, 8)}.{r.randint(0, 9)}"
        if r.random() < 0.12 or path.startswith("golang.org/x/exp"):
            ts = f"20{r.randint(19, 24)}{r.randint(1, 12):02d}{r.randint(1, 28):02d}" \
                 f"{r.randint(0, 23):02d}{r.randint(0, 59):02d}{r.randint(0, 59):02d}"
            return path, f"v0.0.0-{ts}-{hexs(r, 6)}"
        v = gen_ver(r, allow_pre=False)
        if v.major >= 2 and not path.startswith(GO_NO_MAJOR_SUFFIX):
            return f"{path}/v{v.major}", f"v{v}"
        if v.major >= 2:
            v = Ver(r.randint(0, 1), v.minor, v.patch)
        return path, f"v{v}"

    def pick(self, rng, path):
        vs = self.cache.get(path)
        if vs is None:
            r = random.Random(f"{self.seed}:go:{path}")
            vs = [self._one(r, path) for _ in range(r.choice((1, 2, 2, 3)))]
            self.cache[path] = vs
        return vs[0] if rng.random() < 0.6 else rng.choice(vs)


def write_gomod(rng, pools, proj, n):
    k = min(n // 4, rng.randint(0, 4))
    picks = rng.sample(GO_GOPKG, k) + weighted_sample(rng, pools.go, n - k, pools.hot["go"])
    mods = {}
    for path in picks:
        mp, v = pools.gobook.pick(rng, path)
        mods.setdefault(mp, v)
    while len(mods) < n:   # top up (two picks may land on the same module path)
        mp, v = pools.gobook.pick(rng, rng.choice(pools.go))
        mods.setdefault(mp, v)
    allm = sorted(mods)
    n_direct = max(2, min(40, n // 8))
    direct = set(rng.sample(allm, n_direct))
    out = [f"module github.com/acme/monorepo/{proj}", "", "go 1.22.5", "", "toolchain go1.22.7", "",
           "require ("]
    out += [f"\t{m} {mods[m]}" for m in allm if m in direct]
    out += [")", "", "require ("]
    out += [f"\t{m} {mods[m]} // indirect" for m in allm if m not in direct]
    out += [")", ""]
    s = []
    for m in allm:
        s.append(f"{m} {mods[m]} h1:{d64(32, 'go-zip', m, mods[m])}")
        s.append(f"{m} {mods[m]}/go.mod h1:{d64(32, 'go-mod', m, mods[m])}")
        if rng.random() < 0.1:  # older go.mod-only entries, as MVS leaves behind
            old = f"v0.{rng.randint(0, 20)}.{rng.randint(0, 9)}"
            if old != mods[m]:
                s.append(f"{m} {old}/go.mod h1:{d64(32, 'go-mod', m, old)}")
    s.sort()
    main_go = "package main\n\nimport \"fmt\"\n\nfunc main() {\n\tfmt.Println(\"ok\")\n}\n"
    return {"go.mod": "\n".join(out), "go.sum": "\n".join(s) + "\n", "main.go": main_go}, \
        [(m, mods[m]) for m in allm]


def write_gemfile(rng, pools, proj, n):
    n_direct = max(2, min(40, n // 8))
    pkgs = make_packages(rng, pools, "gem", pools.gems, n, n_direct)
    out = ["GEM", "  remote: https://rubygems.org/", "  specs:"]
    for i in sorted(range(n), key=lambda i: pkgs[i].name):
        p = pkgs[i]
        out.append(f"    {p.name} ({p.ver})")
        for d in sorted(p.deps, key=lambda d: pkgs[d].name):
            dv = pkgs[d].ver
            c = rng.random()
            if c < 0.5:
                out.append(f"      {pkgs[d].name} (~> {dv.major}.{dv.minor})")
            elif c < 0.8:
                out.append(f"      {pkgs[d].name} (>= {dv.major}.{dv.minor}.0)")
            else:
                out.append(f"      {pkgs[d].name}")
    out += ["", "PLATFORMS", "  ruby", "  x86_64-linux", "", "DEPENDENCIES"]
    gem = ['source "https://rubygems.org"', "", 'ruby "3.3.4"', ""]
    for i in sorted(range(n_direct), key=lambda i: pkgs[i].name):
        v = pkgs[i].ver
        out.append(f"  {pkgs[i].name} (~> {v.major}.{v.minor})")
        gem.append(f'gem "{pkgs[i].name}", "~> {v.major}.{v.minor}"')
    out += ["", "RUBY VERSION", "   ruby 3.3.4p94", "", "BUNDLED WITH", "   2.5.16", ""]
    gem.append("")
    return {"Gemfile.lock": "\n".join(out), "Gemfile": "\n".join(gem)}, [(p.name, str(p.ver)) for p in pkgs]


def composer_version(name, ver):
    vendor = name.split("/")[0]
    if vendor in ("symfony", "league", "doctrine") or int(dhex(1, "v-prefix", name), 16) < 50:
        return f"v{ver}"
    return str(ver)


def write_composer(rng, pools, proj, n):
    n_direct = max(2, min(40, n // 8))
    pkgs = make_packages(rng, pools, "composer", pools.php, n, n_direct)
    packages = []
    entries = []
    for i in sorted(range(n), key=lambda i: pkgs[i].name):
        p = pkgs[i]
        vendor, short = p.name.split("/")
        v = composer_version(p.name, p.ver)
        entries.append((p.name, v))
        ref = dhex(20, "git", p.name, v)
        req = {"php": f">={('7.4', '8.0', '8.1', '8.2')[p.ver.minor % 4]}"}
        for d in sorted(p.deps, key=lambda d: pkgs[d].name):
            dv = pkgs[d].ver
            req[pkgs[d].name] = f"^{dv.major}.{dv.minor}"
        ns = "".join(x.capitalize() for x in vendor.split("-")) + "\\" + \
             "".join(x.capitalize() for x in short.split("-")) + "\\"
        t = digest(6, "time", p.name, v)
        packages.append({
            "name": p.name,
            "version": v,
            "source": {"type": "git", "url": f"https://github.com/{p.name}.git", "reference": ref},
            "dist": {"type": "zip", "url": f"https://api.github.com/repos/{p.name}/zipball/{ref}",
                     "reference": ref, "shasum": ""},
            "require": req,
            "type": "library",
            "autoload": {"psr-4": {ns: "src/"}},
            "notification-url": "https://packagist.org/downloads/",
            "license": [LICENSES[t[0] % len(LICENSES)]],
            "description": f"{TOPICS[t[1] % len(TOPICS)].capitalize()} component",
            "time": f"20{19 + t[2] % 6}-{1 + t[3] % 12:02d}-{1 + t[4] % 28:02d}T"
                    f"{t[5] % 24:02d}:{t[4] % 60:02d}:{t[3] % 60:02d}+00:00",
        })
    lock = {
        "_readme": [
            "This file locks the dependencies of your project to a known state",
            "Read more about it at https://getcomposer.org/doc/01-basic-usage.md#installing-dependencies",
            "This file is @generated automatically",
        ],
        "content-hash": hexs(rng, 16),
        "packages": packages,
        "packages-dev": [],
        "aliases": [],
        "minimum-stability": "stable",
        "stability-flags": {},
        "prefer-stable": True,
        "prefer-lowest": False,
        "platform": {"php": ">=8.2"},
        "platform-dev": {},
        "plugin-api-version": "2.6.0",
    }
    req = {"php": ">=8.2"}
    for i in sorted(range(n_direct), key=lambda i: pkgs[i].name):
        v = pkgs[i].ver
        req[pkgs[i].name] = f"^{v.major}.{v.minor}"
    cj = {"name": f"acme/{proj}", "type": "project", "description": f"{proj} service",
          "license": "proprietary", "require": req,
          "autoload": {"psr-4": {"App\\": "src/"}}, "config": {"sort-packages": True}}
    return {"composer.lock": json.dumps(lock, indent=4) + "\n",
            "composer.json": json.dumps(cj, indent=4) + "\n"}, entries


def write_gradle(rng, pools, proj, n):
    book = pools.books["maven"]
    coords = sorted(weighted_sample(rng, pools.jvm, n, pools.hot["maven"]))
    out = ["# This is a Gradle generated file for dependency locking.",
           "# Manual edits can break the build and are not advised.",
           "# This file is expected to be part of source control."]
    direct = set(rng.sample(coords, max(2, n // 10)))
    build = ["plugins {", "    java", "    application", "}", "", "repositories {", "    mavenCentral()", "}",
             "", "dependencyLocking {", "    lockAllConfigurations()", "}", "", "dependencies {"]
    entries = []
    for c in coords:
        v = str(book.pick(rng, c))
        entries.append((c, v))
        confs = rng.choice(("compileClasspath,runtimeClasspath",
                            "compileClasspath,runtimeClasspath,testCompileClasspath,testRuntimeClasspath",
                            "runtimeClasspath,testRuntimeClasspath"))
        out.append(f"{c}:{v}={confs}")
        if c in direct:
            build.append(f'    implementation("{c}:{v}")')
    out.append("empty=annotationProcessor,testAnnotationProcessor")
    build += ["}", ""]
    return {"gradle.lockfile": "\n".join(out) + "\n", "build.gradle.kts": "\n".join(build),
            "settings.gradle.kts": f'rootProject.name = "{proj}"\n'}, entries


def write_nuget(rng, pools, proj, n):
    n_direct = max(2, min(30, n // 8))
    pkgs = make_packages(rng, pools, "nuget", pools.nuget, n, n_direct)
    deps = {}
    for i in sorted(range(n), key=lambda i: pkgs[i].name.lower()):
        p = pkgs[i]
        e = {}
        if i < n_direct:
            e["type"] = "Direct"
            e["requested"] = f"[{p.ver}, )"
        else:
            e["type"] = "Transitive"
        e["resolved"] = str(p.ver)
        e["contentHash"] = d64(64, "nupkg", p.name.lower(), p.ver)
        if p.deps:
            e["dependencies"] = {pkgs[d].name: str(pkgs[d].ver)
                                 for d in sorted(p.deps, key=lambda d: pkgs[d].name.lower())}
        deps[p.name] = e
    lock = {"version": 1, "dependencies": {"net8.0": deps}}
    cs = ['<Project Sdk="Microsoft.NET.Sdk">', "", "  <PropertyGroup>",
          "    <OutputType>Exe</OutputType>", "    <TargetFramework>net8.0</TargetFramework>",
          "    <Nullable>enable</Nullable>",
          "    <RestorePackagesWithLockFile>true</RestorePackagesWithLockFile>",
          "  </PropertyGroup>", "", "  <ItemGroup>"]
    for i in sorted(range(n_direct), key=lambda i: pkgs[i].name.lower()):
        cs.append(f'    <PackageReference Include="{pkgs[i].name}" Version="{pkgs[i].ver}" />')
    cs += ["  </ItemGroup>", "", "</Project>", ""]
    csname = "".join(x.capitalize() for x in proj.split("-"))
    return {"packages.lock.json": json.dumps(lock, indent=2) + "\n",
            f"{csname}.csproj": "\n".join(cs)}, [(p.name, str(p.ver)) for p in pkgs]


def write_maven(rng, pools, proj, n):
    book = pools.books["maven"]
    coords = sorted(weighted_sample(rng, pools.jvm, n, pools.hot["maven"]))
    out = ['<?xml version="1.0" encoding="UTF-8"?>',
           '<project xmlns="http://maven.apache.org/POM/4.0.0"',
           '         xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"',
           '         xsi:schemaLocation="http://maven.apache.org/POM/4.0.0 https://maven.apache.org/xsd/maven-4.0.0.xsd">',
           "  <modelVersion>4.0.0</modelVersion>", "",
           "  <groupId>com.acme.monorepo</groupId>", f"  <artifactId>{proj}</artifactId>",
           f"  <version>1.{rng.randint(0, 9)}.0</version>", "  <packaging>jar</packaging>", "",
           "  <properties>", "    <maven.compiler.release>17</maven.compiler.release>",
           "    <project.build.sourceEncoding>UTF-8</project.build.sourceEncoding>",
           "  </properties>", "", "  <dependencies>"]
    entries = []
    for c in coords:
        g, a = c.split(":")
        v = str(book.pick(rng, c))
        entries.append((c, v))
        out += ["    <dependency>", f"      <groupId>{g}</groupId>", f"      <artifactId>{a}</artifactId>",
                f"      <version>{v}</version>"]
        if rng.random() < 0.1:
            out.append("      <scope>runtime</scope>")
        out.append("    </dependency>")
    out += ["  </dependencies>", "</project>", ""]
    return {"pom.xml": "\n".join(out)}, entries


# --------------------------------------------------------------------------- #
# layout                                                                      #
# --------------------------------------------------------------------------- #

# key: (writer, weight, projects at default size, top dir, lockfile name, purl type)
FORMATS = {
    "npm":          (write_npm,          26, 40, "apps",      "package-lock.json",  "npm"),
    "yarn":         (write_yarn,         12, 24, "frontend",  "yarn.lock",          "npm"),
    "pnpm":         (write_pnpm,         12, 24, "web",       "pnpm-lock.yaml",     "npm"),
    "cargo":        (write_cargo,        10, 30, "crates",    "Cargo.lock",         "cargo"),
    "requirements": (write_requirements,  5, 30, "ml",        "requirements.txt",   "pypi"),
    "poetry":       (write_poetry,        5, 24, "python",    "poetry.lock",        "pypi"),
    "pipenv":       (write_pipenv,        3, 20, "scripts",   "Pipfile.lock",       "pypi"),
    "gomod":        (write_gomod,         8, 30, "services",  "go.mod",             "golang"),
    "bundler":      (write_gemfile,       4, 20, "ruby",      "Gemfile.lock",       "gem"),
    "composer":     (write_composer,      4, 20, "php",       "composer.lock",      "composer"),
    "gradle":       (write_gradle,        4, 20, "android",   "gradle.lockfile",    "maven"),
    "nuget":        (write_nuget,         4, 20, "dotnet",    "packages.lock.json", "nuget"),
    "maven":        (write_maven,         3, 30, "java",      "pom.xml",            "maven"),
}
MIN_PER_PROJECT = 20
TEAMS = ["core", "payments", "search", "identity", "growth", "infra", "data", "mobile"]
POOL_CAP = {"requirements": 2000, "poetry": 2000, "pipenv": 2000, "gomod": 1500,
            "bundler": 900, "composer": 1200, "gradle": 1500, "maven": 1500, "nuget": 1100}

NOISE = {
    "npm": ("src/index.js", "export function main() {\n  return 42;\n}\n"),
    "yarn": ("src/index.ts", "export const main = (): number => 42;\n"),
    "pnpm": ("src/index.ts", "export const main = (): number => 42;\n"),
    "requirements": ("app/main.py", "def main() -> int:\n    return 42\n"),
    "poetry": ("src/app/__init__.py", "__version__ = '0.1.0'\n"),
    "pipenv": ("run.py", "print('ok')\n"),
    "bundler": ("lib/app.rb", "module App\n  VERSION = '0.1.0'\nend\n"),
    "composer": ("src/Kernel.php", "<?php\nnamespace App;\nfinal class Kernel {}\n"),
    "gradle": ("src/main/java/com/acme/App.java", "package com.acme;\npublic class App {}\n"),
    "nuget": ("Program.cs", "Console.WriteLine(\"ok\");\n"),
    "maven": ("src/main/java/com/acme/Main.java", "package com.acme;\npublic class Main {}\n"),
}


def plan(entries, seed):
    rng = random.Random(f"{seed}:plan")
    wsum = sum(f[1] for f in FORMATS.values())
    used_names = set()
    projects = []
    for fmt, (_, w, nproj, top, lockname, purl) in FORMATS.items():
        target = math.ceil(entries * w / wsum)
        nproj = max(1, min(nproj, target // MIN_PER_PROJECT))
        cap = POOL_CAP.get(fmt, 10**9)
        nproj = max(nproj, math.ceil(target / cap))
        ws = [rng.uniform(0.4, 1.6) for _ in range(nproj)]
        s = sum(ws)
        sizes = [max(MIN_PER_PROJECT, min(cap, int(target * x / s))) for x in ws]
        k = 0
        while sum(sizes) < target:
            if sizes[k % nproj] < cap:
                sizes[k % nproj] += 1
            k += 1
        for idx, size in enumerate(sizes):
            while True:
                name = f"{rng.choice(PROJECT_ADJ)}-{rng.choice(PROJECT_NOUN)}"
                if name not in used_names:
                    used_names.add(name)
                    break
            rel = f"{top}/{rng.choice(TEAMS)}/{name}" if nproj > 8 else f"{top}/{name}"
            projects.append({"format": fmt, "index": idx, "name": name, "path": rel,
                             "target": size, "lockfile": lockname, "purl_type": purl})
    return projects


def generate(out_dir, entries, seed, quiet=False):
    t0 = time.time()
    if os.path.exists(out_dir):
        shutil.rmtree(out_dir)
    os.makedirs(out_dir)
    pools = Pools(seed)
    projects = plan(entries, seed)
    total_bytes = 0
    nfiles = 0
    per_fmt = {}
    uniq = {}
    for pj in projects:
        fmt = pj["format"]
        writer = FORMATS[fmt][0]
        rng = random.Random(f"{seed}:{fmt}:{pj['index']}:{pj['name']}")
        files, pkg_list = writer(rng, pools, pj["name"], pj["target"])
        count = len(pkg_list)
        files["README.md"] = f"# {pj['name']}\n\nOwned by the {pj['path'].split('/')[1]} team.\n"
        if fmt in NOISE:
            files.setdefault(*NOISE[fmt])
        pdir = os.path.join(out_dir, pj["path"])
        for rel, text in files.items():
            fp = os.path.join(pdir, rel)
            os.makedirs(os.path.dirname(fp), exist_ok=True)
            data = text.encode("utf-8")
            with open(fp, "wb") as f:
                f.write(data)
            total_bytes += len(data)
            nfiles += 1
        pj["entries"] = count
        pj["lockfile_bytes"] = len(files[pj["lockfile"]].encode("utf-8"))
        del pj["target"], pj["index"]
        st = per_fmt.setdefault(fmt, {"lockfile": pj["lockfile"], "purl_type": pj["purl_type"],
                                      "projects": 0, "entries": 0, "lockfile_bytes": 0})
        st["projects"] += 1
        st["entries"] += count
        st["lockfile_bytes"] += pj["lockfile_bytes"]
        uniq.setdefault(fmt, set()).update(pkg_list)
    readme = "# acme monorepo (synthetic)\n\nGenerated by ci-sec bench/gen_monorepo.py.\n"
    with open(os.path.join(out_dir, "README.md"), "w") as f:
        f.write(readme)
    for fmt, st in per_fmt.items():
        st["unique"] = len(uniq[fmt])
    total = sum(s["entries"] for s in per_fmt.values())
    manifest = {
        "generator_version": GENERATOR_VERSION,
        "seed": seed,
        "entries_requested": entries,
        "total_entries": total,
        "total_projects": len(projects),
        "bytes_written": total_bytes,
        "files_written": nfiles,
        "formats": per_fmt,
        "projects": projects,
    }
    with open(os.path.join(out_dir, "bench-manifest.json"), "w") as f:
        json.dump(manifest, f, indent=1)
        f.write("\n")
    dt = time.time() - t0
    if not quiet:
        print(f"{'format':<13} {'lockfile':<19} {'projects':>8} {'entries':>9} {'unique':>8} {'lock MB':>8}")
        for fmt, s in per_fmt.items():
            print(f"{fmt:<13} {s['lockfile']:<19} {s['projects']:>8} {s['entries']:>9} {s['unique']:>8} "
                  f"{s['lockfile_bytes'] / 1e6:>8.2f}")
        print(f"{'TOTAL':<13} {'':<19} {len(projects):>8} {total:>9} "
              f"{sum(s['unique'] for s in per_fmt.values()):>8} "
              f"{sum(s['lockfile_bytes'] for s in per_fmt.values()) / 1e6:>8.2f}")
        print("(entries = name@version rows over all lockfiles of the format; unique = distinct "
              "name@version within the format)")
        print(f"wrote {nfiles} files, {total_bytes} bytes ({total_bytes / 1e6:.1f} MB) "
              f"to {out_dir} in {dt:.1f}s")
    return manifest


# --------------------------------------------------------------------------- #
# single ~1 MiB lockfiles                                                     #
# --------------------------------------------------------------------------- #

def _sized(make, target=ONE_MB):
    n = 2000
    for _ in range(6):
        text = make(n)
        size = len(text.encode())
        if abs(size - target) / target < 0.01:
            break
        n = max(10, int(n * target / size))
    return text, n


def one_mb_npm(path, seed):
    pools = Pools(seed)

    def make(n):
        files, _ = write_npm(random.Random(f"{seed}:onemb-npm"), pools, "one-mb", n)
        return files["package-lock.json"]
    text, n = _sized(make)
    with open(path, "w") as f:
        f.write(text)
    print(f"wrote {path}: {len(text.encode())} bytes, {n} packages (package-lock.json v3)")


def one_mb_cargo(path, seed):
    pools = Pools(seed)

    def make(n):
        files, _ = write_cargo(random.Random(f"{seed}:onemb-cargo"), pools, "one-mb", n)
        return files["Cargo.lock"]
    text, n = _sized(make)
    with open(path, "w") as f:
        f.write(text)
    print(f"wrote {path}: {len(text.encode())} bytes, {n} packages (Cargo.lock)")


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("out_dir", nargs="?", help="directory to (re)create")
    ap.add_argument("--entries", type=int, default=DEFAULT_ENTRIES,
                    help=f"minimum total lockfile entries (default {DEFAULT_ENTRIES})")
    ap.add_argument("--seed", type=int, default=DEFAULT_SEED)
    ap.add_argument("--one-mb", metavar="OUT_FILE", help="write a ~1 MiB package-lock.json")
    ap.add_argument("--one-mb-cargo", metavar="OUT_FILE", help="write a ~1 MiB Cargo.lock")
    ap.add_argument("-q", "--quiet", action="store_true")
    a = ap.parse_args(argv)
    did = False
    if a.one_mb:
        one_mb_npm(a.one_mb, a.seed)
        did = True
    if a.one_mb_cargo:
        one_mb_cargo(a.one_mb_cargo, a.seed)
        did = True
    if a.out_dir:
        if a.entries < 1:
            ap.error("--entries must be positive")
        generate(a.out_dir, a.entries, a.seed, a.quiet)
        did = True
    if not did:
        ap.error("give OUT_DIR and/or --one-mb/--one-mb-cargo")
    return 0


if __name__ == "__main__":
    sys.exit(main())
