import { useState } from 'react';
import type { Protocol } from '../../model/types';
import { useApp } from '../store-context';
import { endpointsOn, explainConnection, findConnection, networksOf, probe } from '../../store/selectors';

const PROTOCOLS = ['TCP', 'UDP', 'SCTP', 'ICMP'];

/**
 * Above this many options a picker renders only its value until it is focused or pressed: 2 x 5,000
 * options cost 0.4-0.8 s of React work each time an analysis arrives (issue 21).
 */
const LAZY_ABOVE = 200;

/** One labelled select of the probe (its accessible name is "Probe <label>", as tests and readers know it). */
function Choice({
  label,
  value,
  options,
  onChange,
}: {
  label: string;
  value: string;
  options: readonly string[];
  onChange: (v: string) => void;
}) {
  // all options while in use (keyboard focus, a press opening the list); one again after it
  const [used, setUsed] = useState(false);
  const shown = used || options.length <= LAZY_ABOVE ? options : value ? [value] : [];
  return (
    <label>
      {label}
      <select
        aria-label={`Probe ${label.toLowerCase()}`}
        value={value}
        onFocus={() => setUsed(true)}
        onPointerDown={() => setUsed(true)}
        onBlur={() => setUsed(false)}
        onChange={(e) => onChange(e.target.value)}
      >
        {shown.map((o) => (
          <option key={o}>{o}</option>
        ))}
      </select>
    </label>
  );
}

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
        <Choice label="Network" value={net} options={networks} onChange={setNetwork} />
        <Choice label="From" value={f} options={eps} onChange={setFrom} />
        <Choice label="To" value={t} options={eps} onChange={setTo} />
        <Choice
          label="Protocol"
          value={protocol}
          options={PROTOCOLS}
          onChange={(v) => setProtocol(v as Protocol | 'ICMP')}
        />
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
