import type { ComponentType } from 'react';
import type { ResponseOf } from '../../common/ipc/contract.ts';
import type { SessionState } from '../session/useSession.ts';
import { StationScreen } from './StationScreen.tsx';
import { AuditScreen } from '../audit/AuditScreen.tsx';
import { LabelsScreen } from '../labels/LabelsScreen.tsx';
import { PocScreen } from '../poc/PocScreen.tsx';
import { EkgScreen } from '../ekg/EkgScreen.tsx';
import { ReviewWorklist } from '../ekg/ReviewWorklist.tsx';

export interface ScreenProps {
  readonly info: ResponseOf<'app.info'> | null;
  /** Signed in and unlocked; `patient` may still be null on screens that do not need one. */
  readonly session: SessionState;
  /** A screen that must not be left yet (an unacknowledged immediate finding) passes the reason; null releases it. */
  readonly onLeaveGuard: (reason: string | null) => void;
  /** Shows an EKG in the EKG screen's review panel once its patient is selected (`state`: the session that selection answered). */
  readonly onOpenEkg: (state: SessionState, ekgId: number) => void;
  /** The EKG the EKG screen opens when it is shown (set by onOpenEkg; a new object each time), null otherwise. */
  readonly openEkg: { readonly ekgId: number } | null;
  /** The EKG screen says which EKG its review panel shows (null: none, or the screen is gone). */
  readonly onEkgShown: (ekgId: number | null) => void;
}

export type ScreenId = 'ekg' | 'review' | 'labels' | 'poc' | 'audit' | 'station';
type Role = NonNullable<SessionState['operator']>['role'];

/** The navigation: the three jobs of the procedure room, the provider's EKG worklist, the audit trail, and the station itself. */
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
  // Only a provider confirms or over-reads (main refuses the list to other roles too). Across patients: no patient needed.
  { id: 'review', label: 'Waiting for review', Component: ReviewWorklist, roles: ['provider'] },
  { id: 'labels', label: 'Labels', Component: LabelsScreen, roles: ['ma', 'provider'], needsPatient: true },
  { id: 'poc', label: 'POC tests', Component: PocScreen, roles: ['ma', 'provider'], needsPatient: true },
  { id: 'audit', label: 'Audit', Component: AuditScreen, roles: ['admin'] },
  { id: 'station', label: 'Station', Component: StationScreen },
];
