//! Share codes: round trips, clear errors, and a decoder that survives
//! anything (a panic fails the test).

mod common;

use common::{Rng, random_diagram};
use dsw_clocks::encoding::{MAX_CODE_LEN, parse_edit};
use dsw_clocks::{Diagram, PRESETS, decode, encode, open_link};

/// Decodes, and when it works, checks the result re-encodes to itself.
fn survive(code: &str) -> bool {
    match decode(code) {
        Ok(d) => {
            let again = encode(&d);
            let back = decode(&again).expect("a re-encoded code decodes");
            assert_eq!(back, d, "{code}");
            true
        }
        Err(e) => {
            assert!(!e.to_string().is_empty());
            false
        }
    }
}

#[test]
fn random_diagrams_round_trip() {
    let mut rng = Rng::new(31);
    for _ in 0..2000 {
        let d = random_diagram(&mut rng);
        let code = encode(&d);
        assert!(code.len() <= MAX_CODE_LEN);
        let back = decode(&code).unwrap_or_else(|e| panic!("{code}: {e}"));
        // Same picture, same rules, same applied history (nothing to redo).
        assert_eq!(back.events(), d.events());
        assert_eq!(back.clocks(), d.clocks());
        assert_eq!(back.applied(), d.applied());
        assert_eq!(back.variant(), d.variant());
        assert_eq!(encode(&back), code);
        assert_eq!(open_link(&code).unwrap(), back);
    }
}

#[test]
fn errors_say_what_is_wrong() {
    let cases = [
        ("", "starts with `c1`"),
        ("c2.n3", "starts with `c1`"),
        ("c1", "number of processes"),
        ("c1.n", "expected a number"),
        ("c1.n9", "at most 5 processes"),
        ("c1.n1", "at least 2 processes"),
        ("c1.n3.vbogus", "not a rule variant"),
        ("c1.n3.q1@2", "no edit starts with `q`"),
        ("c1.n3.l0@5", "numbered from 1"),
        ("c1.n3.l1@5x", "unexpected `x`"),
        ("c1.n3.l1@", "expected a number but the part ended"),
        ("c1.n3.r2@10f0", "no event e0"),
        ("c1.n3.s1@20.r2@10f0", "cannot arrive at 10 ms"),
        ("c1.n3.l1@1234567890", "longer than 9 digits"),
        ("c1.n3..l1@5", "an empty part"),
        ("c1.n3.l1@5 ", "contains ' '"),
        ("c1.n3.l1@5é", "contains 'é'"),
        ("c1.n3.k1=--5", "expected a number"),
    ];
    for (code, want) in cases {
        let err = decode(code).expect_err(code).to_string();
        assert!(err.contains(want), "{code:?}: {err}");
    }
    let long = "c1.n2".to_owned() + &".a".repeat(MAX_CODE_LEN);
    assert!(decode(&long).unwrap_err().to_string().contains("at most"));
    let many = "c1.n2".to_owned() + &".k1=1".repeat(401);
    assert!(
        decode(&many)
            .unwrap_err()
            .to_string()
            .contains("at most 400")
    );
}

#[test]
fn every_edit_kind_parses_back() {
    let d = decode("c1.n3.vvector-merge-only.s1@20.r2@40f0.l3@30.s2@60.l3@80.c3t4.d2.m0p3@45.k2=-20.w3=50000.a.x4")
        .unwrap();
    let code = encode(&d);
    assert_eq!(
        code,
        "c1.n3.vvector-merge-only.s1@20.r2@40f0.l3@30.s2@60.l3@80.c3t4.d2.m0p3@45.k2=-20.w3=50000.a.x4"
    );
    for part in code.split('.').skip(3) {
        let edit = parse_edit(part).unwrap();
        assert_eq!(dsw_clocks::encoding::edit_code(&edit), part);
    }
}

#[test]
fn every_truncation_of_every_code_is_handled() {
    let mut codes: Vec<String> = PRESETS.iter().map(|p| p.code.to_owned()).collect();
    let mut rng = Rng::new(32);
    for _ in 0..200 {
        codes.push(encode(&random_diagram(&mut rng)));
    }
    let mut ok = 0;
    for code in &codes {
        for cut in 0..=code.len() {
            if survive(&code[..cut]) {
                ok += 1;
            }
        }
    }
    // Many prefixes end on a whole edit and are valid diagrams themselves.
    assert!(ok > 1000, "only {ok} valid prefixes");
}

#[test]
fn random_text_never_panics() {
    let mut rng = Rng::new(33);
    let alphabet: Vec<char> = "c1n.vlsrcmdkwax@=-0123456789ftp2345 é\u{0}\u{10FFFF}ÿ"
        .chars()
        .collect();
    for _ in 0..20_000 {
        let len = rng.index(60);
        let text: String = (0..len)
            .map(|_| alphabet[rng.index(alphabet.len())])
            .collect();
        survive(&text);
        // The same with a valid header, so the edit parser gets exercised.
        survive(&format!("c1.n{}.{text}", 2 + rng.index(4)));
    }
    // Arbitrary bytes, as lossy UTF-8.
    for _ in 0..5_000 {
        let bytes: Vec<u8> = (0..rng.index(80)).map(|_| rng.below(256) as u8).collect();
        survive(&String::from_utf8_lossy(&bytes));
    }
}

#[test]
fn mutated_codes_never_panic() {
    let mut rng = Rng::new(34);
    let mut sources: Vec<String> = PRESETS.iter().map(|p| p.code.to_owned()).collect();
    for _ in 0..100 {
        sources.push(encode(&random_diagram(&mut rng)));
    }
    let pieces = [
        "9",
        "0",
        "-",
        ".",
        "@",
        "=",
        "f",
        "t",
        "p",
        "r",
        "s",
        "999999999",
        "v",
        "x1",
        "a",
        "d0",
    ];
    let mut decoded = 0;
    for _ in 0..30_000 {
        let mut code: Vec<char> = sources[rng.index(sources.len())].chars().collect();
        for _ in 0..1 + rng.index(3) {
            let at = rng.index(code.len() + 1);
            match rng.below(4) {
                0 if at < code.len() => {
                    code.remove(at);
                }
                1 if at < code.len() => {
                    let piece = pieces[rng.index(pieces.len())];
                    code.splice(at..at + 1, piece.chars());
                }
                2 => {
                    let piece = pieces[rng.index(pieces.len())];
                    code.splice(at..at, piece.chars());
                }
                _ if code.len() > 1 => {
                    let other = rng.index(code.len());
                    let here = at.min(code.len() - 1);
                    code.swap(here, other);
                }
                _ => {}
            }
        }
        let text: String = code.into_iter().collect();
        if survive(&text) {
            decoded += 1;
        }
    }
    // Some mutations still describe valid diagrams; most do not.
    assert!(decoded > 500 && decoded < 29_000, "{decoded} decoded");
}

#[test]
fn an_empty_diagram_has_a_code() {
    let d = Diagram::new(4).unwrap();
    assert_eq!(encode(&d), "c1.n4");
    assert_eq!(decode("c1.n4").unwrap(), d);
}
