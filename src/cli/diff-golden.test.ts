import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dump } from 'js-yaml';
import { describe, expect, it } from 'vitest';
import { generateCluster, type Obj } from '../testing/generate';
import { memoryIo } from '../testing/cli-io';
import { runCli } from './run';

/**
 * `diff` output pinned byte for byte on a generated design (200 endpoints, cluster policies)
 * with many kinds of edits at once, so that speed work on parsing, comparing and printing
 * cannot change a character. The golden files were written by the code before that work;
 * UPDATE_GOLDEN=1 rewrites them (review the diff).
 */
const DIR = 'src/cli/golden/diff-edits';

/** Long outputs are pinned by their SHA-256, with their first and last lines to read. */
function pinned(text: string): string {
  if (text.length <= 20000) return text;
  const lines = text.split('\n');
  const hash = createHash('sha256').update(text).digest('hex');
  return [
    `(${text.length} characters, ${lines.length - 1} lines, sha256 ${hash}; first 30 and last 10 lines:)`,
    ...lines.slice(0, 30),
    '...',
    ...lines.slice(-11),
  ].join('\n');
}

function golden(name: string, out: { stdout: string; stderr: string; code: number }): void {
  const actual = `exit ${out.code}\n--- stdout\n${pinned(out.stdout)}--- stderr\n${out.stderr}`;
  const path = `${DIR}/${name}.txt`;
  if (process.env.UPDATE_GOLDEN === '1' || !existsSync(path)) {
    mkdirSync(DIR, { recursive: true });
    writeFileSync(path, actual);
  }
  expect(actual).toBe(readFileSync(path, 'utf8'));
}

type Json = Record<string, unknown>;
const base = generateCluster(77, { endpoints: 200, policies: 40, adminPolicies: 3 });
const at = (kind: string, k: number): number => base.findIndex((o, i) => i > k && o.kind === kind);
/** the index of the n-th NetworkPolicy */
const np = (n: number): number =>
  base.map((o, i) => (o.kind === 'NetworkPolicy' ? i : -1)).filter((i) => i >= 0)[n] as number;
const clone = (o: Obj): Json => structuredClone(o) as Json;
const spec = (o: Json): Json => o.spec as Json;
const meta = (o: Json): Json => o.metadata as Json;

/** BEFORE: the design, one policy with an unknown field (a diagnostic with a line). */
function beforeObjects(): Obj[] {
  const out = base.map(clone);
  const p = out[np(0)] as Json;
  spec(p).bogusField = 1;
  return out;
}

/** AFTER: many kinds of edit, a List, moved documents and diagnostics of its own. */
function afterObjects(): Obj[] {
  const out = beforeObjects().map(clone);
  // a policy's pod selector, and another policy's ingress ports
  spec(out[np(3)] as Json).podSelector = { matchLabels: { app: 'web', tier: 'back' } };
  const withIngress = out.findIndex((o, i) => i > np(5) && o.kind === 'NetworkPolicy' && spec(o).ingress);
  const ing = spec(out[withIngress] as Json).ingress as Json[];
  if (ing[0]) ing[0].ports = [{ protocol: 'TCP', port: 443 }];
  // a workload's labels; a namespace's labels
  const pod = out[at('Pod', base.length / 3)] as Json;
  meta(pod).labels = { ...(meta(pod).labels as Json), app: 'db', release: 'canary' };
  meta(out.find((o) => o.kind === 'Namespace' && meta(o).name === 'ns3') as Json).labels = {
    team: 'c',
    env: 'prod',
  };
  // an unknown field and a label value the API server rejects: diagnostics pointing into AFTER
  spec(out[at('Pod', 40)] as Json).hostNetwrk = true;
  meta(out[at('Pod', 60)] as Json).labels = { app: 'web', tier: 'bad value!' };
  // a new pod; a deleted VMI, policy and cluster policy
  const added = clone(base[at('Pod', 10)] as Obj);
  meta(added).name = 'pod-added';
  (added.status as Json).podIP = '10.9.9.9';
  const drop = new Set([at('VirtualMachineInstance', 30), np(9)]);
  const firstAdmin = out.findIndex((o) => /AdminNetworkPolicy|ClusterNetworkPolicy/.test(String(o.kind)));
  drop.add(firstAdmin);
  const kept = out.filter((_, i) => !drop.has(i));
  // three objects wrapped in a List, the first ten documents moved to the end
  // (one of them with an unknown field: a diagnostic inside a List item)
  const listed = kept.splice(50, 3);
  spec(listed[1] as Json).extraField = 'x';
  // a policy given twice: the second replaces the first, with a warning pointing at it
  const twice = clone(out[np(12)] as Obj);
  spec(twice).podSelector = {};
  return [
    ...kept.slice(10),
    { apiVersion: 'v1', kind: 'List', items: listed },
    added,
    twice,
    ...kept.slice(0, 10),
  ];
}

const yaml = (objs: readonly Obj[]): string => objs.map((o) => dump(o, { noRefs: true })).join('---\n');
const files = { 'before.yaml': yaml(beforeObjects()), 'after.yaml': yaml(afterObjects()) };
const io = memoryIo(files);
const diff = (...extra: string[]) => runCli(['diff', 'before.yaml', '--against', 'after.yaml', ...extra], io);

describe('cli diff output on a generated design with many edits (golden files)', () => {
  for (const format of ['table', 'json', 'md', 'csv'] as const)
    it(format, () => {
      const out = diff('--format', format);
      expect(out.code).toBe(0);
      golden(`edits.${format}`, out);
    });
  it('the reverse direction, --fail-on-change', () => {
    const out = runCli(['diff', 'after.yaml', '--against', 'before.yaml', '--fail-on-change'], io);
    expect(out.code).toBe(1);
    golden('edits-reverse.table', out);
  });
  it('moved documents only: no change', () => {
    const moved = beforeObjects();
    const out = runCli(
      ['diff', 'before.yaml', '--against', 'moved.yaml'],
      memoryIo({ ...files, 'moved.yaml': yaml([...moved.slice(100), ...moved.slice(0, 100)]) }),
    );
    expect(out).toMatchObject({ code: 0, stdout: 'no change in reachability\n' });
    golden('moved.table', out);
  });
  it('a YAML syntax error in AFTER: the rest is compared, exit 2', () => {
    const broken = `${files['after.yaml']}---\nkind: Pod\nmetadata: {name: [x\n`;
    const out = runCli(
      ['diff', 'before.yaml', '--against', 'broken.yaml', '--format', 'json'],
      memoryIo({ ...files, 'broken.yaml': broken }),
    );
    expect(out.code).toBe(2);
    golden('syntax.json', out);
  });
});
