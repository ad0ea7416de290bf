import { useRef, useState, type FormEvent, type ReactNode } from 'react';
import { useClient } from '../context.ts';
import { ErrorText, errorMessage } from '../components/ErrorText.tsx';
import type { SessionState } from './useSession.ts';

/**
 * Badge then PIN. A badge scanner types the badge id and Enter: Enter in the badge field moves
 * to the PIN field, Enter there signs in. The lock screen uses the same form for another operator
 * taking over the locked station (`title`, `children` for what to know first, `onBack`).
 */
export function SignIn({
  onState,
  title = 'Sign in',
  children,
  onBack,
}: {
  readonly onState: (s: SessionState) => void;
  readonly title?: string;
  readonly children?: ReactNode;
  readonly onBack?: () => void;
}) {
  const client = useClient();
  const [badgeId, setBadgeId] = useState('');
  const [pin, setPin] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const pinRef = useRef<HTMLInputElement>(null);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!pin) {
      pinRef.current?.focus();
      return;
    }
    if (busy) return;
    setBusy(true);
    setError(null);
    try {
      onState(await client.call('records.session.signIn', { badgeId: badgeId.trim(), pin }));
    } catch (err) {
      setPin('');
      setError(errorMessage(err));
      pinRef.current?.focus();
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="card narrow" aria-labelledby="signin-title">
      <h1 id="signin-title">{title}</h1>
      {children}
      <form onSubmit={(e) => void submit(e)}>
        <label htmlFor="badge">Scan your badge</label>
        <input id="badge" autoFocus autoComplete="off" value={badgeId} onChange={(e) => setBadgeId(e.target.value)} />
        <label htmlFor="pin">PIN</label>
        <input id="pin" ref={pinRef} type="password" inputMode="numeric" autoComplete="off" value={pin} onChange={(e) => setPin(e.target.value)} />
        <ErrorText text={error} />
        <div className="row" style={{ marginTop: '1rem' }}>
          <button type="submit" className="primary" disabled={busy}>
            {busy ? 'Checking…' : 'Sign in'}
          </button>
          {onBack && (
            <button type="button" onClick={onBack}>
              Back
            </button>
          )}
        </div>
      </form>
    </section>
  );
}
