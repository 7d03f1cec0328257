import { describe, expect, it } from 'vitest';
import { parseIntent } from './intent';

const errors = (text: string) =>
  parseIntent(text, 'i.yaml').diagnostics.map((d) => `${d.line}:${d.field}: ${d.message}`);

describe('intent file format', () => {
  it('reads networks and allow lines with their positions', () => {
    const r = parseIntent(
      `networks: [default/flatl2net]\nallow:\n  - {from: default/vm1, to: default/vm2, network: default/flatl2net, protocol: TCP, port: 8000, endPort: 8080}\n  - from: default/a\n    to: db\n    protocol: any\n`,
      'i.yaml',
    );
    expect(r.diagnostics).toEqual([]);
    expect(r.intent?.networks).toEqual(['default/flatl2net']);
    expect(
      r.intent?.allow.map((l) => [l.from, l.to, l.network, l.protocol, l.port, l.endPort, l.line]),
    ).toEqual([
      ['default/vm1', 'default/vm2', 'default/flatl2net', 'TCP', 8000, 8080, 3],
      ['default/a', 'db', undefined, 'any', undefined, undefined, 4],
    ]);
    expect(r.intent?.allow[1]?.at.protocol).toEqual({ file: 'i.yaml', line: 6, column: 15 });
  });

  it('every bad field is an error naming its line and field', () => {
    expect(
      errors(
        `allow:\n  - {from: a/b, to: a/c, protocol: tcp}\n  - {from: a/b, to: a/c, protocol: TCP, port: 70000}\n  - {from: a/b, protocol: UDP, ports: [53]}\n  - {from: a/b, to: a/c, protocol: ICMP, port: 1}\n  - {from: a/b, to: a/c, protocol: TCP, port: 90, endPort: 80}\n  - {from: a/b, to: a/c, protocol: TCP, port: http}\n  - {from: a/b, to: a/c, protocol: SCTP, endPort: 9}\n  - just-a-string\n`,
      ),
    ).toEqual([
      '2:allow[0].protocol: protocol "tcp" is not TCP, UDP, SCTP, ICMP or any (case-sensitive)',
      '3:allow[1].port: port 70000 is not a port number (1-65535)',
      '4:allow[2].ports: unknown field "ports" (expected from, to, network, protocol, port, endPort)',
      '4:allow[2].to: missing `to` (a workload "namespace/name" or an external host)',
      '5:allow[3].port: ICMP has no port',
      '6:allow[4].endPort: endPort 80 is below port 90',
      '7:allow[5].port: port "http": named ports are not supported in an intent; give the number',
      '8:allow[6].endPort: endPort needs a port (the start of the range)',
      '9:allow[7]: an allow entry is a mapping {from, to, network, protocol, port?, endPort?}',
    ]);
    expect(parseIntent('allow:\n  - {from: a/b, to: a/c, protocol: tcp}\n').diagnostics[0]?.fix).toBe('TCP');
  });

  it('a file that is not an intent says what is missing', () => {
    expect(errors('networks: default\n')).toEqual([
      '1:networks: networks must be a list',
      '1:allow: the intent has no `allow` list',
    ]);
    expect(errors('alow: []\n')).toEqual([
      '1:alow: unknown field "alow" (expected networks, allow)',
      '1:allow: the intent has no `allow` list',
    ]);
    expect(parseIntent('allow: [\n', 'i.yaml').diagnostics[0]).toMatchObject({
      code: 'yaml-syntax',
      file: 'i.yaml',
      line: 2,
    });
    expect(parseIntent('- a\n').intent).toBeUndefined();
  });
});
