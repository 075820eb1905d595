use aho_corasick::{AhoCorasickBuilder, MatchKind};
use std::collections::HashMap;
fn main() {
    let tax = castgraph::Taxonomy::builtin().unwrap();
    let mut pats: Vec<String> = tax.terms.iter().map(|t| t.text.clone()).collect();
    pats.extend(tax.modules.names.iter().cloned());
    let text = castgraph::synth::transcript(2 << 20, 1);
    let ac = AhoCorasickBuilder::new()
        .ascii_case_insensitive(true)
        .match_kind(MatchKind::LeftmostLongest)
        .build(&pats)
        .unwrap();
    let mut c: HashMap<String, usize> = HashMap::new();
    for m in ac.find_iter(&text) {
        *c.entry(text[m.range()].to_lowercase()).or_default() += 1;
    }
    let mut v: Vec<_> = c.into_iter().collect();
    v.sort_by(|a, b| b.1.cmp(&a.1));
    eprintln!("{:?}", &v[..25]);
}
