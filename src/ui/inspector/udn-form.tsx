import { useEffect, useState } from 'react';
import type { Json } from '../../io/reader';
import {
  cudnMatchLabels,
  readUdnFields,
  withCudnMatchLabels,
  withUdnFields,
  type UdnFields,
  type UdnRoleName,
  type UdnTopologyName,
} from '../../io/edit/udn';
import { cidrProblem } from '../../store/selectors';
import { useAppStore } from '../store-context';
import { FieldIssues } from './field-issues';
import { KvEditor } from './kv-editor';
import { NameFields } from './name-fields';

const HINT: Readonly<Record<UdnTopologyName, string>> = {
  Layer2: 'one switch across the cluster; with Persistent IPAM a VM keeps its address on live migration',
  Layer3: 'one subnet slice per node (cidr/hostSubnet, e.g. 10.0.0.0/16/24)',
  Localnet: 'bridged to a physical network (OVS bridge mapping); Secondary only',
};

/** UserDefinedNetwork / ClusterUserDefinedNetwork: topology, role, subnets; a CUDN's namespaces. */
export function UdnForm({ id, obj }: { id: string; obj: Json }) {
  const store = useAppStore();
  const isCluster = obj.kind === 'ClusterUserDefinedNetwork';
  const f = readUdnFields(obj);
  const [draft, setDraft] = useState(f.subnets);
  useEffect(() => setDraft(f.subnets), [f.subnets]);
  const problems = draft
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
    .map((s) => cidrProblem(s.split('/').slice(0, 2).join('/')))
    .filter(Boolean);
  const write = (next: Partial<UdnFields>): void =>
    store.getState().updateObject(id, withUdnFields(obj, { ...f, ...next }));
  const topologies: UdnTopologyName[] = isCluster ? ['Layer2', 'Layer3', 'Localnet'] : ['Layer2', 'Layer3'];
  return (
    <div className="form" data-testid="udn-form">
      <NameFields id={id} obj={obj} clusterScoped={isCluster} />
      <label>
        Topology
        <select
          aria-label="Topology"
          value={f.topology}
          onChange={(e) => write({ topology: e.target.value as UdnTopologyName })}
        >
          {topologies.map((t) => (
            <option key={t} value={t}>
              {t}
            </option>
          ))}
        </select>
      </label>
      <p className="hint small">{HINT[f.topology]}</p>
      <label>
        Role
        <select
          aria-label="Role"
          value={f.topology === 'Localnet' ? 'Secondary' : f.role}
          disabled={f.topology === 'Localnet'}
          onChange={(e) => write({ role: e.target.value as UdnRoleName })}
        >
          <option value="Primary">Primary (the namespace&apos;s pod network)</option>
          <option value="Secondary">Secondary (an extra interface)</option>
        </select>
      </label>
      <label>
        Subnets
        <input
          aria-label="Subnets"
          value={draft}
          placeholder={f.role === 'Primary' ? 'required, e.g. 10.100.0.0/16' : 'none: IPAM disabled'}
          onChange={(e) => setDraft(e.target.value)}
          onBlur={() => problems.length === 0 && write({ subnets: draft.trim() })}
        />
      </label>
      {problems.map((p) => (
        <p key={p} className="diag error small" role="alert">
          {p}
        </p>
      ))}
      {isCluster && (
        <KvEditor
          label="Namespaces with labels"
          testId="cudn-namespaces"
          value={cudnMatchLabels(obj)}
          onChange={(l) => store.getState().updateObject(id, withCudnMatchLabels(obj, l))}
        />
      )}
      <p className="hint small">
        {f.role === 'Primary' && f.topology !== 'Localnet'
          ? 'A primary network replaces the pod network of its namespaces (they need the label k8s.ovn.org/primary-user-defined-network): NetworkPolicies apply on it, and their pods and VMs are cut off from other networks.'
          : 'Pods attach with k8s.v1.cni.cncf.io/networks, VMs with a multus network naming it; MultiNetworkPolicies apply through policy-for.'}
      </p>
      <FieldIssues objectId={id} prefix="spec" />
      <FieldIssues objectId={id} prefix="metadata.namespace" />
    </div>
  );
}
