// shacl.mjs checks an RDF document against SHACL shapes with rdf-validate-shacl, the way
// GovData's validator profile "DCAT-AP.de 3.0 - Spezifikation" does: the shape files in
// its order, the offline vocabularies (vocab/) merged into the data graph, and the
// controlled-vocabulary checks whose concept scheme is not available offline switched
// off and listed. It prints a JSON array with one report per file and exits 1 when a
// sh:Violation remains in any. Several files share one load of the shapes.
//
//   node shacl.mjs NODE_MODULES SHAPES_DIR FILE.jsonld|FILE.ttl...
import fs from "node:fs";
import path from "node:path";
import { createRequire } from "node:module";
import { Readable } from "node:stream";

const [nodeModules, shapesDir, ...files] = process.argv.slice(2);
if (!files.length) {
  console.error("usage: node shacl.mjs NODE_MODULES SHAPES_DIR FILE...");
  process.exit(2);
}
const req = createRequire(path.join(path.resolve(nodeModules), "node_modules", "noop.js"));
const rdf = (await import(req.resolve("@zazuko/env-node"))).default;
const SHACLValidator = (await import(req.resolve("rdf-validate-shacl"))).default;

// The profile's shape files, in its order (see SOURCES.md).
const shapeFiles = ["dcat-ap-SHACL.ttl", "dcat-ap-SHACL-DE.ttl", "dcat-ap-de-deprecated.ttl",
  "dcat-ap-spec-german-additions.ttl", "dcat-ap-de-controlledvocabularies.ttl"];
const types = { ttl: "text/turtle", rdf: "application/rdf+xml", jsonld: "application/ld+json", json: "application/ld+json" };

async function load(f, into) {
  const type = types[path.extname(f).slice(1)] || "application/ld+json";
  const text = fs.readFileSync(f, "utf8");
  const quads = rdf.formats.parsers.import(type, Readable.from([text]), { baseIRI: "file://" + path.resolve(f) });
  for await (const q of quads) into.add(rdf.quad(q.subject, q.predicate, q.object));
}

const shapes = rdf.dataset();
for (const f of shapeFiles) await load(path.join(shapesDir, f), shapes);
const sh = rdf.namespace("http://www.w3.org/ns/shacl#");
const skos = rdf.namespace("http://www.w3.org/2004/02/skos/core#");
const vocab = rdf.dataset();
const vocabDir = path.join(shapesDir, "vocab");
for (const f of fs.readdirSync(vocabDir).sort()) await load(path.join(vocabDir, f), vocab);

// A controlled-vocabulary check whose concept scheme is not in the vocabularies
// could never pass; it is switched off and listed, as GovData's validator does.
const skipped = new Set();
for (const q of [...shapes.match(null, sh.path, skos.inScheme)]) {
  const scheme = [...shapes.match(q.subject, sh.hasValue)][0]?.object;
  if (scheme && vocab.match(null, skos.inScheme, scheme).size === 0) {
    shapes.add(rdf.quad(q.subject, sh.deactivated, rdf.literal("true", rdf.namedNode("http://www.w3.org/2001/XMLSchema#boolean"))));
    skipped.add(scheme.value);
  }
}
const validator = new SHACLValidator(shapes, { factory: rdf });

async function check(file) {
  const data = rdf.dataset();
  try {
    await load(file, data);
  } catch (e) {
    return { file, error: "parse: " + e.message, violations: [], others: [] };
  }
  if (data.size === 0) return { file, error: "no RDF triples (JSON-LD without @context?)", violations: [], others: [] };
  const triples = data.size;
  for (const q of vocab) data.add(q);
  const report = await validator.validate(data);
  const results = [...report.results].map(r => ({
    severity: r.severity?.value.split("#")[1] || "Violation",
    focusNode: r.focusNode?.value,
    path: r.path?.value,
    value: r.value?.value,
    message: (r.message || []).map(m => m.value).join(" / "),
    shape: r.sourceShape?.value,
  }));
  return { file, triples, violations: results.filter(r => r.severity === "Violation"),
    others: results.filter(r => r.severity !== "Violation"), skipped: [...skipped].sort() };
}

const reports = [];
for (const f of files) reports.push(await check(f));
console.log(JSON.stringify(reports, null, 1));
process.exit(reports.some(r => r.error || r.violations.length) ? 1 : 0);
