import { useCallback, useEffect, useState } from 'react';
import type { ResponseOf } from '../../common/ipc/contract.ts';
import { usePolled } from '../components/usePolled.ts';
import { useClient } from '../context.ts';
import { localTime } from '../../common/format/time.ts';
import { PatientIdentifiers, patientName } from '../patients/PatientIdentifiers.tsx';
import { OTHER_PATIENT_LINES, useBoundedOthers } from '../components/otherPatientAlerts.tsx';
import { pendingMineText, pendingOthersText, type ReaderRole } from './immediateWording.ts';

type PendingList = ResponseOf<'ekg.pendingImmediate'>;
type Pending = PendingList['ekgs'][number];
type Others = PendingList['others'][number];

type Item = (Pending & { capturedBy: null }) | Others;
type SelectedPatient = { readonly id: number; readonly familyName: string; readonly givenName: string; readonly mrn: string };

/** Said on the button that shows the other patients' findings kept to `othersShown` lines (otherPatientAlerts). */
const EKG_PLURAL = ['EKG finding', 'EKG findings'] as const;

/**
 * The signed-in operator's EKGs whose immediate finding is not acknowledged, on every screen, and
 * other operators' (they may have gone: a takeover). The
 * EKG screen holds the assistant until she acknowledges; a reload, a closed window or a new
 * sign-in ends that screen, and this keeps the finding in front of her until it is done. Each
 * names its patient with two identifiers, which may not be the patient selected now.
 */
export function PendingImmediate({
  selectedPatient,
  role,
  onEkgScreen,
  ekgOnScreen,
  onOwnCount,
  othersShown = OTHER_PATIENT_LINES,
  onOthersCount,
}: {
  readonly selectedPatient: SelectedPatient | null;
  readonly role: ReaderRole;
  readonly onEkgScreen: boolean;
  /** The EKG open in the EKG screen's review panel, if any: its banner says it is open below. */
  readonly ekgOnScreen: number | null;
  /** How many of the listed findings are the reader's own (App asks before the window is closed or reloaded); 0 once this is gone. */
  readonly onOwnCount: (count: number) => void;
  /** How many findings for other patients are shown before "Show N more" (App shares the room with the critical results). */
  readonly othersShown?: number;
  readonly onOthersCount?: (count: number) => void;
}) {
  const client = useClient();
  const selectedPatientId = selectedPatient?.id ?? null;
  // One list for the poll: the operator's own (capturedBy null) first, then other operators'.
  const load = useCallback(
    () => client.call('ekg.pendingImmediate', {}).then((r: PendingList): Item[] => [...r.ekgs.map((e) => ({ ...e, capturedBy: null })), ...r.others]),
    [client],
  );
  const [pending, reload] = usePolled(load, 10_000, { event: 'cart.captured', key: selectedPatientId });
  // Acknowledged, or confirmed by a provider, in this window or another: gone at once, not up to 10 s later.
  useEffect(() => client.on('ekg.reviewChanged', () => reload()), [client, reload]);
  const ownCount = pending.filter((e) => e.capturedBy === null).length;
  useEffect(() => onOwnCount(ownCount), [onOwnCount, ownCount]);
  useEffect(() => () => onOwnCount(0), [onOwnCount]);
  // The patient on screen first, in full; then other patients' (one line each beside a selected
  // patient), as many as the room above the screen allows, then "Show N more" (otherPatientAlerts).
  const onScreen = (e: Item) => e.patient !== null && e.patient.id === selectedPatientId;
  const bounded = useBoundedOthers(
    pending.filter((e) => !onScreen(e)),
    othersShown,
    EKG_PLURAL,
    onOthersCount,
  );
  if (pending.length === 0) return null;
  const shown = [...pending.filter(onScreen), ...bounded.shown];
  return (
    <div className="critical-alerts" role="alert" aria-label="Immediate EKG findings not acknowledged">
      {shown.map((e) => (
        <PendingItem key={e.id} e={e} selectedPatient={selectedPatient} role={role} onEkgScreen={onEkgScreen} openBelow={onEkgScreen && e.id === ekgOnScreen} />
      ))}
      {bounded.more}
    </div>
  );
}

/**
 * One unacknowledged finding: in full for the patient on screen (or when none is selected); for
 * another patient one line (the EKG and its patient, "NOT the patient on screen" under it) that opens
 * to the full text, as the critical POC alerts do.
 */
function PendingItem({ e, selectedPatient, role, onEkgScreen, openBelow }: { readonly e: Item; readonly selectedPatient: SelectedPatient | null; readonly role: ReaderRole; readonly onEkgScreen: boolean; readonly openBelow: boolean }) {
  const [expanded, setExpanded] = useState(false);
  const selectedPatientId = selectedPatient?.id ?? null;
  const notOnScreen = e.patient === null || e.patient.id !== selectedPatientId;
  if (notOnScreen && selectedPatient !== null && !expanded) {
    const name = `Immediate EKG finding, EKG #${e.id}`;
    return (
      <div className="critical-item critical-compact" role="group" aria-label={name}>
        <div className="critical-compact-what">
          <strong>IMMEDIATE EKG FINDING NOT ACKNOWLEDGED (EKG #{e.id})</strong>
          <div className="critical-patient">{e.patient ? <PatientIdentifiers patient={e.patient} /> : <span>No patient recorded with this EKG</span>}</div>
        </div>
        <button type="button" className="critical-compact-open" onClick={() => setExpanded(true)} aria-label={`What to do: ${name}`}>
          What to do…
        </button>
        <p className="critical-other" role="note">
          NOT the patient on screen (<bdi>{patientName(selectedPatient)}</bdi>, MRN {selectedPatient.mrn}).{' '}
          <span className="critical-other-advice">This finding is for the patient named above only.</span>
        </p>
      </div>
    );
  }
  // Another operator's: they may be gone (this station was taken over from them), so whoever is
  // here is told; only the capturer or a provider's review clears it (docs/cart.md).
  return (
    <div className="critical-item">
      <strong>IMMEDIATE EKG FINDING NOT ACKNOWLEDGED</strong> (EKG #{e.id}, captured {localTime(e.capturedAtUtc)}
      {e.capturedBy === null ? ' by you' : ` by ${e.capturedBy}`})
      <PatientOf e={e} selectedPatientId={selectedPatientId} />
      <p>
        {e.capturedBy !== null
          ? pendingOthersText(role, e.capturedBy, e.providerNotified)
          : openBelow
            ? openBelowText(role, e.id, e.providerNotified)
            : pendingMineText(role, notOnScreen ? 'other-patient' : onEkgScreen ? 'ekg-screen' : 'other-screen', e.id, e.providerNotified)}
      </p>
      {/* After a sign-in (the earlier session closed or reloaded with it pending) this is where the
          operator learns why the station holds them: main refuses another patient and sign-out. */}
      {e.capturedBy === null && notOnScreen && <p className="critical-hold">Until it is done, the station will not let you choose another patient or sign out.</p>}
      {expanded && (
        <button type="button" onClick={() => setExpanded(false)}>
          Show as one line
        </button>
      )}
    </div>
  );
}

/**
 * The reader's own finding whose EKG is already open in the review panel below: "Open EKG #3 from
 * this patient's EKG list below" sent a UI tester to open what was on screen. The alert there says
 * the rest.
 */
function openBelowText(role: ReaderRole, ekgId: number, providerNotified: boolean): string {
  if (role === 'provider') return `EKG #${ekgId} is open below: review the EKG now (confirm or over-read it).`;
  return providerNotified
    ? `EKG #${ekgId} is open below: acknowledge the finding there; a provider was told, as you recorded.`
    : `EKG #${ekgId} is open below: tell a provider now, record it there and acknowledge the finding.`;
}

/**
 * The EKG's patient, and when that is not the patient selected on this screen, a band saying so (as
 * the POC critical alert's): a UI tester saw this banner for one SMITH, John directly above another
 * SMITH, John selected, with nothing to tell them apart but the MRN.
 */
function PatientOf({ e, selectedPatientId }: { readonly e: Pending; readonly selectedPatientId: number | null }) {
  if (!e.patient) return <p className="critical-patient">No patient recorded with this EKG</p>;
  return (
    <>
      <p className="critical-patient">
        <PatientIdentifiers patient={e.patient} />
      </p>
      {e.patient.id !== selectedPatientId && (
        <p className="critical-other" role="note">
          {selectedPatientId === null
            ? 'No patient is selected on this screen. This finding is for the patient named above only.'
            : 'NOT the patient on screen: this finding is for the patient named above only. Check the name, DOB and MRN.'}
        </p>
      )}
    </>
  );
}
