import { useAppStore } from '../store-context';
import type { PairSelection } from '../../store/app-store';
import type { Connection } from '../../store/selectors';

/** The pair inspector's "Allow…" / "Deny…": the connect dialog proposes the change (issue 17). */
export function PairActions({ pair, conn }: { pair: PairSelection; conn: Connection }) {
  const store = useAppStore();
  const a = conn.allowed;
  const open = a.ICMP || a.TCP.length > 0 || a.UDP.length > 0 || a.SCTP.length > 0;
  const draft = (mode: 'allow' | 'deny') => () =>
    store.getState().setConnectDraft({ from: pair.from, to: pair.to, network: pair.network, mode });
  return (
    <div className="pair-actions">
      <button className="small" data-testid="pair-allow" onClick={draft('allow')}>
        Allow…
      </button>
      {open && (
        <button className="small" data-testid="pair-deny" onClick={draft('deny')}>
          Deny…
        </button>
      )}
    </div>
  );
}
