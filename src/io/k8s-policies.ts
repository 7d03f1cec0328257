import { policyId } from '../model/ids';
import type { IpBlock, LabelSelector, Peer, Policy, PolicyKind, PolicyPort, Rule } from '../model/types';
import { readSelector } from './k8s-selectors';
import type { FieldReader, Json } from './reader';

export const POLICY_FOR = 'k8s.v1.cni.cncf.io/policy-for';

function readPort(r: FieldReader, v: unknown, field: string): PolicyPort | undefined {
  // A null item decodes to an empty NetworkPolicyPort: TCP, every port (as the API server reads it).
  const o = v === null ? {} : r.object(v, field);
  if (!o) return undefined;
  const out: { protocol?: string; port?: number | string; endPort?: number } = {};
  const protocol = r.string(o.protocol, `${field}.protocol`);
  if (protocol !== undefined) out.protocol = protocol;
  if (typeof o.port === 'number' || typeof o.port === 'string') {
    // IntOrString: a quoted number stays a string, i.e. a port *name* (validated in compile).
    out.port = o.port;
  } else if (o.port !== undefined && o.port !== null) {
    r.typeError(`${field}.port`, 'a port number or name', o.port);
  }
  const endPort = r.int(o.endPort, `${field}.endPort`);
  if (endPort !== undefined) out.endPort = endPort;
  return out;
}

function readPeer(r: FieldReader, v: unknown, field: string): Peer | undefined {
  // A null item decodes to an empty peer, which validation then rejects (compile: peer-empty).
  const o = v === null ? {} : r.object(v, field);
  if (!o) return undefined;
  const peer: { podSelector?: LabelSelector; namespaceSelector?: LabelSelector; ipBlock?: IpBlock } = {};
  const ps = readSelector(r, o.podSelector, `${field}.podSelector`);
  if (ps) peer.podSelector = ps;
  const ns = readSelector(r, o.namespaceSelector, `${field}.namespaceSelector`);
  if (ns) peer.namespaceSelector = ns;
  const ib = r.object(o.ipBlock, `${field}.ipBlock`);
  if (ib) {
    const cidr = r.string(ib.cidr, `${field}.ipBlock.cidr`) ?? '';
    const except =
      ib.except === undefined || ib.except === null
        ? undefined
        : r.strings(ib.except, `${field}.ipBlock.except`);
    peer.ipBlock = except ? { cidr, except } : { cidr };
  }
  for (const k of Object.keys(o)) {
    if (!['podSelector', 'namespaceSelector', 'ipBlock'].includes(k))
      r.report('warning', 'field-unknown', `${field}.${k}`, `unknown peer field "${k}"; ignored`);
  }
  return peer;
}

function readRules(r: FieldReader, v: unknown, dir: 'ingress' | 'egress'): Rule[] | undefined {
  const field = `spec.${dir}`;
  const list = r.list(v, field);
  if (!list) return undefined;
  const peerKey = dir === 'ingress' ? 'from' : 'to';
  const rules: Rule[] = [];
  list.forEach((item, k) => {
    const f = `${field}[${k}]`;
    // `- {}` and `-` (null) both mean an empty rule: all peers, all ports.
    const o = item === null ? {} : r.object(item, f);
    if (!o) return;
    const rule: { peers?: Peer[]; ports?: PolicyPort[] } = {};
    const peers = r.list(o[peerKey], `${f}.${peerKey}`);
    if (peers)
      rule.peers = peers.map((p, j) => readPeer(r, p, `${f}.${peerKey}[${j}]`)).filter((p): p is Peer => !!p);
    const ports = r.list(o.ports, `${f}.ports`);
    if (ports)
      rule.ports = ports
        .map((p, j) => readPort(r, p, `${f}.ports[${j}]`))
        .filter((p): p is PolicyPort => !!p);
    const wrongKey = dir === 'ingress' ? 'to' : 'from';
    if (o[wrongKey] !== undefined) {
      r.report(
        'error',
        'field-unknown',
        `${f}.${wrongKey}`,
        `an ${dir} rule has "${peerKey}", not "${wrongKey}"; "${wrongKey}" is ignored, so this rule matches all peers`,
        peerKey,
      );
    }
    rules.push(rule);
  });
  return rules;
}

/** NetworkPolicy (networking.k8s.io/v1) or MultiNetworkPolicy (k8s.cni.cncf.io/v1beta1). */
export function readPolicy(
  r: FieldReader,
  obj: Json,
  kind: PolicyKind,
  name: string,
  namespace: string,
  annotations: Record<string, string>,
): Policy {
  const spec = r.object(obj.spec, 'spec') ?? {};
  const policy: {
    -readonly [K in keyof Policy]: Policy[K];
  } = {
    id: policyId(kind, namespace, name),
    kind,
    name,
    namespace,
    podSelector: readSelector(r, spec.podSelector, 'spec.podSelector') ?? {},
    origin: r.origin,
  };
  if (spec.policyTypes !== undefined && spec.policyTypes !== null)
    policy.policyTypes = r.strings(spec.policyTypes, 'spec.policyTypes');
  const ingress = readRules(r, spec.ingress, 'ingress');
  if (ingress) policy.ingress = ingress;
  const egress = readRules(r, spec.egress, 'egress');
  if (egress) policy.egress = egress;
  if (kind === 'MultiNetworkPolicy' && annotations[POLICY_FOR] !== undefined)
    policy.policyFor = annotations[POLICY_FOR];
  if (r.rejected) policy.apiRejected = true;
  return policy;
}
