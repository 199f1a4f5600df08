//! Shared links come from anywhere: decoding must never panic, and damage
//! must be reported in words.

use dsw_sim::rpc::{self, Rpc, RpcHost};
use dsw_sim::toys::Gossip;
use dsw_sim::{Chaos, Config, Rng, World, fragment};

fn sample_links() -> Vec<String> {
    let mut links = Vec::new();
    for seed in 0..20 {
        let g = Gossip {
            nodes: 4,
            ..Gossip::default()
        };
        let mut w = World::with_config(
            g,
            Config {
                seed,
                ..Config::default()
            },
        );
        w.run_chaos(&Chaos::storm(), 60).expect("chaos");
        links.push(fragment::encode(&w.recipe("gossip")));
    }
    links
}

fn decode_gossip(text: &str) -> Result<(), String> {
    fragment::decode::<Gossip>(text)
        .map(|_| ())
        .map_err(|e| e.to_string())
}

#[test]
fn random_bytes_and_text_never_panic() {
    let mut rng = Rng::new(2024);
    let alphabet = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    let mut errors = 0;
    for i in 0..20_000 {
        let len = rng.below(200) as usize;
        let mut bytes = vec![0u8; len];
        rng.fill_bytes(&mut bytes);
        // Half the inputs are valid base64 of random bytes, so the decoder
        // past the base64 layer is exercised too.
        let text = if i % 2 == 0 {
            let mut b = vec![1u8];
            b.extend_from_slice(&bytes);
            base64url(&b)
        } else if i % 4 == 1 {
            bytes
                .iter()
                .map(|b| char::from(alphabet[usize::from(b % 64)]))
                .collect()
        } else {
            String::from_utf8_lossy(&bytes).into_owned()
        };
        if let Err(msg) = decode_gossip(&text) {
            assert!(!msg.is_empty());
            errors += 1;
        }
        let _ = fragment::decode::<Rpc>(&text);
    }
    assert!(
        errors > 19_000,
        "random input should almost never decode ({errors})"
    );
}

#[test]
fn every_truncation_of_a_valid_link_is_refused() {
    for link in sample_links() {
        assert!(decode_gossip(&link).is_ok());
        for cut in 0..link.len() {
            let err = decode_gossip(&link[..cut])
                .expect_err("a cut-off link must not decode to a shorter trace");
            assert!(err.len() > 10, "message too terse: {err}");
        }
    }
}

#[test]
fn corrupted_links_never_panic_and_errors_read_well() {
    let mut rng = Rng::new(9);
    let mut refused = 0;
    let mut total = 0;
    for link in sample_links() {
        let bytes = link.as_bytes();
        for _ in 0..500 {
            let mut b = bytes.to_vec();
            let i = rng.below(b.len() as u64) as usize;
            match rng.below(3) {
                0 => b[i] = b"ABCxyz019-_"[rng.below(11) as usize],
                1 => {
                    b.remove(i);
                }
                _ => b.insert(i, b"Qq7"[rng.below(3) as usize]),
            }
            let text = String::from_utf8(b).expect("ascii stays ascii");
            total += 1;
            if let Err(msg) = decode_gossip(&text) {
                refused += 1;
                assert!(msg.chars().next().is_some_and(char::is_alphabetic), "{msg}");
            }
        }
    }
    assert!(
        refused * 2 > total,
        "most corruptions are caught ({refused}/{total})"
    );
}

#[test]
fn specific_damage_gets_specific_messages() {
    let e = |t: &str| decode_gossip(t).unwrap_err();
    assert!(e("").contains("no trace"));
    assert!(e("ab$d").contains("'$'"));
    assert!(e("AgA").contains("version 2"));
    let link = &sample_links()[0];
    assert!(e(&format!("{link}AAAA")).contains("unexpected bytes"));
}

#[test]
fn rpc_links_reopen_the_same_world() {
    for p in rpc::PRESETS {
        let mut w = p.load(&RpcHost).expect("preset loads");
        w.seek(w.step() / 2).expect("seek");
        let link = fragment::encode(&w.recipe(p.name));
        let back = rpc::open_link(&format!("#{link}")).expect("link opens");
        assert_eq!(back.step(), w.step());
        assert_eq!(back.state_hash(), w.state_hash());
        assert_eq!(back.trace(), w.trace());
    }
    let unknown = dsw_sim::Recipe::<Rpc> {
        scenario: "nope".to_owned(),
        seed: 1,
        actions: Vec::new(),
        step: 0,
    };
    let err = rpc::open_link(&fragment::encode(&unknown)).unwrap_err();
    assert!(err.contains("unknown scenario"), "{err}");
}

/// An independent base64url encoder, so the test does not trust the
/// crate's own.
fn base64url(bytes: &[u8]) -> String {
    const A: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    let mut bits = 0u32;
    let mut n = 0;
    let mut out = String::new();
    for &b in bytes {
        bits = (bits << 8) | u32::from(b);
        n += 8;
        while n >= 6 {
            n -= 6;
            out.push(char::from(A[((bits >> n) & 63) as usize]));
        }
    }
    if n > 0 {
        out.push(char::from(A[((bits << (6 - n)) & 63) as usize]));
    }
    out
}
