import { resolve } from 'node:path';
import { StationError } from '../../../common/errors.ts';
import { createTransport, parseAddress } from '../../../drivers/transports/open.ts';
import { AcquisitionSession } from '../../devices/cart/acquisition.ts';
import { captureToWfdb } from '../../devices/cart/wfdbExport.ts';
import { writeRecord } from '../../io/wfdb.ts';
import { optionString, parseArgs, requireOption } from '../args.ts';
import type { Command } from '../command.ts';

/** station-cart-v1 runs at 921600 baud 8N1 on a real UART (docs/protocols/cart.md). */
const CART_BAUD_RATE = 921600;

const usage = `Usage: station acquire --port PATH|tcp:HOST:PORT --seconds S --out DIR [--name NAME] [--rate HZ]
                       [--connect-timeout SEC]
Connects to a 12-lead cart (station-cart-v1), streams, and writes the first S seconds it
receives as a WFDB record DIR/NAME.hea + .dat (leads I, II, V1..V6, format 32, the cart's
counts with gain = counts per mV). Frames that never arrived are written as WFDB invalid
samples, never interpolated. Prints one JSON summary line:
  {"record","fsHz","samples","complete","gaps":[{"start","end"}],"framesOk","framesMissing",
   "crcErrors","bytesDiscarded","simulated"}
Exit 0 when complete. Exit 1, with one line on stderr, when the cart was lost mid-capture
(the partial record is written, its summary says "complete":false; the line names the cause
and the record), when the cart refuses the capture (e.g. a --rate it does not offer) or when no
stream starts within the connect timeout (no record is written then; the line names the last
connection problem). A problem met while streaming (cart lost, no valid frames) is said once
however often reconnecting meets it again, in that one line (or in one "cart: ..." line when
the capture still completed).
  --port PATH            serial device (also serial:PATH[@baud]); tcp:HOST:PORT for TCP
  --name NAME            record name (default: acquired)
  --rate HZ              sample rate (default: the cart's first supported rate)
  --connect-timeout SEC  give up when no stream starts within SEC (default 15, at most 3600)`;

export const command: Command = {
  name: 'acquire',
  usage,
  async run(args, io) {
    const parsed = parseArgs(args, { valued: ['port', 'seconds', 'out', 'name', 'rate', 'connect-timeout'] });
    const port = requireOption(parsed, 'port');
    const seconds = Number(requireOption(parsed, 'seconds'));
    const outDir = resolve(io.cwd, requireOption(parsed, 'out'));
    const name = optionString(parsed, 'name') ?? 'acquired';
    const rateText = optionString(parsed, 'rate');
    const connectTimeoutSec = Number(optionString(parsed, 'connect-timeout') ?? '15');
    if (!(seconds > 0 && seconds <= 600)) throw new StationError('usage', '--seconds must be in (0, 600]');
    if (!/^[A-Za-z0-9_-]+$/.test(name)) throw new StationError('usage', '--name must be letters, digits, _ or -');
    // Bounded: a timer beyond 2^31 ms fires at once (Node warns and uses 1 ms).
    if (!(connectTimeoutSec > 0 && connectTimeoutSec <= 3600)) throw new StationError('usage', '--connect-timeout must be in (0, 3600] seconds');
    const rateHz = rateText === undefined ? undefined : Number(rateText);
    if (rateHz !== undefined && !Number.isInteger(rateHz)) throw new StationError('usage', '--rate must be an integer');

    const address = parseAddress(/^(serial|tcp|usb):/.test(port) ? port : `serial:${port}`, CART_BAUD_RATE);
    const transport = await createTransport(address);
    let streaming = false;
    // A rate the cart does not offer is refused the same way on every reconnect: stop at the
    // first IDENTITY that shows it instead of retrying until the connect timeout.
    let refusal: StationError | undefined;
    // Reconnects repeat the same fault every 250 ms or so: before the stream starts the latest one
    // goes into the no-stream error; once streaming, each distinct one is kept once and said at the
    // end, in the one stderr line of the run (issue 2: one line naming what was wrong).
    let lastProblem: string | undefined;
    const streamProblems: string[] = [];
    const problem = (message: string): void => {
      lastProblem = message;
      if (!streaming || streamProblems.includes(message)) return;
      streamProblems.push(message);
    };
    const session = new AcquisitionSession({
      transport,
      ...(rateHz !== undefined ? { rateHz } : {}),
      // Display filters only; the record holds unfiltered counts.
      filter: { highPassHz: 0.05, mainsHz: null, lowPassHz: 150 },
      reconnectInitialDelayMs: 250,
      onEvent: (e) => {
        if (e.type === 'block') streaming = true;
        if (e.type === 'identity' && !e.identity.supportedRatesHz.includes(e.rateHz) && refusal === undefined) {
          refusal = new StationError('cart-rate-unsupported', `the cart does not offer ${e.rateHz} Hz; it supports ${e.identity.supportedRatesHz.join(', ')} Hz (--rate)`);
          void session.stop();
          return;
        }
        if (e.type === 'status' && e.status.state === 'error' && refusal === undefined) problem(e.status.message);
      },
    });
    const captured = session.capture(seconds);
    session.start();
    const giveUp = setTimeout(() => {
      if (!streaming) void session.stop();
    }, connectTimeoutSec * 1000);
    let capture;
    try {
      capture = await captured;
    } catch (e) {
      if (refusal) throw refusal;
      // The session rejects a capture that never got a block ("no data captured"): say why in the user's terms.
      if (!streaming) {
        const last = lastProblem === undefined ? '' : ` (last: ${lastProblem})`;
        throw new StationError('cart-no-stream', `no stream from the cart within ${connectTimeoutSec} s${last}; nothing was recorded (is the cart on and connected to ${port}?)`);
      }
      throw e;
    } finally {
      clearTimeout(giveUp);
      await session.stop();
    }
    if (refusal) throw refusal;
    const headerPath = await writeRecord(outDir, captureToWfdb(capture, name));
    const stats = session.driver.stats;
    io.stdout(
      JSON.stringify({
        record: headerPath,
        fsHz: capture.fsHz,
        samples: capture.samples,
        complete: capture.complete,
        gaps: capture.gaps,
        framesOk: stats.framesOk,
        framesMissing: stats.framesMissing,
        crcErrors: stats.crcErrors,
        bytesDiscarded: stats.bytesDiscarded,
        simulated: capture.simulated,
      }),
    );
    if (!capture.complete) {
      // Not a usage error (2): the command was right, the cart went away. What was received is
      // kept as recorded (gaps never filled), and the line says where.
      const reason = capture.incompleteReason ?? 'cart lost';
      const others = streamProblems.filter((p) => p !== reason);
      const also = others.length > 0 ? ` (also: ${others.join('; ')})` : '';
      const receivedS = Math.round((capture.samples / capture.fsHz) * 10) / 10;
      throw new StationError('cart-capture-incomplete', `capture incomplete: ${reason}${also}; the ${receivedS} s received of ${seconds} s are written to ${headerPath}`);
    }
    if (streamProblems.length > 0) io.stderr(`cart: ${streamProblems.join('; ')}`);
    return 0;
  },
};
