#!/usr/bin/env bash
# Hostile-input sweep for issue 17's figures: no input or taxonomy under 10 MB may make castgraph take more
# than 1 s per MB of input, or more than 100 MB + 8 x the input's size in memory.
#
# Usage: bash scripts/hostile-sweep.sh BINARY [SCALE] [CASES]
#   BINARY  a castgraph binary (a release build: `cargo build --release` gives target/release/castgraph)
#   SCALE   multiplies the three input sizes, 40 KiB, 1 MiB and 9.5 MiB (default 1: the full sweep, several
#           minutes; 0.05 takes well under a minute when the cases pass, for CI). Sizes stay under 10 MB
#           whatever the scale.
#   CASES   an extended regex: run only the cases whose name matches (default: all), e.g. 'pat-|vtt-'.
# Example: nice -n 10 bash scripts/hostile-sweep.sh target/release/castgraph 1
#
# Every case is generated (deterministically, by the Python below) at each size, then run under
# `/usr/bin/time -f '%e %M'` as `castgraph build INPUT -o OUT.json` (inputs), `castgraph build --topics T.toml
# -o OUT.json` on the bundled corpus and `castgraph check T.toml` (taxonomies), or `castgraph build INPUT
# --topics T.toml -o OUT.json` (user patterns with an input that triggers them). "Input MB" is the size of
# every file given (input and taxonomy), in MiB; memory is max RSS in MiB.
#
# Limits, per run: time <= max(1, input MB) s (the figure is per MB; under 1 MB the floor of 1 s covers the
# fixed start-up); max RSS <= 100 + 8 x input MB. Time is the lesser of wall and CPU (user + system) time,
# so that a loaded machine does not fail a case that did little work (on an idle machine the lesser is at
# most the wall time); "s/MB" is that time per input MB. A run is killed
# (and FAILs) after 2 x its time limit + 5 s of wall time, above 3 GiB of address space, or above 2 GiB of output. A
# non-zero exit (castgraph refusing an input) is not a failure by itself: the column shows it.
#
# For each failing `build` of an input, the same input is run again through `castgraph episodes` (ingest
# only) and `castgraph stats` (ingest + tag + graph, no export) to tell which stage is responsible (these
# probes are killed after their time limit + 5 s).
# Prints a Markdown table, then the failures; exits 1 if any case fails, 2 on a usage error.
set -uo pipefail

usage() { sed -n '5,11p' "$0" >&2; exit 2; }
[ $# -ge 1 ] || usage
BIN=$1
SCALE=${2:-1}
FILTER=${3:-}
[ -x "$BIN" ] || { echo "error: \`$BIN\` is not an executable castgraph binary" >&2; exit 2; }
BIN=$(cd "$(dirname "$BIN")" && pwd)/$(basename "$BIN")
command -v python3 >/dev/null || { echo "error: python3 is needed to generate the inputs" >&2; exit 2; }
[ -x /usr/bin/time ] || { echo "error: GNU time (/usr/bin/time) is needed" >&2; exit 2; }
awk -v s="$SCALE" 'BEGIN { exit !(s > 0 && s <= 1.0001) }' ||
  { echo "error: SCALE \`$SCALE\` must be in (0, 1]: the figures hold under 10 MB" >&2; exit 2; }

WORK=$(mktemp -d "${TMPDIR:-/tmp}/hostile-sweep.XXXXXX")
trap 'rm -rf "$WORK"' EXIT
mkdir -p "$WORK/gen" "$WORK/run"

# The generator: `gen.py DIR BYTES` writes every case at about BYTES bytes (never more) into DIR and prints
# one line per case: name<TAB>kind<TAB>file (kind: input, tax or pattern; a pattern case also writes
# NAME.toml beside its input).
cat >"$WORK/gen.py" <<'PY'
import json, os, random, sys

out, N = sys.argv[1], int(sys.argv[2])
rng = random.Random(17)
WORDS = ("the JIT free threading GIL PEP 703 asyncio Brandt Bucher interpreter specialization garbage "
         "collector Python 3.13 release subinterpreters typing pattern matching Łukasz Langa Pablo Galindo "
         "mimalloc bytecode and of on with a").split()
cases = []

def words(n_bytes):
    """About n_bytes of vocabulary words, one line."""
    parts, size = [], 0
    while size < n_bytes:
        w = rng.choice(WORDS)
        parts.append(w)
        size += len(w.encode()) + 1
    return " ".join(parts)

def stamp(s, sep=":"):
    return f"{s // 3600:02d}{sep}{s // 60 % 60:02d}{sep}{s % 60:02d}"

def fill(head, unit, tail=""):
    """head + unit(0) + unit(1) + ... + tail, as many units as keep the whole under N bytes."""
    h, t = head.encode(), tail.encode()
    parts, size, i = [h], len(h) + len(t), 0
    while True:
        u = unit(i).encode()
        if size + len(u) > N:
            break
        parts.append(u)
        size += len(u)
        i += 1
    parts.append(t)
    return b"".join(parts)

def pad(head, body_char, tail=""):
    """head + body_char repeated + tail, N bytes at most."""
    h, t, c = head.encode(), tail.encode(), body_char.encode()
    return h + c * ((N - len(h) - len(t)) // len(c)) + t

def write(name, kind, ext, data, **extra):
    path = os.path.join(out, name + "." + ext)
    with open(path, "wb") as f:
        f.write(data if isinstance(data, bytes) else data.encode())
    cases.append((name, kind, path))

def name_of(i):
    """A person-like capitalised name, different for every i."""
    syl = ["ka", "lo", "mi", "ne", "ru", "sa", "to", "vi", "de", "ga", "ho", "ju", "be", "fi", "po", "zu"]
    a, b = [], []
    j = i
    for _ in range(3):
        a.append(syl[j % 16]); j //= 16
    for _ in range(3):
        b.append(syl[j % 16]); j //= 16
    return "".join(a).capitalize() + " " + ("".join(b) + syl[(i * 7) % 16]).capitalize()

TOKENS = lambda i: (f"PEP {i % 9000 + 1}, gh-{100000 + i}, bpo-{40000 + i}, CVE-2024-{1000 + i}, "
                    f"Python 3.{i % 20}.{i % 9}rc{i % 3 + 1}, #{i + 1}; ")

# --- inputs, one per format and hostile shape -------------------------------------------------------------
write("txt-episodes", "input", "txt", fill("", lambda i:
    f"{words(200)}. # Timestamps " + " ".join(f"({stamp(j * 97)}) {words(30)}" for j in range(12)) + "\n"))
write("txt-one-line-chapters", "input", "txt", fill("About the show. # Timestamps", lambda i:
    f" ({stamp(i)}) {words(20)}", "\n"))
write("txt-title-9mb", "input", "txt", "Episode 1: Big\nAbout.\n\n00:00:00 ".encode()
      + words(N).encode()[: N - 40] + b"\n")
write("txt-title-char-a", "input", "txt", pad("Episode 1: A\nAbout.\n\n00:00:00 ", "a", "\n"))
write("txt-title-char-0", "input", "txt", pad("Episode 1: A\nAbout.\n\n00:00:00 ", "0", "\n"))
write("txt-title-char-paren", "input", "txt", pad("Episode 1: A\nAbout.\n\n00:00:00 ", "(", "\n"))
write("txt-title-char-e-acute", "input", "txt", pad("Episode 1: A\nAbout.\n\n00:00:00 ", "é", "\n"))
write("txt-title-tokens", "input", "txt", fill("Episode 1: Tokens\nAbout.\n\n00:00:00 ", TOKENS, "\n"))
write("txt-chapters-tokens", "input", "txt", fill("Episode 1: Tokens\nAbout.\n\n", lambda i:
    f"{stamp(i)} {TOKENS(i)}\n"))
write("txt-title-names", "input", "txt", fill("Episode 1: Names\nAbout.\n\n00:00:00 ", lambda i:
    name_of(i) + ", ", "\n"))
write("md-episodes", "input", "md", fill("# Show notes\n\n", lambda i:
    f"# Episode {i + 1}: {words(40)}\n\n{words(200)}\n\n## Chapters\n\n"
    + "".join(f"- ({stamp(j * 61)}) {words(30)}\n" for j in range(10)) + "\n"))
write("md-deep-quote", "input", "md", pad("# Episode 1: Deep\n\n", "> ", "00:00:00 x\n"))
write("md-deep-list", "input", "md", fill("# Episode 1: Deep\n\n## Chapters\n\n", lambda i:
    "  " * i + f"- ({stamp(i)}) item\n"))
write("md-deep-headings", "input", "md", fill("# Episode 1: Deep\n\n", lambda i:
    "#" * (i % 200 + 1) + f" ({stamp(i)}) heading\n"))
# One body line of a module and a common topic word, over and over (found by the `ingest` fuzz target: each
# mention of a common word counted the words of the whole body, 16 s for 475 KB).
write("md-body-one-line-of-terms", "input", "md", fill("# Episode 1: Body\n\n## An item\n\n", lambda i:
    "sys.monitoring JIT ", "\n"))
# The same terms a line each, where new people are looked for line by line (399 MB at 9.5 MiB: each line's
# mentions were kept one by one for the names to be checked against), and lines of names beside terms (each
# candidate name was checked against every mention of the body: 41 s for 2 MiB).
write("md-body-lines-of-terms", "input", "md", fill("# Episode 1: Body\n\n## An item\n\n", lambda i:
    "sys.monitoring JIT\n"))
write("md-body-lines-of-names", "input", "md", fill("# Episode 1: Body\n\n## An item\n\n", lambda i:
    "Alice Smith on the JIT and asyncio\nsys.monitoring JIT by Bob Jones, Carol King and Dan Brown\n"))

RSS_HEAD = ('<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0"><channel><title>Show</title>\n'
            '<item><title>Episode 1: Big</title><description>')
RSS_TAIL = "</description></item>\n</channel></rss>\n"
write("rss-cdata-chapters", "input", "rss", fill(RSS_HEAD + "<![CDATA[<p>", lambda i:
    f"{stamp(i)} {words(30)}<br>\n", "</p>]]>" + RSS_TAIL))
write("rss-cdata-one-paragraph", "input", "rss", RSS_HEAD.encode() + b"<![CDATA[<p>00:00:00 "
      + words(N).encode()[: N - len(RSS_HEAD) - 80] + ("</p>]]>" + RSS_TAIL).encode())
write("rss-escaped-html", "input", "rss", fill(RSS_HEAD + "&lt;p&gt;", lambda i:
    f"{stamp(i)} {words(20)} &amp;amp; &#233;&lt;br&gt;\n", "&lt;/p&gt;" + RSS_TAIL))
write("rss-deep-xml", "input", "rss", fill(RSS_HEAD + "x</description>",
    lambda i: "<x>", "</item>\n</channel></rss>\n"))
write("rss-deep-xml-closed", "input", "rss",
      (lambda k: (RSS_HEAD + "x</description>" + "<x>" * k + "</x>" * k + "</item></channel></rss>\n").encode())
      (max(1, (N - 200) // 7)))
write("rss-deep-html", "input", "rss", fill(RSS_HEAD + "<![CDATA[", lambda i:
    "<div>", "00:00:00 deep]]>" + RSS_TAIL))
write("rss-many-items", "input", "rss", fill(
    '<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0"><channel><title>Show</title>\n', lambda i:
    f"<item><title>Episode {i + 1}: {words(30)}</title><description>&lt;p&gt;00:00:00 Intro&lt;br&gt;"
    f"00:01:00 {words(30)}&lt;/p&gt;</description></item>\n", "</channel></rss>\n"))
write("atom-many-entries", "input", "atom", fill(
    '<?xml version="1.0" encoding="utf-8"?>\n<feed xmlns="http://www.w3.org/2005/Atom"><title>Show</title>\n',
    lambda i: f"<entry><title>Episode {i + 1}: {words(30)}</title><content type=\"html\">"
    f"&lt;li&gt;(00:00:00) Intro&lt;/li&gt;&lt;li&gt;(00:01:00) {words(30)}&lt;/li&gt;</content></entry>\n",
    "</feed>\n"))

def json_str(s):
    return json.dumps(s, ensure_ascii=False)
write("json-huge-string", "input", "json", fill('[{"number": 1, "title": "Big", "description": "', lambda i:
    f"{stamp(i)} {words(20)} \\\"q\\\" \\u00e9\\n", '"}]\n'))
write("json-deep-arrays", "input", "json", pad("", "[", "")[: N // 2] + b"]" * (N // 2))
write("json-deep-in-episode", "input", "json",
      (lambda k: ('[{"number": 1, "title": "Deep", "x": ' + "[" * k + "]" * k + "}]\n").encode())
      (max(1, (N - 60) // 2)))
write("json-deep-objects", "input", "json",
      (lambda k: ('{"a": ' * k + "1" + "}" * k + "\n").encode())(max(1, (N - 10) // 7)))
write("json-many-chapters", "input", "json", fill('[{"number": 1, "title": "Big", "chapters": [', lambda i:
    ("" if i == 0 else ", ") + f'{{"start": "{stamp(i)}", "title": {json_str(words(20))}}}', "]}]\n"))
write("json-many-episodes", "input", "json", fill("[", lambda i:
    ("" if i == 0 else ",\n") + f'{{"number": {i + 1}, "title": {json_str(words(30))}, '
    f'"description": {json_str(words(60))}, "chapters": [{{"seconds": 0, "title": "Intro"}}, '
    f'{{"seconds": 60, "title": {json_str(words(30))}}}]}}', "]\n"))

write("vtt-one-cue", "input", "vtt", fill("WEBVTT\n\n00:00:00.000 --> 00:00:05.000\n", lambda i:
    f"<v {name_of(i % 50)}>{words(70)}\n", "\n"))
write("vtt-one-cue-one-line", "input", "vtt", b"WEBVTT\n\n00:00:00.000 --> 00:00:05.000\n"
      + words(N).encode()[: N - 60] + b"\n")
write("vtt-tiny-cues", "input", "vtt", fill("WEBVTT\n\n", lambda i:
    f"{stamp(i)}.000 --> {stamp(i)}.500\na\n\n"))
write("vtt-names-one-cue", "input", "vtt", fill("WEBVTT\n\n00:00:00.000 --> 00:00:05.000\n", lambda i:
    name_of(i) + (" and " if i % 8 else ",\n"), "\n"))
# People the taxonomy does not know, each after an interview cue, in a chapter or a cue of their own (a
# name in a line over 2,000 bytes is not looked for): every name is a person node and an edge.
write("txt-chapters-new-people", "input", "txt", fill("Episode 1: People\nAbout.\n\n", lambda i:
    f"{stamp(i)} Interview with {name_of(i)}\n"))
write("vtt-cues-new-people", "input", "vtt", fill("WEBVTT\n\n", lambda i:
    f"{stamp(i)}.000 --> {stamp(i + 1)}.000\nInterview with {name_of(i)}.\n\n"))
write("vtt-tokens-one-cue", "input", "vtt", fill("WEBVTT\n\n00:00:00.000 --> 00:00:05.000\n", lambda i:
    TOKENS(i) + ("\n" if i % 4 == 3 else ""), "\n"))
write("srt-one-cue", "input", "srt", fill("1\n00:00:00,000 --> 00:00:05,000\n", lambda i:
    f"{words(70)}\n", "\n"))
write("srt-tiny-cues", "input", "srt", fill("", lambda i:
    f"{i + 1}\n{stamp(i)},000 --> {stamp(i)},500\na\n\n"))
write("transcript-one-cue", "input", "txt", b"[00:00:00] A: hi\n[00:00:01] B: yo\n[00:00:02] A: "
      + words(N).encode()[: N - 60] + b"\n")
write("transcript-tiny-cues", "input", "txt", fill("", lambda i: f"[{stamp(i)}] a\n"))
write("transcript-names", "input", "txt", fill("", lambda i:
    f"[{stamp(i // 20)}] " + name_of(i) + ": " + name_of(i + 1) + " and " + name_of(i + 2) + "\n"))
# Every cue dense with topic and module words: a transcript's mentions were listed whole before they were
# placed in their passages and merged there (199 MB at 9.5 MiB; docs/reliability.md).
write("vtt-cues-of-terms", "input", "vtt", fill("WEBVTT\n\n", lambda i:
    f"{stamp(i)}.000 --> {stamp(i + 1)}.000\nsys.monitoring JIT sys.monitoring JIT and the JIT\n\n"))
write("transcript-lines-of-terms", "input", "txt", fill("", lambda i:
    f"[{stamp(i)}] sys.monitoring JIT sys.monitoring JIT and the JIT.\n"))

# --- taxonomies (each extends the shipped one) ------------------------------------------------------------
EXT = 'extends = "builtin"\n'
write("tax-parent-chain", "tax", "toml", fill(EXT, lambda i:
    f'\n[[topic]]\nid = "chain-{i}"\nlabel = "Chain {i}"\n' + (f'parent = "chain-{i - 1}"\n' if i else "")))
# Children before their parents: the last topic's parent line, naming a topic that is not there, is cut.
chain = fill(EXT, lambda i: f'\n[[topic]]\nid = "chain-{i}"\nlabel = "Chain {i}"\nparent = "chain-{i + 1}"\n')
write("tax-parent-chain-reversed", "tax", "toml", chain[: chain.rindex(b"parent = ")])
write("tax-aliases-one-line", "tax", "toml", fill(EXT + '[[topic]]\nid = "many"\nlabel = "Many"\naliases = [',
    lambda i: ("" if i == 0 else ", ") + f'"zq{i}"', "]\n"))
write("tax-many-topics", "tax", "toml", fill(EXT, lambda i:
    f'\n[[topic]]\nid = "t{i}"\nlabel = "Topic {i}"\naliases = ["zqa {i}", "zqb{i}"]\n'))
write("tax-many-people", "tax", "toml", fill(EXT, lambda i:
    f'\n[[person]]\nname = "{name_of(i)}"\naliases = ["{name_of(i).split()[1]} z{i}"]\n'))
write("tax-many-patterns", "tax", "toml", fill(EXT, lambda i:
    f"\n[[topic]]\nid = \"p{i}\"\nlabel = \"Pattern {i}\"\npatterns = ['zq{i}[a-z]+\\d']\n"))
write("tax-one-huge-pattern", "tax", "toml", fill(EXT + "[[topic]]\nid = \"huge\"\nlabel = \"Huge\"\npatterns = ['",
    lambda i: ("" if i == 0 else "|") + f"zq{i}", "']\n"))

# --- user patterns on inputs that trigger them ------------------------------------------------------------
for name, pattern in (("pat-a-plus", "a+"), ("pat-a-az-bang", "a[a-z]*!"), ("pat-dotstar-a-20", "(.*a){20}")):
    tax = f"{EXT}[[topic]]\nid = \"hostile\"\nlabel = \"Hostile\"\npatterns = ['{pattern}']\n"
    with open(os.path.join(out, name + ".toml"), "w") as f:
        f.write(tax)
    N_input = N - len(tax.encode())
    title = "Episode 1: A\nAbout.\n\n00:00:00 "
    write(name, "pattern", "txt", title + "a" * (N_input - len(title) - 1) + "\n")

for name, kind, path in cases:
    print(f"{name}\t{kind}\t{path}")
PY

# One measured run: `measure LIMIT_S ARGS...` sets $secs (wall), $cpu (user + system), $rss_mb, $code,
# $killed and $out_mb.
measure() {
  local limit_s=$1; shift
  local tf="$WORK/run/time" out="$WORK/run/OUT.json" kill_after
  kill_after=$(awk -v l="$limit_s" -v f="${KILL_FACTOR:-2}" 'BEGIN { printf "%d", f * l + 5 }')
  rm -f "$tf" "$out" "$WORK"/run/.OUT.json.*
  (
    ulimit -v $((3 * 1024 * 1024)) # KiB: 3 GiB of address space
    ulimit -f $((2 * 1024 * 1024)) # KiB: 2 GiB of output
    cd "$WORK/run" && exec /usr/bin/time -f '%e %U %S %M' -o "$tf" \
      timeout -k 2 "$kill_after" "$BIN" "$@" >/dev/null 2>"$WORK/run/stderr"
  )
  code=$?
  local last
  last=$(tail -n 1 "$tf" 2>/dev/null)
  read -r secs user sys rss_kb <<<"$last"
  cpu=$(awk -v u="$user" -v s="$sys" 'BEGIN { printf "%.2f", u + s }')
  rss_mb=$(awk -v k="$rss_kb" 'BEGIN { printf "%.1f", k / 1024 }')
  killed=""
  if [ "$code" = 124 ] || [ "$code" = 137 ]; then killed="timeout"
  elif grep -qi "memory allocation\|out of memory" "$WORK/run/stderr"; then killed="mem-cap"
  elif [ "$code" -gt 128 ]; then killed="signal $((code - 128))"
  fi
  out_mb=$(awk -v b="$(stat -c %s "$out" 2>/dev/null || echo 0)" 'BEGIN { printf "%.1f", b / 1048576 }')
  rm -f "$out" "$WORK"/run/.OUT.json.*
}

# A row of the table: `row CASE CMD MB ARGS...`; a failing build of an input gets a stage probe.
fails=()
row() {
  local case=$1 cmd=$2 mb=$3; shift 3
  local limit_s limit_mb verdict why=""
  limit_s=$(awk -v m="$mb" 'BEGIN { printf "%.2f", (m > 1 ? m : 1) }')
  limit_mb=$(awk -v m="$mb" 'BEGIN { printf "%.0f", 100 + 8 * m }')
  measure "$limit_s" "$@"
  local spm
  spm=$(awk -v s="$secs" -v c="$cpu" -v m="$mb" 'BEGIN { if (m < 0.01) print "-"; else printf "%.2f", (c < s ? c : s) / m }')
  verdict=PASS
  awk -v s="$secs" -v c="$cpu" -v l="$limit_s" 'BEGIN { exit !((c < s ? c : s) > l) }' &&
    { verdict=FAIL; why="time"; }
  awk -v r="$rss_mb" -v l="$limit_mb" 'BEGIN { exit !(r > l) }' && { verdict=FAIL; why="${why:+$why+}memory"; }
  [ -n "$killed" ] && { verdict=FAIL; why="${why:+$why+}$killed"; }
  local shown_secs=$secs
  [ "$killed" = timeout ] && shown_secs=">$secs"
  printf '| %s | %s | %.3f | %s | %s | %s | %s | %s | %s | %s | %s |\n' "$case" "$cmd" "$mb" "$shown_secs" "$cpu" "$spm" \
    "$rss_mb" "$limit_mb" "$out_mb" "$code" "$verdict${why:+ ($why)}"
  if [ $verdict = FAIL ]; then
    local note="$case | $cmd | ${mb} MB | ${shown_secs} s wall, ${cpu} s CPU (limit ${limit_s}) | ${rss_mb} MB (limit ${limit_mb}) | output ${out_mb} MB | exit $code${killed:+, $killed}"
    if [ "$1" = build ] && [ "$cmd" != "build --topics" ]; then
      local args=("${@:2}") probe=() a skip=0
      for a in "${args[@]}"; do # drop `-o OUT.json`
        if [ $skip = 1 ]; then skip=0; continue; fi
        [ "$a" = -o ] && { skip=1; continue; }
        probe+=("$a")
      done
      KILL_FACTOR=1 measure "$limit_s" episodes "${probe[@]}"
      note+=" || episodes (ingest): ${secs} s wall, ${cpu} s CPU, ${rss_mb} MB${killed:+, $killed}"
      KILL_FACTOR=1 measure "$limit_s" stats "${probe[@]}"
      note+="; stats (ingest+tag+graph): ${secs} s wall, ${cpu} s CPU, ${rss_mb} MB${killed:+, $killed}"
    fi
    fails+=("$note")
  fi
}

echo "castgraph: $BIN ($("$BIN" --version 2>/dev/null))"
echo "scale: $SCALE; machine: $(nproc) cores, $(awk '/MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo)"
measure 1 build -o OUT.json
echo "start-up: \`castgraph build -o OUT.json\` on the bundled corpus: ${secs} s wall, ${cpu} s CPU, ${rss_mb} MB"
echo
echo '| case | command | input MB | wall s | CPU s | s/MB | max RSS MB | limit MB | output MB | exit | result |'
echo '|------|---------|---------:|-------:|------:|-----:|-----------:|---------:|----------:|-----:|--------|'
for base in 40960 1048576 9961472; do
  bytes=$(awk -v b="$base" -v s="$SCALE" 'BEGIN { printf "%d", b * s }')
  gen="$WORK/gen/$bytes"
  mkdir -p "$gen"
  python3 "$WORK/gen.py" "$gen" "$bytes" >"$WORK/cases" || { echo "error: the generator failed" >&2; exit 2; }
  while IFS=$'\t' read -r case kind file; do
    [ -n "$FILTER" ] && ! [[ $case =~ $FILTER ]] && continue
    size=$(stat -c %s "$file")
    case $kind in
      input)
        mb=$(awk -v b="$size" 'BEGIN { printf "%.4f", b / 1048576 }')
        row "$case" build "$mb" build "$file" -o OUT.json ;;
      tax)
        mb=$(awk -v b="$size" 'BEGIN { printf "%.4f", b / 1048576 }')
        row "$case" "build --topics" "$mb" build --topics "$file" -o OUT.json
        row "$case" check "$mb" check "$file" ;;
      pattern)
        tax="${file%.txt}.toml"
        size=$((size + $(stat -c %s "$tax")))
        mb=$(awk -v b="$size" 'BEGIN { printf "%.4f", b / 1048576 }')
        row "$case" "build --topics" "$mb" build "$file" --topics "$tax" -o OUT.json
        mb=$(awk -v b="$(stat -c %s "$tax")" 'BEGIN { printf "%.4f", b / 1048576 }')
        row "$case" check "$mb" check "$tax" ;;
    esac
  done <"$WORK/cases"
  rm -rf "$gen"
done

echo
if [ ${#fails[@]} -eq 0 ]; then
  echo "ALL PASS"
  exit 0
fi
echo "FAILING (${#fails[@]}):"
printf -- '- %s\n' "${fails[@]}"
exit 1
