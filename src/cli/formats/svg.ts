import { UsageError } from '../context';
import { dotText } from './dot';
import type { Formatter } from './formatter';

/** The DOT graph rendered by Graphviz compiled to WebAssembly (no system Graphviz needed). */
export const svg: Formatter = {
  name: 'svg',
  analysis(r, out, io) {
    if (!io.renderSvg) throw new UsageError('--format svg: the SVG renderer is not available here');
    out.write(io.renderSvg(dotText(r)));
  },
};
