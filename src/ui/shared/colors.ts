const hue = (ns: string): number => {
  let h = 0;
  for (let i = 0; i < ns.length; i++) h = (h * 31 + ns.charCodeAt(i)) % 360;
  return h;
};

/** A stable pastel colour per namespace name. */
export function namespaceColor(ns: string): string {
  return `hsl(${hue(ns)} 60% 88%)`;
}

/**
 * The same hue stronger, for thin marks (a namespace card's group bar). A colour, not a CSS
 * filter on the pastel one: every filtered element is a layer of its own, and 24 per card at 200
 * cards made each frame of a drag or pan hit-test and re-layer thousands of them.
 */
export function namespaceMarkColor(ns: string): string {
  return `hsl(${hue(ns)} 45% 72%)`;
}
