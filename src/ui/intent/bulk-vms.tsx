import { useState } from 'react';
import { useApp, useAppStore } from '../store-context';
import { addBulk, BULK_MAX, bulkVms } from '../../store/bulk';
import { Dialog } from '../dialogs/dialog';
import { plainOptions, SelectField, TextField } from '../shared/fields';

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
          <TextField
            label="How many"
            name="How many VMs"
            size={4}
            numeric
            value={count}
            onChange={setCount}
          />
          <SelectField
            label="on"
            name="Bulk network"
            pick="pick a network…"
            value={network}
            options={plainOptions(nads.map((n) => n.key))}
            onChange={setNetwork}
          />
          <TextField
            label="from address"
            name="First address"
            size={14}
            placeholder={nad?.subnets[0] ? nad.subnets[0].split('/')[0] : '10.0.0.10'}
            value={start}
            onChange={setStart}
          />
          <TextField
            label="names"
            name="Name prefix"
            size={8}
            value={prefix}
            onChange={setPrefix}
            after={<span className="hint small">1, 2, …</span>}
          />
          <SelectField
            label="namespace"
            name="Bulk namespace"
            value={namespace}
            options={plainOptions(nsNames)}
            onChange={setNamespace}
          />
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
