import ipaddr from 'ipaddr.js';

/** An inclusive address range of one family; v4 and v6 both as bigint. */
export interface AddrRange {
  readonly family: 4 | 6;
  readonly start: bigint;
  readonly end: bigint;
}

export type CidrParse =
  | {
      readonly ok: true;
      readonly range: AddrRange;
      readonly bare: boolean;
      readonly hostBits: boolean;
      readonly canonical: string;
    }
  | { readonly ok: false; readonly message: string };

function toBig(bytes: readonly number[]): bigint {
  let n = 0n;
  for (const b of bytes) n = (n << 8n) | BigInt(b);
  return n;
}

function fromBig(n: bigint, family: 4 | 6): string {
  const len = family === 4 ? 4 : 16;
  const bytes: number[] = [];
  let v = n;
  for (let k = 0; k < len; k++) {
    bytes.unshift(Number(v & 0xffn));
    v >>= 8n;
  }
  return ipaddr.fromByteArray(bytes).toString();
}

/**
 * Four decimal parts without leading zeros (`0|[1-9][0-9]*` each, dot-separated, nothing else):
 * the value, -1 when a part is above 255, undefined when the text is not of that form. By
 * character codes: a regular expression's match is an array of five strings per address, and
 * a layout parses every member's.
 */
export function dottedQuad(t: string): number | undefined {
  let v = 0;
  let part = 0;
  let digits = 0;
  let dots = 0;
  let over = false;
  for (let i = 0; i <= t.length; i++) {
    const c = i < t.length ? t.charCodeAt(i) : -1;
    if (c >= 48 && c <= 57) {
      if (digits === 1 && part === 0) return undefined; // a leading zero
      part = part * 10 + (c - 48);
      if (part > 255) over = true;
      digits++;
      continue;
    }
    if (digits === 0 || (c === 46 ? dots === 3 : c !== -1)) return undefined;
    v = v * 256 + (over ? 0 : part);
    part = 0;
    digits = 0;
    if (c === 46) dots++;
  }
  if (dots !== 3) return undefined;
  return over ? -1 : v;
}

/** Parse one address (no prefix). */
export function parseIp(text: string): { family: 4 | 6; value: bigint } | undefined {
  const t = text.trim();
  // the common case without ipaddr.js (its parse is most of a large layout's time): four
  // decimal parts without leading zeros, each at most 255 — exactly what the check below admits
  const d = dottedQuad(t);
  if (d !== undefined) return d < 0 ? undefined : { family: 4, value: BigInt(d) };
  if (!ipaddr.isValid(t)) return undefined;
  // ipaddr.isValid accepts non-canonical IPv4 forms like "10" or "0x0a.1"; refuse them.
  if (!t.includes(':') && !ipaddr.IPv4.isValidFourPartDecimal(t)) return undefined;
  const addr = ipaddr.parse(t);
  if (addr.kind() === 'ipv6') {
    const v6 = addr as ipaddr.IPv6;
    if (v6.isIPv4MappedAddress()) return { family: 4, value: toBig(v6.toIPv4Address().toByteArray()) };
    return { family: 6, value: toBig(v6.toByteArray()) };
  }
  return { family: 4, value: toBig(addr.toByteArray()) };
}

/** Strip an optional `/len` from an interface address like `10.0.0.5/24`. */
export function addressOf(text: string): string {
  const i = text.indexOf('/');
  return (i >= 0 ? text.slice(0, i) : text).trim();
}

/**
 * Parse a CIDR. `bare` tells the text had no prefix (read as /32 or /128);
 * `hostBits` tells the address had bits set beyond the prefix (it still means its network).
 */
export function parseCidr(text: unknown): CidrParse {
  if (typeof text !== 'string' || text.trim() === '')
    return { ok: false, message: 'a CIDR string is required' };
  const t = text.trim();
  const slash = t.indexOf('/');
  const addrText = slash >= 0 ? t.slice(0, slash) : t;
  const ip = parseIp(addrText);
  if (!ip) return { ok: false, message: `"${t}" is not a valid IP address or CIDR` };
  const bits = ip.family === 4 ? 32 : 128;
  let len = bits;
  if (slash >= 0) {
    const lenText = t.slice(slash + 1);
    if (!/^\d{1,3}$/.test(lenText) || Number(lenText) > bits) {
      return { ok: false, message: `"${t}": prefix length must be 0-${bits}` };
    }
    len = Number(lenText);
  }
  const hostMask = (1n << BigInt(bits - len)) - 1n;
  const start = ip.value & ~hostMask & ((1n << BigInt(bits)) - 1n);
  const end = start | hostMask;
  return {
    ok: true,
    range: { family: ip.family, start, end },
    bare: slash < 0,
    hostBits: (ip.value & hostMask) !== 0n,
    canonical: `${fromBig(start, ip.family)}/${len}`,
  };
}

export function rangeContains(r: AddrRange, ip: { family: 4 | 6; value: bigint }): boolean {
  return r.family === ip.family && ip.value >= r.start && ip.value <= r.end;
}

export function rangeWithin(inner: AddrRange, outer: AddrRange): boolean {
  return inner.family === outer.family && inner.start >= outer.start && inner.end <= outer.end;
}

/** The n-th address (0-based) of a range as text, or undefined past its end. */
export function nthAddress(r: AddrRange, n: bigint): string | undefined {
  const v = r.start + n;
  return v > r.end ? undefined : fromBig(v, r.family);
}
