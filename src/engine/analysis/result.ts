import type { Diagnostic } from '../../model/diagnostic';
import type { EndpointId } from '../../model/ids';
import type { AclVerdict } from '../acl/layer';
import type { Backend } from '../admin/backend';
import type { TierPart } from '../admin/evaluate';
import type { CompactTables } from '../classes';
import type { ConnSet } from '../conn';
import type { DirectionResult } from '../evaluate';
import type { LockVerdict } from '../udn/lock';

/** What an analysis returns: the shapes the worker, the CLI and the views read. */

export interface Connection {
  /** Display label: ns/name, or the external's name; `ns/name (Pod)` / `(VM)` when both exist. */
  readonly from: string;
  readonly to: string;
  /** Endpoint ids: what views, expectations and diffs key by. */
  readonly fromId: EndpointId;
  readonly toId: EndpointId;
  /** `default` or the NAD key `ns/name` (R5.5: one entry per NAD key when they differ). */
  readonly network: string;
  readonly allowed: ConnSet;
  readonly egress: DirectionResult;
  readonly ingress: DirectionResult;
  /** Kube-OVN Subnet ACLs on this network, when a subnet with ACLs covers the pair (R7.6). */
  readonly acl?: AclVerdict;
  /** OVN-K UDN isolation of a locked `default` attachment (R10.6, R10.7), when an end is locked. */
  readonly udnLock?: LockVerdict;
}

export interface NetworkSummary {
  readonly id: string; // logical id
  readonly nads: readonly string[];
  readonly members: number;
}

/**
 * A network too large to list pair by pair: per label group the factors (policy sets) deciding
 * its egress and ingress, per factor the class of every peer and an index into shared direction
 * results per class (0 = not isolated). Views expand pairs on demand.
 */
export interface CompactNetwork {
  readonly network: string; // logical id
  readonly members: readonly {
    readonly label: string;
    readonly id: EndpointId;
    readonly nad: string;
    readonly external: boolean;
  }[];
  /** the factor tables: a pair's two direction results are looked up with `compactLookup` */
  readonly tables: CompactTables;
  readonly results: readonly DirectionResult[];
  /** the cluster tiers' parts the tiers' factors name (0: a tier that decides nothing) */
  readonly parts: readonly TierPart[];
}

export interface AnalysisResult {
  /** Every pair, except on networks listed in `compact`. */
  readonly connections: readonly Connection[];
  readonly compact?: readonly CompactNetwork[];
  readonly networks: readonly NetworkSummary[];
  readonly policies: readonly PolicySummary[];
  readonly diagnostics: readonly Diagnostic[];
  /** namespace → key of its primary network, for namespaces not on `default` (SEMANTICS R10.4). */
  readonly primaryNetworks?: Readonly<Record<string, string>>;
  /** attachment name → network key where they differ (a pod naming CUDN `x` in `ns` attaches to `x`, not `ns/x`). */
  readonly networkKeys?: Readonly<Record<string, string>>;
}

export interface PolicySummary {
  readonly id: string;
  /** Logical network ids the policy applies on. */
  readonly networks: readonly string[];
  readonly ingress: boolean;
  readonly egress: boolean;
  readonly notApplied?: string;
  /** Endpoints it selects (ns/name), whatever the network. */
  readonly selected: readonly string[];
}

export interface AnalyzeOptions {
  /** Cooperative cancellation, checked between rows. */
  readonly shouldStop?: () => boolean;
  /** Networks with more ordered pairs than this are returned compact (for the app's worker). */
  readonly compactAbove?: number;
  /** false: no policy summaries (`policies` empty): the app's lint worker makes them (lint-host.ts). */
  readonly summaries?: boolean;
  /** One-shot `analyze()` only (an `Analyzer` is made for one profile): see admin/backend.ts. */
  readonly backend?: Backend;
  /** One-shot `analyze()` only, like `backend`: `allow-icmp-network-policy` (icmp-option.ts). */
  readonly allowIcmp?: boolean;
}
