import type { BodyStore, SavedBody } from '../store/persistence';

// Big designs' text in IndexedDB (localStorage's quota is about five million characters per site);
// one database, one object store keyed by the design's slot key.
const DB = 'netpol-studio';
const STORE = 'designs';

function request<T>(r: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    r.onsuccess = () => resolve(r.result);
    r.onerror = () => reject(r.error ?? new Error('IndexedDB request failed'));
  });
}

/** The body store, or undefined where IndexedDB is missing or blocked (then big saves fail and say so). */
export function indexedDbBodies(): BodyStore | undefined {
  let idb: IDBFactory | undefined;
  try {
    idb = window.indexedDB;
  } catch {
    return undefined;
  }
  if (!idb) return undefined;
  const factory = idb;
  let db: Promise<IDBDatabase> | undefined;
  const open = (): Promise<IDBDatabase> => {
    db ??= new Promise<IDBDatabase>((resolve, reject) => {
      const r = factory.open(DB, 1);
      r.onupgradeneeded = () => r.result.createObjectStore(STORE);
      r.onsuccess = () => resolve(r.result);
      r.onerror = () => reject(r.error ?? new Error('IndexedDB could not be opened'));
      r.onblocked = () => reject(new Error('IndexedDB is blocked by another tab'));
    }).catch((e: unknown) => {
      db = undefined; // try again next time
      throw e;
    });
    return db;
  };
  const run = async <T>(mode: IDBTransactionMode, f: (s: IDBObjectStore) => IDBRequest<T>): Promise<T> => {
    const tx = (await open()).transaction(STORE, mode);
    const result = request(f(tx.objectStore(STORE)));
    result.catch(() => undefined); // its failure fails the transaction, reported below
    await new Promise<void>((resolve, reject) => {
      tx.oncomplete = () => resolve();
      tx.onerror = () => reject(tx.error ?? new Error('IndexedDB transaction failed'));
      tx.onabort = () => reject(tx.error ?? new Error('IndexedDB transaction aborted'));
    });
    return result;
  };
  return {
    put: async (key, body) => {
      await run('readwrite', (s) => s.put(body, key));
    },
    get: async (key) => (await run('readonly', (s) => s.get(key))) as SavedBody | undefined,
    delete: async (key) => {
      await run('readwrite', (s) => s.delete(key));
    },
  };
}
