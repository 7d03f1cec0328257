import type { LayoutStorage } from 'react-resizable-panels';

/** Panel sizes in localStorage; where storage is blocked (privacy mode) they are just not remembered. */
export const layoutStorage: LayoutStorage = {
  getItem: (key) => {
    try {
      return window.localStorage.getItem(key);
    } catch {
      return null;
    }
  },
  setItem: (key, value) => {
    try {
      window.localStorage.setItem(key, value);
    } catch {
      // not remembered
    }
  },
};
