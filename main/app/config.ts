import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { StationError } from '../../common/errors.ts';
import { appRoot } from '../hosts/paths.ts';
import type { StationOptions } from './station.ts';

type Env = Readonly<Record<string, string | undefined>>;

/** A development checkout has PhysioNet's LUDB beside it (../shared/ecg); a clinic PC has none. */
const DEV_SIMULATED_RECORD = join(appRoot, '..', 'shared', 'ecg', 'ludb-dev', '1.hea');

/**
 * The station's device and site settings, from the environment (the Electron host) or the
 * command line (`station serve`), flags winning. Unset devices run on their SIMULATED stand-ins;
 * the mains frequency is never guessed.
 *   STATION_MAINS_HZ=50|60            mains notch (unset: no notch, the screen says so)
 *   STATION_PRINTER=ADDRESS           tcp:HOST:PORT | serial:PATH | usb:VID:PID (unset: SIMULATED)
 *   STATION_CART=ADDRESS              12-lead cart (unset: SIMULATED, streaming STATION_SIM_ECG_RECORD)
 *   STATION_METER=astm|onetouch:ADDRESS  glucose meter / analyzer (unset: SIMULATED ASTM meter)
 *   STATION_EMR_MLLP=HOST:PORT        EMR HL7 listener (unset: files in DATA_DIR/hl7-outbox/outbound)
 *   STATION_ACCESSION_PREFIX=AB[C]    first letters of this station's accession numbers (unset: ST)
 */
export function stationSettings(env: Env, flags: Readonly<Record<string, string | undefined>> = {}): Omit<StationOptions, 'host' | 'dataDir'> {
  const get = (flag: string, name: string) => flags[flag] ?? env[name];
  const mains = get('mains-hz', 'STATION_MAINS_HZ');
  if (mains !== undefined && mains !== '50' && mains !== '60') throw new StationError('usage', 'the mains frequency must be 50 or 60 (Hz)');
  const meter = get('meter', 'STATION_METER');
  let meterSetting: StationOptions['meter'] = 'simulated';
  if (meter !== undefined) {
    const m = /^(astm|onetouch):(.+)$/.exec(meter);
    if (!m) throw new StationError('usage', 'the meter must be given as astm:ADDRESS or onetouch:ADDRESS');
    meterSetting = { protocol: m[1] as 'astm' | 'onetouch', address: m[2]! };
  }
  const emr = get('emr-mllp', 'STATION_EMR_MLLP');
  let emrMllp: StationOptions['emrMllp'] = null;
  if (emr !== undefined) {
    const m = /^(.+):(\d{1,5})$/.exec(emr);
    if (!m) throw new StationError('usage', 'the EMR link must be given as HOST:PORT');
    emrMllp = { host: m[1]!, port: Number(m[2]) };
  }
  const accessionPrefix = env['STATION_ACCESSION_PREFIX'] ?? 'ST';
  if (!/^[A-Z]{2,3}$/.test(accessionPrefix)) throw new StationError('usage', 'STATION_ACCESSION_PREFIX must be 2-3 letters A-Z');
  const simRecord = env['STATION_SIM_ECG_RECORD'] ?? (existsSync(DEV_SIMULATED_RECORD) ? DEV_SIMULATED_RECORD : undefined);
  return {
    mainsHz: mains === undefined ? null : (Number(mains) as 50 | 60),
    printer: get('printer', 'STATION_PRINTER') ?? 'simulated',
    cart: get('cart', 'STATION_CART') ?? 'simulated',
    meter: meterSetting,
    emrMllp,
    accessionPrefix,
    ...(simRecord ? { simulatedCartRecord: simRecord } : {}),
  };
}
