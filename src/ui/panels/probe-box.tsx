import { useState } from 'react';
import type { Protocol } from '../../model/types';
import { useApp } from '../store-context';
import { endpointsOn, explainConnection, findConnection, networksOf, probe } from '../../store/selectors';

export function ProbeBox() {
  const analysis = useApp((s) => s.analysis?.result);
  const networks = networksOf(analysis);
  const [network, setNetwork] = useState('');
  const net = networks.includes(network) ? network : (networks[0] ?? '');
  const eps = endpointsOn(analysis, net);
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [protocol, setProtocol] = useState<Protocol | 'ICMP'>('TCP');
  const [port, setPort] = useState('80');
  // A pair picked in the matrix or on the canvas fills the probe (adjusting state while rendering).
  const pair = useApp((s) => s.pair);
  const [seen, setSeen] = useState(pair);
  if (pair !== seen) {
    setSeen(pair);
    if (pair) {
      setNetwork(pair.network);
      setFrom(pair.from);
      setTo(pair.to);
    }
  }
  const f = eps.includes(from) ? from : (eps[0] ?? '');
  const t = eps.includes(to) ? to : (eps.find((e) => e !== f) ?? '');
  const c = findConnection(analysis, f, t, net);
  const portNum = Number(port);
  const portOk = protocol === 'ICMP' || (/^\d+$/.test(port) && portNum >= 1 && portNum <= 65535);
  const verdict = c && portOk ? probe(c, protocol, protocol === 'ICMP' ? undefined : portNum) : undefined;
  return (
    <div className="probe" data-testid="probe">
      <h3>Probe</h3>
      <div className="probe-grid">
        <label>
          Network
          <select aria-label="Probe network" value={net} onChange={(e) => setNetwork(e.target.value)}>
            {networks.map((n) => (
              <option key={n}>{n}</option>
            ))}
          </select>
        </label>
        <label>
          From
          <select aria-label="Probe from" value={f} onChange={(e) => setFrom(e.target.value)}>
            {eps.map((e) => (
              <option key={e}>{e}</option>
            ))}
          </select>
        </label>
        <label>
          To
          <select aria-label="Probe to" value={t} onChange={(e) => setTo(e.target.value)}>
            {eps.map((e) => (
              <option key={e}>{e}</option>
            ))}
          </select>
        </label>
        <label>
          Protocol
          <select
            aria-label="Probe protocol"
            value={protocol}
            onChange={(e) => setProtocol(e.target.value as Protocol | 'ICMP')}
          >
            {['TCP', 'UDP', 'SCTP', 'ICMP'].map((p) => (
              <option key={p}>{p}</option>
            ))}
          </select>
        </label>
        {protocol !== 'ICMP' && (
          <label>
            Port
            <input
              aria-label="Probe port"
              value={port}
              inputMode="numeric"
              size={6}
              onChange={(e) => setPort(e.target.value)}
            />
          </label>
        )}
      </div>
      {!portOk && <p className="diag error">Port must be a number from 1 to 65535.</p>}
      {c && verdict !== undefined && (
        <div className={`verdict ${verdict ? 'allowed' : 'denied'}`} data-testid="probe-verdict">
          <strong>{verdict ? 'allowed' : 'denied'}</strong>: {protocol}
          {protocol === 'ICMP' ? '' : `/${port}`} from {f} to {t}
          <ul>
            {explainConnection(c)
              .slice(1)
              .map((l, k) => (
                <li key={k}>{l}</li>
              ))}
          </ul>
        </div>
      )}
      {!c && f && t && (
        <p className="hint">
          {f === t ? 'Pick two different endpoints.' : 'These two do not share this network.'}
        </p>
      )}
    </div>
  );
}
