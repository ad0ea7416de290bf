import { describe, expect, it } from 'vitest';
import { parseArgs, requireOption } from '../../../main/cli/args.ts';

describe('parseArgs', () => {
  it('parses flags, valued options in both forms and positionals', () => {
    const p = parseArgs(['a.hea', '--json', '--port', '/dev/x', '--dpi=300', 'b.hea'], { flags: ['json'], valued: ['port', 'dpi'], positional: Number.POSITIVE_INFINITY });
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
  it('refuses a positional argument the command does not take, pointing at it without quoting it, instead of ignoring it', () => {
    // A UI tester: `operators list --data-dir D extra` listed the operators as if "extra" were not there.
    expect(() => parseArgs(['--data-dir', 'D', 'extra'], { valued: ['data-dir'] })).toThrow(expect.objectContaining({ code: 'usage', message: 'unexpected argument (word 3 after the command): this command takes only --options' }));
    expect(() => parseArgs(['extra'], {})).toThrow('unexpected argument (word 1 after the command)');
    expect(() => parseArgs(['--', '--json'], { flags: ['json'] })).toThrow('unexpected argument (word 2 after the command)');
    expect(() => parseArgs(['a', 'b'], { positional: 1 })).toThrow('unexpected argument (word 2 after the command)');
    expect(parseArgs(['a'], { positional: 1 }).positional).toEqual(['a']);
    // A PIN typed by mistake is never repeated (a reviewer): stderr may end up in a log.
    expect(() => parseArgs(['--login', 'ann', '4821'], { valued: ['login'] })).toThrow(expect.objectContaining({ message: expect.not.stringContaining('4821') as unknown }));
  });
});
