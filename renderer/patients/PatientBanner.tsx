import type { SessionState } from '../session/useSession.ts';
import { PatientIdentifiers } from './PatientIdentifiers.tsx';

type Patient = NonNullable<SessionState['patient']>;

/** Two identifiers of the current patient, on every screen: name + date of birth, and MRN. */
export function PatientBanner({ patient, onChange }: { readonly patient: Patient | null; readonly onChange: () => void }) {
  return (
    <div className="patient-banner" aria-label="Current patient">
      {patient ? (
        <>
          <PatientIdentifiers patient={patient} />
          {patient.simulated && <span className="sim-tag">SIMULATED</span>}
        </>
      ) : (
        <span className="patient-none">No patient selected</span>
      )}
      <button type="button" onClick={onChange}>
        {patient ? 'Change patient' : 'Select patient'}
      </button>
    </div>
  );
}
