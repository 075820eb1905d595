"""Load castgraph's node-link JSON and GraphML with NetworkX and print what NetworkX sees, as JSON.

Usage: networkx_load.py GRAPH.json GRAPH.graphml

Prints {"json": SUMMARY, "graphml": SUMMARY} where SUMMARY has the node and edge counts, whether the graph
is directed, every episode's chapter titles and every node label. Exits 77 when NetworkX is not installed.
"""

import json
import sys

try:
    import networkx as nx
except ImportError:
    print("networkx is not installed: pip install -r tests/clients/requirements.txt", file=sys.stderr)
    sys.exit(77)


def load_json(path):
    with open(path, encoding="utf-8") as f:
        data = json.load(f)
    try:
        return nx.node_link_graph(data, edges="edges")
    except TypeError:  # NetworkX before 3.4 names the key `link`
        return nx.node_link_graph(data, link="edges")


def summary(graph):
    titles, labels, numbers = [], [], []
    for _, data in sorted(graph.nodes(data=True), key=lambda n: n[0]):
        labels.append(data.get("label"))
        chapters = data.get("chapters")
        if isinstance(chapters, str):
            chapters = json.loads(chapters)
        titles.extend(c["title"] for c in chapters or [])
        if data.get("number") is not None:
            numbers.append(type(data["number"]).__name__)
    return {
        "nodes": graph.number_of_nodes(),
        "edges": graph.number_of_edges(),
        "directed": graph.is_directed(),
        "chapter_titles": titles,
        "labels": labels,
        "number_types": sorted(set(numbers)),
    }


def main(json_path, graphml_path):
    result = {"json": summary(load_json(json_path)), "graphml": summary(nx.read_graphml(graphml_path))}
    json.dump(result, sys.stdout, ensure_ascii=True)
    print()


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    main(sys.argv[1], sys.argv[2])
