import { describe, expect, it } from 'vitest';
import { DESIGN_FORMAT_VERSION, decodeDesign, decodeShare, encodeShare } from './share';

describe('share links and saved designs', () => {
  it('round-trip', () => {
    const d = {
      v: DESIGN_FORMAT_VERSION,
      yaml: 'apiVersion: v1\nkind: Pod\nmetadata: {name: a}\n',
      layout: { 'Pod/default/a': { x: 1, y: 2 } },
    };
    expect(decodeShare(encodeShare(d))).toEqual({ ok: true, design: d });
  });
  it('corrupt, foreign and newer data give messages, never throw', () => {
    expect(decodeShare('%%%')).toMatchObject({ ok: false });
    expect(decodeShare('')).toMatchObject({
      ok: false,
      message: expect.stringContaining('empty or damaged') as unknown,
    });
    expect(decodeDesign('{"yaml": ""}')).toMatchObject({
      ok: false,
      message: expect.stringContaining('no version') as unknown,
    });
    expect(decodeDesign('{"v": 9, "yaml": ""}')).toMatchObject({
      ok: false,
      message: expect.stringContaining('newer netpol-studio') as unknown,
    });
    expect(decodeDesign('[1')).toMatchObject({ ok: false });
  });
});
