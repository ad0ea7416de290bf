import { describe, expect, it } from 'vitest';
import { encodeHostStatusRequest, HostStatusDecoder, statusFaults } from '../../../../drivers/protocols/zebra/hostStatus.ts';
import { PrinterSimulator } from '../../../../drivers/simulators/printer/printerSim.ts';

const ascii = (s: string) => Uint8Array.from([...s].map((c) => c.charCodeAt(0)));

function setup(silentWhenFaulted = false) {
  const labels: string[] = [];
  const sim = new PrinterSimulator({ silentWhenFaulted, labelLengthDots: 203 }, (z) => labels.push(z));
  const faults = () => {
    const e = new HostStatusDecoder().feed(sim.receive(encodeHostStatusRequest()), 0);
    return e.length === 0 ? 'silent' : e[0]!.kind === 'status' ? statusFaults(e[0]!.status) : 'error';
  };
  return { sim, labels, faults };
}

describe('printer simulator', () => {
  it('prints each complete format once, even when split across chunks', () => {
    const { sim, labels } = setup();
    sim.receive(ascii('^XA^FDone^FS^X'));
    sim.receive(ascii('Z^XA^FDtwo^FS'));
    expect(labels).toEqual(['^XA^FDone^FS^XZ']);
    sim.receive(ascii('^XZ'));
    expect(labels).toEqual(['^XA^FDone^FS^XZ', '^XA^FDtwo^FS^XZ']);
  });

  it('answers ~HS with the state it was told, and buffers labels until ready', () => {
    const { sim, labels, faults } = setup();
    expect(faults()).toEqual([]);
    sim.setState('paper-out');
    expect(faults()).toEqual(['paper-out', 'paused']);
    sim.receive(ascii('^XA^XZ'));
    expect(labels).toHaveLength(0);
    sim.setState('head-open');
    expect(faults()).toEqual(['head-open', 'paused']);
    sim.setState('ready');
    expect(labels).toHaveLength(1);
  });

  it('is silent to ~HS while faulted when emulating newer firmware, and always when offline', () => {
    const { sim, faults } = setup(true);
    sim.setState('head-open');
    expect(faults()).toBe('silent');
    sim.setState('paused');
    expect(faults()).toEqual(['paused']);
    sim.setState('offline');
    expect(faults()).toBe('silent');
  });

  it('finds ~HS split across chunks', () => {
    const { sim } = setup();
    expect(sim.receive(ascii('~H')).length).toBe(0);
    expect(sim.receive(ascii('S')).length).toBeGreaterThan(0);
  });
});

describe('printer simulator: a roll of labels', () => {
  it('goes paper-out once the last label on the roll is printed, keeps later formats, and prints them on a new (endless) roll', () => {
    const labels: string[] = [];
    const sim = new PrinterSimulator({ silentWhenFaulted: false, labelLengthDots: 203, labelsOnRoll: 2 }, (z) => labels.push(z));
    const faults = () => {
      const e = new HostStatusDecoder().feed(sim.receive(encodeHostStatusRequest()), 0);
      return e[0]?.kind === 'status' ? statusFaults(e[0].status) : 'no reply';
    };
    sim.receive(ascii('^XA^FDone^FS^XZ'));
    expect([sim.state, faults()]).toEqual(['ready', []]);
    sim.receive(ascii('^XA^FDtwo^FS^XZ^XA^FDthree^FS^XZ'));
    expect(labels).toEqual(['^XA^FDone^FS^XZ', '^XA^FDtwo^FS^XZ']);
    expect([sim.state, faults()]).toEqual(['paper-out', ['paper-out', 'paused']]);
    sim.setState('ready');
    expect(labels).toHaveLength(3);
    for (let i = 0; i < 5; i++) sim.receive(ascii('^XA^XZ'));
    expect([labels.length, sim.state]).toEqual([8, 'ready']);
  });
});
