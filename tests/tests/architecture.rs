//! Tidy checks: the architecture rules of `docs/ARCHITECTURE.md`, enforced by plain `cargo test`.
//!
//! These tests read `cargo metadata` and the source tree only; they do not drive the server.

use std::{
    collections::BTreeSet,
    fs,
    path::{Path, PathBuf},
    process::Command,
};

use serde_json::Value;

/// Which workspace crates a crate may depend on.
enum Allowed {
    /// Exactly these workspace crates (normal and build dependencies).
    Only(&'static [&'static str]),
    /// Any workspace crate except these.
    AnyExcept(&'static [&'static str]),
}

/// One crate's dependency rule, mirroring its "Architecture invariant" in `docs/ARCHITECTURE.md`.
struct Rule {
    /// The package name.
    krate: &'static str,
    /// Workspace crates allowed as normal and build dependencies.
    workspace: Allowed,
    /// Further workspace crates allowed as dev-dependencies only.
    dev_extra: &'static [&'static str],
    /// External crates it must not depend on (normal and build dependencies).
    forbidden: &'static [&'static str],
    /// The rule in words, quoted when it is broken.
    says: &'static str,
}

/// The crates that talk HTTP, touch SQL or pick an async runtime, and `$extra`.
macro_rules! transport_and_sql {
    ($($extra:literal),*) => {
        &[
            "poem",
            "poem-openapi",
            "sea-orm",
            "sea-orm-migration",
            "sqlx",
            "rusqlite",
            "tokio",
            $($extra),*
        ]
    };
}
/// Crates that do I/O, talk HTTP or touch SQL: the bottom layers know none of them.
const RUNTIME_AND_IO: &[&str] = transport_and_sql!("reqwest");
/// Crates that talk HTTP, touch SQL or pick an async runtime: the storage ports know none of them.
const TRANSPORT_AND_SQL: &[&str] = transport_and_sql!();

// Package names of the layered crates.
const DOMAIN: &str = "helpdesk-domain";
const POLICY: &str = "helpdesk-policy";
const STORAGE: &str = "helpdesk-storage";
const CONTRACT: &str = "helpdesk-storage-contract";
const MEMORY: &str = "helpdesk-storage-memory";
const SEAORM: &str = "helpdesk-storage-seaorm";
const SERVICE: &str = "helpdesk-service";
const HTTP: &str = "helpdesk-http";
const EXAMPLES: &str = "helpdesk-examples";
const TEST_SUPPORT: &str = "helpdesk-test-support";

/// The layering rules, one row per workspace crate.
const RULES: &[Rule] = &[
    Rule {
        krate: DOMAIN,
        workspace: Allowed::Only(&[]),
        dev_extra: &[],
        forbidden: RUNTIME_AND_IO,
        says: "domain depends on no workspace crate and does no I/O (no poem, SQL, tokio or reqwest)",
    },
    Rule {
        krate: POLICY,
        workspace: Allowed::Only(&[DOMAIN]),
        dev_extra: &[],
        forbidden: RUNTIME_AND_IO,
        says: "policy depends only on domain and does no I/O",
    },
    Rule {
        krate: STORAGE,
        workspace: Allowed::Only(&[DOMAIN]),
        dev_extra: &[],
        forbidden: TRANSPORT_AND_SQL,
        says: "storage depends only on domain and names no driver, ORM, runtime or web framework",
    },
    Rule {
        krate: CONTRACT,
        workspace: Allowed::Only(&[DOMAIN, STORAGE]),
        dev_extra: &[MEMORY],
        forbidden: &[],
        says: "the storage contract suite depends only on domain and storage (its doc example \
               adds storage-memory)",
    },
    Rule {
        krate: MEMORY,
        workspace: Allowed::Only(&[DOMAIN, STORAGE]),
        dev_extra: &[CONTRACT],
        forbidden: &[],
        says: "storage-memory depends only on domain and storage (its tests add the contract suite)",
    },
    Rule {
        krate: SEAORM,
        workspace: Allowed::Only(&[DOMAIN, STORAGE]),
        dev_extra: &[CONTRACT, TEST_SUPPORT],
        forbidden: &[],
        says: "storage-seaorm depends only on domain and storage (its tests add the contract suite \
               and the test support)",
    },
    Rule {
        krate: TEST_SUPPORT,
        workspace: Allowed::Only(&[SEAORM]),
        dev_extra: &[],
        forbidden: &[],
        says: "the test support depends only on storage-seaorm (whose migrations it runs)",
    },
    Rule {
        krate: SERVICE,
        workspace: Allowed::Only(&[DOMAIN, POLICY, STORAGE]),
        dev_extra: &[MEMORY],
        forbidden: &[],
        says: "service depends on domain, policy and storage (its tests add storage-memory)",
    },
    Rule {
        krate: HTTP,
        workspace: Allowed::Only(&[DOMAIN, SERVICE]),
        dev_extra: &[MEMORY],
        forbidden: &[],
        says: "http depends on domain and service (its tests add storage-memory)",
    },
    Rule {
        krate: "helpdesk-server",
        workspace: Allowed::AnyExcept(&[CONTRACT]),
        dev_extra: &[],
        forbidden: &[],
        says: "the server may depend on anything except the storage contract suite",
    },
    Rule {
        krate: "helpdesk-bench",
        workspace: Allowed::AnyExcept(&[CONTRACT]),
        dev_extra: &[],
        forbidden: &[],
        says: "the benchmark harness may depend on anything except the storage contract suite, \
               but not on poem directly: the ceiling handler lives in http, behind its \
               `ceiling` feature",
    },
    Rule {
        krate: EXAMPLES,
        workspace: Allowed::Only(&[DOMAIN, POLICY, STORAGE, MEMORY, SERVICE, HTTP]),
        dev_extra: &[CONTRACT],
        forbidden: &[],
        says: "the examples use only the crates an extender uses (their tests add the contract \
               suite); as the extender's own application they may use poem",
    },
    Rule {
        krate: "helpdesk-tests",
        workspace: Allowed::AnyExcept(&[]),
        dev_extra: &[],
        forbidden: &[],
        says: "the black-box tests may depend on any workspace crate",
    },
    Rule {
        krate: "xtask",
        workspace: Allowed::Only(&[]),
        dev_extra: &[],
        forbidden: &[],
        says: "xtask depends on no workspace crate, so it builds fast and never breaks with them",
    },
];

/// Workspace crates that other crates may have as dev-dependencies only, and why.
const DEV_ONLY: &[(&str, &str)] = &[(
    TEST_SUPPORT,
    "test support ships in no library and no binary: it is only ever a dev-dependency",
)];

/// External crates that only the listed workspace crates may name directly, in any kind of
/// dependency.
const EXCLUSIVE: &[(&str, &[&str], &str)] = &[
    (
        "sea-orm",
        &[SEAORM, TEST_SUPPORT],
        "only storage-seaorm knows SQL (and the test support, which creates test databases)",
    ),
    (
        "sea-orm-migration",
        &[SEAORM, TEST_SUPPORT],
        "only storage-seaorm knows SQL (and the test support, which migrates test databases)",
    ),
    ("sqlx", &[SEAORM], "only storage-seaorm knows SQL"),
    ("rusqlite", &[SEAORM], "only storage-seaorm knows SQL"),
    (
        "ammonia",
        &[DOMAIN],
        "HTML is sanitised in one place: domain::html",
    ),
    (
        "poem",
        &[HTTP, EXAMPLES],
        "only http (and the extender's application in the examples) knows poem",
    ),
    (
        "poem-openapi",
        &[HTTP, EXAMPLES],
        "only http (and the extender's application in the examples) knows poem",
    ),
];

/// One direct dependency edge of a workspace crate.
struct Edge {
    to: String,
    /// `normal`, `dev` or `build`.
    kind: String,
}

struct Package {
    name: String,
    manifest_dir: PathBuf,
    edges: Vec<Edge>,
    /// Source files of the library and binary targets.
    roots: Vec<PathBuf>,
}

/// `path` as written below the workspace `root`.
fn relative(root: &Path, path: &Path) -> String {
    path.strip_prefix(root)
        .unwrap_or(path)
        .to_string_lossy()
        .replace('\\', "/")
}

fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("tests/ lives one level below the workspace root")
        .to_path_buf()
}

fn packages() -> Vec<Package> {
    let output = Command::new(env!("CARGO"))
        .args(["metadata", "--format-version", "1", "--no-deps"])
        .current_dir(workspace_root())
        .output()
        .expect("cargo metadata runs");
    assert!(
        output.status.success(),
        "cargo metadata failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    let metadata: Value =
        serde_json::from_slice(&output.stdout).expect("cargo metadata prints JSON");
    let text = |value: &Value| value.as_str().unwrap_or_default().to_owned();
    metadata["packages"]
        .as_array()
        .expect("metadata lists packages")
        .iter()
        .map(|package| Package {
            name: text(&package["name"]),
            manifest_dir: Path::new(package["manifest_path"].as_str().unwrap_or_default())
                .parent()
                .expect("a manifest lives in a directory")
                .to_path_buf(),
            edges: package["dependencies"]
                .as_array()
                .into_iter()
                .flatten()
                .map(|dep| Edge {
                    to: text(&dep["name"]),
                    kind: dep["kind"].as_str().unwrap_or("normal").to_owned(),
                })
                .collect(),
            roots: package["targets"]
                .as_array()
                .into_iter()
                .flatten()
                .filter(|target| {
                    target["kind"].as_array().into_iter().flatten().any(|kind| {
                        matches!(kind.as_str(), Some("lib" | "rlib" | "bin" | "proc-macro"))
                    })
                })
                .map(|target| PathBuf::from(text(&target["src_path"])))
                .collect(),
        })
        .collect()
}

/// Every broken rule as one line naming the edge and the rule.
fn dependency_violations(packages: &[Package]) -> Vec<String> {
    let members: BTreeSet<&str> = packages
        .iter()
        .map(|package| package.name.as_str())
        .collect();
    let mut violations = Vec::new();
    for rule in RULES {
        if !members.contains(rule.krate) {
            violations.push(format!(
                "the rule for `{}` names no workspace crate: update RULES and docs/ARCHITECTURE.md",
                rule.krate
            ));
        }
    }
    for package in packages {
        let Some(rule) = RULES.iter().find(|rule| rule.krate == package.name) else {
            violations.push(format!(
                "workspace crate `{}` has no layering rule: add it to RULES in \
                 tests/tests/architecture.rs and to the code map in docs/ARCHITECTURE.md",
                package.name
            ));
            continue;
        };
        for edge in &package.edges {
            let to = edge.to.as_str();
            let broken = if members.contains(to) {
                let allowed = match rule.workspace {
                    Allowed::Only(list) => list.contains(&to),
                    Allowed::AnyExcept(list) => !list.contains(&to),
                };
                let dev_allowed = edge.kind == "dev" && rule.dev_extra.contains(&to);
                !(allowed || dev_allowed)
            } else {
                edge.kind != "dev" && rule.forbidden.contains(&to)
            };
            if broken {
                violations.push(format!(
                    "forbidden dependency edge {} -> {} ({}): rule: {}",
                    package.name, to, edge.kind, rule.says
                ));
            }
            if let Some((_, says)) = DEV_ONLY.iter().find(|(krate, _)| *krate == to)
                && edge.kind != "dev"
            {
                violations.push(format!(
                    "forbidden dependency edge {} -> {} ({}): rule: {says}",
                    package.name, to, edge.kind
                ));
            }
            if let Some((_, owners, says)) = EXCLUSIVE.iter().find(|(krate, _, _)| *krate == to)
                && !owners.contains(&package.name.as_str())
            {
                violations.push(format!(
                    "forbidden dependency edge {} -> {} ({}): rule: {says}; \
                     only {} may depend on {to} directly",
                    package.name,
                    to,
                    edge.kind,
                    owners.join(" and ")
                ));
            }
        }
    }
    violations
}

#[test]
fn dependency_edges_follow_the_layering() {
    let violations = dependency_violations(&packages());
    assert!(
        violations.is_empty(),
        "docs/ARCHITECTURE.md's layering is broken:\n  {}",
        violations.join("\n  ")
    );
}

#[test]
fn the_rules_reject_forbidden_edges() {
    let package = |name: &str, edges: &[(&str, &str)]| Package {
        name: name.to_owned(),
        manifest_dir: PathBuf::new(),
        edges: edges
            .iter()
            .map(|(to, kind)| Edge {
                to: (*to).to_owned(),
                kind: (*kind).to_owned(),
            })
            .collect(),
        roots: Vec::new(),
    };
    let mut workspace: Vec<Package> = RULES.iter().map(|rule| package(rule.krate, &[])).collect();
    assert!(dependency_violations(&workspace).is_empty());
    let bad = [
        (DOMAIN, STORAGE, "normal"),
        (DOMAIN, "tokio", "normal"),
        (POLICY, STORAGE, "normal"),
        (STORAGE, "sqlx", "normal"),
        (SERVICE, MEMORY, "normal"),
        (SERVICE, "poem", "dev"),
        ("helpdesk-server", "poem", "normal"),
        ("helpdesk-server", CONTRACT, "dev"),
        ("helpdesk-tests", "sea-orm", "dev"),
        ("xtask", DOMAIN, "normal"),
        (EXAMPLES, "helpdesk-server", "normal"),
        (EXAMPLES, SEAORM, "normal"),
        (EXAMPLES, CONTRACT, "normal"),
        (MEMORY, "poem", "dev"),
        (SERVICE, "ammonia", "normal"),
        ("helpdesk-server", TEST_SUPPORT, "normal"),
        ("helpdesk-tests", TEST_SUPPORT, "normal"),
        (SEAORM, TEST_SUPPORT, "normal"),
        (HTTP, TEST_SUPPORT, "dev"),
        (TEST_SUPPORT, SERVICE, "normal"),
    ];
    // The violations of `workspace` with `from`'s one dependency `to` of `kind`.
    let mut violations_with = |from: &str, to: &str, kind: &str| {
        let index = workspace
            .iter()
            .position(|p| p.name == from)
            .expect("a known crate");
        let original = std::mem::replace(&mut workspace[index], package(from, &[(to, kind)]));
        let violations = dependency_violations(&workspace);
        workspace[index] = original;
        violations
    };
    for (from, to, kind) in bad {
        let violations = violations_with(from, to, kind);
        assert!(
            violations
                .iter()
                .any(|v| v.contains(&format!("{from} -> {to} ({kind})"))),
            "{from} -> {to} ({kind}) should be rejected, got {violations:?}"
        );
    }
    let good = [
        (SERVICE, MEMORY, "dev"),
        (MEMORY, CONTRACT, "dev"),
        (SEAORM, "sea-orm", "normal"),
        (DOMAIN, "ammonia", "normal"),
        (HTTP, "poem-openapi", "normal"),
        ("helpdesk-server", SEAORM, "normal"),
        (EXAMPLES, "poem", "normal"),
        (EXAMPLES, HTTP, "normal"),
        (EXAMPLES, CONTRACT, "dev"),
        (SEAORM, TEST_SUPPORT, "dev"),
        ("helpdesk-tests", TEST_SUPPORT, "dev"),
        (TEST_SUPPORT, "sea-orm", "normal"),
    ];
    for (from, to, kind) in good {
        assert!(
            violations_with(from, to, kind).is_empty(),
            "{from} -> {to} ({kind}) should be allowed"
        );
    }
}

#[test]
fn the_code_map_names_every_crate() {
    let root = workspace_root();
    let architecture =
        fs::read_to_string(root.join("docs/ARCHITECTURE.md")).expect("docs/ARCHITECTURE.md exists");
    let missing: Vec<String> = packages()
        .iter()
        .map(|package| relative(&root, &package.manifest_dir))
        .filter(|dir| !architecture.contains(&format!("`{dir}`")))
        .collect();
    assert!(
        missing.is_empty(),
        "docs/ARCHITECTURE.md's code map does not name these crate directories (as `dir`): {missing:?}"
    );
}

#[test]
fn crate_roots_start_with_a_doc_comment() {
    let root = workspace_root();
    let mut roots: BTreeSet<PathBuf> = packages()
        .into_iter()
        .flat_map(|package| package.roots)
        .collect();
    for fixed in [
        "apps/server/src/lib.rs",
        "apps/server/src/main.rs",
        "xtask/src/main.rs",
    ] {
        roots.insert(root.join(fixed));
    }
    for entry in fs::read_dir(root.join("crates"))
        .expect("crates/ exists")
        .flatten()
    {
        let lib = entry.path().join("src/lib.rs");
        if lib.exists() {
            roots.insert(lib);
        }
    }
    let undocumented: Vec<String> = roots
        .iter()
        .filter(|path| {
            let text = fs::read_to_string(path).unwrap_or_default();
            !text.trim_start_matches('\u{feff}').starts_with("//!")
        })
        .map(|path| relative(&root, path))
        .collect();
    assert!(
        undocumented.is_empty(),
        "these crate roots must start with a `//!` comment that says what the crate is for \
         and what it must not know: {undocumented:?}"
    );
}

#[test]
fn no_mod_rs_files() {
    let root = workspace_root();
    let mut found = Vec::new();
    for dir in ["crates", "apps", "examples", "xtask", "tests"] {
        found.extend(
            rust_files(&root.join(dir))
                .into_iter()
                .filter(|path| path.ends_with("mod.rs")),
        );
    }
    let found: Vec<String> = found.iter().map(|path| relative(&root, path)).collect();
    assert!(
        found.is_empty(),
        "no `mod.rs` files: name a module `foo.rs` beside a `foo/` directory instead: {found:?}"
    );
}

/// Every `.rs` file below `dir` (skipping `target/` and hidden directories).
fn rust_files(dir: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    let Ok(entries) = fs::read_dir(dir) else {
        return files;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        let name = entry.file_name();
        if path.is_dir() {
            if name != "target" && !name.to_string_lossy().starts_with('.') {
                files.extend(rust_files(&path));
            }
        } else if path.extension().is_some_and(|e| e == "rs") {
            files.push(path);
        }
    }
    files.sort();
    files
}

/// Access decisions come from `policy`: the service turns a `Denial` into its 403 and never
/// builds one itself (only `error.rs` names the variant, to convert).
#[test]
fn the_service_builds_no_403_itself() {
    let root = workspace_root();
    let offenders: Vec<String> = rust_files(&root.join("crates/service/src"))
        .into_iter()
        .filter(|path| !path.ends_with("error.rs"))
        .filter(|path| {
            fs::read_to_string(path)
                .unwrap_or_default()
                .contains("Forbidden(")
        })
        .map(|path| relative(&root, &path))
        .collect();
    assert!(
        offenders.is_empty(),
        "these service files build a 403 themselves; ask `helpdesk_policy` and convert its \
         `Denial` instead: {offenders:?}"
    );
}

/// The contract bodies (`pub async fn name(store: &dyn Store)` in a module of
/// `crates/storage-contract`) named in `storage-contract`'s macro that stamps them.
fn contract_bodies(root: &Path) -> (Vec<String>, String) {
    let src = root.join("crates/storage-contract/src");
    let lib = fs::read_to_string(src.join("lib.rs")).expect("storage-contract's lib.rs");
    let mut bodies = Vec::new();
    for path in rust_files(&src) {
        let module = path
            .file_stem()
            .unwrap_or_default()
            .to_string_lossy()
            .to_string();
        // `fixtures` holds the helpers the bodies share, not bodies.
        if module == "fixtures" {
            continue;
        }
        let text = fs::read_to_string(&path).unwrap_or_default();
        for line in text.lines() {
            let Some(rest) = line.strip_prefix("pub async fn ") else {
                continue;
            };
            if let Some((name, args)) = rest.split_once('(')
                && args.starts_with("store: &dyn Store)")
            {
                bodies.push(format!("{module}::{name}"));
            }
        }
    }
    (bodies, lib)
}

/// Whether the stamping macro's list in `lib` names `module::name`: under `module: [ ... ]`.
fn stamped(lib: &str, body: &str) -> bool {
    let (module, name) = body.split_once("::").unwrap_or_default();
    let Some(start) = lib.find(&format!("{module}: [")) else {
        return false;
    };
    let list = &lib[start..];
    let list = &list[..list.find(']').unwrap_or(list.len())];
    list.split(|c: char| c == ',' || c.is_whitespace())
        .any(|word| word == name)
}

/// Every contract body is stamped by `storage_contract_tests!`, and every backend of the
/// workspace (each `impl ... Store for`) runs that macro in a test of its own crate: a body
/// or a backend left out fails here.
#[test]
fn every_contract_body_runs_on_every_backend() {
    let root = workspace_root();
    let (bodies, lib) = contract_bodies(&root);
    assert!(
        bodies.len() > 50,
        "found only {} contract bodies",
        bodies.len()
    );
    let unstamped: Vec<&String> = bodies.iter().filter(|b| !stamped(&lib, b)).collect();
    assert!(
        unstamped.is_empty(),
        "contract bodies missing from the list in crates/storage-contract/src/lib.rs: {unstamped:?}"
    );
    let mut unproven = Vec::new();
    for package in packages() {
        let sources = rust_files(&package.manifest_dir.join("src"));
        let implements_store = sources.iter().any(|path| {
            let text = fs::read_to_string(path).unwrap_or_default();
            // Test doubles in `#[cfg(test)]` modules are no backends.
            let shipped = text.split("#[cfg(test)]").next().unwrap_or_default();
            shipped.lines().any(|l| {
                let l = l.trim_start();
                l.starts_with("impl") && (l.contains(" Store for ") || l.contains("::Store for "))
            })
        });
        let proves = rust_files(&package.manifest_dir.join("tests"))
            .iter()
            .any(|path| {
                fs::read_to_string(path)
                    .unwrap_or_default()
                    .contains("storage_contract_tests!(")
            });
        if implements_store && !proves {
            unproven.push(package.name.clone());
        }
    }
    assert!(
        unproven.is_empty(),
        "these crates implement `Store` but run no `storage_contract_tests!` in tests/: {unproven:?}"
    );
}

#[test]
fn the_contract_list_check_reads_modules_and_names() {
    let lib = "users: [\n a,\n b_c,\n ];\n roles: [ d ];";
    assert!(stamped(lib, "users::b_c"));
    assert!(stamped(lib, "roles::d"));
    assert!(!stamped(lib, "users::d"));
    assert!(!stamped(lib, "tags::a"));
}

/// The text of the code map's section on `dir` (from its `### \`dir\`` heading to the next).
fn code_map_section<'a>(architecture: &'a str, dir: &str) -> Option<&'a str> {
    let start = architecture.find(&format!("### `{dir}`"))?;
    let rest = &architecture[start + 4..];
    Some(
        &rest[..rest
            .find("\n### ")
            .or(rest.find("\n## "))
            .unwrap_or(rest.len())],
    )
}

/// Every module of every crate (each `src/*.rs` but the crate roots) is named in its crate's
/// section of the code map, as `` `name` ``, `` `name.rs` `` or `` `name/` ``: a module added
/// without a word in docs/ARCHITECTURE.md fails here.
#[test]
fn the_code_map_names_every_module() {
    let root = workspace_root();
    let architecture =
        fs::read_to_string(root.join("docs/ARCHITECTURE.md")).expect("docs/ARCHITECTURE.md exists");
    let mut missing = Vec::new();
    for package in packages() {
        let dir = relative(&root, &package.manifest_dir);
        let Some(section) = code_map_section(&architecture, &dir) else {
            continue; // the_code_map_names_every_crate reports it
        };
        let Ok(entries) = fs::read_dir(package.manifest_dir.join("src")) else {
            continue;
        };
        let mut modules: Vec<String> = entries
            .flatten()
            .map(|e| e.path())
            .filter(|p| p.extension().is_some_and(|e| e == "rs"))
            .filter_map(|p| p.file_stem().map(|s| s.to_string_lossy().to_string()))
            .filter(|m| m != "lib" && m != "main")
            .collect();
        modules.sort();
        for module in modules {
            let named = ["`", ".rs`", "/`", "::"]
                .iter()
                .any(|end| section.contains(&format!("`{module}{end}")));
            if !named {
                missing.push(format!("{dir}: {module}"));
            }
        }
    }
    assert!(
        missing.is_empty(),
        "modules the code map (docs/ARCHITECTURE.md) does not name in their crate's section:\n{}",
        missing.join("\n")
    );
}
