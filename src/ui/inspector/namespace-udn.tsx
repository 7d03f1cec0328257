import type { Json } from '../../io/reader';
import { isObject } from '../../io/reader';
import { PRIMARY_UDN_LABEL, createUdn, withPrimaryLabel } from '../../io/edit/udn';
import { useApp, useAppStore } from '../store-context';

/** A namespace's primary network (SEMANTICS R10.4), and a button giving it its own primary UDN. */
export function NamespaceUdn({ id, obj }: { id: string; obj: Json }) {
  const store = useAppStore();
  const meta = isObject(obj.metadata) ? obj.metadata : {};
  const name = String(meta.name ?? '');
  const labels = isObject(meta.labels) ? meta.labels : {};
  const wants = PRIMARY_UDN_LABEL in labels;
  const primary = useApp((s) => s.analysis?.result.primaryNetworks?.[name]);
  const create = (): void => {
    const udn = createUdn(`${name}-net`, name, {
      topology: 'Layer2',
      role: 'Primary',
      subnets: '10.100.0.0/16',
    });
    store.getState().updateObject(id, withPrimaryLabel(obj));
    store.getState().addObjects([udn]);
  };
  return (
    <div className="udn-primary" data-testid="namespace-primary-network">
      <p>
        Primary network:{' '}
        <strong>
          {primary ?? (wants ? 'none: its pods and VMs cannot start' : 'default (cluster pod network)')}
        </strong>
      </p>
      {primary && (
        <p className="hint small">
          Its pods and VMs live on {primary}; their default-network interface is locked (only
          k8s.ovn.org/open-default-ports opens it), and NetworkPolicies of this namespace apply on {primary}.
        </p>
      )}
      {!primary && (
        <button type="button" data-testid="create-primary-udn" onClick={create}>
          Give it its own primary UserDefinedNetwork
        </button>
      )}
    </div>
  );
}
