import { useCallback, useState } from 'react';
import type { ResponseOf } from '../../common/ipc/contract.ts';
import { ErrorText, errorMessage } from '../components/ErrorText.tsx';
import { useInFlight } from '../components/useInFlight.ts';
import { usePolled } from '../components/usePolled.ts';
import { useClient } from '../context.ts';
import { flagFindingText } from '../../common/ekg/reviewWording.ts';
import { recordedSecondsText } from '../../common/format/seconds.ts';
import { localTime } from '../../common/format/time.ts';
import { patientName } from '../patients/PatientIdentifiers.tsx';
import type { ScreenProps } from '../screens/index.tsx';

type Worklist = ResponseOf<'ekg.worklist'>;
type Entry = Worklist['entries'][number];

/** Every 30 s (each look is an audited view), and at once when an EKG is captured anywhere. */
const REFRESH_MS = 30_000;

const urgencyWords: Record<Entry['urgency'], string> = { immediate: 'Immediate', prompt: 'Prompt', routine: 'Routine', none: 'No flag' };

/**
 * The provider's worklist: every EKG still unconfirmed, whichever patient it is of, most urgent
 * first and then oldest first, so none waits unseen. A row selects its patient (the audited
 * patient selection, which main may refuse) and opens the EKG in the EKG screen's review panel.
 */
export function ReviewWorklist({ session, onOpenEkg }: ScreenProps) {
  const client = useClient();
  const [total, setTotal] = useState<number | null>(null);
  const [error, setError] = useState<string | null>(null);
  const opening = useInFlight();
  const load = useCallback(
    () =>
      client.call('ekg.worklist', {}).then((w): Entry[] => {
        setTotal(w.total);
        setError(null);
        return w.entries;
      }),
    [client],
  );
  const [entries] = usePolled(load, REFRESH_MS, { event: 'cart.captured' });
  const open = (e: Entry) =>
    void opening.run(async () => {
      if (!e.patient) return;
      try {
        setError(null);
        const state = session.patient?.id === e.patient.id ? session : await client.call('records.patients.select', { patientId: e.patient.id });
        onOpenEkg(state, e.ekgId);
      } catch (err) {
        setError(errorMessage(err));
      }
    });

  return (
    <section aria-labelledby="worklist-title">
      <h1 id="worklist-title">Waiting for review{total === null ? '' : ` (${total})`}</h1>
      <p>
        EKGs not yet confirmed or over-read by a provider, for every patient: the most urgent flags first, then the oldest. Flags are raised by the station for provider
        review; they are not a diagnosis.
      </p>
      <ErrorText text={error} />
      {total === null ? (
        <p>Loading…</p>
      ) : entries.length === 0 ? (
        <p role="status">No EKG is waiting for review.</p>
      ) : (
        <>
          {total > entries.length && (
            <p role="note">
              Showing the {entries.length} most urgent of {total}. Review these first; the rest follow.
            </p>
          )}
          <table className="worklist" aria-label="EKGs waiting for review">
            <thead>
              <tr>
                <th>Urgency</th>
                <th>Patient</th>
                <th>Captured</th>
                <th>Flagged for review</th>
                <th>Provider notified</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {entries.map((e) => (
                <tr key={e.ekgId} className={e.patient ? 'clickable' : undefined} onClick={() => open(e)}>
                  <td>
                    <span className={`wl-urgency wl-${e.urgency}`}>{urgencyWords[e.urgency]}</span>
                  </td>
                  <td>
                    {e.patient ? (
                      <>
                        <div className="patient-name patient-id">
                          <bdi>{patientName(e.patient)}</bdi>
                        </div>
                        <div className="wl-ids">
                          <span>DOB {e.patient.birthDate}</span> <span>MRN {e.patient.mrn}</span>
                        </div>
                      </>
                    ) : (
                      <div className="bad">Patient not on this station</div>
                    )}
                    {e.simulated && <span className="sim-tag">SIMULATED</span>}
                  </td>
                  <td>
                    {localTime(e.capturedAtUtc)} <span className="muted">EKG #{e.ekgId}</span>
                    {e.incompleteRecordedSeconds !== null && (
                      <div>
                        <span className="wl-incomplete">Incomplete: {recordedSecondsText(e.incompleteRecordedSeconds)} recorded</span>
                      </div>
                    )}
                  </td>
                  <td>{e.flagCount === 0 ? 'No flag' : `${e.flagCount} ${e.flagCount === 1 ? 'flag' : 'flags'}: ${e.flagTexts.map(flagFindingText).join('; ')}`}</td>
                  <td>{e.providerNotified ? 'Yes' : 'Not recorded'}</td>
                  <td>
                    <button
                      type="button"
                      aria-label={`Review EKG ${e.ekgId}`}
                      disabled={!e.patient || opening.inFlight}
                      onClick={(ev) => {
                        ev.stopPropagation();
                        open(e);
                      }}>
                      Review
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </section>
  );
}
