import { useCallback, useEffect } from 'react';
import type { ResponseOf } from '../../common/ipc/contract.ts';
import { usePolled } from '../components/usePolled.ts';
import { useClient } from '../context.ts';
import { localTime } from '../../common/format/time.ts';
import { PatientIdentifiers } from '../patients/PatientIdentifiers.tsx';
import { pendingMineText, pendingOthersText, type ReaderRole } from './immediateWording.ts';

type PendingList = ResponseOf<'ekg.pendingImmediate'>;
type Pending = PendingList['ekgs'][number];
type Others = PendingList['others'][number];

/**
 * The signed-in operator's EKGs whose immediate finding is not acknowledged, on every screen, and
 * other operators' (they may have gone: a takeover). The
 * EKG screen holds the assistant until she acknowledges; a reload, a closed window or a new
 * sign-in ends that screen, and this keeps the finding in front of her until it is done. Each
 * names its patient with two identifiers, which may not be the patient selected now.
 */
export function PendingImmediate({ selectedPatientId, role, onEkgScreen }: { readonly selectedPatientId: number | null; readonly role: ReaderRole; readonly onEkgScreen: boolean }) {
  const client = useClient();
  // One list for the poll: the operator's own (capturedBy null) first, then other operators'.
  const load = useCallback(
    () => client.call('ekg.pendingImmediate', {}).then((r: PendingList): Array<(Pending & { capturedBy: null }) | Others> => [...r.ekgs.map((e) => ({ ...e, capturedBy: null })), ...r.others]),
    [client],
  );
  const [pending, reload] = usePolled(load, 10_000, { event: 'cart.captured', key: selectedPatientId });
  // Acknowledged, or confirmed by a provider, in this window or another: gone at once, not up to 10 s later.
  useEffect(() => client.on('ekg.reviewChanged', () => reload()), [client, reload]);
  const mine = pending.filter((e) => e.capturedBy === null);
  const others = pending.filter((e): e is Others => e.capturedBy !== null);
  if (mine.length === 0 && others.length === 0) return null;
  return (
    <div className="critical-alerts" role="alert" aria-label="Immediate EKG findings not acknowledged">
      {mine.map((e) => (
        <div key={e.id} className="critical-item">
          <strong>IMMEDIATE EKG FINDING NOT ACKNOWLEDGED</strong> (EKG #{e.id}, captured {localTime(e.capturedAtUtc)})
          <PatientOf e={e} selectedPatientId={selectedPatientId} />
          <p>{pendingMineText(role, e.patient === null || e.patient.id !== selectedPatientId ? 'other-patient' : onEkgScreen ? 'ekg-screen' : 'other-screen', e.id, e.providerNotified)}</p>
        </div>
      ))}
      {/* Another operator's: they may be gone (this station was taken over from them), so whoever is
          here is told; only the capturer or a provider's review clears it (docs/cart.md). */}
      {others.map((e) => (
        <div key={e.id} className="critical-item">
          <strong>IMMEDIATE EKG FINDING NOT ACKNOWLEDGED</strong> (EKG #{e.id}, captured {localTime(e.capturedAtUtc)} by {e.capturedBy})
          <PatientOf e={e} selectedPatientId={selectedPatientId} />
          <p>{pendingOthersText(role, e.capturedBy, e.providerNotified)}</p>
        </div>
      ))}
    </div>
  );
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
