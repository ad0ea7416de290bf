type Identified = { readonly familyName: string; readonly givenName: string; readonly birthDate: string; readonly mrn: string };

/** The name as the screens show it: FAMILY, Given. */
export const patientName = (p: Pick<Identified, 'familyName' | 'givenName'>) => `${p.familyName.toUpperCase()}, ${p.givenName}`;

/**
 * A patient's identifiers as every screen shows them: name, date of birth, MRN. Each is one
 * unbreakable piece (`patient-id`): lines may break between them, never inside one. A banner at
 * 1024 px read "DOB 1961-" with "02-03" on the next line, a date that could be misread.
 */
export function PatientIdentifiers({ patient }: { readonly patient: Identified }) {
  return (
    <>
      {/* bdi: the name is isolated, so no character stored in it (a right-to-left script, a direction override) reorders the DOB and MRN after it. */}
      <bdi className="patient-id patient-name">{patientName(patient)}</bdi> <span className="patient-id">DOB {patient.birthDate}</span>{' '}
      <span className="patient-id">MRN {patient.mrn}</span>
    </>
  );
}
