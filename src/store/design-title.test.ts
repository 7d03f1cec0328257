import { describe, expect, it } from 'vitest';
import { serializeDesign } from '../io/design';
import { designTitleOf } from './design-title';

describe('design title in the YAML header', () => {
  it('reads back the title serializeDesign wrote', () => {
    expect(designTitleOf(serializeDesign([], 'Blog: VMs on flatl2net'))).toBe('Blog: VMs on flatl2net');
  });
  it('has none for the default header or foreign YAML', () => {
    expect(designTitleOf(serializeDesign([]))).toBeUndefined();
    expect(designTitleOf('apiVersion: v1\nkind: Pod\n')).toBeUndefined();
  });
});
