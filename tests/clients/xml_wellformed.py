"""Parse XML files with expat (Python's standard library) and print what it says about each, as JSON.

Usage: xml_wellformed.py FILE...

Prints {FILE: null} for a well-formed file and {FILE: "the error"} for one expat refuses. expat is stricter
than quick-xml about characters: it refuses U+FFFE, U+FFFF and control characters, raw or as references.
"""

import json
import sys
import xml.parsers.expat


def check(path):
    parser = xml.parsers.expat.ParserCreate()
    try:
        with open(path, "rb") as f:
            parser.ParseFile(f)
    except xml.parsers.expat.ExpatError as e:
        return str(e)
    return None


if __name__ == "__main__":
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    json.dump({path: check(path) for path in sys.argv[1:]}, sys.stdout, ensure_ascii=True)
    print()
