import { useState, type ReactNode } from 'react';
import type { SessionState } from '../session/useSession.ts';
import { useClient } from '../context.ts';
import { IpcCallError } from '../ipc/client.ts';
import { PatientIdentifiers } from './PatientIdentifiers.tsx';

/**
 * Main's refusals to take the operator away from her patient (main/app/station.ts, refuseLeaving):
 * a label still waiting for the printer, an EKG capture running, an immediate EKG finding to
 * acknowledge. Selecting another patient, and registering one (the New patient form selects the
 * patient it registers), are refused with these.
 */
const LEAVE_REFUSALS: ReadonlySet<string> = new Set(['labels-waiting', 'ekg-capture-in-progress', 'ekg-immediate-unacknowledged']);
export const isLeaveRefusal = (err: unknown): boolean => err instanceof IpcCallError && LEAVE_REFUSALS.has(err.error.code);

/**
 * After a request that changed no patient: the patient still selected, as main has it, said next to
 * the refusal ("The patient has not changed: still SMITH, Anne DOB 1990-02-03 MRN QA-100."), so a
 * band that did not scan, or a new patient that was not selected, is never taken for the patient on
 * screen. One wording, for the picker and the New patient form. `lead` goes first in the same line
 * ("The new patient has not been saved.").
 */
export function useUnchangedPatient(): {
  /** Asks main which patient is selected, and shows it. */
  readonly say: () => Promise<void>;
  readonly clear: () => void;
  readonly note: (lead?: ReactNode) => ReactNode;
} {
  const client = useClient();
  /** undefined: nothing to say; null: no patient is selected. */
  const [unchanged, setUnchanged] = useState<SessionState['patient'] | undefined>(undefined);
  const say = async () => {
    try {
      setUnchanged((await client.call('records.session.state', {})).patient);
    } catch {
      setUnchanged(undefined);
    }
  };
  const note = (lead?: ReactNode) =>
    unchanged === undefined ? null : (
      <p className="patient-unchanged" role="status">
        {lead !== undefined && <>{lead} </>}
        {unchanged === null ? (
          'No patient is selected.'
        ) : (
          <>
            The patient has not changed: still <PatientIdentifiers patient={unchanged} />.
          </>
        )}
      </p>
    );
  return { say, clear: () => setUnchanged(undefined), note };
}
