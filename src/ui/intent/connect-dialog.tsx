import { useMemo, useState } from 'react';
import { useApp, useAppStore } from '../store-context';
import { findConnection, formatConns, networksOf } from '../../store/selectors';
import { applyProposal, connsOf, propose } from '../../store/propose';
import type { ConnectDraft } from '../../store/app-store';
import { Dialog } from '../dialogs/dialog';
import { ProposalDiff } from './proposal-diff';
import { SelectField, TextField } from '../shared/fields';
import './intent.css';

const PROTOS = ['any', 'TCP', 'UDP', 'SCTP', 'ICMP'] as const;
type Proto = (typeof PROTOS)[number];

/** A port field: empty, or an integer 1-65535 (the message says which field is wrong). */
function portOf(text: string, field: string): { value?: number; error?: string } {
  const t = text.trim();
  if (!t) return {};
  if (!/^\d+$/.test(t)) return { error: `${field}: a number from 1 to 65535` };
  const value = Number(t);
  if (value < 1 || value > 65535) return { error: `${field}: ${value} is outside 1-65535` };
  return { value };
}

/** The connect dialog, mounted once: open while a connection is being drawn (store `connectDraft`). */
export function ConnectDialog() {
  const draft = useApp((s) => s.connectDraft);
  return draft ? <ConnectForm key={`${draft.from}|${draft.to}|${draft.mode}`} draft={draft} /> : null;
}

/**
 * Allow (or deny) one connection: pick the network and the ports, read the proposed policy
 * change (verdicts that move, policies added, changed and removed with their YAML diff), apply
 * it as one undo step or cancel.
 */
function ConnectForm({ draft }: { draft: ConnectDraft }) {
  const store = useAppStore();
  const analysis = useApp((s) => s.analysis?.result);
  const model = useApp((s) => s.model);
  const objects = useApp((s) => s.objects);
  const memory = useApp((s) => s.intentMemory);
  const close = () => store.getState().setConnectDraft(undefined);
  const shared = networksOf(analysis).filter((n) => findConnection(analysis, draft.from, draft.to, n));
  const [network, setNetwork] = useState(
    draft.network && shared.includes(draft.network) ? draft.network : shared.length === 1 ? shared[0] : '',
  );
  const [protocol, setProtocol] = useState<Proto>('any');
  const [port, setPort] = useState('');
  const [endPort, setEndPort] = useState('');
  const conn = network ? findConnection(analysis, draft.from, draft.to, network) : undefined;
  const p = portOf(port, 'port');
  const e = portOf(endPort, 'end port');
  const portless = protocol === 'any' || protocol === 'ICMP';
  const error =
    p.error ??
    e.error ??
    (portless && (port.trim() || endPort.trim())
      ? `${protocol === 'any' ? 'every protocol' : 'ICMP'} has no ports: clear the port fields`
      : e.value !== undefined && p.value === undefined
        ? 'end port needs a port'
        : e.value !== undefined && p.value !== undefined && e.value < p.value
          ? `end port ${e.value} is below port ${p.value}`
          : undefined);
  const result = useMemo(() => {
    if (!conn || error) return undefined;
    const conns = connsOf({
      protocol,
      ...(p.value !== undefined ? { port: p.value } : {}),
      ...(e.value !== undefined ? { endPort: e.value } : {}),
    });
    const change = { fromId: conn.fromId, toId: conn.toId, network: conn.network, conns, mode: draft.mode };
    return propose({ model, objects, intentMemory: memory }, conn.network, [change]);
  }, [conn, error, protocol, p.value, e.value, draft.mode, model, objects, memory]);
  const view = result?.view;
  const verb = draft.mode === 'allow' ? 'Allow' : 'Deny';
  const apply = () => {
    if (!view) return;
    const s = store.getState();
    if (!applyProposal(store.getState, store.setState, view)) {
      s.setNotice({ kind: 'error', text: 'The design changed meanwhile: review the proposal again' });
      return;
    }
    const count = (c: string) => view.edits.filter((x) => x.change === c).length;
    store.getState().setNotice({
      kind: 'info',
      text: `${verb === 'Allow' ? 'Allowed' : 'Denied'} ${conn?.from} → ${conn?.to}: ${count('added')} policies added, ${count('changed')} changed, ${count('removed')} removed (one undo step)`,
    });
    close();
  };
  const from = conn?.from ?? draft.from;
  const to = conn?.to ?? draft.to;
  return (
    <Dialog label={`${verb} a connection`} onClose={close} wide testId="connect-dialog">
      <h2>
        {verb} {from} → {to}
      </h2>
      {shared.length === 0 ? (
        <p className="hint" role="alert">
          {from} and {to} share no network: attach both to one first.
        </p>
      ) : (
        <div className="dialog-row connect-fields">
          <SelectField
            label="Network"
            name="Network"
            pick="pick one…"
            value={network}
            options={shared.map((n) => ({ value: n, text: n === 'default' ? 'pod network' : n }))}
            onChange={setNetwork}
          />
          <SelectField
            label="Protocol"
            name="Protocol"
            value={protocol}
            options={PROTOS.map((x) => ({ value: x, text: x === 'any' ? 'every protocol and port' : x }))}
            onChange={(v) => setProtocol(v as Proto)}
          />
          <TextField
            label="Port"
            name="Port"
            size={6}
            value={port}
            disabled={portless}
            placeholder={portless ? '' : 'all'}
            onChange={setPort}
          />
          <TextField
            label="to"
            name="End port"
            size={6}
            value={endPort}
            disabled={portless}
            onChange={setEndPort}
          />
        </div>
      )}
      {conn && (
        <p className="hint small" data-testid="connect-now">
          Allowed today: {formatConns(conn.allowed)}
        </p>
      )}
      {error && (
        <p className="diag error" role="alert" data-testid="connect-error">
          {error}
        </p>
      )}
      {result?.errors.map((m) => (
        <p key={m} className="diag error" role="alert">
          {m}
        </p>
      ))}
      {view && <ProposalDiff view={view} />}
      <div className="dialog-actions">
        <span className="hint small">
          The tool rewrites every policy on this network from the verdicts you want, and the engine checks the
          result.
        </span>
        <button onClick={close}>Cancel</button>
        <button
          className="primary"
          data-testid="connect-apply"
          disabled={!view || view.changes.length === 0}
          onClick={apply}
        >
          Apply
        </button>
      </div>
    </Dialog>
  );
}
