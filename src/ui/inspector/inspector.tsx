import { useState } from 'react';
import { useApp } from '../store-context';
import { endpointObjectId } from '../../store/layout';
import { ClusterPolicyForm } from './cluster-policy-form';
import { NetworkForm } from './network-form';
import { NamespaceForm } from './namespace-form';
import { PolicyForm } from './policy-form';
import { SubnetForm } from './subnet-form';
import { UdnForm } from './udn-form';
import { WorkloadForm } from './workload-form';
import { YamlObjectEditor } from './yaml-object-editor';
import { FieldIssues } from './field-issues';
import { PairCard, usePickedPair } from './pair-card';

const WORKLOADS = new Set([
  'Pod',
  'VirtualMachine',
  'VirtualMachineInstance',
  'Deployment',
  'StatefulSet',
  'DaemonSet',
  'ReplicaSet',
  'Job',
  'CronJob',
  'ExternalHost',
]);

const CLUSTER_POLICIES = new Set([
  'AdminNetworkPolicy',
  'BaselineAdminNetworkPolicy',
  'ClusterNetworkPolicy',
]);
const UDN_KINDS = new Set(['UserDefinedNetwork', 'ClusterUserDefinedNetwork']);

export function Inspector() {
  const selection = useApp((s) => s.selection);
  const objects = useApp((s) => s.objects);
  const model = useApp((s) => s.model);
  const [tab, setTab] = useState<'form' | 'yaml'>('form');
  const pair = usePickedPair();
  const id = selection.length === 1 ? selection[0] : undefined;
  const o = objects.find((x) => x.id === id);
  if (selection.length > 1)
    return (
      <aside className="inspector" data-testid="inspector">
        {pair ? (
          <PairCard pair={pair} />
        ) : (
          <p className="hint">
            {selection.length} objects selected. Delete removes them; Ctrl+C / Ctrl+V copies them.
          </p>
        )}
      </aside>
    );
  if (!o) {
    return (
      <aside className="inspector" data-testid="inspector">
        <h2>Inspector</h2>
        <p className="hint">
          {id === 'net:default'
            ? 'The cluster pod network: NetworkPolicies apply here, MultiNetworkPolicies never do.'
            : 'Select a workload, network or policy to edit it. Policies are listed in the left panel.'}
        </p>
      </aside>
    );
  }
  const kind = String(o.obj.kind);
  const endpoint = model.endpoints.find((e) => endpointObjectId(e) === o.id);
  return (
    <aside className="inspector" data-testid="inspector">
      <div className="inspector-head">
        <h2>{kind}</h2>
        <div role="tablist" className="mini-tabs">
          <button
            role="tab"
            aria-selected={tab === 'form'}
            className={tab === 'form' ? 'tab active' : 'tab'}
            onClick={() => setTab('form')}
          >
            Form
          </button>
          <button
            role="tab"
            aria-selected={tab === 'yaml'}
            className={tab === 'yaml' ? 'tab active' : 'tab'}
            onClick={() => setTab('yaml')}
          >
            YAML
          </button>
        </div>
      </div>
      {tab === 'yaml' ? (
        <YamlObjectEditor id={o.id} obj={o.obj} />
      ) : (
        <>
          {WORKLOADS.has(kind) && <WorkloadForm id={o.id} obj={o.obj} endpoint={endpoint} />}
          {kind === 'NetworkAttachmentDefinition' && <NetworkForm id={o.id} obj={o.obj} />}
          {kind === 'Namespace' && <NamespaceForm id={o.id} obj={o.obj} />}
          {(kind === 'NetworkPolicy' || kind === 'MultiNetworkPolicy') && (
            <PolicyForm id={o.id} obj={o.obj} />
          )}
          {kind === 'Subnet' && <SubnetForm id={o.id} obj={o.obj} />}
          {CLUSTER_POLICIES.has(kind) && <ClusterPolicyForm id={o.id} obj={o.obj} />}
          {UDN_KINDS.has(kind) && <UdnForm id={o.id} obj={o.obj} />}
          {!WORKLOADS.has(kind) &&
            !CLUSTER_POLICIES.has(kind) &&
            ![
              'NetworkAttachmentDefinition',
              'Namespace',
              'NetworkPolicy',
              'MultiNetworkPolicy',
              'Subnet',
              ...UDN_KINDS,
            ].includes(kind) && (
              <p className="hint">
                {kind} does not affect reachability; it is kept and exported as it is. Edit it in the YAML
                tab.
              </p>
            )}
          <FieldIssues objectId={o.id} prefix="metadata.name" exact />
          <FieldIssues objectId={o.id} prefix="apiVersion" />
        </>
      )}
    </aside>
  );
}
