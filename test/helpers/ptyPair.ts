// Tests use the same socat pty pair as the station's simulated devices.
export { createPtyPair, type PtyPair } from '../../main/devices/ptyPair.ts';
