import { DEFAULT_NETWORK, type Endpoint } from '../../model/types';
import { getLabels, setInterfaces, setLabels, type InterfaceSpec } from '../../store/edit';
import type { Json } from '../../store/edit';
import { ipProblem } from '../../store/selectors';
import { useApp, useAppStore } from '../store-context';
import { FieldIssues } from './field-issues';
import { KvEditor } from './kv-editor';
import { NameFields } from './name-fields';
import { LiveInput } from './live-input';

/** Pod, VM (and other workloads) and external hosts: name, namespace, labels, interfaces. */
export function WorkloadForm({
  id,
  obj,
  endpoint,
}: {
  id: string;
  obj: Json;
  endpoint: Endpoint | undefined;
}) {
  const store = useAppStore();
  const nads = useApp((s) => s.model.nads);
  const update = (o: Json): void => store.getState().updateObject(id, o);
  const isExternal = obj.kind === 'ExternalHost';
  const isEditableIfaces = obj.kind === 'Pod' || obj.kind === 'VirtualMachine' || isExternal;
  const ifaces: InterfaceSpec[] = (endpoint?.attachments ?? []).map((a) => ({
    network: a.nad,
    ips: a.ips.map((ip) => ip.split('/')[0] ?? ip),
  }));
  const networks = [DEFAULT_NETWORK, ...nads.map((n) => n.key)];
  return (
    <div className="form" data-testid="workload-form">
      <NameFields id={id} obj={obj} clusterScoped={isExternal} />
      {!isExternal && (
        <KvEditor
          label="Labels"
          testId="labels-editor"
          value={getLabels(obj)}
          onChange={(l) => update(setLabels(obj, l))}
        />
      )}
      {endpoint?.kind === 'VM' && (
        <p className="hint small">
          The VM's virt-launcher pod also carries kubevirt.io=virt-launcher and vm.kubevirt.io/name=
          {endpoint.labels['vm.kubevirt.io/name']}; policies select it by these labels.
        </p>
      )}
      <fieldset className="ifaces">
        <legend>{isExternal ? 'Network and addresses' : 'Interfaces'}</legend>
        {ifaces.map((iface, k) => (
          <InterfaceRow
            key={`${k}-${iface.network}`}
            index={k}
            iface={iface}
            networks={networks}
            nads={nads}
            onChange={(n) =>
              isEditableIfaces &&
              update(
                setInterfaces(
                  obj,
                  ifaces.map((x, j) => (j === k ? n : x)),
                ),
              )
            }
            onRemove={
              isExternal
                ? undefined
                : () =>
                    update(
                      setInterfaces(
                        obj,
                        ifaces.filter((_, j) => j !== k),
                      ),
                    )
            }
            disabled={!isEditableIfaces}
          />
        ))}
        {isEditableIfaces && !isExternal && (
          <button
            type="button"
            className="add"
            onClick={() => {
              const free = networks.find((n) => !ifaces.some((i) => i.network === n)) ?? DEFAULT_NETWORK;
              update(setInterfaces(obj, [...ifaces, { network: free, ips: [] }]));
            }}
          >
            + attach to a network
          </button>
        )}
        {!isEditableIfaces && (
          <p className="hint small">Interfaces of a {String(obj.kind)} are edited in its YAML.</p>
        )}
        <FieldIssues
          objectId={id}
          prefix={
            isExternal
              ? 'spec'
              : obj.kind === 'VirtualMachine'
                ? 'spec.template.spec.networks'
                : 'metadata.annotations'
          }
        />
        <FieldIssues objectId={id} prefix="status" />
      </fieldset>
    </div>
  );
}

function InterfaceRow({
  index,
  iface,
  networks,
  nads,
  onChange,
  onRemove,
  disabled,
}: {
  index: number;
  iface: InterfaceSpec;
  networks: readonly string[];
  nads: readonly { key: string; subnets: readonly string[]; ipamSubnets: readonly string[] }[];
  onChange: (i: InterfaceSpec) => void;
  onRemove: (() => void) | undefined;
  disabled: boolean;
}) {
  const nad = nads.find((n) => n.key === iface.network) as Parameters<typeof ipProblem>[1];
  const split = (t: string): string[] =>
    t
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean);
  const hint =
    iface.network === DEFAULT_NETWORK
      ? 'pod IP (optional: assigned by the cluster)'
      : nad && (nad.subnets.length || nad.ipamSubnets.length)
        ? `in ${[...nad.subnets, ...nad.ipamSubnets].join(', ')}`
        : 'static IP (no IPAM on this network)';
  return (
    <div className="iface-row" data-testid={`iface-${index}`}>
      <select
        aria-label={`Interface ${index + 1} network`}
        value={iface.network}
        disabled={disabled}
        onChange={(e) => onChange({ network: e.target.value, ips: iface.ips })}
      >
        {networks.map((n) => (
          <option key={n} value={n}>
            {n === DEFAULT_NETWORK ? 'pod network' : n}
          </option>
        ))}
      </select>
      <LiveInput
        aria-label={`Interface ${index + 1} IP`}
        value={iface.ips.join(', ')}
        placeholder={hint}
        title={hint}
        disabled={disabled}
        validate={(t) =>
          split(t)
            .map((ip) => ipProblem(ip, nad))
            .find((p): p is string => !!p)
        }
        onCommit={(t) => onChange({ network: iface.network, ips: split(t) })}
      />
      {onRemove && (
        <button type="button" aria-label={`Detach interface ${index + 1}`} onClick={onRemove}>
          ×
        </button>
      )}
    </div>
  );
}
