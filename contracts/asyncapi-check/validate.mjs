// Parses ../asyncapi.yaml (or the file given as the first argument) with the official AsyncAPI
// parser, resolving the $refs to the JSON Schema files, and exits non-zero on any diagnostic of
// error severity. Warnings are printed but do not fail the build.
import { readFileSync } from 'node:fs';
import { resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Parser, DiagnosticSeverity } from '@asyncapi/parser';

const here = dirname(fileURLToPath(import.meta.url));
const file = resolve(here, process.argv[2] ?? '../asyncapi.yaml');
const severityName = ['error', 'warning', 'info', 'hint'];

const parser = new Parser();
const { document, diagnostics } = await parser.parse(readFileSync(file, 'utf8'), {
  source: file,
});

for (const d of diagnostics) {
  const where = d.path && d.path.length ? d.path.join('/') : '(document)';
  const line = d.range ? `:${d.range.start.line + 1}` : '';
  console.log(`${severityName[d.severity] ?? d.severity} ${d.code} at ${where}${line}: ${d.message}`);
}
const errors = diagnostics.filter((d) => d.severity === DiagnosticSeverity.Error);
if (!document || errors.length > 0) {
  console.error(`AsyncAPI check FAILED for ${file}: ${errors.length} error(s)`);
  process.exit(1);
}
const channels = document.channels().length;
const messages = document.allMessages().length;
console.log(`AsyncAPI check passed for ${file}: ${channels} channels, ${messages} messages`);
