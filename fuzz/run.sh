#!/usr/bin/env bash
# Build every fuzz target and run each for a bounded time: fuzz/run.sh [SECONDS] (default 60 per run).
#
# The targets are built the way `cargo fuzz build -s none -a` builds them (SanitizerCoverage flags and
# `--cfg fuzzing` on nightly, release with debug assertions), without installing cargo-fuzz. libFuzzer
# itself comes from libfuzzer-sys, compiled with the system C++ compiler. The seed corpus is made at run
# time from the project's fixtures, fuzz/seeds/ and ../shared/corpora (when it is there) into
# fuzz/corpus/seed-<target>/ (git-ignored); what libFuzzer finds goes to fuzz/corpus/<run>/ and is kept
# between runs. A crash, panic, timeout or out-of-memory leaves its input in fuzz/artifacts/<run>/ and
# makes the script exit non-zero. The last line counts the executions: `fuzz: N executions clean across R
# runs`; every run is also appended to fuzz/artifacts/runs.tsv (date, commit, run, seconds, executions).
#
# A run is a target with its own input length and share of the time (the table `runs` below): the cheap
# runs (one stage, inputs of a few KB) do thousands of executions a second, the deep ones (the whole
# pipeline, inputs up to 1 MB) reach the slow cases.
#
# Environment: FUZZ_NICE (niceness, default 0), FUZZ_TIMEOUT (seconds an input may take, default 10; more
# on a loaded machine, where a starved process stalls), FUZZ_TARGETS (a space-separated subset of the runs),
# FUZZ_JOBS (runs at once, default 1), FUZZ_SKIP_BUILD=1 (run the binaries already built), FUZZ_BUILD_ONLY=1
# (build them and stop),
# FUZZ_SHARED=0 (no seeds from ../shared/corpora: a shorter first pass over the seeds), FUZZ_TIME="read=600
# ingest=120" (seconds for those runs instead of their share of SECONDS).
set -euo pipefail
cd "$(dirname "$0")"
seconds="${1:-60}"
fuzz_dir="$PWD"
project="$(cd .. && pwd)"
shared="$(cd "$project/.." && pwd)/shared/corpora"
triple="$(rustc +nightly -vV | sed -n 's/^host: //p')"
export CARGO_TARGET_DIR="$fuzz_dir/target"
# One thread for rayon inside each run: the graph is built on all cores otherwise, which a fuzzer needs not.
export RAYON_NUM_THREADS="${RAYON_NUM_THREADS:-1}"
nice_level="${FUZZ_NICE:-0}"

# --- build -------------------------------------------------------------------------------------------------
rustflags=(
  -Cpasses=sancov-module
  -Cllvm-args=-sanitizer-coverage-level=4
  -Cllvm-args=-sanitizer-coverage-inline-8bit-counters
  -Cllvm-args=-sanitizer-coverage-pc-table
  -Cllvm-args=-sanitizer-coverage-trace-compares
  -Cllvm-args=-sanitizer-coverage-stack-depth
  -Cllvm-args=-simplifycfg-branch-fold-threshold=0
  --cfg fuzzing
  -Cdebug-assertions
  -Coverflow-checks
)
built="$(mktemp)"
trap 'rm -f "$built"' EXIT
build_start=$SECONDS
if [[ "${FUZZ_SKIP_BUILD:-0}" != 1 ]]; then
  # `--target` keeps the flags off build scripts and proc macros, as cargo-fuzz does.
  RUSTFLAGS="${rustflags[*]} ${RUSTFLAGS:-}" nice -n "$nice_level" \
    cargo +nightly build --locked --release --bins --target "$triple" --message-format=json-render-diagnostics \
    | sed -n 's/.*"executable":"\([^"]*\)".*/\1/p' >"$built"
else
  for source in fuzz_targets/*.rs; do
    binary="$CARGO_TARGET_DIR/$triple/release/$(basename "$source" .rs)"
    [[ -x "$binary" ]] && echo "$binary" >>"$built"
  done
fi
echo "fuzz: $(wc -l <"$built") targets ready after $((SECONDS - build_start)) s of building"
# FUZZ_BUILD_ONLY=1: stop here (.ci/run builds while the tests run, and runs the targets after them).
[[ "${FUZZ_BUILD_ONLY:-0}" == 1 ]] && exit 0

# --- seeds -------------------------------------------------------------------------------------------------
# `seed NAME SELECTOR FILE...`: each file becomes a seed of NAME, after the one-byte SELECTOR (hex).
seed() {
  local name="$1" selector="$2"
  shift 2
  mkdir -p "corpus/seed-$name"
  for file in "$@"; do
    [[ -f "$file" ]] || continue
    { printf "\\x$selector"; cat "$file"; } >"corpus/seed-$name/$selector-$(basename "$file")"
  done
}

# The format selector of the ingest target: the index in `InputFormat::ALL`.
text=00 markdown=01 rss=02 json=03 vtt=04 srt=05 transcript=06
# `repeat TEXT BYTES`: TEXT repeated up to BYTES bytes.
repeat() {
  yes "$1" | tr -d '\n' | head -c "$2" || true
}

# Long inputs, where work that grows faster than the input shows (issue 17: quadratic matching and evidence,
# a single huge cue or title): made here rather than committed.
long_seeds() {
  local long=corpus/seed-ingest
  { printf '\x01# Episode 1: '; repeat a 300000; printf '\n\n- (00:00:01) '; repeat 'PEP 703 ' 300000; } \
    >"$long/01-long-title.md"
  { printf '\x06[00:00:01] Speaker: '; repeat 'free-threading and the GIL with Lukasz Langa, ' 600000; } \
    >"$long/06-long-cue.txt"
  { printf '\x04WEBVTT\n\n00:00:00.000 --> 00:00:05.000\n'; repeat 'sys.monitoring JIT ' 500000; } \
    >"$long/04-long-cue.vtt"
  { printf '\x00'; for _ in $(seq 24); do cat "$project/examples/corepy-episodes.txt"; done; } | head -c 1000000 \
    >"$long/00-many-episodes.txt"
  { printf '\x00'; repeat a 250000; } >corpus/seed-tagger_agree/00-long-word
  # Not `a+` and `a[a-z]*!` against 250 KB of `a`: still 35 s (artifacts-found/tagger_agree/timeout-patterns-
  # matching-at-every-position, an open finding), it would stop every run at its first pass over the seeds.
  { printf '\x01[[topic]]\nid = "a"\nlabel = "A"\npatterns = ["a+", "a[a-z]*!"]\n\0'; repeat a 20000; } \
    >corpus/seed-tagger_agree/01-long-pattern-match
  # Taxonomies: a deep hierarchy and many aliases on one line (loading was quadratic in both).
  { printf '\x00[[topic]]\nid = "t0"\nlabel = "T"\n'
    seq 4000 | awk '{ printf "[[topic]]\nid = \"t%d\"\nlabel = \"T\"\nparent = \"t%d\"\n", $1, $1 - 1 }'
  } >corpus/seed-taxonomy/00-deep-hierarchy.toml
  { printf '\x01[[topic]]\nid = "many"\nlabel = "Many"\naliases = ['
    seq 20000 | awk '{ printf "\"w%d\", ", $1 }'
    printf ']\n'
  } >corpus/seed-taxonomy/01-many-aliases.toml
}

# `lines NAME`: each line of standard input becomes a seed of NAME.
lines() {
  mkdir -p "corpus/seed-$1"
  local n=0 line
  while IFS= read -r line; do
    n=$((n + 1))
    printf '%s' "$line" >"corpus/seed-$1/line-$n"
  done
}

# The seeds of the targets that read one thing and have no selector byte.
small_seeds() {
  # taxonomy_small: the shipped taxonomy in pieces of about 3 KB (whole tables), and the small taxonomies.
  mkdir -p corpus/seed-taxonomy_small
  awk -v out=corpus/seed-taxonomy_small/topics-part- '
    /^\[\[/ && size > 3000 { part++; size = 0 }
    { file = out part ".toml"; print > file; size += length($0) + 1 }
  ' "$project/topics.toml"
  for taxonomy in "$project"/tests/fixtures/cli/*.toml seeds/taxonomy/*.toml; do
    cp "$taxonomy" corpus/seed-taxonomy_small/
  done
  lines timestamps <<'EOF'
00:18:22
1:02:03
75:30
0:05
01:02:03.500
01:02:03,250
01:02.5
4521
4521.75
1:15:21
99:59:59
1193046:28:15
00:61:00
-1:00
4294967296
PT1H2M3S
EOF
  lines query <<'EOF'
which episodes discuss PEP 703?
GIL
episodes about free threading
Łukasz Langa
gh-109181
topic:gil
pep:703
asyncio.TaskGroup
Python 3.13
x \u001b[31mRED
EOF
  mkdir -p corpus/seed-graph_json
  cp seeds/graph_json/*.json corpus/seed-graph_json/
}

make_seeds() {
  rm -rf corpus/seed-*
  local fixtures="$project/tests/fixtures"
  seed ingest $text "$fixtures"/ingest/episodes*.txt "$project"/examples/*.txt "$fixtures"/cli/bad-times.txt
  seed ingest $markdown "$fixtures"/ingest/*.md "$project"/examples/*.md
  seed ingest $rss "$fixtures"/ingest/*.rss "$fixtures"/ingest/*.atom "$fixtures"/cli/malformed.rss
  seed ingest $json "$fixtures"/ingest/*.json "$fixtures"/ingest/chapters/*.json
  seed ingest $vtt "$fixtures"/ingest/transcripts/*.vtt
  seed ingest $srt "$fixtures"/ingest/transcripts/*.srt
  seed ingest $transcript "$fixtures"/ingest/transcripts/*.txt
  if [[ -d "$shared" && "${FUZZ_SHARED:-1}" != 0 ]]; then
    # A sample of each real corpus (every 25th file), and the three feeds whole (up to 1.4 MB).
    seed ingest $markdown $(ls "$shared"/pythonbytes/show_notes/* | awk 'NR % 25 == 1')
    seed ingest $transcript $(ls "$shared"/pythonbytes/transcripts/* | awk 'NR % 25 == 1')
    seed ingest $transcript $(ls "$shared"/talkpython/transcripts/*.txt | awk 'NR % 50 == 1')
    seed ingest $vtt $(ls "$shared"/talkpython/transcripts/*.vtt | awk 'NR % 5 == 1')
    seed ingest $rss "$shared"/feeds/*.xml
  fi
  seed ingest $text seeds/ingest/*.txt
  seed ingest $markdown seeds/ingest/*.md
  seed ingest $rss seeds/ingest/*.rss
  seed ingest $json seeds/ingest/*.json
  seed ingest $vtt seeds/ingest/*.vtt
  seed ingest $srt seeds/ingest/*.srt

  # The taxonomy target: an odd first byte adds the file to the shipped taxonomy.
  seed taxonomy 00 "$project/topics.toml" "$fixtures"/cli/*.toml seeds/taxonomy/*.toml
  seed taxonomy 01 "$fixtures"/cli/*.toml seeds/taxonomy/*.toml

  # The tagger_agree target: an even first byte tags the rest with the shipped taxonomy; an odd one reads
  # a taxonomy up to the first NUL, then the text.
  seed tagger_agree 00 "$project"/examples/*.txt "$fixtures"/ingest/episodes*.txt seeds/ingest/*.txt
  if [[ -d "$shared" && "${FUZZ_SHARED:-1}" != 0 ]]; then
    seed tagger_agree 00 $(ls "$shared"/pythonbytes/show_notes/* | awk 'NR % 50 == 1')
  fi
  small_seeds
  long_seeds
  for taxonomy in seeds/taxonomy/*.toml; do
    { printf '\x01'; cat "$taxonomy"; printf '\0'; cat "$project"/examples/corepy-episodes.txt; } \
      >"corpus/seed-tagger_agree/01-$(basename "$taxonomy")"
  done
}
make_seeds

# --- run ---------------------------------------------------------------------------------------------------
# Each run: its name (the corpus and artifacts folder), the target binary, the longest input, and its time
# in percent of SECONDS. The cheap runs take one stage on inputs of a few KB (thousands of executions a
# second); the deep ones, the whole pipeline or the whole shipped taxonomy on inputs up to 1 MB or 256 KB,
# are where slow cases show (issue 17: quadratic matching, evidence, loading).
runs=(
  # name            binary          max_len  time%
  "read             read               4096   100"
  "timestamps       timestamps           64    50"
  "query            query               256    50"
  "graph_json       graph_json        16384   100"
  "taxonomy_small   taxonomy_small     4096   100"
  "tagger_agree     tagger_agree       1024   100"
  "pipeline         ingest             8192   100"
  "ingest           ingest          1048576   100"
  "taxonomy         taxonomy         262144   100"
  "tagger_agree_long tagger_agree    262144   100"
)
# The seeds of a binary: the ingest seeds serve the readers too.
seed_dir() {
  case "$1" in
    read) echo corpus/seed-ingest ;;
    *) echo "corpus/seed-$1" ;;
  esac
}

# Issue 17's bounds: no input under 10 MB may take more than 1 s per MB, nor more than 100 MB + 8 times its
# size in memory. Inputs go up to 1 MB: 10 s per input is generous, and 2 GB of memory is far above what
# those inputs may take. `graph_json` writes each input to a file of TMPDIR.
export TMPDIR="$fuzz_dir/corpus/tmp"
mkdir -p "$TMPDIR"
commit="$(git -C "$project" rev-parse --short HEAD)"
git -C "$project" diff --quiet HEAD -- src Cargo.toml fuzz/fuzz_targets || commit="$commit+changes"
results="$(mktemp -d)"
trap 'rm -f "$built"; rm -rf "$results" "$TMPDIR"' EXIT

# `run_one NAME BINARY MAX_LEN SECONDS`: one libFuzzer run; its outcome in $results/NAME.
run_one() {
  local name="$1" binary="$2" max_len="$3" run_seconds="$4"
  mkdir -p "corpus/$name" "artifacts/$name"
  local log="artifacts/$name/run.log" status=0
  # `timeout`: libFuzzer's own timeout handler can deadlock (it allocates in a signal handler); never hang CI.
  nice -n "$nice_level" timeout -k 30 $((run_seconds + 900)) "$binary" "corpus/$name" "$(seed_dir "$(basename "$binary")")" \
    -max_total_time="$run_seconds" -max_len="$max_len" -timeout="${FUZZ_TIMEOUT:-10}" -rss_limit_mb=2048 \
    -malloc_limit_mb=2048 -artifact_prefix="artifacts/$name/" -print_final_stats=1 >"$log" 2>&1 || status=$?
  local runs elapsed
  runs="$(sed -n 's/^Done \([0-9]*\) runs in .*/\1/p' "$log" | awk '{ n += $1 } END { print n + 0 }')"
  elapsed="$(sed -n 's/^Done [0-9]* runs in \([0-9]*\) second.*/\1/p' "$log" | awk '{ n += $1 } END { print n + 0 }')"
  echo "$status $runs $elapsed" >"$results/$name"
  printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$(date -u +%FT%TZ)" "$commit" "$name" "$elapsed" "$runs" \
    "$([[ $status -eq 0 ]] && echo clean || echo "failed:$status")" >>artifacts/runs.tsv
  if [[ $status -ne 0 ]]; then
    [[ $status -eq 124 || $status -eq 137 ]] && echo "fuzz: $name hung after its time was up (a timeout?)"
    echo "fuzz: $name FAILED (exit $status) after $runs executions; see fuzz/$log:"
    grep -E -A12 'panicked at|ALARM|ERROR: libFuzzer|^==[0-9]+== ERROR' "$log" | cut -c1-300 | head -40 || true
  else
    echo "fuzz: $name: $runs executions clean in $elapsed s ($((runs / (elapsed > 0 ? elapsed : 1))) a second)"
  fi
}

mkdir -p artifacts
jobs_max="${FUZZ_JOBS:-1}"
run_start=$SECONDS
for run in "${runs[@]}"; do
  read -r name target max_len share <<<"$run"
  if [[ -n "${FUZZ_TARGETS:-}" && " $FUZZ_TARGETS " != *" $name "* ]]; then
    continue
  fi
  binary="$(grep "/$target\$" "$built" || true)"
  if [[ -z "$binary" ]]; then
    echo "fuzz: $name: the target $target was not built" >&2
    echo "1 0 0" >"$results/$name"
    continue
  fi
  while [[ $(jobs -rp | wc -l) -ge $jobs_max ]]; do
    wait -n || true
  done
  run_seconds=$((seconds * share / 100 > 0 ? seconds * share / 100 : 1))
  for override in ${FUZZ_TIME:-}; do
    [[ "${override%%=*}" == "$name" ]] && run_seconds="${override#*=}"
  done
  run_one "$name" "$binary" "$max_len" "$run_seconds" &
done
wait

total=0
count=0
failed=()
for result in "$results"/*; do
  [[ -f "$result" ]] || continue
  read -r status runs _ <"$result"
  if [[ $status -ne 0 ]]; then
    failed+=("$(basename "$result")")
  else
    total=$((total + runs))
    count=$((count + 1))
  fi
done
echo "fuzz: the runs took $((SECONDS - run_start)) s"
if [[ ${#failed[@]} -gt 0 ]]; then
  echo "fuzz: crashes in ${failed[*]}; reproduce with fuzz/target/$triple/release/TARGET fuzz/artifacts/RUN/crash-..."
  exit 1
fi
echo "fuzz: $total executions clean across $count runs (library $commit)"
