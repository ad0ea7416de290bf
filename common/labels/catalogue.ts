/**
 * Specimen types and containers the station can label. Codes are what LABEL.json and the IPC
 * carry; `short` is what fits on a 2 x 1 in label. Container colours follow the usual
 * evacuated-tube closure convention (ISO 6710 leaves colours to manufacturers; these are the
 * common BD Vacutainer ones).
 */
export interface SpecimenType {
  readonly code: string;
  readonly name: string;
  readonly short: string;
  /** Container codes allowed for this specimen type. */
  readonly containers: readonly string[];
}

export interface Container {
  readonly code: string;
  readonly name: string;
  readonly short: string;
}

export const CONTAINERS: readonly Container[] = [
  { code: 'sst-gold', name: 'Serum separator tube (gold top)', short: 'SST gold' },
  { code: 'plain-red', name: 'Plain serum tube (red top)', short: 'Red top' },
  { code: 'edta-lavender', name: 'K2 EDTA tube (lavender top)', short: 'EDTA lav' },
  { code: 'citrate-blue', name: 'Sodium citrate tube (light blue top)', short: 'Citrate blue' },
  { code: 'heparin-green', name: 'Lithium heparin tube (green top)', short: 'Li-hep green' },
  { code: 'fluoride-grey', name: 'Sodium fluoride tube (grey top)', short: 'NaF grey' },
  { code: 'blood-culture', name: 'Blood culture bottle', short: 'BC bottle' },
  { code: 'urine-cup', name: 'Sterile urine cup', short: 'Urine cup' },
  { code: 'urine-tube', name: 'Urine tube (yellow top)', short: 'Urine tube' },
  { code: 'swab-utm', name: 'Swab in universal transport medium', short: 'Swab UTM' },
  { code: 'sterile-tube', name: 'Sterile screw-cap tube', short: 'Sterile tube' },
  { code: 'stool-cup', name: 'Stool container', short: 'Stool cup' },
];

const BLOOD_TUBES = ['sst-gold', 'plain-red', 'edta-lavender', 'citrate-blue', 'heparin-green', 'fluoride-grey'];

export const SPECIMEN_TYPES: readonly SpecimenType[] = [
  { code: 'blood-venous', name: 'Venous blood', short: 'Venous bld', containers: [...BLOOD_TUBES, 'blood-culture'] },
  { code: 'blood-capillary', name: 'Capillary blood', short: 'Cap bld', containers: ['edta-lavender', 'heparin-green', 'fluoride-grey'] },
  { code: 'urine', name: 'Urine', short: 'Urine', containers: ['urine-cup', 'urine-tube'] },
  { code: 'swab-nasopharyngeal', name: 'Nasopharyngeal swab', short: 'NP swab', containers: ['swab-utm'] },
  { code: 'swab-throat', name: 'Throat swab', short: 'Throat swab', containers: ['swab-utm'] },
  { code: 'csf', name: 'Cerebrospinal fluid', short: 'CSF', containers: ['sterile-tube'] },
  { code: 'sputum', name: 'Sputum', short: 'Sputum', containers: ['sterile-tube'] },
  { code: 'stool', name: 'Stool', short: 'Stool', containers: ['stool-cup'] },
];

export function findSpecimenType(code: string): SpecimenType | undefined {
  return SPECIMEN_TYPES.find((t) => t.code === code);
}

export function findContainer(code: string): Container | undefined {
  return CONTAINERS.find((c) => c.code === code);
}
