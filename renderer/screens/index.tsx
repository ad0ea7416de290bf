import type { ComponentType } from 'react';
import type { ResponseOf } from '../../common/ipc/contract.ts';
import { StationScreen } from './StationScreen.tsx';

export interface ScreenProps {
  readonly info: ResponseOf<'app.info'> | null;
}

export type ScreenId = 'station' | 'ekg' | 'labels' | 'poc' | 'audit';

/** The navigation: the three jobs of the procedure room, the audit trail, and the station itself. */
export const screens: ReadonlyArray<{ id: ScreenId; label: string; Component: ComponentType<ScreenProps> }> = [
  { id: 'station', label: 'Station', Component: StationScreen },
];
