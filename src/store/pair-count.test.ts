import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { analyze } from '../engine/analyze';
import { parseDesignYaml } from '../io/design';
import { parseObjects } from '../io/k8s-to-model';
import { pairCount } from './pair-count';

const modelOf = (file: string) =>
  parseObjects(parseDesignYaml(readFileSync(`src/scenarios/${file}`, 'utf8')).objects.map((o) => o.obj))
    .model;

describe('pairCount', () => {
  for (const file of [
    'kubevirt-blog.yaml',
    'localnet-db.yaml',
    'virtrigaud.yaml',
    'ovnk-flat-l2.yaml',
    'harvester-netpol-1.yaml',
  ]) {
    it(`counts the same pairs compact as listed (${file})`, () => {
      const model = modelOf(file);
      const full = analyze(model);
      const compact = analyze(model, { compactAbove: 0 });
      expect(compact.compact?.length ?? 0).toBeGreaterThan(0);
      expect(pairCount(compact)).toBe(full.connections.length);
      expect(pairCount(full)).toBe(full.connections.length);
    });
  }
  it('the blog design has 30 pairs', () => {
    expect(pairCount(analyze(modelOf('kubevirt-blog.yaml'), { compactAbove: 0 }))).toBe(30);
  });
});
