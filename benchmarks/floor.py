"""The floor of benchmarks/scale.py: what atlaskg's commands cost at the least, done by a bare
script on the same libraries, against which each command's time is measured (atlaskg / floor).

    python benchmarks/floor.py SPEC.json     # written by scale.py; prints rows=N or violations=N

The spec names the operation, the engine and the data files (the bundled ontology and data plus
the catalogue measured). With engine `oxigraph` this is the practical floor: parse the files into a
pyoxigraph Store and then, by operation, run a named query's .rq text with its parameters bound by
VALUES (a name looked up as a hand-written script would), dump the graph in one format, validate
with pyshacl-turbo against shapes/*.ttl, or build (validate, run the integrity queries, dump every
format). With engine `rdflib` it is plain rdflib + pySHACL doing the same, what one would write by
hand. The row count (triples for CONSTRUCT) or violation count it prints is compared with
atlaskg's, so the three do the same work.

It imports nothing of atlaskg, so its time is the libraries' alone: atlaskg's prefix map
(atlaskg.names.namespaces.PREFIXES) comes in the spec, which scale.py writes. It hands
pyshacl-turbo N-Quads rather than the Store itself: pyshacl-turbo 0.6.5 misreads xsd:string
literals from a Store (false sh:in violations on every price's reference quantity).
"""

import json
import re
import sys
from pathlib import Path

spec = json.loads(Path(sys.argv[1]).read_text())
op, engine, files = spec["op"], spec["engine"], spec["files"]
named = op == "build" or spec.get("format") == "trig"  # one named graph per file, as atlaskg keeps them
PREFIXES = spec["prefixes"]
NOTHING = "urn:atlaskg-floor:nothing"  # what a parameter naming no node is bound to: it matches nothing
LOOKUP = {  # how a hand-written script would find the node a parameter names
    "model": "SELECT DISTINCT ?x WHERE { ?x a atlas:Model . { ?x schema:name ?n } UNION { ?x atlas:snapshotId ?n } "
             "FILTER (LCASE(STR(?n)) = LCASE(?v)) }",
    "benchmark": "SELECT DISTINCT ?x WHERE { ?x a atlas:Benchmark ; schema:name ?n "
                 "FILTER (LCASE(STR(?n)) = LCASE(?v)) }",
}
SUFFIX = {".ttl": "turtle", ".nt": "nt", ".trig": "trig", ".nq": "nquads"}


def expand(value):
    prefix, sep, local = value.partition(":")
    return PREFIXES[prefix] + local if sep and prefix in PREFIXES and not local.startswith("//") else value


def with_values(text, bindings):
    """Bind several terms to a variable: a VALUES block at the top of the WHERE clause."""
    for var, terms in bindings.items():
        block = f"VALUES ?{var} {{ {' '.join(terms)} }}"
        text = re.sub(r"WHERE\s*\{", lambda m, block=block: m.group(0) + "\n  " + block + "\n", text, count=1, flags=re.I)
    return text


def shapes_text():
    return "\n".join(Path(p).read_text(encoding="utf-8") for p in spec["shapes"])


if engine == "oxigraph":
    import pyoxigraph as ox

    FORMATS = {"turtle": ox.RdfFormat.TURTLE, "nt": ox.RdfFormat.N_TRIPLES, "trig": ox.RdfFormat.TRIG,
               "nquads": ox.RdfFormat.N_QUADS, "jsonld": ox.RdfFormat.JSON_LD}
    store = ox.Store()
    for f in files:
        fmt = FORMATS[SUFFIX[Path(f).suffix]]
        if fmt in (ox.RdfFormat.TRIG, ox.RdfFormat.N_QUADS):
            quads = ox.parse(path=f, format=fmt)
            store.extend(quads if named else (ox.Quad(q.subject, q.predicate, q.object) for q in quads))
        else:
            store.load(path=f, format=fmt, to_graph=ox.NamedNode(Path(f).resolve().as_uri()) if named else None)

    def run_query(text, params=()):
        # Oxigraph's `substitutions` only replaces projected variables: bind with VALUES instead
        bindings = {}
        for p in params:
            if p["type"] in LOOKUP:
                lookup = with_values(LOOKUP[p["type"]], {"v": [str(ox.Literal(p["value"]))]})
                found = [s["x"] for s in store.query(lookup, prefixes=PREFIXES, use_default_graph_as_union=True)]
                terms = found or [ox.NamedNode(NOTHING)]
            elif p["type"] == "iri":
                terms = [ox.NamedNode(expand(p["value"]))]
            elif p["type"] == "date":
                terms = [ox.Literal(p["value"], datatype=ox.NamedNode(PREFIXES["xsd"] + "date"))]
            else:
                terms = [ox.Literal(p["value"])]
            bindings[p["name"]] = [str(t) for t in terms]
        result = store.query(with_values(text, bindings), prefixes=PREFIXES, use_default_graph_as_union=True)
        if isinstance(result, ox.QueryTriples):  # CONSTRUCT: a graph, so distinct triples
            return len({str(t) for t in result})
        return sum(1 for _ in result)

    def validate():
        import pyshacl_turbo
        from pyshacl_turbo.rdf import Input  # a Store passed directly misreads xsd:string literals (sh:in)
        from rdflib.namespace import RDF, SH
        data = Input(store.dump(format=ox.RdfFormat.N_QUADS).decode(), "nquads", None, {})
        _conforms, results, _text = pyshacl_turbo.validate(
            data, shacl_graph=shapes_text(), shacl_graph_format="turtle", inference="none", advanced=False,
            allow_warnings=True, do_owl_imports=False, js=False)
        return sum(1 for r in results.subjects(RDF.type, SH.ValidationResult)
                   if (None, SH.detail, r) not in results and (r, SH.resultSeverity, SH.Violation) in results)

    def export(fmt, out):
        graph = {} if fmt in ("trig", "nquads") else {"from_graph": ox.DefaultGraph()}
        store.dump(out, format=FORMATS[fmt], prefixes=PREFIXES, **graph)
else:
    from rdflib import Dataset, Graph, Literal, URIRef
    from rdflib.namespace import RDF, SH, XSD

    if named:
        data = Dataset(default_union=True)
        for f in files:
            fmt = SUFFIX[Path(f).suffix]
            if fmt in ("trig", "nquads"):
                data.parse(f, format=fmt)
            else:
                data.graph(URIRef(Path(f).resolve().as_uri())).parse(f, format=fmt)
    else:
        data = Graph()
        for f in files:
            fmt = SUFFIX[Path(f).suffix]
            if fmt in ("trig", "nquads"):
                ds = Dataset()
                ds.parse(f, format=fmt)
                for s, p, o, _g in ds.quads():
                    data.add((s, p, o))
            else:
                data.parse(f, format=fmt)
    for prefix, iri in PREFIXES.items():
        data.bind(prefix, iri, override=True, replace=True)

    def run_query(text, params=()):
        init, multi = {}, {}
        for p in params:
            if p["type"] in LOOKUP:
                found = [row[0] for row in data.query(LOOKUP[p["type"]], initNs=PREFIXES,
                                                      initBindings={"v": Literal(p["value"])})]
                terms = found or [URIRef(NOTHING)]
            elif p["type"] == "iri":
                terms = [URIRef(expand(p["value"]))]
            elif p["type"] == "date":
                terms = [Literal(p["value"], datatype=XSD.date)]
            else:
                terms = [Literal(p["value"])]
            if len(terms) == 1:
                init[p["name"]] = terms[0]
            else:
                multi[p["name"]] = [t.n3() for t in terms]
        return len(data.query(with_values(text, multi), initNs=PREFIXES, initBindings=init))  # CONSTRUCT: triples

    def validate():
        import pyshacl
        shapes = Graph().parse(data=shapes_text(), format="turtle")
        _conforms, results, _text = pyshacl.validate(
            data, shacl_graph=shapes, inference="none", advanced=False, allow_warnings=True,
            do_owl_imports=False, js=False)
        return sum(1 for r in results.subjects(RDF.type, SH.ValidationResult)
                   if (None, SH.detail, r) not in results and (r, SH.resultSeverity, SH.Violation) in results)

    def export(fmt, out):
        rdflib_format = {"turtle": "turtle", "nt": "nt", "trig": "trig", "jsonld": "json-ld"}[fmt]
        data.serialize(out, format=rdflib_format)

if op == "query":
    print(f"rows={run_query(spec['query'], spec['params'])}")
elif op == "validate":
    print(f"violations={validate()}")
elif op == "export":
    export(spec["format"], spec["out"])
elif op == "build":
    violations = validate()
    for text in spec["integrity"]:
        run_query(text)
    out = Path(spec["out"])
    out.mkdir(parents=True, exist_ok=True)
    for fmt, ext in (("turtle", "ttl"), ("jsonld", "jsonld"), ("nt", "nt"), ("trig", "trig")):
        export(fmt, str(out / f"atlaskg.{ext}"))
    print(f"violations={violations}")
