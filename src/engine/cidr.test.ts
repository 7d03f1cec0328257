import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { dottedQuad, parseCidr, parseIp, rangeContains, rangeWithin } from './cidr';

describe('CIDR parsing and containment', () => {
  it('parses v4 and v6, canonical form and host bits (R2.6a)', () => {
    const p = parseCidr('10.244.1.11/4');
    expect(p.ok && p.canonical).toBe('0.0.0.0/4');
    expect(p.ok && p.hostBits).toBe(true);
    const q = parseCidr('fd00::1/64');
    expect(q.ok && q.canonical).toBe('fd00::/64');
  });
  it('a bare address is one address (/32, /128) and flagged bare', () => {
    const p = parseCidr('192.168.200.30');
    expect(p.ok && p.bare).toBe(true);
    expect(p.ok && p.range.start === p.range.end).toBe(true);
  });
  it('rejects invalid input with a message', () => {
    for (const bad of [
      '10.0.0.0/33',
      '10.0.0/8',
      '300.1.1.1/32',
      'abc',
      '',
      'fd00::/129',
      '10.0.0.0/-1',
      '1.2.3.4/ 8',
    ]) {
      const p = parseCidr(bad);
      expect(p.ok, bad).toBe(false);
    }
  });
  it('v4 never matches v6', () => {
    const v4 = parseCidr('0.0.0.0/0');
    const ip6 = parseIp('fd00::1');
    expect(v4.ok && ip6 && rangeContains(v4.range, ip6)).toBe(false);
    const ip4 = parseIp('10.1.2.3');
    expect(v4.ok && ip4 && rangeContains(v4.range, ip4)).toBe(true);
  });
  it('except inside cidr', () => {
    const a = parseCidr('10.0.0.0/8');
    const b = parseCidr('10.244.0.0/16');
    const c = parseCidr('11.0.0.0/16');
    expect(a.ok && b.ok && rangeWithin(b.range, a.range)).toBe(true);
    expect(a.ok && c.ok && rangeWithin(c.range, a.range)).toBe(false);
  });
  it('dottedQuad reads exactly the four-part decimal form (as the regular expression it replaced)', () => {
    const re = /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)$/;
    const byRe = (t: string) => {
      const d = re.exec(t);
      if (!d) return undefined;
      const parts = d.slice(1).map(Number);
      return parts.some((x) => x > 255) ? -1 : parts.reduce((v, x) => v * 256 + x, 0);
    };
    const char = fc.constantFrom('0', '1', '2', '5', '9', '.', 'a', ' ', '-', '٣');
    const text = fc.oneof(
      fc.array(char, { maxLength: 18 }).map((cs) => cs.join('')),
      fc.array(fc.nat(300), { minLength: 1, maxLength: 5 }).map((xs) => xs.join('.')),
    );
    fc.assert(
      fc.property(text, (t) => {
        expect(dottedQuad(t)).toBe(byRe(t));
      }),
      { numRuns: 3000, seed: 7 },
    );
    expect([dottedQuad('10.1.2.3'), dottedQuad('0.0.0.0'), dottedQuad('255.255.255.255')]).toEqual([
      0x0a010203, 0, 0xffffffff,
    ]);
    expect([
      dottedQuad('01.1.1.1'),
      dottedQuad('1.1.1'),
      dottedQuad('1.1.1.1.'),
      dottedQuad('256.0.0.1'),
    ]).toEqual([undefined, undefined, undefined, -1]);
  });
});
