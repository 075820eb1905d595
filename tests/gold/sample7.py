#!/usr/bin/env python3
"""Reproducible random sample of real episodes for the SEVENTH blind gold set (issue 14):
pythonbytes-notes-7.toml, feeds-7.toml and transcripts-7.toml.

Run from anywhere:  python3 tests/gold/sample6.py  [CORPORA_DIR]
(default CORPORA_DIR: ../shared/corpora relative to the repository root, as for sample.py).
It prints the chosen files / feed items. The sample was fixed by running this script BEFORE reading any text.

Same structure as tests/gold/sample6.py, with random.Random(2032). Every episode already chosen by sample.py
(random.Random(2026)), sample2.py (random.Random(2027)), sample3.py (random.Random(2028)), sample4.py
(random.Random(2029)), sample5.py (random.Random(2030)) or sample6.py (random.Random(2031)), all six re-run here
through their own main(), is
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
(sample3.draw_after excludes the earlier samples and calls sample2.draw, which does all three steps.)
"""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import sample3  # noqa: E402  (sample3.py: draw_nth)


def main():
    sample3.draw_nth(7, 2032)


if __name__ == "__main__":
    main()
