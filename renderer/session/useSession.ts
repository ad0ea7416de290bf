import { useCallback, useEffect, useRef, useState } from 'react';
import type { ResponseOf } from '../../common/ipc/contract.ts';
import type { StationClient } from '../ipc/client.ts';

export type SessionState = ResponseOf<'records.session.state'>;

const ACTIVITY_THROTTLE_MS = 15_000;
/** Main decides when a session locks; the screen re-reads the state this often as well as when due. */
const POLL_MS = 5_000;

/**
 * The session as main knows it (main enforces sign-in, roles and auto-lock; the UI follows).
 * Reports operator activity (throttled) so the inactivity timer restarts, and re-reads the
 * state when the session is due to lock so patient data disappears from the screen on time.
 */
export function useSession(client: StationClient, connected: boolean) {
  const [state, setState] = useState<SessionState | null>(null);
  const lastActivity = useRef(0);

  const refresh = useCallback(async () => {
    try {
      setState(await client.call('records.session.state', {}));
    } catch {
      // Connection problems are shown by the connection indicator; keep the last state hidden-safe.
      setState((s) => (s ? { ...s, patient: null, locked: s.operator !== null } : s));
    }
  }, [client]);

  useEffect(() => {
    if (connected) void refresh();
  }, [connected, refresh]);

  useEffect(() => {
    if (!connected || !state?.operator) return;
    const t = setInterval(() => void refresh(), POLL_MS);
    return () => clearInterval(t);
  }, [connected, state?.operator, refresh]);

  useEffect(() => {
    if (!state?.lockAtMs) return;
    const t = setTimeout(() => void refresh(), Math.max(0, state.lockAtMs - Date.now()) + 500);
    return () => clearTimeout(t);
  }, [state?.lockAtMs, refresh]);

  useEffect(() => {
    if (!state?.operator || state.locked) return;
    const onInput = () => {
      const now = Date.now();
      if (now - lastActivity.current < ACTIVITY_THROTTLE_MS) return;
      lastActivity.current = now;
      client.call('records.session.activity', {}).then(setState, () => undefined);
    };
    window.addEventListener('keydown', onInput);
    window.addEventListener('pointerdown', onInput);
    return () => {
      window.removeEventListener('keydown', onInput);
      window.removeEventListener('pointerdown', onInput);
    };
  }, [client, state?.operator, state?.locked]);

  return { state, setState, refresh };
}
