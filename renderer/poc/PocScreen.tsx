import { useCallback, useState } from 'react';
import type { ScreenProps } from '../screens/index.tsx';
import { EmrLinkStrip } from './EmrLinkStrip.tsx';
import { PendingReadings } from './PendingReadings.tsx';
import { ResultEntry } from './ResultEntry.tsx';
import { ResultsTable } from './ResultsTable.tsx';
import { usePocData } from './usePoc.ts';
import { QcLog } from './QcLog.tsx';

/** Point-of-care tests for the current patient: enter or download, QC lockout, results, EMR export. */
export function PocScreen({ session, info }: ScreenProps) {
  const patientId = session.patient!.id;
  const { tests, lots, results, reload } = usePocData(patientId);
  const [version, setVersion] = useState(0);
  const refresh = () => {
    setVersion((v) => v + 1);
    void reload().catch(() => undefined);
  };
  // A message sent, refused or set aside: the table re-reads where each result is (one audited view per change).
  const onDeliveriesChanged = useCallback(() => void reload().catch(() => undefined), [reload]);
  return (
    <section aria-labelledby="poc-title">
      <h1 id="poc-title">Point-of-care tests</h1>
      <EmrLinkStrip waitingShown={results.filter((r) => r.exported?.delivery === 'waiting').length} onDeliveriesChanged={onDeliveriesChanged} />
      <div className="poc-layout">
        <ResultEntry patientId={patientId} draftKey={`${session.operator?.login ?? ''}/${patientId}`} tests={tests} lots={lots} refreshKey={version} results={results} onChanged={refresh} />
        <div>
          <ResultsTable results={results} tests={tests} onChanged={refresh} />
          <PendingReadings patientId={patientId} tests={tests} lots={lots} meter={info?.meter ?? null} onChanged={refresh} />
          <QcLog tests={tests} refreshKey={version} />
        </div>
      </div>
    </section>
  );
}
