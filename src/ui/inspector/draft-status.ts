import { create } from 'zustand';

/**
 * Fields whose text is not valid yet (a CIDR half typed). While any is listed the design keeps its
 * last valid value, and the canvas and dock say that what they show is stale. UI-only state, kept
 * out of the app store: it is never saved, undone or shared.
 */
interface DraftStatus {
  readonly invalid: Readonly<Record<string, { readonly field: string; readonly message: string }>>;
  mark: (key: string, field: string, message: string | undefined) => void;
}

export const useDraftStatus = create<DraftStatus>()((set, get) => ({
  invalid: {},
  mark: (key, field, message) => {
    const cur = get().invalid[key];
    if (!message) {
      if (!cur) return;
      const { [key]: _gone, ...rest } = get().invalid;
      set({ invalid: rest });
      return;
    }
    if (cur?.message === message && cur.field === field) return;
    set({ invalid: { ...get().invalid, [key]: { field, message } } });
  },
}));

/** The first invalid field, for the "stale" banner. */
export function firstInvalid(s: DraftStatus): { field: string; message: string } | undefined {
  return Object.values(s.invalid)[0];
}
