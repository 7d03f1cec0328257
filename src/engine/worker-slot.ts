/**
 * The lifecycle of one Web Worker on the page (the engine's, the import parser's): started on
 * first use, its answers and its crash routed to the owner, ended on demand (a new one starts on
 * the next use). A crash is reported once and the dead worker is gone before the owner hears of it.
 */
export class WorkerSlot<R> {
  private worker: Worker | undefined;

  constructor(
    private readonly make: () => Worker,
    private readonly onMessage: (r: R) => void,
    private readonly onCrash: (message: string) => void,
    /** The crash message when the error event has none. */
    private readonly crashText: string,
  ) {}

  /** The running worker, or a new one (`fresh`: it has received nothing yet). */
  ensure(): { readonly worker: Worker; readonly fresh: boolean } {
    if (this.worker) return { worker: this.worker, fresh: false };
    const w = this.make();
    w.onmessage = (ev: MessageEvent<R>) => this.onMessage(ev.data);
    w.onerror = (ev) => {
      ev.preventDefault();
      this.end();
      this.onCrash(ev.message || this.crashText);
    };
    this.worker = w;
    return { worker: w, fresh: true };
  }

  /** Post to the running worker only (a new worker would have nothing to act on). */
  tell(message: unknown): void {
    this.worker?.postMessage(message);
  }

  /** Stop the worker at once (whatever it is computing is lost). */
  end(): void {
    this.worker?.terminate();
    this.worker = undefined;
  }
}
