import { describe, expect, it } from 'vitest';
import { plainErrorMessage } from '../../../renderer/format/requestError.ts';
import { IpcCallError } from '../../../renderer/ipc/client.ts';

const refused = (channel: string, path: string, zod: string) => new IpcCallError({ code: 'invalid-request', message: `invalid request for ${channel} at ${path}: ${zod}` });

describe('plainErrorMessage', () => {
  it('turns a field the contract refused into advice for that field, never the channel or the pattern', () => {
    // A UI tester's screens showed these as they were.
    expect(plainErrorMessage(refused('records.session.signIn', 'pin', 'Invalid string: must match pattern /^[0-9]{4,12}$/'))).toBe('The PIN is 4 to 12 digits: type it again.');
    expect(plainErrorMessage(refused('ekg.notifyProvider', 'whom', 'Too big: expected string to have <=120 characters'))).toBe('Say whom you notified, in up to 120 characters.');
    expect(plainErrorMessage(refused('poc.critical.acknowledge', 'notifiedName', 'Too small'))).toBe('Enter the name of the person you told (up to 80 characters).');
    expect(plainErrorMessage(refused('labels.preview', 'specimen.tests', 'Too big: expected array to have <=12 items'))).toBe('One label holds at most 12 tests: print a second label for the rest.');
    // One test too long is not too many tests (a 200-character test name was told "at most 12 tests").
    expect(plainErrorMessage(refused('labels.preview', 'specimen.tests.0', 'Too big: expected string to have <=20 characters'))).toBe(
      "A test code is at most 20 characters: type the test's code (such as CBC or BMP), not its full name, with commas between tests.",
    );
    expect(plainErrorMessage(refused('records.patients.create', 'mrn', 'Invalid string'))).toMatch(/^The MRN is up to 32 letters/);
  });

  it('gives a general line for a field it has no words for, and leaves every other error as the station said it', () => {
    const unknown = plainErrorMessage(refused('x.y', 'somethingElse', 'Invalid'));
    expect(unknown).toBe('Something entered here was not accepted: check the form and try again.');
    expect(plainErrorMessage(new IpcCallError({ code: 'invalid-request', message: 'invalid request for x.y: rejected' }))).toBe(unknown);
    expect(plainErrorMessage(new IpcCallError({ code: 'labels-waiting', message: 'A label is waiting for the printer.' }))).toBe('A label is waiting for the printer.');
    expect(plainErrorMessage(new Error('The station service connection was lost.'))).toBe('The station service connection was lost.');
    expect(plainErrorMessage('plain text')).toBe('plain text');
    for (const e of [refused('a', 'pin', 'x'), refused('b', 'whom', 'y')]) expect(plainErrorMessage(e)).not.toMatch(/invalid request|Invalid string|pattern|\//);
  });
});
