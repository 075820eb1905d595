"""Parse castgraph's Turtle and JSON-LD with rdflib and ask both which episodes are about a node.

Usage: rdf_query.py GRAPH.ttl GRAPH.jsonld NODE_IRI

Prints {"turtle": RESULT, "jsonld": RESULT, "same_triples": bool} where RESULT has the triple count, the
episode numbers from `SELECT ?n { ?ep a schema:PodcastEpisode ; schema:about <NODE_IRI> ;
schema:episodeNumber ?n }`, and the names of every schema:Clip. Exits 77 when rdflib is not installed.
"""

import json
import sys

try:
    import rdflib
except ImportError:
    print("rdflib is not installed: pip install -r tests/clients/requirements.txt", file=sys.stderr)
    sys.exit(77)

QUERY = """
PREFIX schema: <https://schema.org/>
SELECT DISTINCT ?n WHERE {
  ?ep a schema:PodcastEpisode ;
      schema:about <%s> ;
      schema:episodeNumber ?n .
} ORDER BY ?n
"""

CLIPS = """
PREFIX schema: <https://schema.org/>
SELECT ?name WHERE { ?clip a schema:Clip ; schema:name ?name . }
"""


def result(graph, iri):
    episodes = [int(row.n) for row in graph.query(QUERY % iri)]
    clips = sorted(str(row.name) for row in graph.query(CLIPS))
    return {"triples": len(graph), "episodes": episodes, "clip_names": clips}


def main(turtle_path, jsonld_path, iri):
    turtle = rdflib.Graph().parse(turtle_path, format="turtle")
    jsonld = rdflib.Graph().parse(jsonld_path, format="json-ld")
    out = {
        "turtle": result(turtle, iri),
        "jsonld": result(jsonld, iri),
        "same_triples": set(turtle) == set(jsonld),
    }
    json.dump(out, sys.stdout, ensure_ascii=True)
    print()


if __name__ == "__main__":
    if len(sys.argv) != 4:
        sys.exit(__doc__)
    main(*sys.argv[1:])
