#!/usr/bin/env python3
"""Reproducible random sample of real episodes for the blind gold files
pythonbytes-notes.toml, feeds.toml and transcripts.toml.

Run from anywhere:  python3 tests/gold/sample.py  [CORPORA_DIR]
(default CORPORA_DIR: ../shared/corpora relative to the repository root, i.e. /work/shared/corpora).
It prints the chosen files / feed items. The sample was fixed by running this script BEFORE reading any text.

One random.Random(2026) is used for everything, in this order:
 1. 15 Python Bytes show notes: rng.sample(sorted file list, 15).
 2. 15 feed items: for each feed in sorted file-name order, items in document order,
    rng.sample(range(n), 5).
 3. 6 transcripts: two pools, Talk Python (talkpython/transcripts/*.txt) and Python Bytes
    (pythonbytes/transcripts/*.txt), each sorted and then rng.shuffle()d (Talk Python first).
    Candidates are considered round-robin: tp[0], pb[0], tp[1], pb[1], ...
    Files over 90 KB are skipped (so they can be read in full).
    Judging from the FILE NAME (title) only:
      - "CPython-core" when the title names the interpreter or its core work: CPython, the GIL /
        free-threading / nogil, the JIT, sub-interpreters, the Faster CPython work, a Python release
        ("python-3.11", "3.13-is-out"), typing / type hints / mypy, PEPs, core developers / the
        steering council / the language summit, Guido van Rossum, bytecode, the interpreter.
      - "clearly not" when the title names a non-core domain (web frameworks, data science, ML/AI,
        databases, DevOps/cloud, careers, games, hardware, ...) and nothing from the core list.
      - Anything else (e.g. "the-blue-shirt-episode", "002_python_bytes") is unclear and skipped.
    The first 3 core titles and the first 3 clearly-not titles, in that round-robin order, are taken.
    The two keyword lists below ARE the judgement; they were written before the shuffle was printed.
"""
import os
import random
import re
import sys
import xml.etree.ElementTree as ET

ROOT = sys.argv[1] if len(sys.argv) > 1 else os.path.join(
    os.path.dirname(os.path.abspath(__file__)), "..", "..", "..", "shared", "corpora")
ROOT = os.path.normpath(ROOT)

CORE = re.compile(
    r"cpython|(^|[-_])gil([-_.]|$)|free-?thread|nogil|(^|[-_])jit([-_.]|$)|sub-?interpreter|"
    r"faster-cpython|python-?3\.\d+|(^|[-_])3\.1\d([-_.]|$)|python-?3-?1\d|typing|type-hints|mypy|"
    r"(^|[-_])peps?([-_]|\d)|core-dev|steering-council|language-summit|guido|bytecode|"
    r"(^|[-_])interpreter([-_.]|$)|c-api",
    re.I)
NOT_CORE = re.compile(
    r"django|flask|fastapi|pyramid|morepath|web-?framework|(^|[-_])web([-_]|$)|htmx|"
    r"data-?scien|pandas|numpy|jupyter|notebook|machine-learning|(^|[-_])ml([-_]|$)|(^|[-_])ai([-_]|$)|"
    r"deep-learning|pytorch|tensorflow|database|mongodb|postgres|sql|kubernetes|docker|devops|aws|"
    r"cloud|serverless|career|(^|[-_])jobs?([-_]|$)|interview|game|robot|hardware|raspberry|"
    r"finance|home-automation|home-assistant|microservice|(^|[-_])rest-api|scraping|(^|[-_])gui([-_]|$)|excel|biology|astronomy|"
    r"teaching|education|bootcamp",
    re.I)


def notes():
    d = os.path.join(ROOT, "pythonbytes", "show_notes")
    files = sorted(os.listdir(d))
    return files


def feed_items(path):
    channel = ET.parse(path).getroot().find("channel")
    return [it.findtext("title") for it in channel.findall("item")]


def main():
    rng = random.Random(2026)

    print("# 1. Python Bytes show notes")
    files = notes()
    for f in rng.sample(files, 15):
        print("pythonbytes/show_notes/" + f)

    print("# 2. feed items (index in document order, 0-based: title)")
    fdir = os.path.join(ROOT, "feeds")
    for feed in sorted(os.listdir(fdir)):
        titles = feed_items(os.path.join(fdir, feed))
        for i in rng.sample(range(len(titles)), 5):
            print(f"feeds/{feed} [{i}] {titles[i]}")

    print("# 3. transcripts")
    pools = []
    for sub in ("talkpython/transcripts", "pythonbytes/transcripts"):
        d = os.path.join(ROOT, sub)
        pool = sorted(sub + "/" + f for f in os.listdir(d) if f.endswith(".txt"))
        rng.shuffle(pool)
        pools.append(pool)
    order = [p for pair in zip(*pools) for p in pair]
    core, notcore = [], []
    for p in order:
        if len(core) == 3 and len(notcore) == 3:
            break
        if os.path.getsize(os.path.join(ROOT, p)) > 90 * 1024:
            continue
        name = os.path.basename(p)
        is_core, is_not = bool(CORE.search(name)), bool(NOT_CORE.search(name))
        if is_core and not is_not and len(core) < 3:
            core.append(p)
        elif is_not and not is_core and len(notcore) < 3:
            notcore.append(p)
    for p in core:
        print("core     " + p)
    for p in notcore:
        print("not-core " + p)


if __name__ == "__main__":
    main()
