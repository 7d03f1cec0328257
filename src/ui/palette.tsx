import { memo, useMemo, useRef } from 'react';
import type { NewKind } from '../store/edit';
import { isPolicy, WORKLOAD_KINDS, type DesignObject } from '../store/kinds';
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

interface Entry {
  readonly id: string;
  readonly text: string;
}
interface Lists {
  readonly policies: readonly Entry[];
  readonly subnets: readonly Entry[];
  readonly namespaces: readonly Entry[];
  readonly others: readonly Entry[];
}

const rest = (id: string): string => id.split('/').slice(1).join('/');

function listsOf(objects: readonly DesignObject[]): Lists {
  const out = {
    policies: [] as Entry[],
    subnets: [] as Entry[],
    namespaces: [] as Entry[],
    others: [] as Entry[],
  };
  for (const o of objects) {
    const kind = String(o.obj.kind);
    if (isPolicy(o))
      out.policies.push({ id: o.id, text: `${kind === 'MultiNetworkPolicy' ? 'MNP' : 'NP'} ${rest(o.id)}` });
    else if (kind === 'Subnet') out.subnets.push({ id: o.id, text: `Subnet ${o.id.split('/')[2] ?? ''}` });
    else if (kind === 'Namespace') out.namespaces.push({ id: o.id, text: o.id.split('/')[2] ?? o.id });
    else if (!LISTED.has(kind) && !WORKLOAD_KINDS.has(kind))
      out.others.push({ id: o.id, text: `${kind} ${rest(o.id)}` });
  }
  return out;
}

const sameEntries = (a: readonly Entry[], b: readonly Entry[]): boolean =>
  a.length === b.length && a.every((e, k) => e.id === b[k]?.id && e.text === b[k]?.text);

/** The lists as before where they show the same entries: an edit that renames nothing re-renders none. */
function keepSame(prev: Lists | undefined, next: Lists): Lists {
  if (!prev) return next;
  const kept = {
    policies: sameEntries(prev.policies, next.policies) ? prev.policies : next.policies,
    subnets: sameEntries(prev.subnets, next.subnets) ? prev.subnets : next.subnets,
    namespaces: sameEntries(prev.namespaces, next.namespaces) ? prev.namespaces : next.namespaces,
    others: sameEntries(prev.others, next.others) ? prev.others : next.others,
  };
  return (Object.keys(kept) as (keyof Lists)[]).every((k) => kept[k] === prev[k]) ? prev : kept;
}

/**
 * The object lists, memoised on the entries they show: a label edit in a 10,000-workload design
 * re-rendered the palette and compared all 2,000 policy buttons (~20 ms of the edit's way to the
 * screen).
 */
const ObjectLists = memo(function ObjectLists({
  lists,
  selection,
}: {
  lists: Lists;
  selection: readonly string[];
}) {
  const { policies, subnets, namespaces, others } = lists;
  const item = (o: Entry) => <Item key={o.id} id={o.id} text={o.text} active={selection.includes(o.id)} />;
  return (
    <>
      <h2>Policies ({policies.length})</h2>
      <ul className="obj-list" data-testid="policy-list">
        {policies.map(item)}
      </ul>
      {subnets.length > 0 && (
        <>
          <h2>Kube-OVN subnets</h2>
          <ul className="obj-list" data-testid="subnet-list">
            {subnets.map(item)}
          </ul>
        </>
      )}
      {namespaces.length > 0 && (
        <>
          <h2>Namespaces</h2>
          <ul className="obj-list">{namespaces.map(item)}</ul>
        </>
      )}
      {others.length > 0 && (
        <>
          <h2>Other objects</h2>
          <ul className="obj-list">{others.map(item)}</ul>
        </>
      )}
    </>
  );
});

export function Palette() {
  const store = useAppStore();
  const objects = useApp((s) => s.objects);
  const selection = useApp((s) => s.selection);
  const last = useRef<Lists | undefined>(undefined);
  const lists = useMemo(() => keepSame(last.current, listsOf(objects)), [objects]);
  last.current = lists;
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
      <ObjectLists lists={lists} selection={selection} />
    </nav>
  );
}
