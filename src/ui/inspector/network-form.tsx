import { nadConfig } from '../../store/edit';
import { isObject, type Json } from '../../store/edit';
import { cidrProblem } from '../../store/selectors';
import { useAppStore } from '../store-context';
import { FieldIssues } from './field-issues';
import { NameFields } from './name-fields';
import { LiveInput } from './live-input';

/** NetworkAttachmentDefinition: OVN-K topology and subnets (other CNI types: YAML). */
export function NetworkForm({ id, obj }: { id: string; obj: Json }) {
  const store = useAppStore();
  const meta = isObject(obj.metadata) ? obj.metadata : {};
  const spec = isObject(obj.spec) ? obj.spec : {};
  let config: Record<string, unknown> = {};
  try {
    config = typeof spec.config === 'string' ? (JSON.parse(spec.config) as Record<string, unknown>) : {};
  } catch {
    config = {};
  }
  const isOvnk = config.type === 'ovn-k8s-cni-overlay';
  const topology = (typeof config.topology === 'string' ? config.topology : 'layer2') as
    'layer2' | 'layer3' | 'localnet';
  const subnets = typeof config.subnets === 'string' ? config.subnets : '';
  const subnetProblem = (t: string): string | undefined =>
    t
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean)
      .map((s) => cidrProblem(s.split('/').slice(0, 2).join('/')))
      .find(Boolean);
  const write = (t: typeof topology, sub: string): void => {
    const c = {
      ...config,
      ...(JSON.parse(
        nadConfig(String(meta.name), String(meta.namespace ?? 'default'), { topology: t, subnets: sub }),
      ) as Record<string, unknown>),
    };
    if (!sub) delete c.subnets;
    store.getState().updateObject(id, { ...obj, spec: { ...spec, config: JSON.stringify(c, null, 2) } });
  };
  return (
    <div className="form" data-testid="network-form">
      <NameFields id={id} obj={obj} />
      {isOvnk ? (
        <>
          <label>
            Topology
            <select
              aria-label="Topology"
              value={topology}
              onChange={(e) => write(e.target.value as typeof topology, subnets)}
            >
              <option value="layer2">layer2 (one flat switch, east/west only)</option>
              <option value="localnet">localnet (bridged to the physical network)</option>
              <option value="layer3">layer3 (per-node subnets)</option>
            </select>
          </label>
          <label>
            Subnets
            <LiveInput
              aria-label="Subnets"
              value={subnets}
              placeholder="none: no IPAM (static IPs, ipBlock peers only)"
              validate={subnetProblem}
              onCommit={(t) => write(topology, t.trim())}
            />
          </label>
          <p className="hint small">
            {subnets
              ? 'OVN-K assigns addresses; pod and namespace selectors work in MultiNetworkPolicies.'
              : 'Without subnets OVN-K has no IPAM: MultiNetworkPolicies may use only ipBlock peers (selector peers make OVN-K ignore the policy), and VMs can live-migrate.'}
          </p>
        </>
      ) : (
        <p className="hint">
          CNI type “{String(config.type ?? 'unknown')}”: edit its config in the YAML tab.
        </p>
      )}
      <FieldIssues objectId={id} prefix="spec" />
    </div>
  );
}
