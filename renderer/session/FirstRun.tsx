import { useState, type FormEvent } from 'react';
import { useClient } from '../context.ts';
import { ErrorText, errorMessage } from '../components/ErrorText.tsx';
import type { SessionState } from './useSession.ts';

/** First run: create the administrator account (it is signed in straight away). */
export function FirstRun({ onState }: { readonly onState: (s: SessionState) => void }) {
  const client = useClient();
  const [form, setForm] = useState({ login: '', displayName: '', badgeId: '', pin: '' });
  const [error, setError] = useState<string | null>(null);
  const set = (k: keyof typeof form) => (e: { target: { value: string } }) => setForm({ ...form, [k]: e.target.value });

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    try {
      onState(await client.call('records.firstRun.setup', { ...form, login: form.login.trim(), badgeId: form.badgeId.trim() }));
    } catch (err) {
      setError(errorMessage(err));
    }
  };

  return (
    <section className="card narrow" aria-labelledby="setup-title">
      <h1 id="setup-title">Set up this station</h1>
      <p>Create the administrator account. The administrator adds the other operators.</p>
      <form onSubmit={(e) => void submit(e)}>
        <label htmlFor="setup-login">Login (lower case letters and digits)</label>
        <input id="setup-login" autoFocus value={form.login} onChange={set('login')} />
        <label htmlFor="setup-name">Full name</label>
        <input id="setup-name" value={form.displayName} onChange={set('displayName')} />
        <label htmlFor="setup-badge">Badge (scan it)</label>
        <input id="setup-badge" autoComplete="off" value={form.badgeId} onChange={set('badgeId')} />
        <label htmlFor="setup-pin">PIN (4 to 12 digits)</label>
        <input id="setup-pin" type="password" inputMode="numeric" autoComplete="off" value={form.pin} onChange={set('pin')} />
        <ErrorText text={error} />
        <button type="submit" className="primary">
          Create administrator
        </button>
      </form>
    </section>
  );
}
