import { setField } from '../model/diagnostic';
import type { Diagnostic } from '../model/diagnostic';
import {
  DEFAULT_NETWORK,
  type LabelSelector,
  type Peer,
  type Policy,
  type Protocol,
  type Rule,
} from '../model/types';
import { parseCidr, rangeWithin, type AddrRange } from './cidr';
import type { BackendOptions } from './admin/backend';
import { icmpBypassOn } from './icmp-option';
import type { NetworkLayout } from './networks';
import type { PortSet } from './ports';
import { invalid, report, type Ctx } from './compile-context';
import { compilePort } from './compile-ports';
import { SELECTOR_OPERATORS } from './selectors';

export type Direction = 'ingress' | 'egress';

export type CompiledPeer =
  | { readonly kind: 'ipBlock'; readonly cidr: AddrRange; readonly except: readonly AddrRange[] }
  | {
      readonly kind: 'selector';
      readonly podSelector?: LabelSelector;
      readonly namespaceSelector?: LabelSelector;
    }
  | { readonly kind: 'nothing' };

export type CompiledPort =
  | { readonly protocol: Protocol; readonly kind: 'set'; readonly set: PortSet }
  | {
      readonly protocol: Protocol;
      readonly kind: 'named';
      readonly name: string;
      /** its index in the written `ports` list (invalid entries before it are dropped) */
      readonly at: number;
    };

export interface CompiledRule {
  readonly index: number;
  /** 'all' when `from`/`to` is missing or empty. */
  readonly peers: readonly CompiledPeer[] | 'all';
  /** 'all' when `ports` is missing or empty (every protocol and port, ICMP included). */
  readonly ports: readonly CompiledPort[] | 'all';
}

/** What the factors read of any compiled policy kind (NetworkPolicy / MNP, or a cluster policy). */
export interface CompiledDecider<Rule> {
  /** Logical network ids it applies on (empty when it applies nowhere). */
  readonly networks: ReadonlySet<string>;
  /** it has an effect on the direction (isolates it, or for cluster policies has rules there) */
  readonly ingress: boolean;
  readonly egress: boolean;
  readonly ingressRules: readonly Rule[];
  readonly egressRules: readonly Rule[];
  /** Why the policy has no effect at all, when it has none. */
  readonly notApplied?: string;
}

export interface CompiledPolicy extends CompiledDecider<CompiledRule> {
  readonly policy: Policy;
  /**
   * `allow-icmp-network-policy` is on and OVN-K enforces the policy: the sides it isolates allow
   * ICMP whatever the rules (icmp-option.ts; on a network OVN-K does not enforce, the analyzer
   * evaluates a copy without it).
   */
  readonly icmpBypass?: true;
  /**
   * A rejected policy's rules and networks as written (never evaluated): lint reports every
   * problem of the object at once, as the API server lists every field error (defect 8).
   */
  readonly rejected?: {
    readonly networks: ReadonlySet<string>;
    readonly ingressRules: readonly CompiledRule[];
    readonly egressRules: readonly CompiledRule[];
  };
}

function checkSelector(ctx: Ctx, sel: LabelSelector | undefined, field: string): void {
  (sel?.matchExpressions ?? []).forEach((r, k) => {
    const f = `${field}.matchExpressions[${k}]`;
    if (!(SELECTOR_OPERATORS as readonly string[]).includes(r.operator)) {
      const near = SELECTOR_OPERATORS.find((o) => o.toLowerCase() === r.operator.toLowerCase());
      invalid(
        ctx,
        'selector-invalid',
        `${f}.operator`,
        `operator "${r.operator}" is not one of In, NotIn, Exists, DoesNotExist`,
        near,
      );
    } else if ((r.operator === 'In' || r.operator === 'NotIn') && (r.values ?? []).length === 0) {
      invalid(ctx, 'selector-invalid', `${f}.values`, `operator ${r.operator} needs at least one value`);
    } else if ((r.operator === 'Exists' || r.operator === 'DoesNotExist') && (r.values ?? []).length > 0) {
      invalid(ctx, 'selector-invalid', `${f}.values`, `operator ${r.operator} takes no values`);
    }
  });
}

function compileCidr(ctx: Ctx, text: string, field: string): AddrRange | undefined {
  if (text.trim() !== text) {
    invalid(
      ctx,
      'ipblock-invalid',
      field,
      `"${text}" has spaces around it, so it is not a valid CIDR`,
      text.trim(),
    );
    return undefined;
  }
  const p = parseCidr(text);
  if (!p.ok) {
    invalid(ctx, 'ipblock-invalid', field, p.message);
    return undefined;
  }
  if (p.bare) {
    if (ctx.policy.kind === 'NetworkPolicy') {
      invalid(
        ctx,
        'ipblock-invalid',
        field,
        `"${text}" is an address, not a CIDR`,
        setField(field, `${text}/${p.range.family === 4 ? 32 : 128}`),
      );
    } else {
      report(
        ctx,
        'warning',
        'ipblock-bare-ip',
        field,
        `"${text}" has no prefix length; OVN-K reads it as one address (/${p.range.family === 4 ? 32 : 128})`,
        setField(field, `${text}/${p.range.family === 4 ? 32 : 128}`),
      );
    }
  } else if (p.hostBits) {
    report(
      ctx,
      'info',
      'ipblock-host-bits',
      field,
      `"${text}" has host bits set; it means ${p.canonical}`,
      setField(field, p.canonical),
    );
  }
  return p.range;
}

function compilePeer(ctx: Ctx, peer: Peer, field: string): CompiledPeer {
  if (peer.ipBlock) {
    if (peer.podSelector || peer.namespaceSelector) {
      invalid(ctx, 'peer-ipblock-with-selector', field, 'a peer may hold an ipBlock or selectors, not both');
      return { kind: 'nothing' };
    }
    const cidr = compileCidr(ctx, peer.ipBlock.cidr, `${field}.ipBlock.cidr`);
    if (!cidr) return { kind: 'nothing' };
    const except: AddrRange[] = [];
    (peer.ipBlock.except ?? []).forEach((e, k) => {
      const f = `${field}.ipBlock.except[${k}]`;
      const r = compileCidr(ctx, e, f);
      if (!r) return;
      // the API server wants a strict subset: an except equal to its cidr is rejected
      if (!rangeWithin(r, cidr) || (r.start === cidr.start && r.end === cidr.end)) {
        invalid(
          ctx,
          'ipblock-except-outside-cidr',
          f,
          `except "${e}" is not a strict subset of cidr "${peer.ipBlock?.cidr}"`,
        );
      }
      except.push(r);
    });
    return { kind: 'ipBlock', cidr, except };
  }
  if (!peer.podSelector && !peer.namespaceSelector) {
    invalid(ctx, 'peer-empty', field, 'a peer needs podSelector, namespaceSelector or ipBlock');
    return { kind: 'nothing' };
  }
  checkSelector(ctx, peer.podSelector, `${field}.podSelector`);
  checkSelector(ctx, peer.namespaceSelector, `${field}.namespaceSelector`);
  return {
    kind: 'selector',
    ...(peer.podSelector ? { podSelector: peer.podSelector } : {}),
    ...(peer.namespaceSelector ? { namespaceSelector: peer.namespaceSelector } : {}),
  };
}

function compileRules(ctx: Ctx, rules: readonly Rule[] | undefined, dir: Direction): CompiledRule[] {
  const peerKey = dir === 'ingress' ? 'from' : 'to';
  return (rules ?? []).map((rule, index) => {
    const f = `spec.${dir}[${index}]`;
    const peers =
      rule.peers === undefined || rule.peers.length === 0
        ? ('all' as const)
        : rule.peers.map((p, k) => compilePeer(ctx, p, `${f}.${peerKey}[${k}]`));
    const ports =
      rule.ports === undefined || rule.ports.length === 0
        ? ('all' as const)
        : rule.ports
            .map((p, k) => compilePort(ctx, p, `${f}.ports[${k}]`, k))
            .filter((p): p is CompiledPort => !!p);
    return { index, peers, ports };
  });
}

/**
 * policy-for parsing exactly as multi-networkpolicy-iptables and OVN-K do (R5.2): drop
 * every space, split on ',', an item without '/' is in the policy's namespace.
 */
export function parsePolicyFor(annotation: string, namespace: string): string[] {
  return annotation
    .replaceAll(' ', '')
    .split(',')
    .map((item) => (item.includes('/') ? item : `${namespace}/${item}`));
}

/** Effective policyTypes (R1.3, R1.5). */
function effectiveTypes(ctx: Ctx): { ingress: boolean; egress: boolean } {
  const p = ctx.policy;
  const given = p.policyTypes ?? [];
  if (given.length === 0) return { ingress: true, egress: (p.egress ?? []).length > 0 };
  given.forEach((t, k) => {
    if (t !== 'Ingress' && t !== 'Egress') {
      const fix = ['Ingress', 'Egress'].find((v) => v.toLowerCase() === t.toLowerCase());
      const message =
        p.kind === 'NetworkPolicy'
          ? `policyTypes value "${t}" is not "Ingress" or "Egress" (case-sensitive)`
          : `policyTypes value "${t}" is not "Ingress" or "Egress" (case-sensitive); OVN-K ignores it`;
      invalid(
        ctx,
        'policy-types-case',
        `spec.policyTypes[${k}]`,
        message,
        fix && setField(`spec.policyTypes[${k}]`, fix),
      );
    }
  });
  if (given.length > 2)
    invalid(ctx, 'policy-types-invalid', 'spec.policyTypes', 'policyTypes has more than 2 entries');
  return { ingress: given.includes('Ingress'), egress: given.includes('Egress') };
}

function policyNetworks(
  ctx: Ctx,
  layout: NetworkLayout,
  cp: { ingressRules: readonly CompiledRule[]; egressRules: readonly CompiledRule[] },
): { networks: Set<string>; notApplied?: string } {
  const p = ctx.policy;
  // R10.9: a NetworkPolicy applies on its namespace's primary network only (`default` or a (C)UDN)
  if (p.kind === 'NetworkPolicy')
    return { networks: new Set([layout.primaryOf?.get(p.namespace) ?? DEFAULT_NETWORK]) };
  if (p.policyFor === undefined) {
    report(
      ctx,
      'error',
      'policy-for-missing',
      'metadata.annotations',
      'this MultiNetworkPolicy has no k8s.v1.cni.cncf.io/policy-for annotation, so it applies to no network',
    );
    return { networks: new Set(), notApplied: 'no policy-for annotation' };
  }
  const networks = new Set<string>();
  const field = 'metadata.annotations.k8s.v1.cni.cncf.io/policy-for';
  for (const key of parsePolicyFor(p.policyFor, p.namespace)) {
    const net = layout.nadToNetwork.get(key);
    if (!net) {
      report(
        ctx,
        'error',
        'policy-for-unknown-network',
        field,
        key.endsWith('/')
          ? `policy-for "${p.policyFor}" has an empty entry, which names no network`
          : `policy-for names "${key}", but no NetworkAttachmentDefinition ${key} exists`,
      );
      continue;
    }
    const logical = layout.networks.get(net);
    if (logical?.primary) {
      report(
        ctx,
        'warning',
        'mnp-on-primary-network',
        field,
        `policy-for names ${key}, a primary network: OpenShift does not support MultiNetworkPolicy on primary networks, so it is not applied there; use a NetworkPolicy (U11)`,
      );
      continue;
    }
    if (logical?.isKubeOvn) {
      report(
        ctx,
        'warning',
        'mnp-kube-ovn-unverified',
        field,
        `MultiNetworkPolicy enforcement on Kube-OVN attachment network ${key} is not verified; treated as not enforced (use Subnet ACLs)`,
      );
      continue;
    }
    if (logical?.ipamless) {
      const hasSelectorPeer = [...cp.ingressRules, ...cp.egressRules].some(
        (r) => r.peers !== 'all' && r.peers.some((x) => x.kind === 'selector'),
      );
      if (hasSelectorPeer) {
        report(
          ctx,
          'error',
          'selector-peer-without-subnets',
          field,
          `network ${key} is an OVN-K network without "subnets": OVN-K refuses pod/namespace selector peers there and does not apply this policy at all; use ipBlock peers`,
        );
        continue;
      }
    }
    networks.add(net);
  }
  if (p.policyFor.trim() === '') return { networks, notApplied: 'empty policy-for annotation' };
  return networks.size === 0
    ? { networks, notApplied: 'policy-for names no enforceable network' }
    : { networks };
}

/** Policy → matcher IR, plus the diagnostics of everything the API or the CNI would refuse. */
export function compilePolicy(
  policy: Policy,
  layout: NetworkLayout,
  options: BackendOptions = {},
): { compiled: CompiledPolicy; diagnostics: Diagnostic[] } {
  // io already reported the undecodable field; the object would not exist in the cluster
  const ctx: Ctx = { policy, diags: [], rejected: policy.apiRejected === true };
  checkSelector(ctx, policy.podSelector, 'spec.podSelector');
  const types = effectiveTypes(ctx);
  const ingressRules = compileRules(ctx, policy.ingress, 'ingress');
  const egressRules = compileRules(ctx, policy.egress, 'egress');
  const { networks, notApplied } = policyNetworks(ctx, layout, { ingressRules, egressRules });
  const bypass = options.allowIcmp && [...networks].some((n) => icmpBypassOn(layout.networks.get(n)));
  const compiled: CompiledPolicy = ctx.rejected
    ? {
        policy,
        networks: new Set(),
        ingress: false,
        egress: false,
        ingressRules: [],
        egressRules: [],
        notApplied: 'rejected by the API server',
        rejected: { networks, ingressRules, egressRules },
      }
    : {
        policy,
        networks,
        ingress: types.ingress,
        egress: types.egress,
        ingressRules,
        egressRules,
        ...(notApplied ? { notApplied } : {}),
        ...(bypass && !notApplied ? { icmpBypass: true as const } : {}),
      };
  return { compiled, diagnostics: ctx.diags };
}
