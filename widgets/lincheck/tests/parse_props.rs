//! Property tests for the parsers with our own seeded RNG: random bytes,
//! token soups and mutations of valid files never panic, and give either a
//! history that passes validation (and can be checked) or an error located
//! inside the input.

mod common;

use common::TestRng;
use dsw_lincheck::generate::{GenConfig, generate};
use dsw_lincheck::parse::{Format, parse_bytes, to_edn, to_log};
use dsw_lincheck::{Checker, Model};

const FORMATS: [Format; 3] = [Format::Auto, Format::Log, Format::Edn];

/// Parses `bytes` in every format and checks the outcome's shape.
fn probe(bytes: &[u8], what: &str) -> usize {
    let lines = bytes.iter().filter(|&&b| b == b'\n').count() + 1;
    let mut parsed = 0;
    for format in FORMATS {
        match parse_bytes(bytes, format) {
            Ok(h) => {
                parsed += 1;
                h.validate().unwrap_or_else(|e| {
                    panic!(
                        "{what}: parsed an invalid history ({e}):\n{}",
                        String::from_utf8_lossy(bytes)
                    )
                });
                // Whatever parses can be checked (or is refused cleanly).
                if let Ok(mut c) = Checker::new(&h, Model::detect(&h)) {
                    let _ = c.run_for(2_000);
                }
            }
            Err(e) => {
                assert!(
                    e.line >= 1 && e.line <= lines && e.column >= 1 && !e.message.is_empty(),
                    "{what}: badly located error {e:?} in {lines} lines:\n{}",
                    String::from_utf8_lossy(bytes)
                );
            }
        }
    }
    parsed
}

#[test]
fn random_bytes() {
    let mut rng = TestRng::new(11);
    for i in 0..3000 {
        let len = rng.below(200) as usize;
        let bytes: Vec<u8> = (0..len)
            .map(|_| {
                // Mostly printable, to get past the first character now
                // and then; sometimes anything at all.
                const PRINTABLE: &[u8] = b" \t\n{}[]():;,#\"\\abcnil0123456789-+.ok";
                if rng.chance(80) {
                    PRINTABLE[rng.below(PRINTABLE.len() as u64) as usize]
                } else {
                    rng.below(256) as u8
                }
            })
            .collect();
        probe(&bytes, &format!("random bytes #{i}"));
    }
}

const TOKENS: &[&str] = &[
    "{",
    "}",
    "[",
    "]",
    "(",
    ")",
    "#{",
    "#_",
    "#inst",
    "#jepsen.history.Op",
    ":process",
    ":type",
    ":f",
    ":value",
    ":key",
    ":invoke",
    ":ok",
    ":fail",
    ":info",
    ":read",
    ":write",
    ":cas",
    ":append",
    ":get",
    ":put",
    ":nemesis",
    "nil",
    "true",
    "false",
    "0",
    "1",
    "2",
    "-3",
    "42N",
    "1.5",
    "99999999999999999999",
    "\"x 0 1 y\"",
    "\"\\u00e9\\n\"",
    "\"unterminated",
    "\\c",
    "\\newline",
    ";comment\n",
    ",",
    "INFO  jepsen.util - ",
    "\t",
    " ",
    "\n",
    "[1 2]",
    "[k nil]",
    "sym",
    "é",
    ":",
    "#",
    "\\",
    "\"",
    "1/2",
    "0x1F",
];

#[test]
fn token_soups() {
    let mut rng = TestRng::new(12);
    for i in 0..5000 {
        let n = rng.below(60) as usize;
        let mut text = String::new();
        for _ in 0..n {
            text.push_str(TOKENS[rng.below(TOKENS.len() as u64) as usize]);
            if rng.chance(50) {
                text.push(if rng.chance(80) { ' ' } else { '\n' });
            }
        }
        probe(text.as_bytes(), &format!("token soup #{i}"));
    }
}

/// Soups of well-formed op maps and log lines, mostly paired up per
/// process, sometimes not: most parse, so the shape checks above apply to
/// real histories too.
#[test]
fn soups_of_plausible_events() {
    let mut rng = TestRng::new(13);
    let mut parsed = 0;
    let completions = [":ok", ":fail", ":info"];
    let fs = [":read", ":write", ":cas", ":append"];
    let values = ["nil", "1", "2", "[1 2]", "[3 [1 2]]", "\"s\""];
    for i in 0..3000 {
        let mut text = String::new();
        let edn = rng.chance(50);
        let mut pending: [Option<usize>; 3] = [None; 3];
        for _ in 0..rng.below(12) {
            let p = rng.below(3) as usize;
            let noise = rng.chance(5);
            let (t, f) = match pending[p].take() {
                Some(f) if !noise => (completions[rng.below(3) as usize], f),
                _ => {
                    let f = rng.below(4) as usize;
                    pending[p] = Some(f);
                    (":invoke", f)
                }
            };
            let f = fs[f];
            let v = match f {
                ":cas" => "[1 2]",
                _ => values[rng.below(6) as usize],
            };
            if edn {
                text.push_str(&format!(
                    "{{:process {p}, :type {t}, :f {f}, :value {v}}}\n"
                ));
            } else {
                text.push_str(&format!("INFO  jepsen.util - {p}\t{t}\t{f}\t{v}\n"));
            }
        }
        parsed += probe(text.as_bytes(), &format!("plausible soup #{i}"));
    }
    assert!(parsed > 1500, "only {parsed} parsed");
}

fn mutate(rng: &mut TestRng, bytes: &[u8]) -> Vec<u8> {
    let mut b = bytes.to_vec();
    let lines: Vec<&[u8]> = bytes.split(|&c| c == b'\n').collect();
    match rng.below(6) {
        0 => b.truncate(rng.below(b.len() as u64 + 1) as usize),
        1 if !b.is_empty() => {
            let i = rng.below(b.len() as u64) as usize;
            b[i] ^= 1 << rng.below(8);
        }
        2 if !b.is_empty() => {
            let i = rng.below(b.len() as u64) as usize;
            b[i] = rng.below(256) as u8;
        }
        3 => {
            let skip = rng.below(lines.len() as u64) as usize;
            b = lines
                .iter()
                .enumerate()
                .filter(|&(i, _)| i != skip)
                .map(|(_, l)| *l)
                .collect::<Vec<_>>()
                .join(&b'\n');
        }
        4 => {
            let dup = rng.below(lines.len() as u64) as usize;
            let mut out: Vec<&[u8]> = Vec::new();
            for (i, l) in lines.iter().enumerate() {
                out.push(l);
                if i == dup {
                    out.push(l);
                }
            }
            b = out.join(&b'\n');
        }
        _ => {
            let (x, y) = (
                rng.below(lines.len() as u64) as usize,
                rng.below(lines.len() as u64) as usize,
            );
            let mut ls = lines.clone();
            ls.swap(x, y);
            b = ls.join(&b'\n');
        }
    }
    b
}

#[test]
fn mutations_of_valid_files() {
    let mut rng = TestRng::new(14);
    let mut outcomes = [0usize; 2];
    for seed in 0..60 {
        let cfg = match seed % 3 {
            0 => GenConfig::register(30, 4, seed),
            1 => GenConfig::kv(30, 4, 3, seed),
            _ => GenConfig::append(30, 4, 3, seed),
        };
        let h = generate(&cfg);
        for text in [to_edn(&h), to_log(&h)] {
            for round in 0..40 {
                let mut bytes = text.clone().into_bytes();
                for _ in 0..1 + rng.below(3) {
                    bytes = mutate(&mut rng, &bytes);
                }
                let parsed = probe(&bytes, &format!("mutation {seed}/{round}"));
                outcomes[usize::from(parsed > 0)] += 1;
            }
        }
    }
    // Mutations should both break files and leave some readable.
    assert!(outcomes[0] > 100 && outcomes[1] > 100, "{outcomes:?}");
}
