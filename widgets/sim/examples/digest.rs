//! Prints the determinism digest natively, for comparison with the wasm
//! bundle's (see `tests/browser`).

fn main() {
    let seed = std::env::args()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(dsw_sim::DEFAULT_SEED);
    println!("{}", dsw_sim::determinism_digest(seed, 2_000));
}
