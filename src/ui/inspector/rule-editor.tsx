import { useEffect, useState } from 'react';
import { cidrProblem } from '../../store/selectors';
import { SelectorEditor, type SelectorJson } from './selector-editor';

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

function IpBlockEditor({
  value,
  onChange,
  label,
}: {
  value: { cidr: string; except?: string[] };
  onChange: (v: { cidr: string; except?: string[] }) => void;
  label: string;
}) {
  const [cidr, setCidr] = useState(value.cidr);
  const [except, setExcept] = useState((value.except ?? []).join(', '));
  useEffect(() => {
    setCidr(value.cidr);
    setExcept((value.except ?? []).join(', '));
  }, [value.cidr, (value.except ?? []).join(',')]); // eslint-disable-line react-hooks/exhaustive-deps
  const cidrErr = cidr ? cidrProblem(cidr) : 'a CIDR is required';
  const excepts = except
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  const exErr = excepts.map(cidrProblem).find(Boolean);
  const commit = (): void =>
    onChange(excepts.length ? { cidr: cidr.trim(), except: excepts } : { cidr: cidr.trim() });
  return (
    <div className="ipblock">
      <label>
        CIDR
        <input
          aria-label={`${label} CIDR`}
          value={cidr}
          placeholder="10.0.0.0/24"
          onChange={(e) => setCidr(e.target.value)}
          onBlur={commit}
          onKeyDown={(e) => e.key === 'Enter' && commit()}
        />
      </label>
      <label>
        except
        <input
          aria-label={`${label} except`}
          value={except}
          placeholder="optional: 10.0.0.8/29, …"
          onChange={(e) => setExcept(e.target.value)}
          onBlur={commit}
        />
      </label>
      {cidrErr && (
        <p className="diag error small" role="alert">
          {cidrErr}
        </p>
      )}
      {exErr && (
        <p className="diag error small" role="alert">
          except: {exErr}
        </p>
      )}
    </div>
  );
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
  const [port, setPort] = useState(value.port === undefined ? '' : String(value.port));
  const [end, setEnd] = useState(value.endPort === undefined ? '' : String(value.endPort));
  useEffect(() => {
    setPort(value.port === undefined ? '' : String(value.port));
    setEnd(value.endPort === undefined ? '' : String(value.endPort));
  }, [value.port, value.endPort]);
  const numeric = /^\d+$/.test(port);
  const err =
    port && numeric && (Number(port) < 1 || Number(port) > 65535)
      ? 'port must be 1-65535'
      : end && !numeric
        ? 'endPort needs a numeric port'
        : end && Number(end) < Number(port)
          ? 'endPort must be ≥ port'
          : port && !numeric && !/^[a-z0-9]([a-z0-9-]*[a-z0-9])?$/.test(port)
            ? 'a port name is lowercase letters, digits and "-"'
            : undefined;
  const commit = (): void => {
    if (err) return;
    const p: PortJson = { protocol: value.protocol ?? 'TCP' };
    if (port) p.port = numeric ? Number(port) : port;
    if (end && numeric) p.endPort = Number(end);
    onChange(p);
  };
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
      <input
        aria-label={`${label} port`}
        value={port}
        placeholder="all ports, or 80, or http"
        size={8}
        onChange={(e) => setPort(e.target.value)}
        onBlur={commit}
        onKeyDown={(e) => e.key === 'Enter' && commit()}
      />
      <input
        aria-label={`${label} end port`}
        value={end}
        placeholder="endPort"
        size={6}
        onChange={(e) => setEnd(e.target.value)}
        onBlur={commit}
      />
      <button type="button" aria-label={`remove ${label}`} onClick={onRemove}>
        ×
      </button>
      {err && (
        <p className="diag error small" role="alert">
          {err}
        </p>
      )}
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
