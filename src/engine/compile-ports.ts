// A policy's `ports` entry → a port set or a named port, validated as the API server does.
import type { PolicyPort, Protocol } from '../model/types';
import type { CompiledPort } from './compile';
import { invalid, type Ctx } from './compile-context';
import { ALL_PORTS, range } from './ports';

const VALID_PROTOCOLS: readonly string[] = ['TCP', 'UDP', 'SCTP'];
const PORT_NAME = /^[a-z0-9]([a-z0-9-]*[a-z0-9])?$/;

export function compilePort(ctx: Ctx, port: PolicyPort, field: string, at: number): CompiledPort | undefined {
  const protoText = port.protocol ?? 'TCP';
  if (!VALID_PROTOCOLS.includes(protoText)) {
    const near = VALID_PROTOCOLS.find((p) => p === protoText.toUpperCase());
    invalid(
      ctx,
      'protocol-invalid',
      `${field}.protocol`,
      `protocol "${protoText}" is not one of TCP, UDP, SCTP${protoText.toUpperCase() === 'ICMP' ? ' (NetworkPolicy cannot name ICMP; a rule without ports allows it)' : ''}`,
      near,
    );
    return undefined;
  }
  const protocol = protoText as Protocol;
  if (port.port === undefined) {
    if (port.endPort !== undefined)
      invalid(ctx, 'endport-invalid', `${field}.endPort`, 'endPort needs a numeric port');
    return { protocol, kind: 'set', set: ALL_PORTS };
  }
  if (typeof port.port === 'string') {
    if (/^\d+$/.test(port.port)) {
      invalid(
        ctx,
        'port-invalid',
        `${field}.port`,
        `"${port.port}" is quoted, so Kubernetes reads it as a port name, and a port name needs a letter; write the number without quotes`,
        port.port,
      );
      return undefined;
    }
    if (!PORT_NAME.test(port.port) || port.port.length > 15 || !/[a-z]/.test(port.port)) {
      invalid(
        ctx,
        'port-invalid',
        `${field}.port`,
        `"${port.port}" is neither a port number nor a valid port name`,
      );
      return undefined;
    }
    if (port.endPort !== undefined) {
      invalid(
        ctx,
        'endport-invalid',
        `${field}.endPort`,
        `endPort cannot be used with the named port "${port.port}"`,
      );
      return undefined;
    }
    return { protocol, kind: 'named', name: port.port, at };
  }
  if (!Number.isInteger(port.port) || port.port < 1 || port.port > 65535) {
    invalid(ctx, 'port-invalid', `${field}.port`, `port ${port.port} is outside 1-65535`);
    return undefined;
  }
  if (port.endPort !== undefined) {
    if (!Number.isInteger(port.endPort) || port.endPort < port.port || port.endPort > 65535) {
      invalid(
        ctx,
        'endport-invalid',
        `${field}.endPort`,
        `endPort ${port.endPort} must be between port ${port.port} and 65535`,
      );
      return undefined;
    }
    return { protocol, kind: 'set', set: range(port.port, port.endPort) };
  }
  return { protocol, kind: 'set', set: range(port.port) };
}
