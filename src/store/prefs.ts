import { BACKENDS, type Backend } from '../engine/protocol';
import type { StorageLike } from './persistence';

/**
 * The backend profile is a preference of the person, not part of the design: it says which
 * cluster the verdicts are for, and is kept in localStorage for the next visit (a share link
 * opens with the receiver's own profile).
 */
const BACKEND_KEY = 'netpol-studio.backend';

export function loadBackend(storage: Pick<StorageLike, 'getItem'> | undefined): Backend {
  try {
    const v = storage?.getItem(BACKEND_KEY);
    return (BACKENDS as readonly string[]).includes(v ?? '') ? (v as Backend) : 'api';
  } catch {
    return 'api';
  }
}

export function saveBackend(storage: Pick<StorageLike, 'setItem'> | undefined, backend: Backend): void {
  try {
    storage?.setItem(BACKEND_KEY, backend);
  } catch {
    // not remembered (storage blocked or full)
  }
}

/** OVN-K's `allow-icmp-network-policy` (engine/icmp-option.ts): a preference like the profile, off unless saved on. */
const ALLOW_ICMP_KEY = 'netpol-studio.allow-icmp';

export function loadAllowIcmp(storage: Pick<StorageLike, 'getItem'> | undefined): boolean {
  try {
    return storage?.getItem(ALLOW_ICMP_KEY) === 'on';
  } catch {
    return false;
  }
}

export function saveAllowIcmp(storage: Pick<StorageLike, 'setItem'> | undefined, on: boolean): void {
  try {
    storage?.setItem(ALLOW_ICMP_KEY, on ? 'on' : 'off');
  } catch {
    // not remembered (storage blocked or full)
  }
}
