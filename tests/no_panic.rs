//! "No input may cause a panic": every cataloger is fed every fixture in the
//! repository (its own format and all the others), cut short at many points
//! and with bytes flipped. Errors are fine; panics fail.

mod common;

use common::rng::Lcg;

use std::path::{Path, PathBuf};

use ci_sec::inventory::{Format, Source};

fn files_under(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    for e in entries.filter_map(Result::ok) {
        let p = e.path();
        if p.is_dir() {
            files_under(&p, out);
        } else if std::fs::metadata(&p).map(|m| m.len() < 400_000).unwrap_or(false) {
            out.push(p);
        }
    }
}

/// Characters that matter to one format or another.
const SYNTAX: &[u8] = b"{}[]\":,\n '=#-@/\\\t()~^";

fn parse_all(text: &str) {
    for format in Format::ALL {
        let _ = format.parse(&Source::from_text(text, "fuzz-input"));
    }
}

#[test]
fn catalogers_never_panic_on_truncated_or_mutated_fixtures() {
    let mut files = Vec::new();
    files_under(&common::fixture(""), &mut files);
    files_under(&Path::new(env!("CARGO_MANIFEST_DIR")).join("examples"), &mut files);
    assert!(files.len() > 5, "fixtures found: {files:?}");
    let mut rng = Lcg(0x5eed);
    for file in &files {
        let Ok(text) = std::fs::read_to_string(file) else { continue };
        parse_all(&text);
        // Prefixes at ~40 points spread over the file.
        let step = (text.len() / 40).max(1);
        for end in (0..text.len()).step_by(step) {
            if text.is_char_boundary(end) {
                parse_all(&text[..end]);
            }
        }
        // Byte flips into syntax-significant characters.
        let bytes = text.as_bytes();
        for _ in 0..20 {
            if bytes.is_empty() {
                break;
            }
            let mut mutated = bytes.to_vec();
            for _ in 0..3 {
                let i = rng.below(mutated.len());
                mutated[i] = SYNTAX[rng.below(SYNTAX.len())];
            }
            parse_all(&String::from_utf8_lossy(&mutated));
        }
    }
}
