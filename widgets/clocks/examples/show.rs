//! Prints a preset's stamps and narration:
//! `cargo run --example show -- basics` (no argument: every preset).

use dsw_clocks::{PRESETS, explain_event, load, vector};

fn main() {
    let wanted: Vec<String> = std::env::args().skip(1).collect();
    for p in PRESETS {
        if !wanted.is_empty() && !wanted.iter().any(|w| w == p.name) {
            continue;
        }
        let d = match load(p.name) {
            Ok(d) => d,
            Err(e) => {
                eprintln!("{}: {e}", p.name);
                continue;
            }
        };
        let a = d.analyze();
        println!("== {} ({}): {}", p.name, p.title, p.summary);
        println!("   code {}", p.code);
        for e in a.events() {
            let s = a.stamp(e.id).expect("every event has stamps");
            let mark = p
                .marks
                .iter()
                .find(|(_, id)| *id == e.id.0)
                .map_or(String::new(), |(m, _)| format!(" [{m}]"));
            println!(
                "   {:6} {:4} t={:4} pt={:4} L={:2} V={:10} HLC={}{mark}",
                a.label(e.id).unwrap_or_default(),
                e.id.to_string(),
                e.time,
                s.physical,
                s.lamport,
                vector::show(&s.vector),
                s.hlc
            );
        }
        for e in a.events() {
            for line in explain_event(&a, e.id) {
                println!("      {line}");
            }
        }
        let inv = a.inversions();
        if !inv.is_empty() {
            println!("   inversions: {inv:?}");
        }
    }
}
