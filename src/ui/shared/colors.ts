/** A stable pastel colour per namespace name. */
export function namespaceColor(ns: string): string {
  let h = 0;
  for (let i = 0; i < ns.length; i++) h = (h * 31 + ns.charCodeAt(i)) % 360;
  return `hsl(${h} 60% 88%)`;
}
