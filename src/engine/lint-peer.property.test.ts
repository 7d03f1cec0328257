import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Model } from '../model/types';
import { parseObjects } from '../io/k8s-to-model';
import { editPolicy, editWorkload } from '../../scripts/bench-steps';
import { generateCluster, Rng } from '../testing/generate';
import { AnalyzeRequests } from '../testing/analyze-requests';
import { LintPeer } from '../testing/lint-peer';
import { PROTOCOL_VERSION, type WorkerResponse } from './protocol';
import { unpack } from './wire-pack';
import { createEngineHost } from './worker-host';

// Random sessions against the engine host with a lint worker that answers late, fails requests
// or dies: every request the client did not cancel is answered once, nothing else is, and each
// answer is what a host linting by itself answers for that model.

const objs = generateCluster(11, { endpoints: 40, policies: 12, adminPolicies: 2, namespaces: 4 });
const models: Model[] = [
  parseObjects(objs).model,
  parseObjects(editPolicy(objs, new Rng(1))).model,
  parseObjects(editWorkload(objs, new Rng(2))).model,
  parseObjects(editPolicy(editWorkload(objs, new Rng(3)), new Rng(4))).model,
];

type Op =
  | { op: 'send'; model: number }
  | { op: 'cancel'; pick: number }
  | { op: 'fail' }
  | { op: 'hold' }
  | { op: 'release' }
  | { op: 'crash' }
  | { op: 'wait'; ms: number };

const op: fc.Arbitrary<Op> = fc.oneof(
  { weight: 4, arbitrary: fc.record({ op: fc.constant('send' as const), model: fc.nat(models.length - 1) }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('cancel' as const), pick: fc.nat() }) },
  { weight: 1, arbitrary: fc.constant({ op: 'fail' as const }) },
  { weight: 2, arbitrary: fc.constant({ op: 'hold' as const }) },
  { weight: 1, arbitrary: fc.constant({ op: 'release' as const }) },
  { weight: 1, arbitrary: fc.constant({ op: 'crash' as const }) },
  {
    weight: 2,
    arbitrary: fc.record({ op: fc.constant('wait' as const), ms: fc.integer({ min: 0, max: 50 }) }),
  },
);

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
type Result = Extract<WorkerResponse, { type: 'result' }>;

/** What a host linting by itself answers for each model (findings and result as the page reads them). */
const alone = models.map((m) => {
  let out: Result | undefined;
  createEngineHost(
    (r) => (out = r as Result),
    (run) => run(),
  ).receive({ v: PROTOCOL_VERSION, id: 1, rev: 1, type: 'analyze', model: m });
  return { findings: out?.findings, result: out && unpack(out.result) };
});

describe('the lint link, random sessions', () => {
  it('answers each request not cancelled once, as a host linting by itself would', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(op, { minLength: 1, maxLength: 14 }), async (ops) => {
        const peer = new LintPeer();
        const answers: WorkerResponse[] = [];
        const h = createEngineHost((r) => answers.push(structuredClone(r)), undefined, peer);
        const sent = new Map<number, number>(); // request id → model index
        const cancelled = new Set<number>();
        const requests = new AnalyzeRequests(true);
        for (const o of ops) {
          if (o.op === 'send') {
            const request = requests.next(models[o.model] as Model);
            sent.set(requests.id, o.model);
            h.receive(request);
          } else if (o.op === 'cancel') {
            // a request not answered yet (the client cancels the one in flight when a newer one
            // supersedes it; the host takes any)
            const open = [...sent.keys()].filter(
              (k) => !cancelled.has(k) && !answers.some((a) => a.id === k),
            );
            const target = open[o.pick % Math.max(1, open.length)];
            if (target !== undefined) {
              cancelled.add(target);
              h.receive({ v: PROTOCOL_VERSION, id: 1000 + target, rev: 0, type: 'cancel', target });
            }
          } else if (o.op === 'fail') peer.fail.add(requests.id + 1);
          else if (o.op === 'hold') peer.hold = true;
          else if (o.op === 'release') peer.release();
          else if (o.op === 'crash') peer.crash();
          else await sleep(o.ms);
        }
        peer.release();
        const due = [...sent.keys()].filter((k) => !cancelled.has(k));
        for (let k = 0; k < 400 && due.some((d) => !answers.some((a) => a.id === d)); k++) await sleep(5);
        await sleep(20);
        const ids = answers.map((a) => a.id);
        // each request not cancelled once, in order; none cancelled before its answer
        expect(ids).toEqual(due);
        for (const a of answers) {
          expect(a.type).toBe('result');
          const want = alone[sent.get(a.id) as number];
          expect((a as Result).findings).toEqual(want?.findings);
          expect(unpack((a as Result).result)).toEqual(want?.result);
        }
      }),
      {
        numRuns: 60,
        // cancelled while it waits for its held-back findings; the lint worker lost mid-wait
        examples: [
          [
            [
              { op: 'hold' },
              { op: 'send', model: 0 },
              { op: 'wait', ms: 50 },
              { op: 'cancel', pick: 0 },
              { op: 'release' },
            ],
          ],
          [
            [
              { op: 'hold' },
              { op: 'send', model: 0 },
              { op: 'send', model: 2 },
              { op: 'crash' },
              { op: 'send', model: 1 },
            ],
          ],
        ],
      },
    );
  });
});
