import { describe, expect, it } from 'vitest';
import { parseDesignYaml } from '../io/design';
import { TWO_PODS } from '../testing/designs';
import { createAppStore } from './app-store';

const DESIGN = `${TWO_PODS}---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: p1, namespace: default}
spec: {podSelector: {matchLabels: {app: b}}, ingress: []}
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: p2, namespace: default}
spec: {podSelector: {matchLabels: {app: a}}, ingress: []}
`;

const make = () => createAppStore({ objects: parseDesignYaml(DESIGN).objects });

/** What the analysis runner sees: each model it would send to the engine. */
function modelsSent(store: ReturnType<typeof make>): unknown[] {
  const sent: unknown[] = [];
  store.subscribe((s, prev) => {
    if (s.model !== prev.model) sent.push(s.model);
  });
  return sent;
}

describe('one edit, one model (defect 3)', () => {
  it('an edit derives the model once, in the same update', () => {
    const store = make();
    const sent = modelsSent(store);
    const rev = store.getState().rev;
    const pod = store.getState().objects[0];
    if (!pod) throw new Error('no pod');
    store.getState().updateObject(pod.id, { ...pod.obj, metadata: { name: 'a', labels: { app: 'x' } } });
    expect(sent).toHaveLength(1);
    expect(store.getState().rev).toBe(rev + 1);
    expect(store.getState().model.endpoints.find((e) => e.name === 'a')?.labels).toEqual({ app: 'x' });
  });

  it('an undo derives the model once', () => {
    const store = make();
    const pod = store.getState().objects[0];
    if (!pod) throw new Error('no pod');
    store.getState().removeObjects([pod.id]);
    const sent = modelsSent(store);
    store.temporal.getState().undo();
    expect(sent).toHaveLength(1);
    expect(store.getState().model.endpoints.map((e) => e.name)).toEqual(['a', 'b']);
  });
});

describe('objects set from outside the actions', () => {
  it('store.setState({ objects }) derives the model in the same update', () => {
    const store = make();
    const sent = modelsSent(store);
    store.setState({ objects: store.getState().objects.slice(1) });
    expect(sent).toHaveLength(1);
    expect(store.getState().model.endpoints.map((e) => e.name)).toEqual(['b']);
  });
});

describe('undo in teaching mode (defect 7)', () => {
  it('restores the teaching step with the objects', () => {
    const store = make();
    store.getState().startTeaching();
    store.getState().teachStep(1);
    store.getState().teachStep(2);
    expect(store.getState().teaching?.step).toBe(2);
    store.temporal.getState().undo();
    const s = store.getState();
    expect(s.teaching?.step).toBe(1);
    expect(s.objects.map((o) => o.id)).toEqual([
      'Pod/default/a',
      'Pod/default/b',
      'NetworkPolicy/default/p1',
    ]);
    expect(s.baseline?.label).toBe('step 0');
    expect(s.baseline?.objects.map((o) => o.id)).toEqual(['Pod/default/a', 'Pod/default/b']);
  });

  it('undoing the start of teaching leaves teaching mode with the full design', () => {
    const store = make();
    store.getState().startTeaching();
    store.temporal.getState().undo();
    const s = store.getState();
    expect(s.teaching).toBeUndefined();
    expect(s.baseline).toBeUndefined();
    expect(s.objects).toHaveLength(4);
  });
});
