/** Segments drawn at most (the rest of a namespace's groups leave the bar's end empty). */
const MAX_SEGMENTS = 24;

/**
 * The namespace's groups as one bar of segments, each as wide as its share: one element drawn as
 * a gradient (up to 24 spans per card made a third of the page's elements at 10,000 workloads).
 */
export function groupBar(groups: readonly number[], color: string): string {
  const shown = groups.slice(0, MAX_SEGMENTS);
  const total = groups.reduce((s, x) => s + x, 0) || 1;
  const stops: string[] = [];
  let at = 0;
  shown.forEach((g, k) => {
    const end = at + (g / total) * 100;
    const gap = k < shown.length - 1 ? ' - 2px' : '';
    stops.push(`${color} ${at.toFixed(2)}%`, `${color} calc(${end.toFixed(2)}%${gap})`);
    if (gap) stops.push(`transparent calc(${end.toFixed(2)}%${gap})`, `transparent ${end.toFixed(2)}%`);
    at = end;
  });
  if (stops.length && at < 99.995) stops.push(`transparent ${at.toFixed(2)}%`);
  return stops.length ? `linear-gradient(to right, ${stops.join(', ')})` : 'none';
}
