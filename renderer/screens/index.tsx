import type { ComponentType } from 'react';
import type { ResponseOf } from '../../common/ipc/contract.ts';
import type { SessionState } from '../session/useSession.ts';
import { StationScreen } from './StationScreen.tsx';
import { AuditScreen } from '../audit/AuditScreen.tsx';
import { LabelsScreen } from '../labels/LabelsScreen.tsx';
import { PocScreen } from '../poc/PocScreen.tsx';
import { EkgScreen } from '../ekg/EkgScreen.tsx';

export interface ScreenProps {
  readonly info: ResponseOf<'app.info'> | null;
  /** Signed in and unlocked; `patient` may still be null on screens that do not need one. */
  readonly session: SessionState;
  /** A screen that must not be left yet (an unacknowledged immediate finding) passes the reason; null releases it. */
  readonly onLeaveGuard: (reason: string | null) => void;
}

export type ScreenId = 'ekg' | 'labels' | 'poc' | 'audit' | 'station';
type Role = NonNullable<SessionState['operator']>['role'];

/** The navigation: the three jobs of the procedure room, the audit trail, and the station itself. */
export interface ScreenEntry {
  readonly id: ScreenId;
  readonly label: string;
  readonly Component: ComponentType<ScreenProps>;
  /** Only these roles see it (main enforces the same rule on every call). */
  readonly roles?: readonly Role[];
  /** The screen works on the current patient: the patient picker comes first. */
  readonly needsPatient?: boolean;
}

export const screens: readonly ScreenEntry[] = [
  { id: 'ekg', label: 'EKG', Component: EkgScreen, roles: ['ma', 'provider'], needsPatient: true },
  { id: 'labels', label: 'Labels', Component: LabelsScreen, roles: ['ma', 'provider'], needsPatient: true },
  { id: 'poc', label: 'POC tests', Component: PocScreen, roles: ['ma', 'provider'], needsPatient: true },
  { id: 'audit', label: 'Audit', Component: AuditScreen, roles: ['admin'] },
  { id: 'station', label: 'Station', Component: StationScreen },
];
