//! Write a synthetic corpus for scale tests: `cargo run --release --example synth -- 100000 > 100k.txt`,
//! or transcript text: `cargo run --release --example synth -- --transcript 50000000 > talk.txt`.

use std::io::Write;

use castgraph::ingest;

/// The synthetic corpus generator, private to the library (it names `crate::ingest`, imported above).
#[path = "../src/synth.rs"]
mod synth;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (transcript, count) = match args.as_slice() {
        [flag, n] if flag == "--transcript" => (true, n.parse::<usize>()),
        [n] => (false, n.parse::<usize>()),
        _ => {
            eprintln!("usage: synth N (episodes) | synth --transcript BYTES");
            std::process::exit(2);
        }
    };
    let Ok(count) = count else {
        eprintln!("error: the count must be a whole number");
        std::process::exit(2);
    };
    let text = if transcript {
        synth::transcript(count, 42)
    } else {
        synth::show_notes(count, 42)
    };
    if let Err(e) = std::io::stdout().lock().write_all(text.as_bytes()) {
        eprintln!("error: {e}");
        std::process::exit(1);
    }
}
