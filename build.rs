//! Links the `aftercare` binary as a position-dependent executable on Linux.
//!
//! A position-independent executable (Rust's default) carries one relocation per pointer in
//! its static data (about 40,000 here: time-zone names, tables, clap's and serde's
//! descriptions), and the dynamic loader applies every one before `main` on each start. Linked
//! at a fixed address, the linker resolves them once at build time: `aftercare --version` and a
//! single plan start measurably faster (figures in the README). Only this package's binaries
//! are affected; the library, tests and dependencies build as usual.
fn main() {
    let target_os = std::env::var("CARGO_CFG_TARGET_OS").unwrap_or_default();
    if target_os == "linux" {
        println!("cargo:rustc-link-arg-bins=-no-pie");
    }
    println!("cargo:rerun-if-changed=build.rs");
}
