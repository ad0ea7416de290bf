import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { StationError } from '../../../common/errors.ts';
import { DeviceSupervisor, type DeviceStatus, type SupervisedDriver } from '../../../main/devices/supervisor.ts';

/** A driver whose connect outcomes the test scripts; it is the unit under supervision's boundary. */
class ScriptedDriver implements SupervisedDriver {
  readonly address = 'tcp:127.0.0.1:1';
  outcomes: Array<'ok' | 'fail'> = [];
  connects = 0;
  disconnects = 0;
  private lost = new Set<(e: StationError) => void>();
  async connect(): Promise<void> {
    this.connects++;
    if ((this.outcomes.shift() ?? 'ok') === 'fail') throw new StationError('transport-fatal', 'port busy');
  }
  async disconnect(): Promise<void> {
    this.disconnects++;
  }
  onLost(l: (e: StationError) => void): () => void {
    this.lost.add(l);
    return () => this.lost.delete(l);
  }
  loseConnection(): void {
    this.lost.forEach((l) => l(new StationError('transport-disconnected', 'unplugged')));
  }
}

describe('DeviceSupervisor', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('backs off exponentially while connecting fails, then reports connected', async () => {
    const driver = new ScriptedDriver();
    driver.outcomes = ['fail', 'fail', 'fail', 'ok'];
    const states: DeviceStatus[] = [];
    const sup = new DeviceSupervisor({ driver, onStatus: (s) => states.push(s), initialDelayMs: 100, maxDelayMs: 300 });
    sup.start();
    await vi.advanceTimersByTimeAsync(0);
    expect(sup.current).toMatchObject({ state: 'error', retryInMs: 100, code: 'transport-fatal' });
    await vi.advanceTimersByTimeAsync(99);
    expect(driver.connects).toBe(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(driver.connects).toBe(2);
    expect(sup.current).toMatchObject({ state: 'error', retryInMs: 200 });
    await vi.advanceTimersByTimeAsync(200);
    expect(sup.current).toMatchObject({ state: 'error', retryInMs: 300 });
    await vi.advanceTimersByTimeAsync(300);
    expect(sup.current.state).toBe('connected');
    expect(states.map((s) => s.state)).toEqual(['connecting', 'error', 'connecting', 'error', 'connecting', 'error', 'connecting', 'connected']);
  });

  it('reconnects after the connection is lost, with the backoff reset', async () => {
    const driver = new ScriptedDriver();
    const sup = new DeviceSupervisor({ driver, onStatus: () => undefined, initialDelayMs: 100 });
    sup.start();
    await vi.advanceTimersByTimeAsync(0);
    expect(sup.current.state).toBe('connected');
    driver.loseConnection();
    expect(sup.current).toMatchObject({ state: 'error', message: 'unplugged', retryInMs: 100 });
    await vi.advanceTimersByTimeAsync(100);
    expect(sup.current.state).toBe('connected');
    expect(driver.connects).toBe(2);
  });

  it('stop() cancels a pending retry and disconnects', async () => {
    const driver = new ScriptedDriver();
    driver.outcomes = ['fail'];
    const sup = new DeviceSupervisor({ driver, onStatus: () => undefined, initialDelayMs: 100 });
    sup.start();
    await vi.advanceTimersByTimeAsync(0);
    await sup.stop();
    await vi.advanceTimersByTimeAsync(10_000);
    expect(driver.connects).toBe(1);
    expect(sup.current.state).toBe('disconnected');
  });

  it('retryNow() (device attached) skips the remaining backoff; does nothing while connected', async () => {
    const driver = new ScriptedDriver();
    driver.outcomes = ['fail', 'fail'];
    const sup = new DeviceSupervisor({ driver, onStatus: () => undefined, initialDelayMs: 10_000 });
    sup.start();
    await vi.advanceTimersByTimeAsync(0);
    sup.retryNow();
    await vi.advanceTimersByTimeAsync(0);
    expect(driver.connects).toBe(2);
    expect(sup.current).toMatchObject({ state: 'error', retryInMs: 20_000 });
    sup.retryNow();
    await vi.advanceTimersByTimeAsync(0);
    expect(sup.current.state).toBe('connected');
    sup.retryNow();
    await vi.advanceTimersByTimeAsync(0);
    expect(driver.connects).toBe(3);
  });
});
