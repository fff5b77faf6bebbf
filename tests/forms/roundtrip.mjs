// Reads a YAML file and writes it back the way Decap CMS saves an entry: its own YAML
// formatter (decap-cms-core's formats/yaml, the code the bundle runs), after an edit
// given as JSON: [[path, value], ...] where path is a list of keys and list indexes.
// Usage: node --import ./register.mjs roundtrip.mjs NODE_MODULES IN.yaml OUT.yaml EDITS.json [FIELD...]
// FIELD...: the collection's top-level field names, the order Decap sorts keys by.
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';

const [nodeModules, input, output, editsFile, ...fields] = process.argv.slice(2);
const require = createRequire(path.join(nodeModules, 'decap-cms-app', 'package.json'));
const core = path.dirname(require.resolve('decap-cms-core/package.json'));
const { default: yaml } = await import(pathToFileURL(path.join(core, 'dist/esm/formats/yaml.js')));

const data = yaml.fromFile(fs.readFileSync(input, 'utf8'));
for (const [keys, value] of JSON.parse(fs.readFileSync(editsFile, 'utf8'))) {
  let node = data;
  for (const key of keys.slice(0, -1)) {
    node[key] ??= {};
    node = node[key];
  }
  node[keys[keys.length - 1]] = value;
}
fs.writeFileSync(output, yaml.toFile(data, fields));
