import ipaddr from 'ipaddr.js';

/*
 * The API server's checks of names, label keys and values (apimachinery
 * pkg/util/validation: IsDNS1123Label, IsDNS1123Subdomain, IsQualifiedName, IsValidLabelValue).
 * Each returns why the text is invalid, or undefined.
 */

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const QUALIFIED_NAME = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;

/** A name check: at most `max` characters, matching `shape` (else `rule` says why). */
const nameCheck =
  (max: number, shape: RegExp, rule: string) =>
  (name: string): string | undefined =>
    name.length > max ? `must be at most ${max} characters` : shape.test(name) ? undefined : rule;

export const dnsLabelProblem = nameCheck(
  63,
  DNS_LABEL,
  'must be a DNS label: lowercase letters, digits and "-", starting and ending with a letter or digit',
);

export const dnsSubdomainProblem = nameCheck(
  253,
  DNS_SUBDOMAIN,
  'must be a DNS subdomain: lowercase letters, digits, "-" and ".", starting and ending with a letter or digit',
);

/** A label or annotation key: `[prefix/]name`, prefix a DNS subdomain, name ≤ 63. */
export function labelKeyProblem(key: string): string | undefined {
  const slash = key.lastIndexOf('/');
  const prefix = slash >= 0 ? key.slice(0, slash) : undefined;
  const name = slash >= 0 ? key.slice(slash + 1) : key;
  if (prefix !== undefined && (prefix === '' || dnsSubdomainProblem(prefix)))
    return 'its prefix (before "/") must be a DNS subdomain';
  if (name === '') return 'its name part is empty';
  if (name.length > 63) return 'its name part must be at most 63 characters';
  if (!QUALIFIED_NAME.test(name))
    return 'its name part may hold letters, digits, "-", "_" and ".", starting and ending with a letter or digit';
  return undefined;
}

export function labelValueProblem(value: string): string | undefined {
  if (value.length > 63) return 'must be at most 63 characters';
  if (value !== '' && !QUALIFIED_NAME.test(value))
    return 'may hold letters, digits, "-", "_" and ".", starting and ending with a letter or digit';
  return undefined;
}

const V4 = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;

/** A strict `address/len` (what net.ParseCIDR accepts); `hostLen` allows OVN-K's `/16/24`. */
export function cidrProblem(text: string, hostLen = false): string | undefined {
  const parts = text.split('/');
  if (parts.length < 2 || parts.length > (hostLen ? 3 : 2)) return 'is not a valid CIDR';
  const [addr = '', ...lens] = parts;
  const v4 = V4.test(addr);
  if (!v4 && !(addr.includes(':') && ipaddr.IPv6.isValid(addr))) return 'is not a valid CIDR';
  const bits = v4 ? 32 : 128;
  if (lens.some((l) => !/^\d{1,3}$/.test(l) || Number(l) > bits)) return `prefix length must be 0-${bits}`;
  return undefined;
}
