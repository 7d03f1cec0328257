import { useCallback } from 'react';
import { useApp, useAppStore } from '../store-context';
import { findConnection } from '../../store/selectors';
import { applyProposal, connsOf, offIntent, propose } from '../../store/propose';
import type { AppStore } from '../../store/app-store';

const EVERYTHING = connsOf({ protocol: 'any' });

/**
 * One intent-mode edit: the cell becomes allowed (every protocol and port) or denied, the tool
 * rewrites the network's policies from the intent and applies them (one undo step).
 */
function toggleCell(store: AppStore, from: string, to: string, network: string): void {
  const s = store.getState();
  const conn = findConnection(s.analysis?.result, from, to, network);
  if (!conn) return;
  const mem = s.intentMemory;
  const want =
    mem && mem.network === network && mem.objects === s.objects
      ? mem.wanted.get(`${conn.fromId}\u0000${conn.toId}`)?.conns
      : conn.allowed;
  const allowed = !!want && (want.TCP.length > 0 || want.UDP.length > 0 || want.SCTP.length > 0 || want.ICMP);
  const mode = allowed ? 'deny' : 'allow';
  const { view, errors } = propose(s, conn.network, [
    { fromId: conn.fromId, toId: conn.toId, network: conn.network, conns: EVERYTHING, mode },
  ]);
  if (!view) {
    s.setNotice({ kind: 'error', text: errors.join('; ') || 'No proposal' });
    return;
  }
  applyProposal(store.getState, store.setState, view);
  store.getState().setNotice({
    kind: view.exact ? 'info' : 'error',
    text: `Intent: ${conn.from} → ${conn.to} ${mode === 'allow' ? 'allowed' : 'denied'}; ${view.edits.length} policy changes${view.exact ? ', exact' : `; ${view.problems.length} intent lines cannot be met exactly (see the matrix)`}`,
  });
}

/** The matrix's intent hooks: Shift-click allows through the dialog, right-click denies (or allows), intent mode toggles. */
export function useIntentCells(network: string) {
  const store = useAppStore();
  const memory = useApp((s) => s.intentMemory);
  // a boolean, not the objects: every edit of a big design would re-render the matrix otherwise
  const live = useApp(
    (s) => s.intentMode && s.intentMemory?.network === network && s.intentMemory.objects === s.objects,
  );
  const analysis = useApp((s) => s.analysis?.result);
  const onCellAction = useCallback(
    (from: string, to: string, how: 'shift' | 'context' | 'click'): boolean => {
      const s = store.getState();
      if (how === 'click') {
        if (!s.intentMode) return false;
        toggleCell(store, from, to, network);
        return true;
      }
      const conn = findConnection(s.analysis?.result, from, to, network);
      const open = conn && (conn.allowed.ICMP || conn.allowed.TCP.length || conn.allowed.UDP.length);
      const mode = how === 'context' && (open || conn?.allowed.SCTP.length) ? 'deny' : 'allow';
      s.setConnectDraft({ from, to, network, mode });
      return true;
    },
    [store, network],
  );
  const cellMark = useCallback(
    (fromId: string, toId: string): string | undefined => {
      if (!live || !memory) return undefined;
      const c = findConnection(analysis, fromId, toId, network);
      return c && offIntent(memory.wanted, fromId, toId, c.allowed) ? 'off-intent' : undefined;
    },
    [live, memory, analysis, network],
  );
  return { onCellAction, cellMark };
}

/** The intent-mode switch (matrix tools). */
export function IntentToggle() {
  const store = useAppStore();
  const on = useApp((s) => s.intentMode);
  return (
    <button
      className={`small intent-toggle${on ? ' active' : ''}`}
      aria-pressed={on}
      data-testid="intent-toggle"
      title="Intent mode: click a cell to allow or deny it; the tool writes the policies. Shift-click: pick ports"
      onClick={() => store.getState().setIntentMode(!on)}
    >
      Intent mode
    </button>
  );
}

/** In intent mode: how to edit, and what the last edit could not meet exactly. */
export function IntentBar({ network }: { network: string }) {
  const on = useApp((s) => s.intentMode);
  const memory = useApp((s) => s.intentMemory);
  const objects = useApp((s) => s.objects);
  const live = memory && memory.network === network && memory.objects === objects;
  return (
    <>
      {on && (
        <div className="intent-bar" data-testid="intent-bar" role="status">
          {!live ? (
            <span className="hint small">
              Click a cell to allow or deny it (every protocol and port); Shift-click to pick a protocol and
              ports. The tool rewrites this network&apos;s policies from the intent and checks them.
            </span>
          ) : memory.problems.length === 0 ? (
            <span className="small" data-testid="intent-exact">
              The policies allow exactly the intent on {network === 'default' ? 'the pod network' : network}.
            </span>
          ) : (
            <>
              <strong className="small">Intent findings: cannot be met exactly</strong>
              <ul className="small" data-testid="intent-findings">
                {memory.problems.map((m) => (
                  <li key={m}>{m}</li>
                ))}
              </ul>
            </>
          )}
        </div>
      )}
    </>
  );
}
