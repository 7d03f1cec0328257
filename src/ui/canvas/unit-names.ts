// Titles and words for group cards (shared/ui/README: "web-*", "vm1–vm3", "+N"; nobody/everyone).

const tail = (label: string): string => label.slice(label.indexOf('/') + 1);

/** A short title for a set of workload labels. */
export function groupTitle(labels: readonly string[]): string {
  const names = labels.map(tail);
  if (names.length === 1) return names[0] as string;
  const num = names.map((n) => /^(.*?)(\d+)$/.exec(n));
  if (num.every((m) => m && m[1] === num[0]?.[1])) {
    const ints = num.map((m) => Number(m?.[2])).sort((a, b) => a - b);
    if (ints.every((v, k) => k === 0 || v === (ints[k - 1] as number) + 1)) {
      const p = num[0]?.[1] ?? '';
      return `${p}${ints[0]}–${p}${ints[ints.length - 1]}`;
    }
  }
  if (names.length <= 3) return names.join(', ');
  let prefix = names[0] as string;
  for (const n of names) while (!n.startsWith(prefix)) prefix = prefix.slice(0, -1);
  if (prefix.length >= 3) return `${prefix}*`;
  return `${names.slice(0, 2).join(', ')} +${names.length - 2}`;
}

/** "nobody", "everyone", or "k of n". */
export function reachWords(k: number, others: number): string {
  if (k <= 0) return 'nobody';
  if (k >= others) return 'everyone';
  return `${k} of ${others}`;
}

/** A port summary short enough for an edge chip (the full text is in the tooltip). */
export function shortPorts(text: string, max = 22): string {
  if (text.length <= max) return text;
  const parts = text.split(/[;,] /);
  let out = '';
  let k = 0;
  for (; k < parts.length; k++) {
    const next = out ? `${out}, ${parts[k]}` : (parts[k] as string);
    if (next.length > max && out) break;
    out = next;
  }
  return k < parts.length ? `${out} +${parts.length - k}` : out;
}
