#!/usr/bin/env node
// SPDX-License-Identifier: Apache-2.0
//
// Validate JSON files against a JSON Schema.
//
//   node tests/tools/validate-json.mjs SCHEMA.json FILE.json...
//
// Exit 0 when every FILE validates; otherwise print each error as
// `FILE: <instancePath> <message>` and exit 1. Exit 2 on usage errors or
// when a file cannot be read or parsed.
//
// The schema's draft is taken from its "$schema":
//   draft-04 (e.g. the official SARIF 2.1.0 schema) is normalised in memory to
//   draft-07 (`id` -> `$id`, boolean exclusiveMinimum/Maximum -> numbers),
//   because Ajv 8 no longer ships a draft-04 meta-schema;
//   draft-06/07 (or none) use `ajv`; 2019-09 uses `ajv/dist/2019`;
//   2020-12 uses `ajv/dist/2020`.
// Formats (uri, uri-reference, date-time, ...) come from ajv-formats.

import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

// Resolve ajv from the repository's node_modules regardless of the cwd.
const here = path.dirname(fileURLToPath(import.meta.url));
const require = createRequire(path.join(here, '..', '..', 'package.json'));

function usage() {
  process.stderr.write('usage: node tests/tools/validate-json.mjs SCHEMA.json FILE.json...\n');
  process.exit(2);
}

function readJson(file) {
  let text;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    process.stderr.write(`${file}: cannot read: ${e.message}\n`);
    process.exit(2);
  }
  try {
    return JSON.parse(text);
  } catch (e) {
    process.stderr.write(`${file}: invalid JSON: ${e.message}\n`);
    return undefined;
  }
}

// Keywords whose values are data, not subschemas: never rewrite inside them.
const DATA_KEYWORDS = new Set(['enum', 'const', 'default', 'examples', 'required']);
// Keywords whose values are maps from names to subschemas.
const MAP_KEYWORDS = new Set(['properties', 'patternProperties', 'definitions', '$defs', 'dependencies']);

function draft4To7(schema) {
  if (Array.isArray(schema)) return schema.map(draft4To7);
  if (schema === null || typeof schema !== 'object') return schema;
  const out = {};
  for (const [key, value] of Object.entries(schema)) {
    if (key === '$schema') {
      out.$schema = 'http://json-schema.org/draft-07/schema#';
    } else if (key === 'id' && typeof value === 'string') {
      out.$id = value;
    } else if (DATA_KEYWORDS.has(key)) {
      out[key] = value;
    } else if (MAP_KEYWORDS.has(key) && value && typeof value === 'object' && !Array.isArray(value)) {
      out[key] = {};
      for (const [name, sub] of Object.entries(value)) out[key][name] = draft4To7(sub);
    } else {
      out[key] = draft4To7(value);
    }
  }
  // draft-04: "exclusiveMinimum": true modifies "minimum"; draft-06+: it is the bound itself.
  for (const [ex, bound] of [['exclusiveMinimum', 'minimum'], ['exclusiveMaximum', 'maximum']]) {
    if (typeof out[ex] === 'boolean') {
      if (out[ex] && typeof out[bound] === 'number') {
        out[ex] = out[bound];
        delete out[bound];
      } else {
        delete out[ex];
      }
    }
  }
  return out;
}

function makeAjv(schema) {
  const draft = typeof schema.$schema === 'string' ? schema.$schema : '';
  let modulePath = 'ajv';
  if (/draft-0[34]\b/.test(draft)) {
    schema = draft4To7(schema);
  } else if (/2019-09/.test(draft)) {
    modulePath = 'ajv/dist/2019';
  } else if (/2020-12/.test(draft)) {
    modulePath = 'ajv/dist/2020';
  }
  const mod = require(modulePath);
  const Ajv = mod.default || mod;
  const fmod = require('ajv-formats');
  const addFormats = fmod.default || fmod;
  // unicodeRegExp: false because the SARIF schema's `language` pattern
  // (`^[a-zA-Z]{2}|^[a-zA-Z]{2}-[a-zA-Z]{2}]?$`) is not a valid /u regexp.
  const ajv = new Ajv({ strict: false, allErrors: true, validateSchema: true, unicodeRegExp: false });
  addFormats(ajv);
  // Formats ajv-formats lacks (CycloneDX uses them): accepted, not checked.
  for (const f of ['iri', 'iri-reference', 'idn-email', 'idn-hostname']) ajv.addFormat(f, true);
  return { ajv, schema };
}

const args = process.argv.slice(2);
if (args.length < 2 || args.includes('-h') || args.includes('--help')) usage();

const [schemaFile, ...files] = args;
const rawSchema = readJson(schemaFile);
if (rawSchema === undefined) process.exit(2);

// Schemas split over several files (CycloneDX 1.6 refers to
// "spdx.SNAPSHOT.schema.json" and "jsf-0.82.SNAPSHOT.schema.json" beside it):
// every relative file named in a "$ref" is loaded from the schema's folder
// and registered under the URL the reference resolves to.
function addSiblings(ajv, schema, file) {
  const text = JSON.stringify(schema);
  const base = typeof schema.$id === 'string' ? schema.$id : '';
  const seen = new Set();
  for (const m of text.matchAll(/"\$ref":"([^"#]+)(?:#[^"]*)?"/g)) {
    const rel = m[1];
    if (seen.has(rel) || /^[a-z]+:/i.test(rel)) continue;
    seen.add(rel);
    const sub = readJson(path.join(path.dirname(file), rel));
    if (sub === undefined) process.exit(2);
    delete sub.$id;
    ajv.addSchema(sub, base ? new URL(rel, base).href : rel);
  }
}

let validate;
try {
  const { ajv, schema } = makeAjv(rawSchema);
  addSiblings(ajv, schema, schemaFile);
  validate = ajv.compile(schema);
} catch (e) {
  process.stderr.write(`${schemaFile}: cannot compile schema: ${e.message}\n`);
  process.exit(2);
}

let failed = 0;
for (const file of files) {
  const data = readJson(file);
  if (data === undefined) {
    failed++;
    continue;
  }
  if (validate(data)) continue;
  failed++;
  for (const err of validate.errors || []) {
    const where = err.instancePath === '' ? '/' : err.instancePath;
    let extra = '';
    if (err.keyword === 'additionalProperties') extra = ` (${err.params.additionalProperty})`;
    else if (err.keyword === 'enum') extra = ` (${err.params.allowedValues.join(', ')})`;
    process.stdout.write(`${file}: ${where} ${err.message}${extra}\n`);
  }
}

if (failed) {
  process.stdout.write(`${failed} of ${files.length} file(s) invalid\n`);
  process.exit(1);
}
process.exit(0);
