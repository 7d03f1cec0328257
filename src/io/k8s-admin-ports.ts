import type { ClusterPort } from '../model/types';
import { oneOf, PROTOS, reject, unknownFields, type Ctx } from './k8s-admin-common';

/** Port entries of cluster policy rules: v1alpha1 `ports` (R9.11) and v1alpha2 `protocols` (R9.15). */

function portNumber(ctx: Ctx, v: unknown, field: string): number | undefined {
  const n = ctx.r.int(v, field);
  if (n === undefined) reject(ctx, field, 'a port number is required');
  else if (n < 1 || n > 65535) reject(ctx, field, `port ${n} is outside 1-65535`);
  return n;
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
  const o = ctx.r.object(v, field) ?? {};
  const keys = ['portNumber', 'portRange', 'namedPort'];
  unknownFields(ctx, o, keys, field);
  const which = oneOf(ctx, o, keys, field, 'a port entry');
  if (which === 'namedPort') {
    const name = ctx.r.string(o.namedPort, `${field}.namedPort`) ?? '';
    return { kind: 'named', name };
  }
  if (which === 'portNumber') {
    const f = `${field}.portNumber`;
    const p = ctx.r.object(o.portNumber, f) ?? {};
    unknownFields(ctx, p, ['protocol', 'port'], f);
    const protocol = protocolOf(ctx, p.protocol, `${f}.protocol`);
    const port = portNumber(ctx, p.port, `${f}.port`);
    return port === undefined ? undefined : { kind: 'number', protocol, port };
  }
  if (which === 'portRange') {
    const f = `${field}.portRange`;
    const p = ctx.r.object(o.portRange, f) ?? {};
    unknownFields(ctx, p, ['protocol', 'start', 'end'], f);
    const protocol = protocolOf(ctx, p.protocol, `${f}.protocol`);
    const start = portNumber(ctx, p.start, `${f}.start`);
    const end = portNumber(ctx, p.end, `${f}.end`);
    if (start === undefined || end === undefined) return undefined;
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
  const o = ctx.r.object(v, field) ?? {};
  const keys = ['tcp', 'udp', 'sctp', 'destinationNamedPort'];
  unknownFields(ctx, o, keys, field);
  const which = oneOf(ctx, o, keys, field, 'a protocols entry');
  if (which === undefined) return undefined;
  if (which === 'destinationNamedPort')
    return { kind: 'named', name: ctx.r.string(o.destinationNamedPort, `${field}.${which}`) ?? '' };
  const protocol = which.toUpperCase();
  const f = `${field}.${which}`;
  const p = ctx.r.object(o[which], f) ?? {};
  unknownFields(ctx, p, ['destinationPort'], f);
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
    const rg = ctx.r.object(dp.range, rf) ?? {};
    unknownFields(ctx, rg, ['start', 'end'], rf);
    const start = portNumber(ctx, rg.start, `${rf}.start`);
    const end = portNumber(ctx, rg.end, `${rf}.end`);
    if (start === undefined || end === undefined) return undefined;
    if (start >= end) reject(ctx, rf, `range start ${start} must be less than end ${end}`);
    return { kind: 'range', protocol, start, end };
  }
  return undefined;
}
