//! Two things that make `aftercare` start faster.
//!
//! **The built-in data as JSON.** The protocol and the activity catalogue are written in TOML
//! (`src/data/`, with comments for providers), but parsing TOML was half of a single plan's
//! work. They are converted to JSON here, once, and read with serde_json at run time; the
//! library's tests check that both read the same.
//!
//! **A position-dependent binary** on Linux.
//! A position-independent executable (Rust's default) carries one relocation per pointer in
//! its static data (about 40,000 here: time-zone names, tables, clap's and serde's
//! descriptions), and the dynamic loader applies every one before `main` on each start. Linked
//! at a fixed address, the linker resolves them once at build time: `aftercare --version` and a
//! single plan start measurably faster (figures in the README). Only this package's binaries
//! are affected; the library, tests and dependencies build as usual.
fn main() {
    let out = std::path::PathBuf::from(std::env::var_os("OUT_DIR").expect("cargo sets OUT_DIR"));
    for name in ["protocol", "activities"] {
        let source = format!("src/data/{name}.toml");
        println!("cargo:rerun-if-changed={source}");
        let text = std::fs::read_to_string(&source).expect("the built-in data is readable");
        let value: toml::Value = toml::from_str(&text).expect("the built-in data is valid TOML");
        let json = serde_json::to_string(&value).expect("TOML values convert to JSON");
        std::fs::write(out.join(format!("{name}.json")), json).expect("OUT_DIR is writable");
    }
    // The built-in texts in other languages, the same way.
    for name in ["protocol", "activities"] {
        for lang in ["es", "fr", "de", "pt-BR"] {
            let source = format!("src/data/{name}.{lang}.toml");
            println!("cargo:rerun-if-changed={source}");
            let text = std::fs::read_to_string(&source).expect("each translation is readable");
            let value: toml::Value = toml::from_str(&text).expect("each translation is valid TOML");
            let json = serde_json::to_string(&value).expect("TOML values convert to JSON");
            std::fs::write(out.join(format!("{name}.{lang}.json")), json)
                .expect("OUT_DIR is writable");
        }
    }
    let target_os = std::env::var("CARGO_CFG_TARGET_OS").unwrap_or_default();
    if target_os == "linux" {
        println!("cargo:rustc-link-arg-bins=-no-pie");
    }
    println!("cargo:rerun-if-changed=build.rs");
}
