import { DEFAULT_NETWORK, type Attachment, type Endpoint, type Model } from '../../model/types';
import { netNodeId, udnNodeId } from '../../store/layout';

/** What a network node shows for an OVN-K (Cluster)UserDefinedNetwork. */
export interface UdnNodeData {
  readonly kind: string;
  readonly topology: string;
  readonly role: string;
  readonly subnets: readonly string[];
}

/**
 * The canvas's reading of UDN placement, all from the engine's result (SEMANTICS §10): an
 * endpoint is drawn on its namespace's primary network (`primaryNetworks`), a pod naming a
 * CUDN attaches to the CUDN's key (`networkKeys`), and its `default` attachment is locked.
 */
/** The two result fields this view reads (AnalysisResult's, typed here: ui does not import the engine). */
interface UdnPlacement {
  readonly primaryNetworks?: Readonly<Record<string, string>>;
  readonly networkKeys?: Readonly<Record<string, string>>;
}

export function udnView(model: Model, analysis: UdnPlacement | undefined) {
  const alias = analysis?.networkKeys ?? {};
  const primary = analysis?.primaryNetworks ?? {};
  const udns = new Map((model.udns ?? []).map((u) => [u.key, u]));
  const primaryOf = (e: Endpoint): string | undefined =>
    e.kind !== 'External' && !e.hostNetwork && e.attachments.some((a) => a.nad === DEFAULT_NETWORK)
      ? primary[e.namespace]
      : undefined;
  const attachmentsOf = (e: Endpoint): Attachment[] => {
    const p = primaryOf(e);
    return [
      ...e.attachments.map((a) => ({ ...a, nad: alias[a.nad] ?? a.nad })),
      ...(p ? [{ nad: p, ips: e.udn?.primaryIps ?? [], ipSource: e.udn?.primaryIpSource ?? 'none' }] : []),
    ];
  };
  return {
    attachmentsOf,
    keysOf: (e: Endpoint): string[] => attachmentsOf(e).map((a) => a.nad),
    /** the `default` attachment of an endpoint on a primary (C)UDN (R10.6) */
    isLocked: (e: Endpoint, key: string): boolean => key === DEFAULT_NETWORK && !!primaryOf(e),
    dataOf: (key: string): { udn?: UdnNodeData } => {
      const u = udns.get(key);
      return u ? { udn: { kind: u.kind, topology: u.topology, role: u.role, subnets: u.subnets } } : {};
    },
    /** a (C)UDN node selects its object, so the inspector opens its form */
    nodeId: (key: string): string => {
      const u = udns.get(key);
      return u ? udnNodeId(u) : netNodeId(key);
    },
  };
}
