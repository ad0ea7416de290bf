import { useState, type FormEvent } from 'react';
import { useClient } from '../context.ts';
import { ErrorText, errorMessage } from '../components/ErrorText.tsx';
import type { SessionState } from './useSession.ts';

/** Shown instead of everything else while the session is locked: no patient data on screen. */
export function LockScreen({ state, onState }: { readonly state: SessionState; readonly onState: (s: SessionState) => void }) {
  const client = useClient();
  const [pin, setPin] = useState('');
  const [error, setError] = useState<string | null>(null);

  const unlock = async (e: FormEvent) => {
    e.preventDefault();
    try {
      onState(await client.call('records.session.unlock', { pin }));
    } catch (err) {
      setPin('');
      setError(errorMessage(err));
    }
  };
  const signOut = async () => onState(await client.call('records.session.signOut', {}));

  return (
    <section className="card narrow" aria-labelledby="lock-title">
      <h1 id="lock-title">Station locked</h1>
      <p>
        Locked for <strong>{state.operator?.displayName}</strong>. Enter your PIN to continue, or sign out so someone else can sign in.
      </p>
      <form onSubmit={(e) => void unlock(e)}>
        <label htmlFor="unlock-pin">PIN</label>
        <input id="unlock-pin" autoFocus type="password" inputMode="numeric" autoComplete="off" value={pin} onChange={(e) => setPin(e.target.value)} />
        <ErrorText text={error} />
        <div className="row">
          <button type="submit" className="primary">
            Unlock
          </button>
          <button type="button" onClick={() => void signOut()}>
            Sign out
          </button>
        </div>
      </form>
    </section>
  );
}
