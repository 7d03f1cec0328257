import type { ClusterPort } from '../model/types';
import { oneOf, PROTOS, reject, strictObject, unknownFields, type Ctx } from './k8s-admin-common';
import type { Json } from './reader';

/** Port entries of cluster policy rules: v1alpha1 `ports` (R9.11) and v1alpha2 `protocols` (R9.15). */

function portNumber(ctx: Ctx, v: unknown, field: string): number | undefined {
  const n = ctx.r.int(v, field);
  if (n === undefined) reject(ctx, field, 'a port number is required');
  else if (n < 1 || n > 65535) reject(ctx, field, `port ${n} is outside 1-65535`);
  return n;
}

/** `start` and `end` of a range object, both required port numbers. */
function span(ctx: Ctx, o: Json, field: string): { start: number; end: number } | undefined {
  const start = portNumber(ctx, o.start, `${field}.start`);
  const end = portNumber(ctx, o.end, `${field}.end`);
  return start === undefined || end === undefined ? undefined : { start, end };
}

function protocolOf(ctx: Ctx, v: unknown, field: string): string {
  const p = ctx.r.string(v, field) ?? 'TCP';
  if (!PROTOS.includes(p))
    reject(
      ctx,
      field,
      `protocol "${p}" is not one of TCP, UDP, SCTP`,
      PROTOS.find((x) => x === p.toUpperCase()),
    );
  return p;
}

/** v1alpha1 `ports` entry (R9.11). */
export function readPort(ctx: Ctx, v: unknown, field: string): ClusterPort | undefined {
  const keys = ['portNumber', 'portRange', 'namedPort'];
  const o = strictObject(ctx, v, field, keys);
  const which = oneOf(ctx, o, keys, field, 'a port entry');
  if (which === 'namedPort') {
    const name = ctx.r.string(o.namedPort, `${field}.namedPort`) ?? '';
    return { kind: 'named', name };
  }
  if (which === 'portNumber') {
    const f = `${field}.portNumber`;
    const p = strictObject(ctx, o.portNumber, f, ['protocol', 'port']);
    const protocol = protocolOf(ctx, p.protocol, `${f}.protocol`);
    const port = portNumber(ctx, p.port, `${f}.port`);
    return port === undefined ? undefined : { kind: 'number', protocol, port };
  }
  if (which === 'portRange') {
    const f = `${field}.portRange`;
    const p = strictObject(ctx, o.portRange, f, ['protocol', 'start', 'end']);
    const protocol = protocolOf(ctx, p.protocol, `${f}.protocol`);
    const r = span(ctx, p, f);
    if (!r) return undefined;
    const { start, end } = r;
    if (start > end)
      // documented as invalid, not validated by the v1alpha1 CRD (R9.11): the entry matches nothing
      ctx.r.report(
        'error',
        'admin-port-range-reversed',
        f,
        `portRange start ${start} is greater than end ${end}: this entry matches no port`,
      );
    return { kind: 'range', protocol, start, end };
  }
  return undefined;
}

/** v1alpha2 `protocols` entry (R9.15). */
export function readProtocol(ctx: Ctx, v: unknown, field: string): ClusterPort | undefined {
  const keys = ['tcp', 'udp', 'sctp', 'destinationNamedPort'];
  const o = strictObject(ctx, v, field, keys);
  const which = oneOf(ctx, o, keys, field, 'a protocols entry');
  if (which === undefined) return undefined;
  if (which === 'destinationNamedPort')
    return { kind: 'named', name: ctx.r.string(o.destinationNamedPort, `${field}.${which}`) ?? '' };
  const protocol = which.toUpperCase();
  const f = `${field}.${which}`;
  const p = strictObject(ctx, o[which], f, ['destinationPort']);
  const dp = ctx.r.object(p.destinationPort, `${f}.destinationPort`);
  if (!dp) {
    reject(ctx, f, `${which} needs destinationPort (an empty ${which} is invalid)`);
    return undefined;
  }
  const df = `${f}.destinationPort`;
  unknownFields(ctx, dp, ['number', 'range'], df);
  const kind = oneOf(ctx, dp, ['number', 'range'], df, 'destinationPort');
  if (kind === 'number') {
    const port = portNumber(ctx, dp.number, `${df}.number`);
    return port === undefined ? undefined : { kind: 'number', protocol, port };
  }
  if (kind === 'range') {
    const rf = `${df}.range`;
    const r = span(ctx, strictObject(ctx, dp.range, rf, ['start', 'end']), rf);
    if (!r) return undefined;
    const { start, end } = r;
    if (start >= end) reject(ctx, rf, `range start ${start} must be less than end ${end}`);
    return { kind: 'range', protocol, start, end };
  }
  return undefined;
}
