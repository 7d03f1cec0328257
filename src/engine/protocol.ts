import type { Diagnostic } from '../model/diagnostic';
import type { EndpointId } from '../model/ids';
import type { Model } from '../model/types';
import type { Backend } from './admin/backend';
import type { ModelDelta } from './model-delta';
import type { WireResult } from './wire-pack';

export { BACKENDS, type Backend } from './admin/backend';

/** Worker protocol version: a mismatch is answered with an error of kind `protocol`. */
export const PROTOCOL_VERSION = 7 as const;
type V = typeof PROTOCOL_VERSION;

/** Above this many ordered pairs on one network, the worker answers compact (class tables). */
export const COMPACT_ABOVE = 40_000;

/** Who linted an answer's findings: the lint worker (lint-peer.ts) or the engine worker itself. */
export type Linted = 'lint-worker' | 'engine';

/** One changed pair of a before/after diff (connections formatted). */
export interface DiffRow {
  readonly change: 'gained' | 'lost';
  readonly from: string;
  readonly to: string;
  readonly fromId: EndpointId;
  readonly toId: EndpointId;
  readonly network: string;
  readonly text: string;
}

/** A diff computed in the worker for designs too large to ship every pair: the first rows and the totals. */
export interface WorkerDiff {
  readonly rows: readonly DiffRow[];
  readonly gained: number;
  readonly lost: number;
}

/** At most this many changed pairs travel to the page (the totals are exact). */
export const DIFF_ROWS = 1000;

export type WorkerRequest =
  | ({
      readonly v: V;
      readonly id: number;
      readonly rev: number;
      readonly type: 'analyze';
      /** which cluster policies apply (admin/backend.ts); absent: `api` */
      readonly backend?: Backend;
      /** OVN-K `allow-icmp-network-policy` (icmp-option.ts); absent: off */
      readonly allowIcmp?: boolean;
      /** false: verdicts only, no findings or policy summaries (the staged baseline's analysis) */
      readonly findings?: false;
      /** true: findings and summaries made by the lint worker beside the engine (lint-peer.ts) */
      readonly lintWorker?: true;
    } & (
      | { readonly model: Model }
      /** The model as a change from the one of an earlier analyze request (the worker keeps the last). */
      | { readonly delta: ModelDelta }
    ))
  | {
      readonly v: V;
      readonly id: number;
      readonly rev: number;
      readonly type: 'diff';
      readonly before: Model;
      readonly after: Model;
      readonly backend?: Backend;
      readonly allowIcmp?: boolean;
    }
  /** The client no longer wants request `target` (a newer one superseded it): the engine abandons it. */
  | {
      readonly v: V;
      readonly id: number;
      readonly rev: number;
      readonly type: 'cancel';
      readonly target: number;
    }
  /** Test hook: the engine worker dies as an engine bug would (`lint`: its lint worker does). */
  | {
      readonly v: V;
      readonly id: number;
      readonly rev: number;
      readonly type: 'crash';
      readonly lint?: boolean;
    }
  /**
   * The compile diagnostics of a model (API validation: CIDRs, ports, selectors...), without an
   * analysis: the import dialog's preview. Answered `checked`; never touches the held model.
   */
  | {
      readonly v: V;
      readonly id: number;
      readonly rev: number;
      readonly type: 'check';
      readonly model: Model;
      readonly backend?: Backend;
    };

export type WorkerResponse =
  | {
      readonly v: V;
      readonly id: number;
      readonly rev: number;
      readonly type: 'result';
      /** packed for the copy (wire-pack.ts): the client unpacks it */
      readonly result: WireResult;
      readonly findings: readonly Diagnostic[];
      /** who linted them (worker-host.ts): the lint worker beside the engine, or the engine */
      readonly linter?: Linted;
      readonly ms: number;
      /** When the worker replied (epoch ms: performance.timeOrigin + now), for the page's timing. */
      readonly sent?: number;
    }
  | {
      readonly v: V;
      readonly id: number;
      readonly rev: number;
      readonly type: 'diff';
      readonly diff: WorkerDiff;
      readonly ms: number;
    }
  | {
      readonly v: V;
      readonly id: number;
      readonly rev: number;
      readonly type: 'checked';
      readonly diagnostics: readonly Diagnostic[];
    }
  | {
      readonly v: V;
      readonly id: number;
      readonly rev: number;
      readonly type: 'error';
      /** `resync`: the delta's base is not the model the worker holds; send the whole model. */
      readonly kind: 'protocol' | 'engine' | 'resync';
      readonly message: string;
    };
