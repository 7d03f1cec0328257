import { describe, expect, it } from 'vitest';
import { checkInput, toYaml } from './fuzz-harness';
import {
  REJECTED_SPECS,
  checkRejected,
  controlChars,
  hostileStreams,
  nullsInLists,
  pathologicalSubnets,
  protoKeys,
} from './fuzz-hostile';
import { Rng, generateCluster } from './generate';
import { parseManifests } from '../io/k8s-to-model';

// Issue 20 item 7: the hostile families of the fuzz run, a bounded number of cases each.
describe('hostile fuzz families', () => {
  it('prototype names as label and selector keys: kept as data, nothing throws', () => {
    for (let seed = 1; seed <= 40; seed++) {
      const r = new Rng(seed);
      const text = toYaml(generateCluster(seed, { endpoints: 6, policies: 4 }).map((o) => protoKeys(o, r)));
      expect(text).toMatch(/(__proto__|constructor|toString|hasOwnProperty|valueOf|prototype): x/);
      expect(checkInput(text).problem).toBeUndefined();
    }
  });

  it('every shape the API server rejects gives an error and is not applied', () => {
    expect(REJECTED_SPECS.map(checkRejected).filter(Boolean)).toEqual([]);
  });

  it('nulls in every list and control characters in names: nothing throws', () => {
    for (let seed = 1; seed <= 40; seed++) {
      const r = new Rng(seed);
      const objs = generateCluster(seed, { endpoints: 6, policies: 4 });
      expect(checkInput(toYaml(objs.map((o) => nullsInLists(o, r)))).problem).toBeUndefined();
      expect(checkInput(controlChars(toYaml(objs), r)).problem).toBeUndefined();
    }
  });

  it('streams past the limits are refused quickly with their own message', () => {
    for (const s of hostileStreams().filter((x) => x.code !== 'too-many-documents')) {
      const t = performance.now();
      const p = parseManifests([{ text: s.text }]);
      expect(performance.now() - t).toBeLessThan(3000);
      expect(p.diagnostics.map((d) => d.code)).toEqual([s.code]);
    }
  });

  it('pathological subnets: bounded time, a finding when no address is left', () => {
    for (let seed = 1; seed <= 30; seed++) {
      const out = checkInput(pathologicalSubnets(new Rng(seed)));
      expect(out.problem).toBeUndefined();
      expect(out.ms).toBeLessThan(3000);
    }
  });
});
