import { load } from 'js-yaml';
import { isObject } from './reader';

export interface GuestInterface {
  readonly mac?: string;
  readonly name?: string;
}

/**
 * Addresses per guest NIC index from cloud-init networkData (netplan v2 `ethernets`, or
 * v1 `config` with static subnets). NICs are matched by MAC, else `ethN` → N-th
 * interface (SEMANTICS R6.3). Returns interface index → addresses.
 */
export function cloudInitAddresses(
  networkData: string,
  interfaces: readonly GuestInterface[],
): Map<number, string[]> | string {
  let doc: unknown;
  try {
    doc = load(networkData);
  } catch (e) {
    return `networkData is not valid YAML: ${e instanceof Error ? e.message.split('\n')[0] : String(e)}`;
  }
  const out = new Map<number, string[]>();
  if (!isObject(doc)) return out;
  const root = isObject(doc.network) ? doc.network : doc;
  const indexOf = (name: string | undefined, mac: string | undefined): number => {
    if (mac) {
      const k = interfaces.findIndex((i) => i.mac?.toLowerCase() === mac.toLowerCase());
      if (k >= 0) return k;
    }
    const m = name ? /^eth(\d+)$/.exec(name) : null;
    return m ? Number(m[1]) : -1;
  };
  const add = (k: number, addrs: readonly string[]): void => {
    if (k < 0 || k >= interfaces.length || addrs.length === 0) return;
    out.set(k, [...(out.get(k) ?? []), ...addrs]);
  };
  if (isObject(root.ethernets)) {
    for (const [name, cfg] of Object.entries(root.ethernets)) {
      if (!isObject(cfg)) continue;
      const mac =
        isObject(cfg.match) && typeof cfg.match.macaddress === 'string' ? cfg.match.macaddress : undefined;
      const addrs = Array.isArray(cfg.addresses)
        ? cfg.addresses.filter((a): a is string => typeof a === 'string')
        : [];
      add(indexOf(name, mac), addrs);
    }
  } else if (Array.isArray(root.config)) {
    for (const item of root.config) {
      if (!isObject(item) || item.type !== 'physical') continue;
      const addrs: string[] = [];
      for (const s of Array.isArray(item.subnets) ? item.subnets : []) {
        if (isObject(s) && typeof s.address === 'string') addrs.push(s.address);
      }
      add(
        indexOf(
          typeof item.name === 'string' ? item.name : undefined,
          typeof item.mac_address === 'string' ? item.mac_address : undefined,
        ),
        addrs,
      );
    }
  }
  return out;
}
