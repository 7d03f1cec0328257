import { useState } from 'react';
import { useApp } from '../store-context';
import { endpointObjectId } from '../../store/layout';
import { isPolicy, WORKLOAD_KINDS, type DesignObject } from '../../store/kinds';
import type { Endpoint } from '../../model/types';
import { ClusterPolicyForm } from './cluster-policy-form';
import { NetworkForm } from './network-form';
import { NamespaceForm } from './namespace-form';
import { PolicyForm } from './policy-form';
import { SubnetForm } from './subnet-form';
import { UdnForm } from './udn-form';
import { WorkloadForm } from './workload-form';
import { YamlObjectEditor } from './yaml-object-editor';
import { FieldIssues } from './field-issues';
import { TabButton } from '../shared/tab-button';
import { PairCard, usePickedPair } from './pair-card';

const CLUSTER_POLICIES = new Set([
  'AdminNetworkPolicy',
  'BaselineAdminNetworkPolicy',
  'ClusterNetworkPolicy',
]);
const UDN_KINDS = new Set(['UserDefinedNetwork', 'ClusterUserDefinedNetwork']);

const TABS = [
  ['form', 'Form'],
  ['yaml', 'YAML'],
] as const;

/** The form of the object's kind; kinds that cannot change reachability are edited as YAML. */
function KindForm({ o, endpoint }: { o: DesignObject; endpoint: Endpoint | undefined }) {
  const kind = String(o.obj.kind);
  const props = { id: o.id, obj: o.obj };
  if (WORKLOAD_KINDS.has(kind)) return <WorkloadForm {...props} endpoint={endpoint} />;
  if (kind === 'NetworkAttachmentDefinition') return <NetworkForm {...props} />;
  if (kind === 'Namespace') return <NamespaceForm {...props} />;
  if (isPolicy(o)) return <PolicyForm {...props} />;
  if (kind === 'Subnet') return <SubnetForm {...props} />;
  if (CLUSTER_POLICIES.has(kind)) return <ClusterPolicyForm {...props} />;
  if (UDN_KINDS.has(kind)) return <UdnForm {...props} />;
  return (
    <p className="hint">
      {kind} does not affect reachability; it is kept and exported as it is. Edit it in the YAML tab.
    </p>
  );
}

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
  const endpoint = model.endpoints.find((e) => endpointObjectId(e) === o.id);
  return (
    <aside className="inspector" data-testid="inspector">
      <div className="inspector-head">
        <h2>{String(o.obj.kind)}</h2>
        <div role="tablist" className="mini-tabs">
          {TABS.map(([t, text]) => (
            <TabButton key={t} selected={tab === t} onSelect={() => setTab(t)}>
              {text}
            </TabButton>
          ))}
        </div>
      </div>
      {tab === 'yaml' ? (
        <YamlObjectEditor id={o.id} obj={o.obj} />
      ) : (
        <>
          <KindForm o={o} endpoint={endpoint} />
          <FieldIssues objectId={o.id} prefix="metadata.name" exact />
          <FieldIssues objectId={o.id} prefix="apiVersion" />
        </>
      )}
    </aside>
  );
}
