import { dump } from 'js-yaml';
import { analyze } from '../engine/analyze';
import { lint } from '../engine/lint';
import { parseDesignYaml } from '../io/design';
import { parseManifests } from '../io/k8s-to-model';
import { Rng, type Obj } from './generate';

/** Text mutations a person or a broken pipeline produces. */
export function mutate(text: string, r: Rng): string {
  const lines = text.split('\n');
  const ops = 1 + r.int(4);
  for (let k = 0; k < ops; k++) {
    const i = r.int(Math.max(1, lines.length));
    switch (r.int(9)) {
      case 0:
        lines.splice(i, 1);
        break; // drop a line
      case 1:
        lines.splice(i, 0, lines[r.int(lines.length)] ?? '');
        break; // duplicate one
      case 2:
        lines[i] = ` ${lines[i] ?? ''}`;
        break; // indentation off by one
      case 3:
        lines[i] = (lines[i] ?? '').slice(0, r.int((lines[i] ?? '').length + 1));
        break; // truncate a line
      case 4:
        lines[i] =
          `${lines[i] ?? ''}${r.pick([':', ' [', '{', '"', "'", ' &a', ' *a', ' !!binary', '\t', ' - ', '#'])}`;
        break;
      case 5:
        return lines.join('\n').slice(0, r.int(text.length)); // truncated file
      case 6:
        lines[i] = (lines[i] ?? '').replace(/\d+/, () =>
          r.pick([
            '-1',
            '70000',
            '1e9',
            '0x10',
            'abc',
            '',
            '999.999.1.1/8',
            '::ffff:1.2.3.4/200',
            '10.0.0.0/33',
          ]),
        );
        break;
      case 7:
        lines[i] = (lines[i] ?? '').replace(
          /: .*/,
          r.pick([': []', ': {}', ': null', ': ~', ': 12', ': true', ': [1, 2]', ': {a: 1}']),
        );
        break;
      default:
        lines.splice(i, 0, r.pick(['---', '...', '%YAML 1.2', 'kind: List', '- a', '? complex', '<<: *a']));
        break;
    }
  }
  return lines.join('\n');
}

const WEIRD: unknown[] = [
  null,
  0,
  -1,
  65536,
  1.5,
  '',
  'x',
  '10.0.0.0/33',
  '::/200',
  true,
  [],
  {},
  [1, 'a', null],
  { a: { b: [] } },
  'egress',
  'TCP ',
  '😀',
  '<script>alert(1)</script>',
];

/** Replace one random field (at any depth) of an object with a value of the wrong type. */
export function wrongType(obj: Obj, r: Rng): Obj {
  const o = structuredClone(obj) as Record<string, unknown>;
  const paths: (string | number)[][] = [];
  const walk = (v: unknown, path: (string | number)[]): void => {
    if (path.length) paths.push(path);
    if (Array.isArray(v)) v.forEach((x, i) => walk(x, [...path, i]));
    else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) walk(x, [...path, k]);
  };
  walk(o, []);
  const path = paths[r.int(paths.length)];
  if (!path) return o;
  let cur: unknown = o;
  for (const s of path.slice(0, -1)) cur = (cur as Record<string | number, unknown>)[s];
  (cur as Record<string | number, unknown>)[path[path.length - 1] as string | number] = r.pick(WEIRD);
  return o;
}

export interface FuzzOutcome {
  readonly ms: number;
  readonly diagnostics: number;
  readonly problem?: string;
}

/** The invariants: no throw, analysis and lint run, every diagnostic has a line inside the text. */
export function checkInput(text: string): FuzzOutcome {
  const t0 = performance.now();
  try {
    const parsed = parseManifests([{ text, file: 'fuzz.yaml' }]);
    const lines = text.split(/\r\n?|\n/).length + 1;
    const bad = parsed.diagnostics.find((d) => d.line !== undefined && (d.line < 1 || d.line > lines));
    if (bad)
      return {
        ms: performance.now() - t0,
        diagnostics: parsed.diagnostics.length,
        problem: `line ${bad.line} outside 1..${lines}: ${bad.message}`,
      };
    const noObject = parsed.diagnostics.find(
      (d) => d.severity === 'error' && !d.object && d.line === undefined,
    );
    if (noObject)
      return {
        ms: performance.now() - t0,
        diagnostics: parsed.diagnostics.length,
        problem: `an error with neither object nor line: ${noObject.message}`,
      };
    analyze(parsed.model);
    lint(parsed.model);
    parseDesignYaml(text);
    return { ms: performance.now() - t0, diagnostics: parsed.diagnostics.length };
  } catch (e) {
    return {
      ms: performance.now() - t0,
      diagnostics: 0,
      problem: `threw: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`,
    };
  }
}

export function toYaml(objs: readonly Obj[]): string {
  return objs.map((o) => `---\n${dump(o)}`).join('');
}
