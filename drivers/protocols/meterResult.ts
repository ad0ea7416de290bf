/**
 * One reading as a meter or analyzer reported it, whatever the protocol. Values, units and test
 * codes are kept exactly as sent; mapping to the catalogue happens later, in main/domain/poc.
 */
export interface MeterReading {
  /** The test code the device sent (e.g. `Glucose`, `HbA1c`). */
  readonly test: string;
  /** Exactly as sent (HI/LO included). */
  readonly value: string;
  /** Exactly as sent. */
  readonly unit: string;
  /** ISO 8601, device local time (devices send no zone). */
  readonly observedAt: string;
  readonly deviceSerial: string;
  /** The device's own record time, raw: with deviceSerial, the duplicate key. */
  readonly recordTime: string;
  readonly protocol: 'astm' | 'onetouch';
  /** Control-solution (QC) reading rather than a patient sample. */
  readonly control: boolean;
  /** Device flags/markers, raw (ASTM R-7, OneTouch meal/comment codes). */
  readonly flags: string;
  /** True for our simulators: their serials start with `SIM-`. */
  readonly simulated: boolean;
}

export const SIMULATED_SERIAL_PREFIX = 'SIM-';
export const isSimulatedSerial = (serial: string): boolean => serial.startsWith(SIMULATED_SERIAL_PREFIX);
