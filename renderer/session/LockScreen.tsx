import { useEffect, useState, type FormEvent } from 'react';
import { useClient } from '../context.ts';
import { ErrorText, errorMessage } from '../components/ErrorText.tsx';
import { SignIn } from './SignIn.tsx';
import type { SessionState } from './useSession.ts';

/**
 * Shown instead of everything else while the session is locked: no patient data on screen. The
 * operator unlocks with her PIN or signs out; another operator can sign in here (main replaces
 * the locked session: docs/records.md), after being told what that withdraws.
 */
export function LockScreen({ state, onState }: { readonly state: SessionState; readonly onState: (s: SessionState) => void }) {
  const client = useClient();
  const [pin, setPin] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [signOutRefused, setSignOutRefused] = useState<string | null>(null);
  const [takingOver, setTakingOver] = useState(false);
  /** Labels this window's operator asked for that still wait for the printer (a take-over withdraws them). */
  const [waitingLabels, setWaitingLabels] = useState(0);
  const who = state.operator?.displayName ?? 'the operator';

  useEffect(() => {
    let live = true;
    client.call('labels.sessionWaiting', {}).then(
      (r) => live && setWaitingLabels(r.waiting),
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, [client, takingOver, signOutRefused]);

  const unlock = async (e: FormEvent) => {
    e.preventDefault();
    try {
      onState(await client.call('records.session.unlock', { pin }));
    } catch (err) {
      setPin('');
      setError(errorMessage(err));
    }
  };
  // Main refuses to sign out while the operator's work on the patient is unfinished (a label
  // waiting for the printer, an immediate EKG finding to acknowledge): say why, and what to do.
  const signOut = async () => {
    setSignOutRefused(null);
    try {
      onState(await client.call('records.session.signOut', {}));
    } catch (err) {
      setSignOutRefused(errorMessage(err));
    }
  };

  if (takingOver) {
    return (
      <SignIn onState={onState} title="Sign in as someone else" onBack={() => setTakingOver(false)}>
        <p>
          The station is locked for <strong>{who}</strong>. Signing in ends that session; anything left open there stays for {who} to finish.
        </p>
        {waitingLabels > 0 && (
          <p className="notice notice-warning" role="status" aria-label="What signing in withdraws">
            {who} has {waitingLabels === 1 ? 'a label' : `${waitingLabels} labels`} waiting for the printer. If someone else signs in here,{' '}
            {waitingLabels === 1 ? 'it is' : 'they are'} withdrawn and will not print; the Labels screen says so when that patient is selected again.
            {' '}{who}: go back and unlock with your PIN instead.
          </p>
        )}
      </SignIn>
    );
  }

  return (
    <section className="card narrow" aria-labelledby="lock-title">
      <h1 id="lock-title">Station locked</h1>
      <p>
        Locked for <strong>{who}</strong>. Enter your PIN to continue, or sign out. Someone else can sign in here too.
      </p>
      {waitingLabels > 0 && (
        <p className="notice" role="status" aria-label="Labels held while locked">
          {waitingLabels === 1 ? 'A label' : `${waitingLabels} labels`} you asked for {waitingLabels === 1 ? 'waits' : 'wait'} for the printer and will not print while the
          station is locked: {waitingLabels === 1 ? 'it prints' : 'they print'} after you unlock.
        </p>
      )}
      <form onSubmit={(e) => void unlock(e)}>
        <label htmlFor="unlock-pin">PIN</label>
        <input id="unlock-pin" autoFocus type="password" inputMode="numeric" autoComplete="off" value={pin} onChange={(e) => setPin(e.target.value)} />
        <ErrorText text={error} />
        {signOutRefused && (
          <p className="error-text" role="alert" aria-label="Sign out refused">
            Not signed out: {signOutRefused} Unlock with your PIN to do that first. Someone else can still sign in here.
          </p>
        )}
        <div className="row" style={{ marginTop: '1rem' }}>
          <button type="submit" className="primary">
            Unlock
          </button>
          <button type="button" onClick={() => void signOut()}>
            Sign out
          </button>
          <button type="button" onClick={() => (setError(null), setTakingOver(true))}>
            Sign in as someone else
          </button>
        </div>
      </form>
    </section>
  );
}
