// POC figures: ASTM capture decode throughput, live receiver state machine throughput, OneTouch
// dump parsing and HL7 ORU^R01 build rate. Prints figures only; nothing asserts a time.
import { decodeAstmCapture } from '../drivers/protocols/astm/capture.ts';
import { encodeFrame, framesForRecords, ENQ, EOT } from '../drivers/protocols/astm/frame.ts';
import { AstmReceiver } from '../drivers/protocols/astm/receiver.ts';
import { OneTouchLineDecoder, encodeLine, parseDump } from '../drivers/protocols/onetouch/protocol.ts';
import { buildCatalogue } from '../main/domain/poc/catalogue.ts';
import { evaluateResult } from '../main/domain/poc/evaluate.ts';
import { buildOru } from '../main/domain/poc/hl7.ts';

function time(label: string, units: number, unitName: string, fn: () => void): void {
  fn(); // warm-up
  const t0 = performance.now();
  const reps = 5;
  for (let i = 0; i < reps; i++) fn();
  const ms = (performance.now() - t0) / reps;
  console.log(`${label}: ${(units / (ms / 1000)).toFixed(0)} ${unitName}/s (${ms.toFixed(2)} ms per run of ${units})`);
}

export async function run(): Promise<void> {
  // 1,000 messages of 1 H + 1 P + 10 R + 1 L, handshake included.
  const records = ['H|\\^&||SIM|SIMULATED^1^SIM-B|||||||||1|20261122080000', 'P|1'];
  for (let i = 1; i <= 10; i++) records.push(`R|${i}|^^^Glucose|${80 + i}|mg/dL||||F||||202611220${8 + (i % 2)}0000|SIM-B`);
  records.push('L|1|N');
  const one = [Uint8Array.of(ENQ), ...framesForRecords(records).map(encodeFrame), Uint8Array.of(EOT)];
  const msgBytes = one.reduce((n, b) => n + b.length, 0);
  const capture = new Uint8Array(msgBytes * 1000);
  for (let m = 0, at = 0; m < 1000; m++) for (const b of one) capture.set(b, (at += b.length) - b.length);
  console.log(`ASTM capture: ${(capture.length / 1e6).toFixed(2)} MB, 1000 messages, 10000 results`);
  time('ASTM decode (capture -> readings)', capture.length / 1e6, 'MB', () => {
    const d = decodeAstmCapture(capture);
    if (d.readings.length !== 10_000) throw new Error('bench decode lost readings');
  });
  time('ASTM receiver state machine (64-byte chunks)', capture.length / 1e6, 'MB', () => {
    const r = new AstmReceiver({ requireEnq: false });
    for (let i = 0; i < capture.length; i += 64) r.feed(capture.subarray(i, i + 64), 0);
  });

  const lines = [encodeLine('P 500,"SIM-OT0001","MG/DL "')];
  for (let i = 0; i < 500; i++) lines.push(encodeLine(`P "SAT","11/22/26","08:${String(i % 60).padStart(2, '0')}:00   ","  ${String(60 + (i % 300)).padStart(3, '0')} ","N","00", 00`));
  const dump = new Uint8Array(lines.reduce((n, l) => n + l.length, 0));
  lines.reduce((at, l) => (dump.set(l, at), at + l.length), 0);
  time('OneTouch DMP parse (500 readings)', 500, 'readings', () => {
    parseDump(new OneTouchLineDecoder().feed(dump));
  });

  const cat = buildCatalogue();
  const evaluation = evaluateResult(cat, 'glucose-capillary', '432', 'mg/dL');
  time('HL7 ORU^R01 build', 10_000, 'messages', () => {
    for (let i = 0; i < 10_000; i++) {
      buildOru({
        controlId: `POC${i}`, sentAt: '2026-11-22T16:00:00Z', sendingApplication: 'POC', sendingFacility: 'C', receivingApplication: 'EMR', receivingFacility: 'C', mrnAuthority: 'C',
        patient: { mrn: `M${i}`, familyName: "O'Brien|x", givenName: 'Ann^B', dob: '1960-02-29', sex: 'F' },
        evaluation, observedAt: '2026-11-22T15:42:10-05:00', status: 'F', resultId: `R${i}`, operator: { id: 'op7', familyName: 'Lee', givenName: 'Kim' }, device: { id: 'SIM-1' },
        lot: { number: 'L42', expires: '2027-06' }, simulated: true,
      });
    }
  });
}
