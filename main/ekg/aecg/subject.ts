/**
 * The patient in an aECG: componentOf > timepointEvent > componentOf > subjectAssignment > subject >
 * trialSubject, whose id carries the MRN and whose subjectDemographicPerson carries name,
 * administrativeGenderCode (HL7 AdministrativeGender 2.16.840.1.113883.5.1: F, M, UN) and birthTime
 * (HL7 aECG implementation guide, trialSubject). Two identifiers, like everything the station prints.
 * The tracing of a SIMULATED capture is not this person's, though the name and MRN may look real:
 * the trialSubject's `code` (the role the subject was in when the ECG was taken; the guide's
 * vocabulary, ResearchSubjectRoleBasis, defines no codes, it only suggests SCREENING and ENROLLED)
 * then says SIMULATED, a LOCAL value (codeSystem "", as the guide writes its suggestions).
 */
import type { AecgSubject } from './aecg.ts';
import { AecgFormatError, attr, escapeXml, one, type XmlElement } from './xml.ts';

const ADMINISTRATIVE_GENDER = '2.16.840.1.113883.5.1';
// HL7 has no code for "unknown": it is a null flavor (UNK); "other" is UN (undifferentiated).
const GENDER_CODES: Readonly<Record<Exclude<AecgSubject['sex'], 'unknown'>, string>> = { female: 'F', male: 'M', other: 'UN' };
const SEX_BY_CODE: ReadonlyMap<string, AecgSubject['sex']> = new Map(Object.entries(GENDER_CODES).map(([sex, code]) => [code, sex as AecgSubject['sex']]));
const BIRTH_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

const SIMULATED_ROLE = `<code code="SIMULATED" codeSystem="" displayName="SIMULATED - not patient data: the tracing is not this person's"/>`;

export function encodeSubject(s: AecgSubject, simulated: boolean): string {
  const date = BIRTH_DATE.exec(s.birthDate);
  if (date === null) throw new AecgFormatError('birth date must be YYYY-MM-DD');
  const gender = s.sex === 'unknown' ? `<administrativeGenderCode nullFlavor="UNK"/>` : `<administrativeGenderCode code="${GENDER_CODES[s.sex]}" codeSystem="${ADMINISTRATIVE_GENDER}"/>`;
  return [
    '<componentOf><timepointEvent><componentOf><subjectAssignment><subject><trialSubject>',
    `<id extension="${escapeXml(s.mrn)}"/>`,
    simulated ? SIMULATED_ROLE : '',
    '<subjectDemographicPerson>',
    `<name><family>${escapeXml(s.familyName)}</family><given>${escapeXml(s.givenName)}</given></name>`,
    gender,
    `<birthTime value="${date[1]}${date[2]}${date[3]}"/>`,
    '</subjectDemographicPerson>',
    '</trialSubject></subject></subjectAssignment></componentOf></timepointEvent></componentOf>',
  ].join('');
}

/** Whether a trialSubject is marked as the subject of simulated data (see above). */
export const subjectMarkedSimulated = (trialSubject: XmlElement) => trialSubject.children.some((c) => c.name === 'code' && c.attrs['code'] === 'SIMULATED');

/** The patient of a trialSubject element. */
export function decodeSubject(trialSubject: XmlElement): AecgSubject {
  const person = one(trialSubject, 'subjectDemographicPerson');
  const name = one(person, 'name');
  const gender = one(person, 'administrativeGenderCode');
  const code = gender.attrs['code'];
  const sex = code === undefined ? (gender.attrs['nullFlavor'] !== undefined ? 'unknown' : undefined) : SEX_BY_CODE.get(code);
  if (sex === undefined) throw new AecgFormatError('unknown administrativeGenderCode');
  const birth = /^(\d{4})(\d{2})(\d{2})$/.exec(attr(one(person, 'birthTime'), 'value'));
  if (birth === null) throw new AecgFormatError('birthTime must be YYYYMMDD');
  return {
    mrn: attr(one(trialSubject, 'id'), 'extension'),
    familyName: one(name, 'family').text,
    givenName: one(name, 'given').text,
    birthDate: `${birth[1]}-${birth[2]}-${birth[3]}`,
    sex,
  };
}
