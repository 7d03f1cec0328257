import { isObject, type Json } from '../../store/edit';
import { useApp, useAppStore } from '../store-context';
import type { Model } from '../../model/types';

const POLICY_FOR = 'k8s.v1.cni.cncf.io/policy-for';
const NS_LABEL = 'kubernetes.io/metadata.name';

type Start = 'deny-ingress' | 'deny-egress' | 'allow-dns' | 'same-namespace';

const TITLES: Record<Start, string> = {
  'deny-ingress': 'Deny all ingress',
  'deny-egress': 'Deny all egress',
  'allow-dns': 'Allow DNS',
  'same-namespace': 'Allow same namespace',
};

/** NAD keys of a MultiNetworkPolicy's policy-for (names without a namespace are in the policy's). */
function listedNads(obj: Json, ns: string): string[] {
  const meta = isObject(obj.metadata) ? obj.metadata : {};
  const ann = isObject(meta.annotations) ? meta.annotations : {};
  const v = typeof ann[POLICY_FOR] === 'string' ? ann[POLICY_FOR] : '';
  return v
    .replaceAll(' ', '')
    .split(',')
    .filter(Boolean)
    .map((x) => (x.includes('/') ? x : `${ns}/${x}`));
}

/**
 * Peers for "the workloads of this namespace": `podSelector: {}`, except on networks without
 * IPAM (OVN-K ignores selector peers there, SEMANTICS R5.7): the workloads' /32 and /128 there.
 */
export function sameNamespacePeers(model: Model, ns: string, nads: readonly string[]): Json[] {
  const ipamless = nads.filter((k) => {
    const n = model.nads.find((x) => x.key === k);
    return n && n.subnets.length === 0 && n.ipamSubnets.length === 0;
  });
  if (ipamless.length === 0) return [{ podSelector: {} }];
  const cidrs = new Set<string>();
  for (const e of model.endpoints)
    if (e.namespace === ns)
      for (const a of e.attachments)
        if (ipamless.includes(a.nad))
          for (const ip of a.ips) cidrs.add(`${ip.split('/')[0]}/${ip.includes(':') ? 128 : 32}`);
  const peers: Json[] = [...cidrs].sort().map((cidr) => ({ ipBlock: { cidr } }));
  // selector peers still work on the networks with IPAM among the listed ones
  if (ipamless.length < nads.length) peers.unshift({ podSelector: {} });
  return peers;
}

/** The spec a quick start writes (every pod of the namespace is the subject, as in OpenShift's form). */
export function quickStartSpec(start: Start, model: Model, obj: Json, ns: string): Json {
  switch (start) {
    case 'deny-ingress':
      return { podSelector: {}, policyTypes: ['Ingress'], ingress: [] };
    case 'deny-egress':
      return { podSelector: {}, policyTypes: ['Egress'], egress: [] };
    case 'allow-dns':
      return {
        podSelector: {},
        policyTypes: ['Egress'],
        egress: [
          {
            to: [
              {
                namespaceSelector: { matchLabels: { [NS_LABEL]: 'kube-system' } },
                podSelector: { matchLabels: { 'k8s-app': 'kube-dns' } },
              },
            ],
            ports: [
              { protocol: 'UDP', port: 53 },
              { protocol: 'TCP', port: 53 },
            ],
          },
        ],
      };
    case 'same-namespace': {
      const nads = obj.kind === 'MultiNetworkPolicy' ? listedNads(obj, ns) : [];
      return {
        podSelector: {},
        policyTypes: ['Ingress'],
        ingress: [{ from: sameNamespacePeers(model, ns, nads) }],
      };
    }
  }
}

/** OpenShift-style quick starts at the top of the policy form: each replaces the spec (one undo step). */
export function QuickStarts({ id, obj }: { id: string; obj: Json }) {
  const store = useAppStore();
  const model = useApp((s) => s.model);
  const meta = isObject(obj.metadata) ? obj.metadata : {};
  const ns = String(meta.namespace ?? 'default');
  const mnp = obj.kind === 'MultiNetworkPolicy';
  const apply = (start: Start) => {
    store.getState().updateObject(id, { ...obj, spec: quickStartSpec(start, model, obj, ns) });
    store.getState().setNotice({ kind: 'info', text: `${TITLES[start]}: the policy's rules were replaced` });
  };
  return (
    <fieldset className="quick-starts" data-testid="quick-starts">
      <legend>Quick start (replaces the rules)</legend>
      {(Object.keys(TITLES) as Start[]).map((s) => (
        <button
          key={s}
          type="button"
          className="small"
          data-testid={`quick-${s}`}
          disabled={mnp && s === 'allow-dns'}
          title={
            mnp && s === 'allow-dns'
              ? 'DNS (kube-dns) is on the pod network: write it as a NetworkPolicy'
              : s === 'same-namespace' && mnp
                ? 'On networks without IPAM the peers are the workloads’ addresses (selectors are ignored there)'
                : undefined
          }
          onClick={() => apply(s)}
        >
          {TITLES[s]}
        </button>
      ))}
    </fieldset>
  );
}
