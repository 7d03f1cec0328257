// "N VMs on network X from address A" (issue 17): unique names, sequential addresses, one undo step.
import { objectId, type DesignObject } from '../io/design';
import { createObject } from '../io/edit/create';
import { setInterfaces } from '../io/edit/workload';
import type { Json } from '../io/reader';
import { freeSpot } from './free-space';
import type { XY } from './layout';
import type { AppState } from './slices/types';

export const BULK_MAX = 500;

export interface BulkRequest {
  readonly count: number;
  /** NAD key `namespace/name`. */
  readonly network: string;
  /** First IPv4 address; the next VMs take the following ones. */
  readonly start: string;
  readonly prefix: string;
  readonly namespace: string;
}

const ipv4 = (s: string): number | undefined => {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(s.trim());
  if (!m) return undefined;
  const parts = m.slice(1).map(Number);
  if (parts.some((p) => p > 255)) return undefined;
  return parts.reduce((a, p) => a * 256 + p, 0);
};
const text = (n: number): string => [24, 16, 8, 0].map((s) => Math.floor(n / 2 ** s) % 256).join('.');

function inCidr(ip: number, cidr: string): boolean | undefined {
  const [base, bits] = cidr.split('/');
  const b = base === undefined ? undefined : ipv4(base);
  const len = Number(bits ?? 32);
  if (b === undefined || !Number.isInteger(len) || len < 0 || len > 32) return undefined; // IPv6 or bad: not checked
  const size = 2 ** (32 - len);
  return Math.floor(ip / size) === Math.floor(b / size);
}

/** The VMs to add, or what is wrong with the request (each message names the field). */
export function bulkVms(
  state: Pick<AppState, 'objects' | 'model'>,
  r: BulkRequest,
): { objects?: Json[]; errors: string[] } {
  const errors: string[] = [];
  if (!Number.isInteger(r.count) || r.count < 1 || r.count > BULK_MAX)
    errors.push(`count: a whole number from 1 to ${BULK_MAX}`);
  const nad = state.model.nads.find((n) => n.key === r.network);
  if (!nad) errors.push(`network: no network "${r.network}" in the design`);
  const first = ipv4(r.start);
  if (first === undefined) errors.push(`first address: "${r.start}" is not an IPv4 address`);
  if (!/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(r.prefix) || r.prefix.length > 50)
    errors.push(
      'name prefix: lower-case letters, digits and "-", starting and ending with a letter or digit',
    );
  if (errors.length || first === undefined || !nad) return { errors };
  const last = first + r.count - 1;
  if (last > 2 ** 32 - 1)
    return { errors: [`first address: ${r.count} addresses from ${r.start} run past 255.255.255.255`] };
  const subnets = [...nad.subnets, ...nad.ipamSubnets];
  const outside = subnets.length
    ? [first, last].find((ip) => subnets.every((c) => inCidr(ip, c) === false))
    : undefined;
  if (outside !== undefined)
    errors.push(`first address: ${text(outside)} is outside ${r.network}'s subnets (${subnets.join(', ')})`);
  const taken = new Map<number, string>();
  for (const e of state.model.endpoints)
    for (const a of e.attachments)
      if (a.nad === r.network)
        for (const ip of a.ips) {
          const n = ipv4(ip.split('/')[0] ?? '');
          if (n !== undefined) taken.set(n, `${e.namespace}/${e.name}`);
        }
  for (let ip = first; ip <= last; ip++)
    if (taken.has(ip)) {
      errors.push(`first address: ${text(ip)} is already used by ${taken.get(ip)} on ${r.network}`);
      break;
    }
  if (errors.length) return { errors };
  const ids = new Set<string>(state.objects.map((o) => o.id));
  const objects: Json[] = [];
  for (let k = 1, ip = first; objects.length < r.count; k++) {
    const name = `${r.prefix}${k}`;
    if (ids.has(objectId({ kind: 'VirtualMachine', metadata: { name, namespace: r.namespace } }))) continue;
    const vm = createObject('VirtualMachine', name, r.namespace);
    objects.push(setInterfaces(vm, [{ network: r.network, ips: [text(ip++)] }]));
  }
  return { objects, errors: [] };
}

/** Add them as one undo step, each on a free spot of the canvas. */
export function addBulk(
  get: () => Pick<AppState, 'objects' | 'layout'>,
  set: (p: Partial<AppState>) => void,
  objs: readonly Json[],
): string[] {
  const layout: Record<string, XY> = { ...get().layout };
  const added: DesignObject[] = objs.map((obj) => ({ id: objectId(obj), obj }));
  for (const o of added) layout[o.id] = freeSpot(layout);
  set({ objects: [...get().objects, ...added], layout, selection: added.map((o) => o.id) });
  return added.map((o) => o.id);
}
