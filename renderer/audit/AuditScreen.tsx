import { localTime } from '../../common/format/time.ts';
import { auditDetailsParts, auditReason, shortAuditId } from '../format/auditDetails.ts';
import { Fragment, useState, type FormEvent } from 'react';
import type { RequestOf, ResponseOf } from '../../common/ipc/contract.ts';
import { useClient } from '../context.ts';
import { ErrorText, errorMessage } from '../components/ErrorText.tsx';
import { AnchorFindings } from './AnchorFindings.tsx';
import { DateEntryInput } from '../components/DateEntryInput.tsx';
import { dateEntryProblem } from '../format/dateEntry.ts';

type Page = ResponseOf<'records.audit.query'>;
type Filters = { patientMrn: string; patientId: string; operatorId: string; verb: string; action: string; from: string; to: string };

type KindOfAction = NonNullable<RequestOf<'records.audit.query'>['action']>;
/** The log's ATNA kinds of action in words for the filter: one per value the contract takes (the Record type checks it). */
const KIND_OF_ACTION_WORDS: Readonly<Record<KindOfAction, string>> = {
  create: 'Create (a new record)',
  read: 'Read (viewed, searched)',
  update: 'Update (changed, cancelled)',
  delete: 'Delete',
  execute: 'Execute (printed, sent, signed in)',
};

/** A local calendar day (`YYYY-MM-DD`) as the UTC instant of its first or last millisecond on this PC's clock. */
const toUtc = (local: string, endOfDay: boolean) => (local ? new Date(`${local}T${endOfDay ? '23:59:59.999' : '00:00:00.000'}`).toISOString() : undefined);

/** The audit trail, newest first, filtered and paged by main (keyset paging stays fast on large logs). */
export function AuditScreen() {
  const client = useClient();
  const [filters, setFilters] = useState<Filters>({ patientMrn: '', patientId: '', operatorId: '', verb: '', action: '', from: '', to: '' });
  const [pages, setPages] = useState<Page[]>([]);
  const [error, setError] = useState<string | null>(null);
  const set = (k: keyof Filters) => (e: { target: { value: string } }) => setFilters({ ...filters, [k]: e.target.value });
  const setDate = (k: 'from' | 'to') => (value: string) => setFilters((f) => ({ ...f, [k]: value }));
  // The From and To fields as shown: a date half typed or unreal is refused on Show entries, never
  // searched as "no date" (all of the log).
  const [dateTexts, setDateTexts] = useState({ from: '', to: '' });
  const setDateText = (k: 'from' | 'to') => (text: string) => setDateTexts((t) => ({ ...t, [k]: text }));

  const request = (cursor: Page['nextCursor']): RequestOf<'records.audit.query'> => {
    const from = toUtc(filters.from, false);
    const to = toUtc(filters.to, true);
    return {
      cursor,
      limit: 50,
      ...(filters.patientMrn.trim() && { patientMrn: filters.patientMrn.trim() }),
      ...(filters.patientId.trim() && { patientId: filters.patientId.trim() }),
      ...(filters.operatorId.trim() && { operatorId: filters.operatorId.trim() }),
      ...(filters.verb.trim() && { verb: filters.verb.trim() }),
      ...(filters.action && { action: filters.action as KindOfAction }),
      ...(from && { fromUtc: from }),
      ...(to && { toUtc: to }),
    };
  };
  const load = async (cursor: Page['nextCursor']) => {
    try {
      setError(null);
      const page = await client.call('records.audit.query', request(cursor));
      setPages(cursor === null ? [page] : [...pages, page]);
    } catch (err) {
      // A refused new search ("no patient with MRN ...") must not stand beside the previous search's entries.
      if (cursor === null) setPages([]);
      setError(errorMessage(err));
    }
  };
  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    const fromProblem = dateEntryProblem(dateTexts.from, 'date');
    const toProblem = dateEntryProblem(dateTexts.to, 'date');
    if (fromProblem !== null || toProblem !== null) {
      setPages([]);
      setError([fromProblem && `From: ${fromProblem}`, toProblem && `To: ${toProblem}`].filter(Boolean).join(' '));
      return;
    }
    void load(null);
  };
  const entries = pages.flatMap((p) => p.entries);
  const next = pages.at(-1)?.nextCursor ?? null;

  return (
    <section aria-labelledby="audit-title">
      <h1 id="audit-title">Audit trail</h1>
      <AnchorFindings />
      <form className="filters" onSubmit={onSubmit}>
        {/* The MRN is what an administrator knows; main finds the patient id the log holds. */}
        <div>
          <label htmlFor="f-patient-mrn">Patient MRN</label>
          <input id="f-patient-mrn" autoComplete="off" value={filters.patientMrn} onChange={set('patientMrn')} />
        </div>
        <div>
          <label htmlFor="f-operator">Operator</label>
          <input id="f-operator" value={filters.operatorId} onChange={set('operatorId')} />
        </div>
        {/* The log's own words: the action as written (print, sign-in, label-reprint...), and its ATNA kind. */}
        <div>
          <label htmlFor="f-verb">Action</label>
          <input id="f-verb" placeholder="e.g. print, sign-in" value={filters.verb} onChange={set('verb')} />
        </div>
        <div>
          <label htmlFor="f-action">Kind of action</label>
          <select id="f-action" value={filters.action} onChange={set('action')}>
            <option value="">Any</option>
            {Object.entries(KIND_OF_ACTION_WORDS).map(([value, words]) => (
              <option key={value} value={value}>
                {words}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label htmlFor="f-from">From</label>
          <DateEntryInput id="f-from" kind="date" value={filters.from} onChange={setDate('from')} onTextChange={setDateText('from')} />
        </div>
        <div>
          <label htmlFor="f-to">To</label>
          <DateEntryInput id="f-to" kind="date" value={filters.to} onChange={setDate('to')} onTextChange={setDateText('to')} />
        </div>
        {/* Kept for whoever has only the id the log stores (an export, a support case): not the usual way in. */}
        <details>
          <summary>Internal patient id</summary>
          <label htmlFor="f-patient">Patient id (internal)</label>
          <input id="f-patient" value={filters.patientId} onChange={set('patientId')} />
        </details>
        <button type="submit" className="primary">
          Show entries
        </button>
      </form>
      <ErrorText text={error} />
      {pages.length > 0 && (
        <table aria-label="Audit entries">
          <thead>
            <tr>
              <th>Entry, time</th>
              <th>Operator</th>
              <th>Action</th>
              <th>Object</th>
              <th>Patient</th>
              <th>Outcome</th>
              <th>Reason</th>
              <th>Details</th>
            </tr>
          </thead>
          <tbody>
            {entries.map((e) => {
              const objectId = e.objectId === null ? null : shortAuditId(e.objectId);
              // A shortened object id is given whole in the details, where a long value may wrap.
              const details = [...(objectId !== null && objectId !== e.objectId ? [`object id: ${e.objectId}`] : []), ...auditDetailsParts(e.details)];
              return (
                <tr key={e.seq}>
                  {/* The entry's number (what `audit verify` and the integrity panel name) above its time: one column, so nine fit a 1024-px screen. */}
                  <td>
                    #{e.seq}
                    <br />
                    {localTime(e.atUtc)}
                  </td>
                  <td>
                    {e.operatorId ?? '—'} {e.operatorRole && `(${e.operatorRole})`}
                  </td>
                  {/* The verb says what was done; its kind (create, read...) is for the filter, named on hover. */}
                  <td title={`Kind of action: ${e.action}`}>{e.verb}</td>
                  <td>
                    {e.objectType}{' '}
                    {/* An object id (a printer address, a setting) may wrap anywhere: it is no patient identifier, and a 1024-px screen must not scroll sideways. */}
                    <span style={{ overflowWrap: 'anywhere' }}>{objectId ?? ''}</span>
                  </td>
                  <td>{e.patientId === null ? '' : e.patientMrn === null ? 'not on this station' : <span className="patient-id">{e.patientMrn}</span>}</td>
                  <td className={e.outcome === 'failure' ? 'bad' : undefined}>{e.outcome}</td>
                  <td>{auditReason(e.reason, e.details) ?? ''}</td>
                  <td className="details">
                    {/* The dot rides with the part before it, so a wrapped line starts with a key. */}
                    {details.map((part, i, all) => (
                      <Fragment key={i}>
                        {i > 0 && ' '}
                        <span>{i < all.length - 1 ? `${part} ·` : part}</span>
                      </Fragment>
                    ))}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
      {next && (
        <button type="button" onClick={() => void load(next)}>
          More entries
        </button>
      )}
    </section>
  );
}
