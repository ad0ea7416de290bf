import { StationError } from '../../../common/errors.ts';
import { optionString, parseArgs, requireOption } from '../../../main/cli/args.ts';
import type { Command } from '../../../main/cli/command.ts';
import { createTransport, parseAddress } from '../../transports/open.ts';
import { AstmMeterSim, SIM_ASTM_SERIAL, simAstmRecords } from './astmSim.ts';
import { isMeterFault, meterFaults } from './faults.ts';
import { OneTouchMeterSim, SIM_ONETOUCH_SERIAL } from './oneTouchSim.ts';
import { readingDay, simReadings } from './readings.ts';

const usage = `Usage: station simulate meter --protocol astm|onetouch --port PATH [--fault F]

Runs a SIMULATED glucose meter / analyzer on a serial port (e.g. one end of a socat pty pair)
at 9600 8N1 until interrupted. Serials start with SIM-; ASTM results carry a SIMULATED comment.
  --protocol astm      ASTM E1381/E1394 (Contour style: waits for the host's EOT, then sends)
  --protocol onetouch  LifeScan OneTouch Ultra2 (answers DM?, DM@, DMP)
  --port PATH          serial device path, or an address serial:PATH[@baud] / tcp:HOST:PORT
  --fault F            ${meterFaults.join(' | ')} (default none)`;

export const command: Command = {
  name: 'meter',
  usage,
  async run(args, io) {
    const parsed = parseArgs(args, { valued: ['protocol', 'port', 'fault'] });
    const protocol = requireOption(parsed, 'protocol');
    if (protocol !== 'astm' && protocol !== 'onetouch') throw new StationError('usage', '--protocol must be astm or onetouch');
    const port = requireOption(parsed, 'port');
    const fault = optionString(parsed, 'fault') ?? 'none';
    if (!isMeterFault(fault)) throw new StationError('usage', `--fault must be one of ${meterFaults.join(', ')}`);
    if (fault === 'nak-storm' && protocol !== 'astm') throw new StationError('usage', '--fault nak-storm applies to --protocol astm only');
    const transport = await createTransport(port.includes(':') ? parseAddress(port, 9600) : { kind: 'serial', path: port, baudRate: 9600 });
    await transport.open();
    const log = (line: string) => io.stderr(`[SIMULATED meter ${protocol}] ${line}`);
    const readings = simReadings(readingDay(new Date()), protocol);
    const closed = new Promise<void>((resolve) => transport.onClose(resolve));
    let stop = () => {};
    if (protocol === 'astm') {
      const sim = new AstmMeterSim(transport, simAstmRecords(readings), fault, log);
      stop = () => sim.stop();
    } else {
      new OneTouchMeterSim(transport, readings, fault, log);
    }
    io.stdout(`SIMULATED ${protocol} meter ${protocol === 'astm' ? SIM_ASTM_SERIAL : SIM_ONETOUCH_SERIAL} on ${transport.address} (fault: ${fault}); Ctrl-C to stop`);
    const interrupted = new Promise<void>((resolve) => {
      process.once('SIGINT', resolve);
      process.once('SIGTERM', resolve);
    });
    await Promise.race([closed, interrupted]);
    stop();
    await transport.close();
    return 0;
  },
};
