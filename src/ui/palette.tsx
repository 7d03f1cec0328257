import { memo, useMemo } from 'react';
import type { NewKind } from '../store/edit';
import { isPolicy, WORKLOAD_KINDS } from '../store/kinds';
import { useApp, useAppStore } from './store-context';
import { BulkVmsButton } from './intent/bulk-vms';

const CUDN_HINT =
  'an OVN-K ClusterUserDefinedNetwork shared by namespaces (a namespace form gives one its own primary UDN)';

/** The Add buttons, one row each: the kind it makes, its text and its tooltip. */
const ADD = (
  [
    ['VirtualMachine', 'VM', 'KubeVirt VirtualMachine'],
    ['Pod', 'Pod', 'a Pod'],
    ['ExternalHost', 'External host', 'a host outside the cluster (database, vCenter, …)'],
    ['NetworkAttachmentDefinition', 'Network', 'a secondary network (NetworkAttachmentDefinition)'],
    ['Namespace', 'Namespace', 'a Namespace with labels'],
    ['NetworkPolicy', 'NetworkPolicy', 'policy for the pod network'],
    ['MultiNetworkPolicy', 'MultiNetworkPolicy', 'policy for secondary networks'],
    ['Subnet', 'Kube-OVN Subnet', 'a Kube-OVN Subnet with ACLs'],
    ['ClusterUserDefinedNetwork', 'Cluster UDN', CUDN_HINT],
  ] as const satisfies readonly (readonly [NewKind, string, string])[]
).map(([kind, text, hint]) => ({ kind, text, hint }));

/** Kinds with their own list here or their own node on the canvas: not repeated under "Other objects". */
const LISTED = new Set(['Subnet', 'Namespace', 'NetworkAttachmentDefinition']);

/**
 * One object of a list, memoised: a label edit in a 10,000-workload design re-rendered and
 * re-committed all 2,000 policy buttons (~50 ms of the edit's way to the screen).
 */
const Item = memo(function Item({ id, text, active }: { id: string; text: string; active: boolean }) {
  const store = useAppStore();
  return (
    <li>
      <button
        type="button"
        className={active ? 'obj active' : 'obj'}
        onClick={() => store.getState().select([id])}
      >
        {text}
      </button>
    </li>
  );
});

export function Palette() {
  const store = useAppStore();
  const objects = useApp((s) => s.objects);
  const selection = useApp((s) => s.selection);
  const { policies, namespaces, subnets, others } = useMemo(
    () => ({
      policies: objects.filter(isPolicy),
      namespaces: objects.filter((o) => o.obj.kind === 'Namespace'),
      subnets: objects.filter((o) => o.obj.kind === 'Subnet'),
      others: objects.filter((o) => {
        const kind = String(o.obj.kind);
        return !LISTED.has(kind) && !WORKLOAD_KINDS.has(kind) && !isPolicy(o);
      }),
    }),
    [objects],
  );
  const item = (o: { id: string }, text: string) => (
    <Item key={o.id} id={o.id} text={text} active={selection.includes(o.id)} />
  );
  return (
    <nav className="palette" aria-label="Add and browse">
      <h2>Add</h2>
      <div className="add-grid">
        {ADD.map((a) => (
          <button
            key={a.kind}
            type="button"
            title={a.hint}
            data-testid={`add-${a.kind}`}
            onClick={() => store.getState().addObject(a.kind)}
          >
            + {a.text}
          </button>
        ))}
        <BulkVmsButton />
      </div>
      <h2>Policies ({policies.length})</h2>
      <ul className="obj-list" data-testid="policy-list">
        {policies.map((o) =>
          item(
            o,
            `${o.obj.kind === 'MultiNetworkPolicy' ? 'MNP' : 'NP'} ${o.id.split('/').slice(1).join('/')}`,
          ),
        )}
      </ul>
      {subnets.length > 0 && (
        <>
          <h2>Kube-OVN subnets</h2>
          <ul className="obj-list" data-testid="subnet-list">
            {subnets.map((o) => item(o, `Subnet ${o.id.split('/')[2] ?? ''}`))}
          </ul>
        </>
      )}
      {namespaces.length > 0 && (
        <>
          <h2>Namespaces</h2>
          <ul className="obj-list">{namespaces.map((o) => item(o, o.id.split('/')[2] ?? o.id))}</ul>
        </>
      )}
      {others.length > 0 && (
        <>
          <h2>Other objects</h2>
          <ul className="obj-list">
            {others.map((o) => item(o, `${String(o.obj.kind)} ${o.id.split('/').slice(1).join('/')}`))}
          </ul>
        </>
      )}
    </nav>
  );
}
