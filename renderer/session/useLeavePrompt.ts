import { useEffect } from 'react';

/**
 * While `reason` is not null, closing or reloading the window asks first (the host's leave-page
 * prompt, `beforeunload`): a reload or a closed window ends the session, and a tester reloaded past
 * an unacknowledged immediate EKG finding with no warning at all (issue 5: it must be acknowledged
 * before the assistant can leave the screen). Browsers show their own words, never ours, so
 * `onPrompted` puts the reason on the screen too, for whoever stays. Main still decides: this only
 * stops a leave the station cannot refuse.
 */
export function useLeavePrompt(reason: string | null, onPrompted: () => void): void {
  useEffect(() => {
    if (reason === null) return;
    const onBeforeUnload = (e: BeforeUnloadEvent) => {
      e.preventDefault();
      // Older Chromium (Electron's included) asks only when returnValue is set.
      e.returnValue = reason;
      onPrompted();
    };
    window.addEventListener('beforeunload', onBeforeUnload);
    return () => window.removeEventListener('beforeunload', onBeforeUnload);
  }, [reason, onPrompted]);
}
