//! Share codes: round trips on random timelines, the format's details, and
//! a decoder that never panics.

mod common;

use common::{Rng, check_rules, picture, random_timeline};
use dsw_history::encoding::{MAX_CODE_LEN, edit_code, parse_edit};
use dsw_history::{Edit, PRESETS, Timeline, decode, encode, load};

fn fragment_safe(code: &str) -> bool {
    // RFC 3986 unreserved characters, which a URL fragment keeps as they are.
    code.chars()
        .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '.' | '_' | '~' | '@'))
}

#[test]
fn presets_round_trip_as_short_codes() {
    for p in PRESETS {
        let t = load(p.name).unwrap();
        let code = encode(&t);
        assert!(fragment_safe(&code), "{code}");
        assert!(code.len() < 120, "{}: {code}", p.name);
        let back = decode(&code).unwrap();
        assert_eq!(picture(&back), picture(&t), "{}", p.name);
        // The decoded timeline encodes the same way.
        assert_eq!(encode(&back), code);
    }
}

#[test]
fn the_stale_read_code_reads_as_documented() {
    let code = encode(&load("stale-read").unwrap());
    // Client 0 writes 1 on ticks 1..3; client 1 reads nil on 5..7; ...
    assert_eq!(code, "h1.s2.0w1@1-3.1rn@5-7.0r1@9-11.1r1@13-15");
}

#[test]
fn random_timelines_round_trip() {
    let mut rng = Rng::new(2024);
    for i in 0..600 {
        let attempts = 5 + rng.index(60);
        let t = random_timeline(&mut rng, attempts, i % 5 == 0);
        let code = encode(&t);
        assert!(fragment_safe(&code), "{code}");
        assert!(code.len() <= MAX_CODE_LEN);
        let back = decode(&code).unwrap_or_else(|e| panic!("{code}: {e}"));
        check_rules(&back);
        assert_eq!(picture(&back), picture(&t), "{code}");
        // The verdicts cannot differ either: same history to the checker.
        assert_eq!(back.to_history(), t.to_history());
    }
}

#[test]
fn a_large_random_history_shares_as_its_seed() {
    let mut t = Timeline::new(3).unwrap();
    t.apply(Edit::RandomLarge { seed: 42 }).unwrap();
    let first = t.ops()[0].id;
    t.apply(Edit::Delete { op: first }).unwrap();
    let code = encode(&t);
    assert_eq!(code, "h1.s1.L42.d0");
    let back = decode(&code).unwrap();
    assert_eq!(picture(&back), picture(&t));
}

#[test]
fn every_edit_round_trips_through_its_part() {
    let mut rng = Rng::new(8);
    for _ in 0..3000 {
        let t = random_timeline(&mut rng, 10, false);
        let e = common::random_edit(&mut rng, &t, true);
        // Only valid edits are ever recorded, so only they need a code (a
        // write with a result, say, has none).
        if t.clone().apply(e).is_err() {
            continue;
        }
        let part = edit_code(&e);
        assert!(fragment_safe(&part), "{part}");
        assert_eq!(parse_edit(&part), Ok(e), "{part}");
    }
}

#[test]
fn bad_codes_are_refused_with_a_reason() {
    for (code, part) in [
        ("", Some(0)),
        ("h2.s3", Some(0)),
        ("h1", None),
        ("h1.s0", Some(1)),
        ("h1.s6", Some(1)),
        ("h1.s3.0w1@5-5", Some(2)),
        ("h1.s3.0w1@1-9.0w2@5-12", Some(3)),
        ("h1.s3.0r@1-3", Some(2)),
        ("h1.s3.0w1@1-3.d7", Some(3)),
        ("h1.s3.0w1@1-3.q", Some(3)),
        ("h1.s3.0w1@1-3.d0.0w1@5-7", Some(4)),
        ("h1.s3.0w99999999999@1-3", Some(2)),
        ("h1.s3.0w1@1-3 ", None),
    ] {
        let e = decode(code).unwrap_err();
        assert_eq!(e.part, part, "{code}: {e}");
        assert!(e.to_string().len() > 10);
    }
    assert!(decode(&"a".repeat(MAX_CODE_LEN + 1)).is_err());
}

/// Random strings from the code alphabet, and valid codes with a few
/// characters changed, dropped or repeated: decode must return, never panic,
/// and whatever it accepts must be a valid timeline that encodes again.
#[test]
fn the_decoder_never_panics() {
    let alphabet: Vec<char> = "0123456789.@-srwcntfiamvodlxRLkh1 é%#".chars().collect();
    let mut rng = Rng::new(77);
    let mut valid = Vec::new();
    for p in PRESETS {
        valid.push(encode(&load(p.name).unwrap()));
    }
    for _ in 0..200 {
        let t = random_timeline(&mut rng, 30, false);
        let mut code = encode(&t);
        // Append a few edits so that edit parts get mutated too.
        for _ in 0..3 {
            let e = common::random_edit(&mut rng, &t, false);
            code.push('.');
            code.push_str(&edit_code(&e));
        }
        valid.push(code);
    }
    let mut accepted = 0;
    for i in 0..12_000 {
        let code: String = if i % 3 == 0 {
            let n = rng.index(40);
            let mut s = String::from(if rng.chance(70) { "h1.s" } else { "" });
            for _ in 0..n {
                s.push(alphabet[rng.index(alphabet.len())]);
            }
            s
        } else {
            let mut chars: Vec<char> = valid[rng.index(valid.len())].chars().collect();
            for _ in 0..1 + rng.index(3) {
                let k = rng.index(chars.len().max(1));
                match rng.below(4) {
                    0 if !chars.is_empty() => {
                        chars.remove(k.min(chars.len() - 1));
                    }
                    1 => chars.insert(k.min(chars.len()), alphabet[rng.index(alphabet.len())]),
                    2 if !chars.is_empty() => {
                        let at = k.min(chars.len() - 1);
                        chars[at] = alphabet[rng.index(alphabet.len())];
                    }
                    _ => {
                        let at = k.min(chars.len());
                        let copy: Vec<char> = chars[at..].iter().take(6).copied().collect();
                        for (j, c) in copy.into_iter().enumerate() {
                            chars.insert(at + j, c);
                        }
                    }
                }
            }
            chars.into_iter().collect()
        };
        if let Ok(t) = decode(&code) {
            accepted += 1;
            check_rules(&t);
            let again = decode(&encode(&t)).expect("a decoded timeline encodes validly");
            assert_eq!(picture(&again), picture(&t));
        }
    }
    // Most mutations break a rule, but some keep the code valid, so both
    // paths ran.
    assert!(accepted > 30, "{accepted}");
}
