// openapi-schema.mjs checks an OpenAPI document against the official OpenAPI 3.1 JSON
// Schema with @seriousme/openapi-schema-validator, and that it declares 3.1.x.
//
//   node openapi-schema.mjs NODE_MODULES FILE
import path from "node:path";
import fs from "node:fs";
import { createRequire } from "node:module";

const [nodeModules, file] = process.argv.slice(2);
const req = createRequire(path.join(path.resolve(nodeModules), "node_modules", "noop.js"));
const { Validator } = await import(req.resolve("@seriousme/openapi-schema-validator"));
const res = await new Validator().validate(path.resolve(file));
const declared = JSON.parse(fs.readFileSync(file, "utf8")).openapi || "";
const errors = res.valid ? [] : [].concat(res.errors);
if (!/^3\.1\./.test(declared)) errors.push(`openapi is "${declared}", want 3.1.x`);
for (const e of errors) console.log(typeof e === "string" ? e : `${e.instancePath || "/"}: ${e.message} ${JSON.stringify(e.params || {})}`);
console.log(errors.length ? "INVALID" : "valid against the OpenAPI 3.1 schema");
process.exit(errors.length ? 1 : 0);
