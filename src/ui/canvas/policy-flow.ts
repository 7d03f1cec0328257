// Policy view (the Cilium editor's layout): the workloads a policy selects in the centre, the
// peers each ingress rule admits on the left, egress rules on the right, per network with the
// ports; peers it isolates a subject from without admitting them get a "not admitted" box.
import type { Edge, Node } from '@xyflow/react';
import type { Policy } from '../../model/types';
import type { PolicyView } from '../../store/reach-groups';
import type { BundleData } from './bundle-edge';
import type { PolicyCardData } from './policy-card';
import { shortPorts } from './unit-names';

const COL = 430;
const W = 300;
const CHIPS = 12;

const short = (l: string): string => l.slice(l.indexOf('/') + 1);
const height = (chips: number): number => 70 + Math.ceil(Math.min(chips, CHIPS + 1) / 3) * 28;

export function buildPolicy(
  p: Policy,
  v: PolicyView,
  notSelected: number,
): { nodes: Node<PolicyCardData, 'pcard'>[]; edges: Edge<BundleData>[] } {
  const nodes: Node<PolicyCardData, 'pcard'>[] = [];
  const edges: Edge<BundleData>[] = [];
  const chips = (ls: readonly { label: string; text?: string }[]) => ({
    chips: ls
      .slice(0, CHIPS)
      .map((c) => ({ label: c.label, name: short(c.label), ...(c.text ? { text: c.text } : {}) })),
    more: Math.max(0, ls.length - CHIPS),
  });
  const types = [v.ingress ? 'Ingress' : '', v.egress ? 'Egress' : ''].filter(Boolean).join(', ') || 'none';
  nodes.push({
    id: 'p:header',
    type: 'pcard',
    position: { x: 0, y: 0 },
    style: { width: COL * 2 + W },
    data: {
      kind: 'header',
      title: `${p.kind} ${p.namespace}/${p.name}`,
      subtitle: `selects ${v.selected.length} workload${v.selected.length === 1 ? '' : 's'} · policyTypes ${types}${notSelected ? ` · ${notSelected} not selected (dimmed out of this view)` : ''}`,
      chips: [],
      more: 0,
      testId: 'policy-header',
    },
  });
  let y = 120;
  if (v.networks.length === 0) {
    nodes.push({
      id: 'p:none',
      type: 'pcard',
      position: { x: COL, y },
      style: { width: W },
      data: {
        kind: 'open',
        title: 'Not applied',
        subtitle: v.notApplied ? `${v.notApplied}: it applies on no network.` : 'It applies on no network.',
        chips: [],
        more: 0,
        testId: 'policy-subjects',
      },
    });
  }
  v.networks.forEach((n, k) => {
    const net = n.network === 'default' ? 'pod network' : n.network;
    const subj = `p:subjects:${k}`;
    const colH = { left: 0, right: 0 };
    const add = (side: 'left' | 'right', id: string, data: PolicyCardData, count: number): void => {
      nodes.push({
        id,
        type: 'pcard',
        position: { x: side === 'left' ? 0 : COL * 2, y: y + colH[side] },
        style: { width: W },
        data,
      });
      colH[side] += height(count) + 40;
    };
    nodes.push({
      id: subj,
      type: 'pcard',
      position: { x: COL, y },
      style: { width: W },
      data: {
        kind: 'subjects',
        title: `Selected · ${n.subjects.length} on ${net}`,
        subtitle: '',
        ...chips(n.subjects.map((label) => ({ label }))),
        testId: `policy-subjects${k ? `-${k}` : ''}`,
      },
    });
    const edge = (
      source: string,
      target: string,
      state: BundleData['state'],
      text: string,
      id: string,
    ): void => {
      const color = state === 'none' ? '#c2341f' : '#1a7f37';
      edges.push({
        id,
        source,
        target,
        type: 'bundle',
        markerEnd: { type: 'arrowclosed' as never, color, width: 16, height: 16 },
        data: {
          state,
          chip: state === 'none' ? 'denied' : shortPorts(text),
          title: text,
          coverage: undefined,
          testId: `pedge-${id}`,
          dim: false,
        },
      });
    };
    for (const dir of ['ingress', 'egress'] as const) {
      const side = dir === 'ingress' ? 'left' : 'right';
      const on = dir === 'ingress' ? v.ingress : v.egress;
      const rules = n.rules.filter((r) => r.direction === dir);
      for (const r of rules) {
        const id = `p:${dir}:${k}:${r.rule}`;
        add(
          side,
          id,
          {
            kind: 'rule',
            title: `${dir}[${r.rule}] · admits ${r.peers.length}`,
            subtitle: `ports: ${r.text}`,
            ...chips(r.peers),
            testId: `policy-${dir}-${r.rule}${k ? `-${k}` : ''}`,
          },
          r.peers.length,
        );
        if (dir === 'ingress') edge(id, subj, r.text === 'all' ? 'all' : 'some', r.text, `${id}>s`);
        else edge(subj, id, r.text === 'all' ? 'all' : 'some', r.text, `${id}<s`);
      }
      const blocked = n.notAdmitted[dir];
      if (on && blocked.length) {
        const id = `p:blocked:${dir}:${k}`;
        add(
          side,
          id,
          {
            kind: 'blocked',
            title: 'Not admitted by any rule',
            subtitle: dir === 'ingress' ? `isolated for ingress on ${net}` : `egress isolated on ${net}`,
            ...chips(blocked.map((label) => ({ label }))),
            testId: `policy-blocked-${dir}${k ? `-${k}` : ''}`,
          },
          blocked.length,
        );
        if (dir === 'ingress') edge(id, subj, 'none', 'not admitted', `${id}>s`);
        else edge(subj, id, 'none', 'not admitted', `${id}<s`);
      }
      if (!on)
        add(
          side,
          `p:open:${dir}:${k}`,
          {
            kind: 'open',
            title: 'Not restricted by this policy',
            subtitle: `policyTypes has no ${dir === 'ingress' ? 'Ingress' : 'Egress'}: ${dir} stays as other policies leave it.`,
            chips: [],
            more: 0,
            testId: `policy-open-${dir}${k ? `-${k}` : ''}`,
          },
          0,
        );
    }
    y += Math.max(colH.left, colH.right, height(n.subjects.length) + 40) + 60;
  });
  return { nodes, edges };
}
