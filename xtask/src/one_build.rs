//! One build: the commands that build the workspace share one compiled copy of each dependency
//! per profile.
//!
//! Every package selection that includes the server resolves the same features for each shared
//! dependency (the root manifest's `[workspace.dependencies]` and `apps/server`'s manifest make
//! it so), so after `cargo build --release` the release builds of `cargo xtask run` and
//! `cargo xtask bench` compile nothing but workspace crates, and the debug builds of the CI steps
//! after the tests only link. The `release build` CI step proves it with real builds; the tests
//! compare what `cargo tree` resolves for each selection, so a change that splits the feature
//! sets fails `cargo test` with the crate and both of its feature sets.

use std::process::Stdio;

use anyhow::{Context, Result, bail};

use crate::{bench, cargo, process, run};

/// The release builds that must compile nothing after `cargo build --release`: what
/// `cargo xtask run` and `cargo xtask bench` run, as `cargo build` arguments.
const LATER_RELEASE_BUILDS: &[(&str, &[&str])] = &[
    ("cargo xtask run", run::BUILD),
    ("cargo xtask bench", bench::BUILD),
];

/// The `release build` CI step: `cargo build --release`, then each later release build, failing
/// when one compiles a dependency.
pub fn run() -> Result<()> {
    process::run(process::command(&cargo(), &["build", "--release"]))?;
    for (command, args) in LATER_RELEASE_BUILDS {
        let compiled = dependencies_compiled(args)?;
        if !compiled.is_empty() {
            bail!(
                "after `cargo build --release`, `{command}` compiled these dependencies again: {}; \
                 its selection resolves other features (`cargo test -p xtask one_build` names them)",
                compiled.join(", ")
            );
        }
    }
    Ok(())
}

/// Runs `cargo build <args>`, passes its output through, and returns the dependencies it
/// compiled.
fn dependencies_compiled(args: &[&str]) -> Result<Vec<String>> {
    let mut cmd = process::command(&cargo(), &["build"]);
    cmd.args(args).stdin(Stdio::null());
    let shown = process::display(&cmd);
    let output = cmd
        .output()
        .with_context(|| format!("could not start `{shown}`"))?;
    let messages = String::from_utf8_lossy(&output.stderr);
    eprint!("{messages}");
    if !output.status.success() {
        bail!("`{shown}` failed ({})", output.status);
    }
    Ok(compiled_dependencies(&messages))
}

/// The crates outside the workspace that cargo's messages say it compiled: `Compiling` lines
/// without a path (cargo prints a workspace crate's directory after its version).
fn compiled_dependencies(messages: &str) -> Vec<String> {
    messages
        .lines()
        .filter_map(|line| line.trim().strip_prefix("Compiling "))
        .filter(|krate| !krate.ends_with(')'))
        .map(str::to_owned)
        .collect()
}

#[cfg(test)]
mod tests {
    use std::collections::{BTreeMap, BTreeSet};

    use super::*;

    /// The features of each package in one selection, as `cargo tree` resolves them: the package
    /// (name and version) and one feature list per way it is built (a crate built for build scripts
    /// too may have a second list).
    type Resolved = BTreeMap<String, BTreeSet<String>>;

    /// Runs `cargo tree` with the selection `args` and collects what it resolved.
    fn resolve(args: &[&str]) -> Result<Resolved> {
        let mut cmd = process::command(
            &cargo(),
            &["tree", "--prefix", "none", "--format", "{p}|{f}"],
        );
        cmd.args(args);
        let tree = process::capture(cmd)?;
        let mut resolved = Resolved::new();
        for line in tree.lines().filter(|line| !line.is_empty()) {
            let (package, features) = line.split_once('|').context("a `{p}|{f}` line")?;
            let package = package.replace(" (proc-macro)", "");
            let features = features.trim_end_matches(" (*)").to_owned();
            resolved.entry(package).or_default().insert(features);
        }
        Ok(resolved)
    }

    /// The `-p` arguments of a `cargo build` argument list (`cargo tree` takes no target or profile
    /// flags).
    fn packages<'a>(build: &[&'a str]) -> Vec<&'a str> {
        build
            .windows(2)
            .filter(|pair| pair[0] == "-p")
            .flat_map(|pair| ["-p", pair[1]])
            .collect()
    }

    /// Whether `cargo tree` names a workspace crate (`name v0.1.0 (/path)`): recompiling one
    /// of those for another selection is allowed (the `ceiling` feature of `helpdesk-http`,
    /// which only the benchmark enables); only dependencies must be compiled once.
    fn is_workspace_crate(package: &str) -> bool {
        package.contains(" (/") || package.contains(" (file://")
    }

    /// Every dependency that two selections both build with different features, one line each.
    fn differences(selections: &[(String, Resolved)]) -> Vec<String> {
        let mut found = Vec::new();
        for (index, (first, first_resolved)) in selections.iter().enumerate() {
            for (second, second_resolved) in &selections[index + 1..] {
                for (package, features) in first_resolved {
                    if is_workspace_crate(package) {
                        continue;
                    }
                    if let Some(other) = second_resolved.get(package)
                        && other != features
                    {
                        found.push(format!(
                            "{package}: `{first}` resolves {features:?}, `{second}` {other:?}"
                        ));
                    }
                }
            }
        }
        found
    }

    #[test]
    fn every_selection_resolves_the_same_features() {
        let mut selections = vec![
            ("cargo build --release".to_owned(), vec!["-e", "no-dev"]),
            (
                "cargo xtask (xtask itself)".to_owned(),
                vec!["-e", "no-dev", "-p", "xtask"],
            ),
            (
                "cargo test/clippy --workspace --all-targets".to_owned(),
                vec!["--workspace"],
            ),
            (
                "cargo build --workspace --bins, cargo doc --workspace".to_owned(),
                vec!["-e", "no-dev", "--workspace"],
            ),
        ];
        for (command, build) in LATER_RELEASE_BUILDS {
            let mut args = vec!["-e", "no-dev"];
            args.extend(packages(build));
            selections.push(((*command).to_owned(), args));
        }
        let resolved: Vec<(String, Resolved)> = selections
            .into_iter()
            .map(|(name, args)| resolve(&args).map(|resolved| (name, resolved)))
            .collect::<Result<_>>()
            .expect("cargo tree runs");
        let found = differences(&resolved);
        assert!(
            found.is_empty(),
            "these dependencies would be compiled once per selection: give the crate that needs \
             the extra features (or apps/server, when it does not use the crate) the union in \
             the root manifest's [workspace.dependencies]:\n  {}",
            found.join("\n  ")
        );
    }

    /// What a selection resolves: each of `packages` with the one feature list `features`.
    fn selection(packages: &[&str], features: &str) -> Resolved {
        packages
            .iter()
            .map(|p| (p.to_string(), BTreeSet::from([features.to_owned()])))
            .collect()
    }

    #[test]
    fn a_workspace_crate_may_differ() {
        let http = |features| selection(&["helpdesk-http v0.1.0 (/work/crates/http)"], features);
        let split = [
            ("a".to_owned(), http("")),
            ("b".to_owned(), http("ceiling")),
        ];
        assert!(differences(&split).is_empty());
    }

    #[test]
    fn a_feature_set_that_differs_is_reported() {
        let both = |features| selection(&["tokio v1.0.0", "only-here v1.0.0"], features);
        let same = [("a".to_owned(), both("net")), ("b".to_owned(), both("net"))];
        assert!(differences(&same).is_empty());
        let mut split = vec![("a".to_owned(), both("net"))];
        split.push(("b".to_owned(), both("net,process")));
        split[1].1.remove("only-here v1.0.0");
        assert_eq!(
            differences(&split),
            ["tokio v1.0.0: `a` resolves {\"net\"}, `b` {\"net,process\"}"]
        );
    }

    #[test]
    fn only_dependencies_count_as_compiled() {
        let messages = "   Compiling tokio v1.54.1\n   Compiling helpdesk-server v0.1.0 \
                        (/work/apps/server)\n    Finished `release` profile\n";
        assert_eq!(compiled_dependencies(messages), ["tokio v1.54.1"]);
    }

    #[test]
    fn the_packages_of_a_build_are_its_p_arguments() {
        assert_eq!(
            packages(bench::BUILD),
            ["-p", "helpdesk-server", "-p", "helpdesk-bench"]
        );
    }
}
