// Writes docs/diagnostics.md from the registry (src/model/diagnostic-codes.ts): `npm run docs:codes`.
import { writeFileSync } from 'node:fs';
import { DIAGNOSTIC_CODES } from '../src/model/diagnostic-codes';

const head = [
  '# Diagnostic codes',
  '',
  'Generated from `src/model/diagnostic-codes.ts` (the registry); one heading per code.',
  '',
];
const body = DIAGNOSTIC_CODES.flatMap((c) => [`## ${c.code}`, '', `${c.severity}: ${c.description}.`, '']);
writeFileSync(new URL('../docs/diagnostics.md', import.meta.url), [...head, ...body].join('\n'));
