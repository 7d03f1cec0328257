import { compressToEncodedURIComponent, decompressFromEncodedURIComponent } from 'lz-string';
import type { XY } from './layout';

/** Saved/shared design format; `v` guards against files from a newer version. */
export const DESIGN_FORMAT_VERSION = 1;

export interface SavedDesign {
  readonly v: number;
  readonly yaml: string;
  readonly layout: Record<string, XY>;
}

export function encodeShare(d: SavedDesign): string {
  return compressToEncodedURIComponent(JSON.stringify(d));
}

export type Decoded =
  { readonly ok: true; readonly design: SavedDesign } | { readonly ok: false; readonly message: string };

/** Decode a share string or saved design; never throws. */
export function decodeDesign(json: string | null): Decoded {
  if (!json) return { ok: false, message: 'the link holds no design (it is empty or damaged)' };
  let v: unknown;
  try {
    v = JSON.parse(json);
  } catch {
    return { ok: false, message: 'the design data is damaged (not valid JSON)' };
  }
  if (typeof v !== 'object' || v === null) return { ok: false, message: 'the design data is damaged' };
  const d = v as Partial<SavedDesign>;
  if (typeof d.v !== 'number')
    return { ok: false, message: 'the design data has no version; it was not made by netpol-studio' };
  if (d.v > DESIGN_FORMAT_VERSION)
    return {
      ok: false,
      message: `this design was saved by a newer netpol-studio (format v${d.v}; this one reads v${DESIGN_FORMAT_VERSION}). Update the app to open it.`,
    };
  if (typeof d.yaml !== 'string') return { ok: false, message: 'the design data has no manifests' };
  const layout = typeof d.layout === 'object' && d.layout !== null ? d.layout : {};
  return { ok: true, design: { v: d.v, yaml: d.yaml, layout } };
}

export function decodeShare(fragment: string): Decoded {
  let json: string | null = null;
  try {
    json = decompressFromEncodedURIComponent(fragment);
  } catch {
    json = null;
  }
  return decodeDesign(json);
}
