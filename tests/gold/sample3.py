#!/usr/bin/env python3
"""Reproducible random sample of real episodes for the THIRD blind gold set (issue 14):
pythonbytes-notes-3.toml, feeds-3.toml and transcripts-3.toml.

Run from anywhere:  python3 tests/gold/sample3.py  [CORPORA_DIR]
(default CORPORA_DIR: ../shared/corpora relative to the repository root, as for sample.py).
It prints the chosen files / feed items. The sample was fixed by running this script BEFORE reading any text.

Same structure as tests/gold/sample2.py, with random.Random(2028). Every episode already chosen by sample.py
(random.Random(2026)) or sample2.py (random.Random(2027)), both re-run here through their own main(), is
excluded first, both as the same file / feed item and as the same episode of the same show in another corpus
(show + number, with sample2.py's ep_num / show_of: a PB transcript 460 excludes show notes 460.md, a "#87"
Python Bytes feed item excludes 087.md, ...).

 1. 10 Python Bytes show notes: rng.sample(sorted file list minus the excluded, 10).
 2. 10 feed items, feeds in sorted file-name order, items in document order minus the excluded:
    rng.sample(remaining indices, k) with k = 4, 3, 3.
 3. 4 transcripts: pools talkpython/transcripts/*.txt then pythonbytes/transcripts/*.txt, each sorted (minus
    the excluded) and rng.shuffle()d; round-robin tp[0], pb[0], tp[1], ...; files > 90 KB skipped; judged from
    the file name only by sample.py's CORE / NOT_CORE keyword lists (imported unchanged); the first 2 core and
    the first 2 clearly-not titles are taken.
"""
import contextlib
import importlib
import io
import os
import random
import sys

GOLD = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, GOLD)
import sample as s1  # noqa: E402  (sample.py: CORE, NOT_CORE, feed_items, main)
import sample2 as s2  # noqa: E402  (sample2.py: first_episodes, draw, main)

ROOT = os.path.normpath(sys.argv[1] if len(sys.argv) > 1 else os.path.join(GOLD, "..", "..", "..", "shared", "corpora"))
s1.ROOT = ROOT
s2.ROOT = ROOT


def parse(printout):
    """Sets of chosen notes, feed items and transcripts from a sample script's printout."""
    notes, feeds, trans = set(), set(), set()
    for line in printout.splitlines():
        if line.startswith("#"):
            continue
        if line.startswith("pythonbytes/show_notes/"):
            notes.add(line.split("/")[-1])
        elif line.startswith("feeds/"):
            feed, rest = line[len("feeds/"):].split(" [", 1)
            feeds.add((feed, int(rest.split("]", 1)[0])))
        else:
            trans.add(line.split(None, 1)[1])
    return notes, feeds, trans


def earlier_samples(samples=(s1, s2)):
    """Everything the sample modules `samples` chose: (notes, feed items, transcripts), unioned."""
    notes, feeds, trans = set(), set(), set()
    for mod in samples:
        buf = io.StringIO()
        with contextlib.redirect_stdout(buf):
            mod.main()
        n, f, t = parse(buf.getvalue())
        notes |= n
        feeds |= f
        trans |= t
    return notes, feeds, trans


def draw_after(samples, names, seed):
    """Draw a new sample with random.Random(seed), excluding every episode the modules `samples` (called
    `names` in the printout) chose, by file and by show + number."""
    old_notes, old_feeds, old_trans = earlier_samples(samples)
    old_eps = s2.first_episodes(old_notes, old_feeds, old_trans)
    rng = random.Random(seed)
    print("# excluded (%s): %d notes, %d feed items, %d transcripts = %d episodes, by (show, number) too"
          % (names, len(old_notes), len(old_feeds), len(old_trans), len(old_eps)))
    s2.draw(rng, old_notes, old_feeds, old_trans, old_eps)


def draw_nth(n, seed):
    """The n-th sample (4 and later): random.Random(seed) after the samples sample.py .. sample{n-1}.py, each
    re-run through its own main() with this corpora folder."""
    names = ["sample"] + ["sample%d" % k for k in range(2, n)]
    samples = [importlib.import_module(name) for name in names]
    for module in samples:
        module.ROOT = ROOT
    draw_after(tuple(samples), " + ".join(name + ".py" for name in names), seed)


def main():
    draw_after((s1, s2), "sample.py + sample2.py", 2028)


if __name__ == "__main__":
    main()
