import { useCallback, useEffect, useState } from 'react';
import type { ResponseOf } from '../common/ipc/contract.ts';
import type { StationClient } from './ipc/client.ts';
import { ClientContext } from './context.ts';
import { SimulatedBanner } from './components/SimulatedBanner.tsx';
import { errorMessage } from './components/ErrorText.tsx';
import { NoticeBar } from './components/NoticeBar.tsx';
import { screens, type ScreenId } from './screens/index.tsx';
import { useSession, type SessionState } from './session/useSession.ts';
import { SignIn } from './session/SignIn.tsx';
import { FirstRun } from './session/FirstRun.tsx';
import { LockScreen } from './session/LockScreen.tsx';
import { PatientBanner } from './patients/PatientBanner.tsx';
import { PatientPicker } from './patients/PatientPicker.tsx';
import { CriticalAlerts } from './poc/CriticalAlerts.tsx';
import { PendingImmediate } from './ekg/PendingImmediate.tsx';
import { ReviewTabBadge } from './ekg/ReviewTabBadge.tsx';
import { useOtherAlertLines } from './components/otherPatientAlerts.tsx';
import { useLeavePrompt } from './session/useLeavePrompt.ts';

interface AppProps {
  readonly client: StationClient;
  readonly registerConnection: (fn: (open: boolean) => void) => void;
  readonly hostBridge: 'electron' | 'browser';
}

const roleName = { admin: 'Administrator', ma: 'Medical assistant', provider: 'Provider' } as const;

/** Why the window should not be closed or reloaded when no screen holds it but the operator's own immediate finding waits (another patient's, after a new sign-in). */
const PENDING_IMMEDIATE_UNLOAD = 'An immediate EKG finding you captured is not acknowledged (see the red banner): acknowledge it before closing or reloading this window, which signs you out.';

export function App({ client, registerConnection, hostBridge }: AppProps) {
  const [info, setInfo] = useState<ResponseOf<'app.info'> | null>(null);
  const [connected, setConnected] = useState(hostBridge === 'electron');
  const [screen, setScreen] = useState<ScreenId>('ekg');
  const [picking, setPicking] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [leaveBlocked, setLeaveBlocked] = useState<string | null>(null);
  /** A navigation the screen's guard refused: shown only while that guard still holds (a UI tester saw "wait until it has finished" stay after the capture was stored). */
  const [guardRefusal, setGuardRefusal] = useState<string | null>(null);
  useEffect(() => {
    if (leaveBlocked === null) setGuardRefusal(null);
  }, [leaveBlocked]);
  /** How many of the signed-in operator's own EKGs wait for their immediate finding's acknowledgement (PendingImmediate). */
  const [ownPending, setOwnPending] = useState(0);
  /** The EKG open in the EKG screen's review panel: the pending banner does not send the operator to open what is open. */
  const [ekgOnScreen, setEkgOnScreen] = useState<number | null>(null);
  // Closing or reloading ends the session, so it asks first while leaving the screen is held (a
  // capture runs, an immediate finding is open) or the operator's own finding waits anywhere.
  const unloadHold = leaveBlocked ?? (ownPending > 0 ? PENDING_IMMEDIATE_UNLOAD : null);
  const [unloadPrompted, setUnloadPrompted] = useState(false);
  const onUnloadPrompted = useCallback(() => setUnloadPrompted(true), []);
  useLeavePrompt(unloadHold, onUnloadPrompted);
  useEffect(() => {
    if (unloadHold === null) setUnloadPrompted(false);
  }, [unloadHold]);
  /** An EKG to open on the EKG screen (from the worklist); cleared by any other navigation. */
  const [openEkg, setOpenEkg] = useState<{ readonly ekgId: number } | null>(null);
  const session = useSession(client, connected);
  /** The room other patients' alerts take above the screen, shared by the two alert lists (otherPatientAlerts). */
  const { allowed: otherLinesAllowed, report: reportOtherAlerts } = useOtherAlertLines();
  const reportCritical = useCallback((n: number) => reportOtherAlerts('critical', n), [reportOtherAlerts]);
  const reportEkg = useCallback((n: number) => reportOtherAlerts('ekg', n), [reportOtherAlerts]);

  useEffect(() => {
    registerConnection(setConnected);
    client
      .call('app.info', {})
      .then((i) => {
        setInfo(i);
        setConnected(true);
      })
      .catch((e: unknown) => setError(errorMessage(e)));
  }, [client, registerConnection]);

  const onState = useCallback(
    (s: SessionState) => {
      session.setState(s);
      setPicking(false);
      setOpenEkg(null);
    },
    [session],
  );
  const onOpenEkg = useCallback(
    (s: SessionState, ekgId: number) => {
      session.setState(s);
      setPicking(false);
      setError(null);
      setScreen('ekg');
      setOpenEkg({ ekgId });
    },
    [session],
  );

  const s = session.state;
  const signedIn = s?.operator && !s.locked ? s : null;
  const visible = screens.filter((x) => !x.roles || (signedIn?.operator && x.roles.includes(signedIn.operator.role)));
  const active = visible.find((x) => x.id === screen) ?? visible[0];

  let body;
  if (!s) body = <p>Connecting to the station service…</p>;
  else if (s.needsSetup) body = <FirstRun onState={onState} />;
  else if (!s.operator) body = <SignIn onState={onState} />;
  else if (s.locked) body = <LockScreen state={s} onState={onState} />;
  else if (picking || (!s.patient && active?.needsPatient)) body = <PatientPicker onState={onState} canCreate={s.operator.role !== 'admin'} />;
  else if (active) body = <active.Component info={info} session={s} onLeaveGuard={setLeaveBlocked} onOpenEkg={onOpenEkg} openEkg={openEkg} onEkgShown={setEkgOnScreen} />;

  return (
    <ClientContext.Provider value={client}>
      {info?.simulated && <SimulatedBanner />}
      <header className="app-header">
        <div className="brand">POC Station</div>
        <div className="context" aria-label="Signed-in operator">
          {signedIn?.operator ? (
            <span className="operator">
              {signedIn.operator.displayName} · {roleName[signedIn.operator.role]}
            </span>
          ) : (
            <span className="operator">{s?.locked ? 'Locked' : 'Not signed in'}</span>
          )}
        </div>
        {signedIn && (
          <div className="row">
            <button type="button" onClick={() => void client.call('records.session.lock', {}).then(onState)}>
              Lock
            </button>
            <button
              type="button"
              onClick={() => (leaveBlocked ? setGuardRefusal(leaveBlocked) : void client.call('records.session.signOut', {}).then(onState, (e: unknown) => setError(errorMessage(e))))}
            >
              Sign out
            </button>
          </div>
        )}
        <div className={connected ? 'link ok' : 'link down'} role="status" aria-label="Connection to the station service">
          {connected ? 'Connected' : 'Not connected'}
        </div>
      </header>
      {/* The patient on screen first, under the header: never pushed down by other patients' alerts
          (a UI tester found it at y = 1756 px at 1024x700 under four of them). */}
      {signedIn && <PatientBanner patient={signedIn.patient} onChange={() => (leaveBlocked ? setGuardRefusal(leaveBlocked) : (setOpenEkg(null), setPicking(true)))} />}
      {signedIn && (
        <nav className="app-nav" aria-label="Main">
          {visible.map((x) => (
            <button
              key={x.id}
              type="button"
              aria-current={x.id === active?.id && !picking ? 'page' : undefined}
              onClick={() => {
                if (leaveBlocked && x.id !== active?.id) return setGuardRefusal(leaveBlocked);
                setError(null);
                setScreen(x.id);
                setPicking(false);
                setOpenEkg(null);
              }}
            >
              {x.label}
              {/* Providers only see this tab: how many EKGs wait, and how many are immediate (counts only). */}
              {x.id === 'review' && <ReviewTabBadge />}
            </button>
          ))}
        </nav>
      )}
      {/* On every screen until acknowledged: the patient on screen's in full, other patients' one line
          each and at most OTHER_PATIENT_LINES of them together, then "Show N more" (otherPatientAlerts). */}
      {signedIn?.operator && signedIn.operator.role !== 'admin' && (
        <>
          <CriticalAlerts selectedPatient={signedIn.patient} reader={signedIn.operator} othersShown={otherLinesAllowed.critical} onOthersCount={reportCritical} />
          <PendingImmediate selectedPatient={signedIn.patient} role={signedIn.operator.role} onEkgScreen={screen === 'ekg'} ekgOnScreen={ekgOnScreen} onOwnCount={setOwnPending} othersShown={otherLinesAllowed.ekg} onOthersCount={reportEkg} />
        </>
      )}
      {error && <NoticeBar level="error" text={error} />}
      {leaveBlocked !== null && guardRefusal !== null && <NoticeBar level="error" text={leaveBlocked} />}
      {/* The leave-page prompt was answered "stay": why it asked, in the station's words (the browser shows its own). */}
      {unloadPrompted && unloadHold !== null && unloadHold !== guardRefusal && <NoticeBar level="error" text={unloadHold} />}
      <main className="app-main">{body}</main>
    </ClientContext.Provider>
  );
}
