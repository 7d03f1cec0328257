/**
 * The OVN match expressions users write in Kube-OVN Subnet ACLs (SEMANTICS R7.5):
 * fields ip4/ip6/ip/tcp/udp/sctp/icmp4/icmp6/icmp, ip4.src|dst, ip6.src|dst,
 * tcp|udp|sctp.src|dst; operators == != < <= > >=; sets {a, b}; && || ! and parentheses
 * (&& binds tighter). Anything else is a parse error with its position, never a guess.
 */
export type AclField =
  | 'ip4.src'
  | 'ip4.dst'
  | 'ip6.src'
  | 'ip6.dst'
  | 'tcp.src'
  | 'tcp.dst'
  | 'udp.src'
  | 'udp.dst'
  | 'sctp.src'
  | 'sctp.dst';
export type AclProto = 'ip4' | 'ip6' | 'ip' | 'tcp' | 'udp' | 'sctp' | 'icmp4' | 'icmp6' | 'icmp';
export type CmpOp = '==' | '!=' | '<' | '<=' | '>' | '>=';

export type AclExpr =
  | { readonly kind: 'and' | 'or'; readonly left: AclExpr; readonly right: AclExpr }
  | { readonly kind: 'not'; readonly expr: AclExpr }
  | { readonly kind: 'proto'; readonly proto: AclProto }
  | {
      readonly kind: 'cmp';
      readonly field: AclField;
      readonly op: CmpOp;
      readonly values: readonly string[];
    };

export interface AclParseError {
  readonly message: string;
  /** 0-based offset into the match text. */
  readonly pos: number;
}

const FIELDS = new Set<string>([
  'ip4.src',
  'ip4.dst',
  'ip6.src',
  'ip6.dst',
  'tcp.src',
  'tcp.dst',
  'udp.src',
  'udp.dst',
  'sctp.src',
  'sctp.dst',
]);
const PROTOS = new Set<string>(['ip4', 'ip6', 'ip', 'tcp', 'udp', 'sctp', 'icmp4', 'icmp6', 'icmp']);

interface Tok {
  readonly t: string;
  readonly pos: number;
}

function tokenize(s: string): Tok[] | AclParseError {
  const out: Tok[] = [];
  let i = 0;
  while (i < s.length) {
    const c = s[i] as string;
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    const two = s.slice(i, i + 2);
    if (['&&', '||', '==', '!=', '<=', '>='].includes(two)) {
      out.push({ t: two, pos: i });
      i += 2;
      continue;
    }
    if ('()!{},<>'.includes(c)) {
      out.push({ t: c, pos: i });
      i++;
      continue;
    }
    if (c === '"') {
      const close = s.indexOf('"', i + 1);
      if (close < 0) return { message: 'unterminated string', pos: i };
      out.push({ t: s.slice(i, close + 1), pos: i });
      i = close + 1;
      continue;
    }
    const m = /^[A-Za-z0-9_.:/$-]+/.exec(s.slice(i));
    if (!m) return { message: `unexpected character "${c}"`, pos: i };
    out.push({ t: m[0], pos: i });
    i += m[0].length;
  }
  return out;
}

export function parseAclMatch(text: string): AclExpr | AclParseError {
  const toks = tokenize(text);
  if (!Array.isArray(toks)) return toks;
  let k = 0;
  const peek = (): Tok | undefined => toks[k];
  const end = text.length;
  const fail = (message: string, tok = peek()): AclParseError => ({ message, pos: tok?.pos ?? end });
  let error: AclParseError | undefined;
  const value = (): string | undefined => {
    const tok = peek();
    if (!tok || /^[(){},!<>=&|]/.test(tok.t)) {
      error ??= fail('a value (address, CIDR or port) was expected');
      return undefined;
    }
    if (tok.t.startsWith('$')) {
      error ??= fail(`address set "${tok.t}" is not supported (its members are not in the design)`);
      return undefined;
    }
    k++;
    return tok.t;
  };
  const primary = (): AclExpr | undefined => {
    const tok = peek();
    if (!tok) {
      error ??= fail('the expression ends too early');
      return undefined;
    }
    if (tok.t === '!') {
      k++;
      const e = primary();
      return e && { kind: 'not', expr: e };
    }
    if (tok.t === '(') {
      k++;
      const e = orExpr();
      if (peek()?.t !== ')') {
        error ??= fail('")" was expected');
        return undefined;
      }
      k++;
      return e;
    }
    if (FIELDS.has(tok.t)) {
      k++;
      const op = peek();
      if (!op || !['==', '!=', '<', '<=', '>', '>='].includes(op.t)) {
        error ??= fail(`an operator (==, !=, <, <=, >, >=) was expected after ${tok.t}`, op);
        return undefined;
      }
      k++;
      const values: string[] = [];
      if (peek()?.t === '{') {
        k++;
        for (;;) {
          const v = value();
          if (v === undefined) return undefined;
          values.push(v);
          if (peek()?.t === ',') {
            k++;
            continue;
          }
          if (peek()?.t === '}') {
            k++;
            break;
          }
          error ??= fail('"," or "}" was expected in the set');
          return undefined;
        }
      } else {
        const v = value();
        if (v === undefined) return undefined;
        values.push(v);
      }
      return { kind: 'cmp', field: tok.t as AclField, op: op.t as CmpOp, values };
    }
    if (PROTOS.has(tok.t)) {
      k++;
      return { kind: 'proto', proto: tok.t as AclProto };
    }
    error ??= fail(
      `"${tok.t}" is not a field this tool evaluates (supported: ip4, ip6, ip, tcp, udp, sctp, icmp4, icmp6, icmp and ip4/ip6/tcp/udp/sctp .src/.dst)`,
    );
    return undefined;
  };
  /** One precedence level: operands joined left to right by `op`. */
  const chain =
    (op: '&&' | '||', kind: 'and' | 'or', operand: () => AclExpr | undefined) => (): AclExpr | undefined => {
      let left = operand();
      while (left && peek()?.t === op) {
        k++;
        const right = operand();
        if (!right) return undefined;
        left = { kind, left, right };
      }
      return left;
    };
  const andExpr = chain('&&', 'and', primary);
  const orExpr = chain('||', 'or', andExpr);
  const e = orExpr();
  if (error) return error;
  if (!e) return fail('empty match');
  if (k < toks.length) return fail(`unexpected "${peek()?.t}"`);
  return e;
}

export function isParseError(x: AclExpr | AclParseError): x is AclParseError {
  return 'message' in x && 'pos' in x;
}
