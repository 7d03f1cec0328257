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

const MAX_COORD = 1e7;

/**
 * Only `{x, y}` pairs of finite numbers reach React Flow (issue 13 defect 6): anything else in
 * a link or an autosave (strings, NaN, nested objects, prototype keys) is dropped, and the node
 * is then placed by the automatic layout.
 */
export function validLayout(v: unknown): Record<string, XY> {
  const out = Object.create(null) as Record<string, XY>;
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return out;
  for (const [id, p] of Object.entries(v as Record<string, unknown>)) {
    if (id.length > 600 || typeof p !== 'object' || p === null) continue;
    const { x, y } = p as { x?: unknown; y?: unknown };
    if (typeof x !== 'number' || typeof y !== 'number') continue;
    if (!Number.isFinite(x) || !Number.isFinite(y) || Math.abs(x) > MAX_COORD || Math.abs(y) > MAX_COORD)
      continue;
    out[id] = { x, y };
  }
  return out;
}

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
  return { ok: true, design: { v: d.v, yaml: d.yaml, layout: validLayout(d.layout) } };
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
