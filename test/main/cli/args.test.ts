import { describe, expect, it } from 'vitest';
import { parseArgs, requireOption } from '../../../main/cli/args.ts';

describe('parseArgs', () => {
  it('parses flags, valued options in both forms and positionals', () => {
    const p = parseArgs(['a.hea', '--json', '--port', '/dev/x', '--dpi=300', 'b.hea'], { flags: ['json'], valued: ['port', 'dpi'] });
    expect(p.positional).toEqual(['a.hea', 'b.hea']);
    expect(p.options.get('json')).toBe(true);
    expect(p.options.get('port')).toBe('/dev/x');
    expect(p.options.get('dpi')).toBe('300');
  });
  it('rejects unknown options, missing values and values on flags', () => {
    expect(() => parseArgs(['--jsn'], { flags: ['json'] })).toThrow(/unknown option --jsn/);
    expect(() => parseArgs(['--port'], { valued: ['port'] })).toThrow(/needs a value/);
    expect(() => parseArgs(['--json=1'], { flags: ['json'] })).toThrow(/takes no value/);
    expect(() => requireOption(parseArgs([], { valued: ['to'] }), 'to')).toThrow(/missing required option --to/);
  });
});
