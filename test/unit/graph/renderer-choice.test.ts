/** The view's renderer: WebGL when asked and it works, else the canvas renderer, with nothing left behind. */
import { describe, expect, it } from 'vitest';
import { createCy } from '../../../renderer/graph/renderer-choice';

/** A container whose children can be listed and removed, as a DOM element's can. */
function container() {
  const kids: { name: string; remove(): void }[] = [];
  const add = (name: string) => {
    const k = { name, remove: () => kids.splice(kids.indexOf(k), 1) };
    kids.push(k);
  };
  return { childNodes: kids, add, names: () => kids.map((k) => k.name) };
}

describe('createCy', () => {
  it('uses the WebGL renderer when asked and it is made', () => {
    const c = container();
    const asked: boolean[] = [];
    const r = createCy(c, true, (webgl) => (asked.push(webgl), c.add(webgl ? 'webgl' : 'canvas'), webgl ? 'gl-instance' : 'canvas-instance'));
    expect(r).toEqual({ cy: 'gl-instance', renderer: 'webgl', webglError: null });
    expect(asked).toEqual([true]);
    expect(c.names()).toEqual(['webgl']);
  });

  it('falls back to the canvas renderer when WebGL throws, removing what the attempt left', () => {
    const c = container();
    c.add('placeholder');
    const r = createCy(c, true, (webgl) => {
      if (webgl) {
        c.add('half-made webgl layers');
        throw new Error('Could not create canvas of type webgl2');
      }
      c.add('canvas layers');
      return 'canvas-instance';
    });
    expect(r).toEqual({ cy: 'canvas-instance', renderer: 'canvas', webglError: 'Could not create canvas of type webgl2' });
    expect(c.names()).toEqual(['placeholder', 'canvas layers']);
  });

  it('never tries WebGL when not asked', () => {
    const asked: boolean[] = [];
    expect(createCy(container(), false, (webgl) => (asked.push(webgl), 'canvas-instance')).renderer).toBe('canvas');
    expect(asked).toEqual([false]);
  });
});
