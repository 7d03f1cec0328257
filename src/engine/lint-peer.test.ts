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

// The engine host with a lint worker beside it (lint-peer.ts) answers exactly what it answers
// linting by itself, whatever the lint worker does: answer late or early, fail, be lost.

const objs = generateCluster(7, { endpoints: 120, policies: 30, adminPolicies: 3, namespaces: 6 });
const base = parseObjects(objs).model;
const edits = [
  parseObjects(editPolicy(objs, new Rng(1))).model,
  parseObjects(editWorkload(objs, new Rng(2))).model,
];

type Result = Extract<WorkerResponse, { type: 'result' }>;

/** An engine host (with `peer` if given) and the answers it sent, structured-cloned. */
function host(peer?: LintPeer, delay = 0) {
  const answers: WorkerResponse[] = [];
  const schedule = (run: () => void) => setTimeout(run, delay);
  const h = createEngineHost((r) => answers.push(structuredClone(r)), schedule, peer);
  const requests = new AnalyzeRequests(!!peer);
  const send = (model: Model, extra: Partial<{ backend: 'ovn-kubernetes'; allowIcmp: boolean }> = {}) => {
    h.receive(requests.next(model, extra));
    return requests.id;
  };
  const cancel = (target: number) =>
    h.receive({ v: PROTOCOL_VERSION, id: ++requests.id, rev: requests.id, type: 'cancel', target });
  return { answers, send, cancel, results: () => answers.filter((a): a is Result => a.type === 'result') };
}

const tick = () => new Promise((r) => setTimeout(r, 5));
async function until(ok: () => boolean): Promise<void> {
  for (let k = 0; k < 400 && !ok(); k++) await tick();
  expect(ok()).toBe(true);
}

/** What an answer says, as the page reads it (packings of equal data may differ), without the timings. */
const said = (r: Result) => ({ id: r.id, result: unpack(r.result), findings: r.findings });

/** The answers of a host linting by itself, for the same requests. */
async function alone(send: (h: ReturnType<typeof host>) => void, n: number) {
  const h = host();
  send(h);
  await until(() => h.results().length === n);
  return h.results().map(said);
}

describe('the lint worker beside the engine', () => {
  const session = (h: ReturnType<typeof host>) => {
    h.send(base);
    h.send(edits[0] as Model);
    h.send(edits[1] as Model);
    h.send(edits[1] as Model, { backend: 'ovn-kubernetes' });
    h.send(base, { backend: 'ovn-kubernetes', allowIcmp: true });
  };

  it('answers what the engine answers linting by itself, through edits and profile changes', async () => {
    const peer = new LintPeer();
    const h = host(peer);
    session(h);
    await until(() => h.results().length === 5);
    expect(h.results().map(said)).toEqual(await alone(session, 5));
    expect(h.results()[0]?.findings.length).toBeGreaterThan(0);
    // the policy summaries came with them: every policy, with whom it selects
    const first = said(h.results()[0] as Result).result.policies;
    expect(first).toHaveLength(base.policies.length + (base.clusterPolicies?.length ?? 0));
    expect(first.some((p) => p.selected.length > 0)).toBe(true);
    expect(h.results().map((r) => r.linter)).toEqual(Array(5).fill('lint-worker'));
    // every request was linted there: the first whole, the edits as changes
    expect(peer.answers.map((a) => a.type)).toEqual(['linted', 'linted', 'linted', 'linted', 'linted']);
    expect(
      peer.requests.map((r) => (r.type === 'lint' ? ('delta' in r ? 'delta' : 'model') : r.type)),
    ).toEqual(['model', 'delta', 'delta', 'delta', 'delta']);
  });

  it('waits for findings that come after the analysis', async () => {
    const late = new LintPeer();
    late.hold = true;
    const h = host(late);
    h.send(base);
    await until(() => late.answers.length === 1);
    await tick();
    // the analysis is done, the findings are held back: nothing is answered yet
    expect(h.answers).toEqual([]);
    late.release();
    await until(() => h.results().length === 1);
    expect(h.results().map(said)).toEqual(await alone((x) => x.send(base), 1));
  });

  it('keeps findings that come before the analysis until the analysis is done', async () => {
    const peer = new LintPeer();
    // the engine starts its run 300 ms after the request; the lint worker at once
    const h = host(peer, 300);
    h.send(base);
    await until(() => peer.answers.length === 1);
    expect(h.answers).toEqual([]);
    await until(() => h.results().length === 1);
    expect(h.results().map(said)).toEqual(await alone((x) => x.send(base), 1));
  });

  it('lints in the engine a request the lint worker fails, and goes on with the lint worker', async () => {
    const peer = new LintPeer();
    peer.fail.add(2);
    const h = host(peer);
    session(h);
    await until(() => h.results().length === 5);
    expect(h.results().map(said)).toEqual(await alone(session, 5));
    expect(peer.answers.map((a) => a.type)).toEqual(['linted', 'failed', 'linted', 'linted', 'linted']);
    expect(h.results().map((r) => r.linter)).toEqual([
      'lint-worker',
      'engine',
      'lint-worker',
      'lint-worker',
      'lint-worker',
    ]);
  });

  it('lints in the engine from the moment the lint worker is lost, the waiting requests first', async () => {
    const peer = new LintPeer();
    peer.hold = true;
    const h = host(peer);
    h.send(base);
    h.send(edits[0] as Model);
    await until(() => peer.answers.length === 2);
    peer.crash();
    h.send(edits[1] as Model);
    await until(() => h.results().length === 3);
    const both = (x: ReturnType<typeof host>) => {
      x.send(base);
      x.send(edits[0] as Model);
      x.send(edits[1] as Model);
    };
    expect(h.results().map(said)).toEqual(await alone(both, 3));
    // the request after the loss was not sent to it
    expect(peer.requests).toHaveLength(2);
    expect(h.results().map((r) => r.linter)).toEqual(['engine', 'engine', 'engine']);
  });

  it('drops a cancelled request on both sides and answers the newest only', async () => {
    const peer = new LintPeer();
    const h = host(peer);
    // all three arrive before either side runs one: the first two are superseded
    const first = h.send(base);
    const second = h.send(edits[0] as Model);
    h.cancel(first);
    h.cancel(second);
    const third = h.send(edits[1] as Model);
    await until(() => h.results().length === 1);
    await tick();
    expect(h.results().map((r) => r.id)).toEqual([third]);
    expect(peer.answers.map((a) => [a.type, a.id])).toEqual([
      ['dropped', first],
      ['dropped', second],
      ['linted', third],
    ]);
    const [answer] = h.results();
    expect(answer?.findings).toEqual((await alone((x) => x.send(edits[1] as Model), 1))[0]?.findings);
  });

  it('answers nothing for a request cancelled while it waits for its findings', async () => {
    const peer = new LintPeer();
    peer.hold = true;
    const h = host(peer);
    const first = h.send(base);
    await until(() => peer.answers.length === 1);
    await tick();
    // the engine is done with the first, its findings are held back: the client drops it
    h.cancel(first);
    const second = h.send(edits[0] as Model);
    await until(() => peer.answers.length === 2);
    peer.release();
    await until(() => h.results().length === 1);
    await tick();
    expect(h.results().map((r) => r.id)).toEqual([second]);
    expect(h.results().map((r) => r.linter)).toEqual(['lint-worker']);
  });

  it('sends the whole model again after the lint worker lost the base of a change', async () => {
    const peer = new LintPeer();
    const h = host(peer);
    h.send(base);
    await until(() => h.results().length === 1);
    // a change from a model the lint worker never had (as after its restart): it asks for a resync
    peer.post({ type: 'lint', id: 90, delta: { base: 89, lists: {} } });
    await until(() => peer.answers.length === 2);
    expect(peer.answers[1]).toMatchObject({ type: 'failed', id: 90, resync: true });
    await tick(); // (the answer reaches the engine side a task after it is sent)
    // the next request goes whole (its delta's base is not what the lint worker holds now)
    h.send(edits[0] as Model);
    await until(() => h.results().length === 2);
    expect(peer.requests[2]).toHaveProperty('model');
    const both = (x: ReturnType<typeof host>) => {
      x.send(base);
      x.send(edits[0] as Model);
    };
    expect(h.results().map(said)).toEqual(await alone(both, 2));
  });
});
