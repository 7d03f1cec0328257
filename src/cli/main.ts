import { readFileSync } from 'node:fs';
import { runCli } from './run';

const out = runCli(process.argv.slice(2), { readFile: (p) => readFileSync(p, 'utf8') });
if (out.stdout) process.stdout.write(out.stdout);
if (out.stderr) process.stderr.write(out.stderr);
process.exitCode = out.code;
