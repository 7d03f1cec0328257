// A stand-in for the engine worker's lint worker (engine/lint-peer.ts) in unit tests: the real
// lint host in-process, each message structured-cloned and delivered on a later task, as between
// two workers. Tests can make it fail requests, hold its answers back, or lose it.
import { createLintHost } from '../engine/lint-host';
import type { PeerPort, PeerRequest, PeerResponse } from '../engine/lint-peer';

export class LintPeer implements PeerPort {
  /** Every request as the lint worker received it. */
  readonly requests: PeerRequest[] = [];
  /** Every answer it sent. */
  readonly answers: PeerResponse[] = [];
  /** Requests answered `failed` instead of linted (as a throw in the linter would be). */
  readonly fail = new Set<number>();
  /** While set, answers wait here (released by `release`). */
  hold = false;
  private readonly held: PeerResponse[] = [];
  private receive: ((r: PeerResponse) => void) | undefined;
  private lost: ((why: string) => void) | undefined;
  private gone = false;
  private readonly host = createLintHost((r) => this.send(r));

  listen(receive: (r: PeerResponse) => void, lost: (why: string) => void): void {
    this.receive = receive;
    this.lost = lost;
  }

  post(req: PeerRequest): void {
    if (this.gone) return;
    const copy = structuredClone(req);
    this.requests.push(copy);
    setTimeout(() => !this.gone && this.host.receive(copy));
  }

  /** The lint worker crashes: the engine side is told (a worker's `error` event). */
  crash(): void {
    this.gone = true;
    setTimeout(() => this.lost?.('lint worker crashed'));
  }

  /** Deliver the answers held back. */
  release(): void {
    this.hold = false;
    for (const r of this.held.splice(0)) this.deliver(r);
  }

  private send(r: PeerResponse): void {
    const out: PeerResponse =
      r.type === 'linted' && this.fail.has(r.id) ? { type: 'failed', id: r.id, message: 'lint failed' } : r;
    this.answers.push(out);
    if (this.hold) this.held.push(out);
    else this.deliver(out);
  }

  private deliver(r: PeerResponse): void {
    const copy = structuredClone(r);
    setTimeout(() => !this.gone && this.receive?.(copy));
  }
}
