import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { requestPath } from '../../../../main/hosts/browser/staticFiles.ts';

describe('requestPath', () => {
  it('decodes a well-formed target', () => {
    expect(requestPath('/')).toBe('/');
    expect(requestPath(undefined)).toBe('/');
    expect(requestPath('/assets/index-abc.js?v=1')).toBe('/assets/index-abc.js');
    expect(requestPath('/a%20b.png')).toBe('/a b.png');
  });

  it('refuses what cannot be a path: malformed escapes, NUL, a target the URL parser rejects', () => {
    expect(requestPath('/%E0%A4%A')).toBeNull();
    expect(requestPath('/%')).toBeNull();
    expect(requestPath('/x%00.html')).toBeNull();
    expect(requestPath('http://[')).toBeNull();
    expect(requestPath('a:b')).toBeNull();
  });

  it('never throws, whatever the client sends', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (target) => {
        const path = requestPath(target);
        expect(path === null || (path.startsWith('/') && !path.includes('\0'))).toBe(true);
      }),
      { numRuns: 1000 },
    );
  });
});
