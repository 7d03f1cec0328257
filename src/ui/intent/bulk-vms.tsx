import { useState } from 'react';
import { useApp, useAppStore } from '../store-context';
import { addBulk, BULK_MAX, bulkVms } from '../../store/bulk';
import { Dialog } from '../dialogs/dialog';

/** The palette's "+ Many VMs…" and its dialog: N VMs on network X from address A, one undo step. */
export function BulkVmsButton() {
  const [open, setOpen] = useState(false);
  return (
    <>
      <button
        type="button"
        data-testid="add-bulk-vms"
        title="N VMs on one network, addresses from A upwards"
        onClick={() => setOpen(true)}
      >
        + Many VMs…
      </button>
      {open && <BulkVmsDialog onClose={() => setOpen(false)} />}
    </>
  );
}

function BulkVmsDialog({ onClose }: { onClose: () => void }) {
  const store = useAppStore();
  const all = useApp((s) => s.model.nads);
  const nads = all.filter((n) => n.role !== 'primary');
  const namespaces = useApp((s) => s.model.namespaces);
  const [count, setCount] = useState('3');
  // the only network is pre-chosen
  const [network, setNetwork] = useState(nads.length === 1 ? (nads[0]?.key ?? '') : '');
  const nad = nads.find((n) => n.key === network);
  const [start, setStart] = useState('');
  const [prefix, setPrefix] = useState('vm');
  const [namespace, setNamespace] = useState('default');
  const request = { count: Number(count), network, start, prefix, namespace };
  const touched = start.trim() !== '';
  const check = network && touched ? bulkVms(store.getState(), request) : undefined;
  const add = () => {
    const r = bulkVms(store.getState(), request);
    if (!r.objects) return;
    addBulk(store.getState, store.setState, r.objects);
    store.getState().setNotice({
      kind: 'info',
      text: `Added ${r.objects.length} VMs on ${network} from ${start} (one undo step)`,
    });
    onClose();
  };
  const nsNames = [...new Set(['default', ...namespaces.map((n) => n.name)])];
  return (
    <Dialog label="Add many VMs" onClose={onClose} testId="bulk-dialog">
      <h2>Add many VMs</h2>
      {nads.length === 0 ? (
        <p className="hint" role="alert">
          No secondary network yet: add a network first.
        </p>
      ) : (
        <div className="dialog-row">
          <label>
            How many{' '}
            <input
              aria-label="How many VMs"
              size={4}
              inputMode="numeric"
              value={count}
              onChange={(e) => setCount(e.target.value)}
            />
          </label>
          <label>
            on{' '}
            <select aria-label="Bulk network" value={network} onChange={(e) => setNetwork(e.target.value)}>
              {!network && <option value="">pick a network…</option>}
              {nads.map((n) => (
                <option key={n.key} value={n.key}>
                  {n.key}
                </option>
              ))}
            </select>
          </label>
          <label>
            from address{' '}
            <input
              aria-label="First address"
              size={14}
              placeholder={nad?.subnets[0] ? nad.subnets[0].split('/')[0] : '10.0.0.10'}
              value={start}
              onChange={(e) => setStart(e.target.value)}
            />
          </label>
          <label>
            names{' '}
            <input
              aria-label="Name prefix"
              size={8}
              value={prefix}
              onChange={(e) => setPrefix(e.target.value)}
            />
            <span className="hint small">1, 2, …</span>
          </label>
          <label>
            namespace{' '}
            <select
              aria-label="Bulk namespace"
              value={namespace}
              onChange={(e) => setNamespace(e.target.value)}
            >
              {nsNames.map((n) => (
                <option key={n}>{n}</option>
              ))}
            </select>
          </label>
        </div>
      )}
      {nad && (
        <p className="hint small">
          {nad.subnets.length || nad.ipamSubnets.length
            ? `Subnets: ${[...nad.subnets, ...nad.ipamSubnets].join(', ')}`
            : 'No subnets: addresses are written into each VM’s cloud-init'}
          ; at most {BULK_MAX} at once.
        </p>
      )}
      {check?.errors.map((m) => (
        <p key={m} className="diag error small" role="alert" data-testid="bulk-error">
          {m}
        </p>
      ))}
      <div className="dialog-actions">
        <button onClick={onClose}>Cancel</button>
        <button className="primary" data-testid="bulk-add" disabled={!check?.objects} onClick={add}>
          Add {check?.objects ? check.objects.length : ''} VMs
        </button>
      </div>
    </Dialog>
  );
}
