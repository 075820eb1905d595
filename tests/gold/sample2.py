#!/usr/bin/env python3
"""Reproducible random sample of real episodes for the SECOND blind gold set (issue 14):
pythonbytes-notes-2.toml, feeds-2.toml and transcripts-2.toml.

Run from anywhere:  python3 tests/gold/sample2.py  [CORPORA_DIR]
(default CORPORA_DIR: ../shared/corpora relative to the repository root, as for sample.py).
It prints the chosen files / feed items. The sample was fixed by running this script BEFORE reading any text.

Same structure as tests/gold/sample.py, with random.Random(2027), and every episode already chosen by
sample.py (random.Random(2026), re-run here through its own functions) is excluded first, both as the same
file / feed item and as the same episode of the same show in another corpus (show + number: sample.py took the
PB 460 transcript, so show notes 460.md are out too; a "#87" Python Bytes feed item excludes 087.md, ...).
(A first draft excluded only the same files / items; its one run printed show notes 460.md among its picks, so the
exclusion was widened to show + number and the script re-run. Only the printed file names / titles had been seen;
no text of either draw was read before the final sample was fixed.)

 1. 10 Python Bytes show notes: rng.sample(sorted file list minus sample.py's 15, 10).
 2. 10 feed items, feeds in sorted file-name order, items in document order minus sample.py's 5 per feed:
    rng.sample(remaining indices, k) with k = 4, 3, 3.
 3. 4 transcripts: pools talkpython/transcripts/*.txt then pythonbytes/transcripts/*.txt, each sorted (minus
    sample.py's 6) and rng.shuffle()d; round-robin tp[0], pb[0], tp[1], ...; files > 90 KB skipped; judged from
    the file name only by sample.py's CORE / NOT_CORE keyword lists (imported unchanged); the first 2 core and
    the first 2 clearly-not titles are taken.
"""
import contextlib
import io
import os
import random
import re
import sys

GOLD1 = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, GOLD1)
import sample as s1  # noqa: E402  (sample.py: CORE, NOT_CORE, feed_items, main)

ROOT = os.path.normpath(sys.argv[1] if len(sys.argv) > 1 else os.path.join(GOLD1, "..", "..", "..", "shared", "corpora"))
s1.ROOT = ROOT


def first_sample():
    """Re-run sample.py's main() and parse its printout into sets of chosen episodes."""
    buf = io.StringIO()
    with contextlib.redirect_stdout(buf):
        s1.main()
    notes, feeds, trans = set(), set(), set()
    for line in buf.getvalue().splitlines():
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


def ep_num(name):
    """Episode number of a show-note / transcript file name ("059.md", "096-python-...txt") or feed title ("#72 ...")."""
    m = re.match(r"#?(\d+)", os.path.basename(name))
    return int(m.group(1)) if m else None


def show_of(path):
    """Show id of a corpus path / feed file name: the same episode can sit in notes, a feed and a transcript."""
    for key, show in (("pythonbytes", "pb"), ("talkpython", "tp"), ("podcastinit", "pi")):
        if key in path:
            return show
    return None


def first_episodes(old_notes, old_feeds, old_trans):
    """(show, episode number) of every episode sample.py chose, whatever the corpus it was chosen from."""
    eps = {("pb", ep_num(f)) for f in old_notes}
    eps |= {(show_of(p), ep_num(p)) for p in old_trans}
    fdir = os.path.join(ROOT, "feeds")
    for feed, i in old_feeds:
        title = s1.feed_items(os.path.join(fdir, feed))[i]
        if ep_num(title) is not None:
            eps.add((show_of(feed), ep_num(title)))
    return eps


def main():
    old_notes, old_feeds, old_trans = first_sample()
    old_eps = first_episodes(old_notes, old_feeds, old_trans)
    rng = random.Random(2027)

    print("# excluded (sample.py): %d notes, %d feed items, %d transcripts = %d episodes, by (show, number) too"
          % (len(old_notes), len(old_feeds), len(old_trans), len(old_eps)))
    draw(rng, old_notes, old_feeds, old_trans, old_eps)


def draw(rng, old_notes, old_feeds, old_trans, old_eps):
    """Print the sample drawn with `rng`, leaving out the episodes taken before (sample3.py draws the same way)."""
    print("# 1. Python Bytes show notes")
    d = os.path.join(ROOT, "pythonbytes", "show_notes")
    files = [f for f in sorted(os.listdir(d))
             if f not in old_notes and ("pb", ep_num(f)) not in old_eps]
    for f in rng.sample(files, 10):
        print("pythonbytes/show_notes/" + f)

    print("# 2. feed items (index in document order, 0-based: title)")
    fdir = os.path.join(ROOT, "feeds")
    for feed, k in zip(sorted(os.listdir(fdir)), (4, 3, 3)):
        titles = s1.feed_items(os.path.join(fdir, feed))
        idx = [i for i in range(len(titles)) if (feed, i) not in old_feeds
               and (show_of(feed), ep_num(titles[i])) not in old_eps]
        for i in rng.sample(idx, k):
            print(f"feeds/{feed} [{i}] {titles[i]}")

    print("# 3. transcripts")
    pools = []
    for sub in ("talkpython/transcripts", "pythonbytes/transcripts"):
        d = os.path.join(ROOT, sub)
        pool = sorted(sub + "/" + f for f in os.listdir(d)
                      if f.endswith(".txt") and sub + "/" + f not in old_trans
                      and (show_of(sub), ep_num(f)) not in old_eps)
        rng.shuffle(pool)
        pools.append(pool)
    order = [p for pair in zip(*pools) for p in pair]
    core, notcore = [], []
    for p in order:
        if len(core) == 2 and len(notcore) == 2:
            break
        if os.path.getsize(os.path.join(ROOT, p)) > 90 * 1024:
            continue
        name = os.path.basename(p)
        is_core, is_not = bool(s1.CORE.search(name)), bool(s1.NOT_CORE.search(name))
        if is_core and not is_not and len(core) < 2:
            core.append(p)
        elif is_not and not is_core and len(notcore) < 2:
            notcore.append(p)
    for p in core:
        print("core     " + p)
    for p in notcore:
        print("not-core " + p)


if __name__ == "__main__":
    main()
