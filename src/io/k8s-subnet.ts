import type { KubeOvnSubnet, SubnetAcl } from '../model/types';
import type { FieldReader, Json } from './reader';

const ACTIONS = ['allow-related', 'allow-stateless', 'allow', 'drop', 'reject'];
const DIRECTIONS = ['from-lport', 'to-lport'];

/** kubeovn.io/v1 Subnet: cidrBlock, gateway, excludeIps, provider and spec.acls. */
export function readSubnet(r: FieldReader, spec: Json, name: string): KubeOvnSubnet {
  const acls: SubnetAcl[] = [];
  (r.list(spec.acls, 'spec.acls') ?? []).forEach((a, k) => {
    const f = `spec.acls[${k}]`;
    const o = r.object(a, f);
    if (!o) return;
    const action = r.string(o.action, `${f}.action`) ?? '';
    const direction = r.string(o.direction, `${f}.direction`) ?? '';
    const priority = r.int(o.priority, `${f}.priority`);
    const match = r.string(o.match, `${f}.match`) ?? '';
    if (!ACTIONS.includes(action))
      r.report(
        'error',
        'acl-invalid',
        `${f}.action`,
        `action "${action}" is not one of ${ACTIONS.join(', ')}`,
      );
    if (!DIRECTIONS.includes(direction))
      r.report(
        'error',
        'acl-invalid',
        `${f}.direction`,
        `direction "${direction}" is not from-lport or to-lport`,
      );
    if (priority === undefined || priority < 0 || priority > 32767)
      r.report('error', 'acl-invalid', `${f}.priority`, 'priority must be an integer from 0 to 32767');
    acls.push({ action, direction, priority: priority ?? 0, match });
  });
  const gateway = r.string(spec.gateway, 'spec.gateway');
  return {
    name,
    cidrBlock: r.string(spec.cidrBlock, 'spec.cidrBlock') ?? '',
    ...(gateway !== undefined ? { gateway } : {}),
    excludeIps: r.strings(spec.excludeIps, 'spec.excludeIps'),
    provider: r.string(spec.provider, 'spec.provider') ?? 'ovn',
    acls,
    origin: r.origin,
  };
}
