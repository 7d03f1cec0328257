import { cidrProblem } from '../../store/selectors';
import { SelectorEditor, type SelectorJson } from './selector-editor';
import { LiveInput } from './live-input';

export interface PeerJson {
  podSelector?: SelectorJson;
  namespaceSelector?: SelectorJson;
  ipBlock?: { cidr: string; except?: string[] };
}
export interface PortJson {
  protocol?: string;
  port?: number | string;
  endPort?: number;
}
export interface RuleJson {
  from?: PeerJson[];
  to?: PeerJson[];
  ports?: PortJson[];
}

type PeerKind = 'pods' | 'namespaces' | 'both' | 'ipBlock';

function kindOf(p: PeerJson): PeerKind {
  if (p.ipBlock) return 'ipBlock';
  if (p.podSelector && p.namespaceSelector) return 'both';
  return p.namespaceSelector ? 'namespaces' : 'pods';
}

function peerOfKind(k: PeerKind, old: PeerJson): PeerJson {
  switch (k) {
    case 'pods':
      return { podSelector: old.podSelector ?? {} };
    case 'namespaces':
      return { namespaceSelector: old.namespaceSelector ?? {} };
    case 'both':
      return { namespaceSelector: old.namespaceSelector ?? {}, podSelector: old.podSelector ?? {} };
    case 'ipBlock':
      return { ipBlock: old.ipBlock ?? { cidr: '' } };
    default:
      return old;
  }
}

const splitList = (t: string): string[] =>
  t
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);

function IpBlockEditor({
  value,
  onChange,
  label,
}: {
  value: { cidr: string; except?: string[] };
  onChange: (v: { cidr: string; except?: string[] }) => void;
  label: string;
}) {
  const except = value.except ?? [];
  const write = (cidr: string, ex: string[]): void =>
    onChange(ex.length ? { cidr: cidr.trim(), except: ex } : { cidr: cidr.trim() });
  return (
    <div className="ipblock">
      <label>
        CIDR
        <LiveInput
          aria-label={`${label} CIDR`}
          value={value.cidr}
          placeholder="10.0.0.0/24"
          validate={(t) => (t.trim() ? cidrProblem(t.trim()) : 'a CIDR is required')}
          onCommit={(t) => write(t, except)}
        />
      </label>
      <label>
        except
        <LiveInput
          aria-label={`${label} except`}
          value={except.join(', ')}
          placeholder="optional: 10.0.0.8/29, …"
          validate={(t) => {
            const e = splitList(t).map(cidrProblem).find(Boolean);
            return e ? `except: ${e}` : undefined;
          }}
          onCommit={(t) => write(value.cidr, splitList(t))}
        />
      </label>
    </div>
  );
}

const PORT_NAME = /^[a-z0-9]([a-z0-9-]*[a-z0-9])?$/;

function portProblem(port: string): string | undefined {
  if (!port) return undefined;
  if (/^\d+$/.test(port))
    return Number(port) < 1 || Number(port) > 65535 ? 'port must be 1-65535' : undefined;
  return PORT_NAME.test(port) ? undefined : 'a port name is lowercase letters, digits and "-"';
}

function PortRow({
  value,
  onChange,
  onRemove,
  label,
}: {
  value: PortJson;
  onChange: (p: PortJson) => void;
  onRemove: () => void;
  label: string;
}) {
  const port = value.port === undefined ? '' : String(value.port);
  const end = value.endPort === undefined ? '' : String(value.endPort);
  const write = (p0: string, e0: string): void => {
    const numeric = /^\d+$/.test(p0);
    const p: PortJson = { protocol: value.protocol ?? 'TCP' };
    if (p0) p.port = numeric ? Number(p0) : p0;
    if (e0 && numeric) p.endPort = Number(e0);
    onChange(p);
  };
  const endProblem = (e: string): string | undefined =>
    !e
      ? undefined
      : !/^\d+$/.test(e) || Number(e) > 65535
        ? 'endPort must be a number up to 65535'
        : !/^\d+$/.test(port)
          ? 'endPort needs a numeric port'
          : Number(e) < Number(port)
            ? 'endPort must be ≥ port'
            : undefined;
  return (
    <div className="port-row">
      <select
        aria-label={`${label} protocol`}
        value={value.protocol ?? 'TCP'}
        onChange={(e) => onChange({ ...value, protocol: e.target.value })}
      >
        {['TCP', 'UDP', 'SCTP'].map((p) => (
          <option key={p}>{p}</option>
        ))}
      </select>
      <LiveInput
        aria-label={`${label} port`}
        value={port}
        placeholder="all ports, or 80, or http"
        size={8}
        validate={(t) =>
          portProblem(t.trim()) ?? (end && Number(end) < Number(t) ? 'endPort must be ≥ port' : undefined)
        }
        onCommit={(t) => write(t.trim(), end)}
      />
      <LiveInput
        aria-label={`${label} end port`}
        value={end}
        placeholder="endPort"
        size={6}
        validate={(t) => endProblem(t.trim())}
        onCommit={(t) => write(port, t.trim())}
      />
      <button type="button" aria-label={`remove ${label}`} onClick={onRemove}>
        ×
      </button>
    </div>
  );
}

/** One ingress or egress rule: peers (OR) AND ports (OR). */
export function RuleEditor({
  dir,
  index,
  rule,
  onChange,
  onRemove,
}: {
  dir: 'ingress' | 'egress';
  index: number;
  rule: RuleJson;
  onChange: (r: RuleJson) => void;
  onRemove: () => void;
}) {
  const key = dir === 'ingress' ? 'from' : 'to';
  const peers = rule[key];
  const ports = rule.ports;
  const who = dir === 'ingress' ? 'source' : 'destination';
  const setPeers = (p: PeerJson[] | undefined): void => {
    const r = { ...rule };
    if (p === undefined) delete r[key];
    else r[key] = p;
    onChange(r);
  };
  const setPorts = (p: PortJson[] | undefined): void => {
    const r = { ...rule };
    if (p === undefined) delete r.ports;
    else r.ports = p;
    onChange(r);
  };
  const name = `${dir} rule ${index + 1}`;
  return (
    <div className="rule" data-testid={`${dir}-rule-${index}`}>
      <div className="rule-head">
        <strong>{dir === 'ingress' ? 'Allow from' : 'Allow to'}</strong>
        <button type="button" aria-label={`remove ${name}`} onClick={onRemove}>
          remove rule
        </button>
      </div>
      {!peers || peers.length === 0 ? (
        <p className="hint small">any {who} (pods of every namespace and outside hosts)</p>
      ) : (
        peers.map((p, k) => {
          const label = `${name} peer ${k + 1}`;
          const kind = kindOf(p);
          const update = (np: PeerJson): void => setPeers(peers.map((x, j) => (j === k ? np : x)));
          return (
            <div className="peer" key={k} data-testid={`${dir}-${index}-peer-${k}`}>
              <div className="peer-head">
                <select
                  aria-label={`${label} kind`}
                  value={kind}
                  onChange={(e) => update(peerOfKind(e.target.value as PeerKind, p))}
                >
                  <option value="pods">pods in this namespace</option>
                  <option value="namespaces">all pods in namespaces</option>
                  <option value="both">pods in namespaces (AND)</option>
                  <option value="ipBlock">IP block</option>
                </select>
                <button
                  type="button"
                  aria-label={`remove ${label}`}
                  onClick={() => setPeers(peers.length > 1 ? peers.filter((_, j) => j !== k) : undefined)}
                >
                  ×
                </button>
              </div>
              {(kind === 'namespaces' || kind === 'both') && (
                <SelectorEditor
                  label={`${label} namespaceSelector`}
                  value={p.namespaceSelector}
                  onChange={(s) => update({ ...p, namespaceSelector: s })}
                />
              )}
              {(kind === 'pods' || kind === 'both') && (
                <SelectorEditor
                  label={`${label} podSelector`}
                  value={p.podSelector}
                  onChange={(s) => update({ ...p, podSelector: s })}
                />
              )}
              {kind === 'ipBlock' && p.ipBlock && (
                <IpBlockEditor label={label} value={p.ipBlock} onChange={(b) => update({ ipBlock: b })} />
              )}
            </div>
          );
        })
      )}
      <button
        type="button"
        className="add small"
        onClick={() => setPeers([...(peers ?? []), { podSelector: {} }])}
      >
        + {who}
      </button>
      <div className="ports">
        {!ports || ports.length === 0 ? (
          <p className="hint small">on every port and protocol (ICMP included)</p>
        ) : (
          ports.map((p, k) => (
            <PortRow
              key={k}
              label={`${name} port ${k + 1}`}
              value={p}
              onChange={(np) => setPorts(ports.map((x, j) => (j === k ? np : x)))}
              onRemove={() => setPorts(ports.length > 1 ? ports.filter((_, j) => j !== k) : undefined)}
            />
          ))
        )}
        <button
          type="button"
          className="add small"
          onClick={() => setPorts([...(ports ?? []), { protocol: 'TCP', port: 80 }])}
        >
          + port
        </button>
      </div>
    </div>
  );
}
