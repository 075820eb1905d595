#!/usr/bin/env python3
"""Reproducible random sample of real episodes for the EIGHTH blind gold set (issue 14):
pythonbytes-notes-8.toml, feeds-8.toml and transcripts-8.toml.

Run from anywhere:  python3 tests/gold/sample8.py  [CORPORA_DIR]
(default CORPORA_DIR: ../shared/corpora relative to the repository root, as for sample.py).
It prints the chosen files / feed items. The sample was fixed by running this script BEFORE reading any text.

Drawn as sample4.py to sample7.py are (sample3.draw_nth), with random.Random(2033): every episode the seven
earlier samples chose is excluded first, by file and by show + number, then sample2.draw takes 10 notes, 10
feed items (4, 3, 3) and 4 transcripts (2 CPython-core, 2 clearly not); sample3.py's docstring has the steps.
"""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import sample3  # noqa: E402  (sample3.py: draw_nth)


def main():
    sample3.draw_nth(8, 2033)


if __name__ == "__main__":
    main()
