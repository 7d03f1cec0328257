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

describe('layouts from links and autosave are validated (issue 13 defect 6)', () => {
  it('keeps only {x, y} pairs of finite numbers', () => {
    // written as JSON text: a JS object literal cannot hold an own "__proto__" key
    const raw = `{"v": ${DESIGN_FORMAT_VERSION}, "yaml": "", "layout": {
      "Pod/default/a": {"x": 1, "y": 2, "extra": "kept out"},
      "Pod/default/b": {"x": "1", "y": 2},
      "Pod/default/c": {"x": 1e999, "y": 0},
      "Pod/default/d": null,
      "Pod/default/e": [1, 2],
      "Pod/default/f": {"x": 5e7, "y": 0},
      "__proto__": {"x": 3, "y": 4}}}`;
    const d = decodeDesign(raw);
    expect(d.ok && Object.entries(d.design.layout)).toEqual([
      ['Pod/default/a', { x: 1, y: 2 }],
      ['__proto__', { x: 3, y: 4 }],
    ]);
    expect(decodeDesign(JSON.stringify({ v: 1, yaml: '', layout: 'x' }))).toMatchObject({
      ok: true,
      design: { layout: {} },
    });
  });
});
