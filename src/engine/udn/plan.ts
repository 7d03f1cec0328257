import type { Diagnostic } from '../../model/diagnostic';
import { diagnosticAt } from '../../model/report';
import type {
  Labels,
  Model,
  NetworkAttachmentDefinition,
  Topology,
  UserDefinedNetwork,
} from '../../model/types';
import { matchSelector } from '../selectors';

/** The namespace label asking for a primary UDN (R10.3); its value is ignored. */
export const PRIMARY_UDN_LABEL = 'k8s.ovn.org/primary-user-defined-network';
const OVNK = 'ovn-k8s-cni-overlay';

/** A network reachable by name: where a reference (`ns/name`, `NAME`, `<ns>/CUDN`) lands. */
export interface UdnRef {
  readonly net: string; // logical network id
  readonly key: string; // engine key reported in results (R10.2)
  /** Secondary UDN: the only namespace it serves (U12 for others). */
  readonly ownNamespace?: string;
}

export interface UdnNetwork {
  readonly id: string;
  readonly nads: readonly NetworkAttachmentDefinition[];
  readonly primary: boolean;
  readonly ipamless: boolean;
  readonly udn?: UserDefinedNetwork;
}

/**
 * How (C)UDNs and primary NADs shape the networks (SEMANTICS §10): the networks they add, which
 * names resolve to them, each namespace's primary network, and the namespaces whose pods
 * cannot start (U4) or have no primary attachment (U5).
 */
export interface UdnPlan {
  readonly networks: readonly UdnNetwork[];
  readonly refs: ReadonlyMap<string, UdnRef>;
  /** namespace → its one primary network (R10.4) */
  readonly primaryOf: ReadonlyMap<string, UdnRef>;
  /** labelled namespaces without a primary network: their pods never start (U4) */
  readonly noStart: ReadonlySet<string>;
  /** namespaces with more than one primary network: locked, no primary attachment (U5) */
  readonly conflicted: ReadonlySet<string>;
  /** raw NADs that are the NADs OVN-K generated for a (C)UDN: folded into their owner (R10.2) */
  readonly generated: ReadonlySet<string>;
  readonly diagnostics: readonly Diagnostic[];
}

export function udnNetworkId(u: UserDefinedNetwork): string {
  // OVN-K's network names (R10.2): `<ns>_<name>` and `cluster_udn_<NAME>`.
  return u.kind === 'ClusterUserDefinedNetwork'
    ? `ovnk:cluster_udn_${u.name}`
    : `ovnk:${u.namespace}_${u.name}`;
}

function topologyOf(u: UserDefinedNetwork): Topology {
  return u.topology === 'Layer2' ? 'layer2' : u.topology === 'Layer3' ? 'layer3' : 'localnet';
}

/** The NAD OVN-K renders for a (C)UDN, as the engine's network layout needs it. */
function renderedNad(u: UserDefinedNetwork, namespace: string): NetworkAttachmentDefinition {
  return {
    key: u.kind === 'ClusterUserDefinedNetwork' ? u.key : `${namespace}/${u.name}`,
    name: u.name,
    namespace,
    cniType: OVNK,
    netName: udnNetworkId(u).slice('ovnk:'.length),
    topology: topologyOf(u),
    subnets: u.subnets,
    excludeSubnets: u.excludeSubnets,
    ipamSubnets: [],
    role: u.role.toLowerCase(),
    configValid: true,
    ...(u.origin ? { origin: u.origin } : {}),
  };
}

function isPrimaryNad(n: NetworkAttachmentDefinition): boolean {
  return n.cniType === OVNK && n.role === 'primary';
}

export function planUdns(model: Model, namespaceLabels: (ns: string) => Labels): UdnPlan {
  const udns = model.udns ?? [];
  const diagnostics: Diagnostic[] = [];
  const nsByName = new Map(model.namespaces.map((n) => [n.name, n]));
  const hasLabel = (ns: string): boolean => {
    const n = nsByName.get(ns);
    return !!n?.declared && PRIMARY_UDN_LABEL in n.labels;
  };
  const refs = new Map<string, UdnRef>();
  const networks: UdnNetwork[] = [];
  const candidates = new Map<string, { ref: UdnRef; what: string }[]>();
  const generated = new Set<string>();
  const addCandidate = (ns: string, ref: UdnRef, what: string): void => {
    candidates.set(ns, [...(candidates.get(ns) ?? []), { ref, what }]);
  };
  const warn = (
    u: UserDefinedNetwork,
    sev: Diagnostic['severity'],
    code: string,
    field: string,
    msg: string,
  ) =>
    diagnostics.push(
      diagnosticAt(
        u.namespace ? { kind: u.kind, namespace: u.namespace, name: u.name } : { kind: u.kind, name: u.name },
        u.origin,
        sev,
        code,
        field,
        msg,
      ),
    );
  for (const u of udns) {
    const id = udnNetworkId(u);
    const primary = u.role === 'Primary';
    const ref: UdnRef = {
      net: id,
      key: u.key,
      ...(!primary && u.namespace ? { ownNamespace: u.namespace } : {}),
    };
    let served: string[];
    if (u.kind === 'UserDefinedNetwork') served = [u.namespace];
    else {
      const sel = u.namespaceSelector ?? {};
      served = model.namespaces.map((n) => n.name).filter((ns) => matchSelector(sel, namespaceLabels(ns)));
      if (served.length === 0)
        warn(
          u,
          'warning',
          'cudn-selects-nothing',
          'spec.namespaceSelector',
          'this namespaceSelector selects no namespace of the design, so the network serves nobody',
        );
      for (const ns of served)
        if (ns === 'default' || ns.startsWith('openshift-'))
          warn(
            u,
            'warning',
            'udn-reserved-namespace',
            'spec.namespaceSelector',
            `selects namespace ${ns}, which should not get a user-defined network (OpenShift best practice); applied anyway (U6)`,
          );
    }
    if (primary) {
      const unlabelled = served.filter((ns) => !hasLabel(ns));
      for (const ns of unlabelled)
        warn(
          u,
          'warning',
          'udn-namespace-unlabelled',
          u.kind === 'UserDefinedNetwork' ? 'metadata.namespace' : 'spec.namespaceSelector',
          nsByName.get(ns)?.declared
            ? `namespace ${ns} lacks the label ${PRIMARY_UDN_LABEL}, so OVN-K does not render this primary network there; its pods stay on the default network (U3)`
            : `namespace ${ns} is not declared in the design (no Namespace object with the label ${PRIMARY_UDN_LABEL}), so this primary network is not applied there (U3)`,
        );
      served = served.filter(hasLabel);
    }
    // A UDN name resolves only in its own namespace; a CUDN by NAME or `<selected ns>/NAME`.
    refs.set(u.key, ref);
    if (u.kind === 'ClusterUserDefinedNetwork') for (const ns of served) refs.set(`${ns}/${u.name}`, ref);
    for (const ns of served) generated.add(`${ns}/${u.name}`);
    if (primary) for (const ns of served) addCandidate(ns, ref, `${u.kind} ${u.key}`);
    networks.push({ id, nads: [renderedNad(u, u.namespace)], primary, ipamless: !u.ipam, udn: u });
  }
  for (const n of model.nads) {
    if (!isPrimaryNad(n) || generated.has(n.key) || !hasLabel(n.namespace)) continue;
    addCandidate(
      n.namespace,
      { net: `ovnk:${n.netName}`, key: n.key },
      `primary NetworkAttachmentDefinition ${n.key}`,
    );
  }
  const primaryOf = new Map<string, UdnRef>();
  const conflicted = new Set<string>();
  for (const [ns, list] of candidates) {
    if (list.length === 1) primaryOf.set(ns, (list[0] as { ref: UdnRef }).ref);
    else {
      conflicted.add(ns);
      const n = nsByName.get(ns);
      diagnostics.push(
        diagnosticAt(
          { kind: 'Namespace', name: ns },
          n?.origin,
          'error',
          'udn-multiple-primary',
          'metadata.labels',
          `namespace ${ns} has ${list.length} primary networks (${list.map((x) => x.what).join(', ')}); OVN-K keeps only the first created and the order is unknown, so no primary network is assumed (U5)`,
        ),
      );
    }
  }
  const noStart = new Set<string>();
  const withWorkloads = new Set(model.endpoints.filter((e) => e.kind !== 'External').map((e) => e.namespace));
  for (const n of model.namespaces) {
    if (!hasLabel(n.name) || candidates.has(n.name)) continue;
    noStart.add(n.name);
    if (withWorkloads.has(n.name))
      diagnostics.push(
        diagnosticAt(
          { kind: 'Namespace', name: n.name },
          n.origin,
          'error',
          'udn-namespace-no-primary',
          `metadata.labels.${PRIMARY_UDN_LABEL}`,
          `namespace ${n.name} asks for a primary user-defined network but none serves it: OVN-K does not start its pods and VMs until one exists, so they are left out (U4)`,
        ),
      );
  }
  return { networks, refs, primaryOf, noStart, conflicted, generated, diagnostics };
}
