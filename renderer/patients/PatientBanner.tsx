import type { SessionState } from '../session/useSession.ts';

type Patient = NonNullable<SessionState['patient']>;

export const patientName = (p: Pick<Patient, 'familyName' | 'givenName'>) => `${p.familyName.toUpperCase()}, ${p.givenName}`;

/** Two identifiers of the current patient, on every screen: name + date of birth, and MRN. */
export function PatientBanner({ patient, onChange }: { readonly patient: Patient | null; readonly onChange: () => void }) {
  return (
    <div className="patient-banner" aria-label="Current patient">
      {patient ? (
        <>
          <span className="patient-name">{patientName(patient)}</span>
          <span>DOB {patient.birthDate}</span>
          <span>MRN {patient.mrn}</span>
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
