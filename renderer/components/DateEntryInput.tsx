import { useEffect, useRef, useState } from 'react';
import { DATE_ENTRY_FORMAT, DATE_ENTRY_HINT, dateEntryProblem, dateEntryText, dateEntryValue, formatDateEntryTyping, isDateEntrySoFar, type DateEntryKind } from '../format/dateEntry.ts';

interface Props {
  /** The input's id, for the form's own `<label htmlFor>`. */
  readonly id: string;
  readonly kind: DateEntryKind;
  /**
   * The form's value, as the browser's date / datetime-local input gave it: `YYYY-MM-DD` or
   * `YYYY-MM-DDTHH:MM` (local wall-clock time, no offset), '' while the text is empty or no real
   * date. A new value from the form (the Labels clock's next minute, a reset) replaces the text.
   */
  readonly value: string;
  readonly onChange: (value: string) => void;
  /**
   * The text as the field shows it, also while it is no date: for a form that must not take a
   * half-typed time for "empty" (POC "Time of test": empty = now), or that names the problem on
   * submit (dateEntryProblem).
   */
  readonly onTextChange?: (text: string) => void;
  /** Extra ids for aria-describedby (a note of the form's own under the field). */
  readonly describedBy?: string;
}

/**
 * A date (`YYYY-MM-DD`) or a date and a 24-hour time (`YYYY-MM-DD HH:MM`), typed as the station
 * shows them. It replaces the browser's date and datetime-local inputs, which showed the PC's US
 * format (mm/dd/yyyy, 12:18 AM) beside labels and lists saying 2026-11-24 00:15. The format is the
 * placeholder and is said under the field; a text that names no date or time of day is said under
 * it (dateEntryProblem) once it is whole or the field is left, and the form's value stays ''.
 */
export function DateEntryInput({ id, kind, value, onChange, onTextChange, describedBy }: Props) {
  const [text, setText] = useState(() => dateEntryText(value, kind));
  const [left, setLeft] = useState(false);
  // The value last given to the form, or received from it: a different one from the form (the Labels
  // clock's next minute, "Use the current time", a reset) replaces the text in the same render, so
  // the field never shows the old text beside a form that already holds the new value.
  const [given, setGiven] = useState(value);
  if (value !== given) {
    setGiven(value);
    setText(dateEntryText(value, kind));
    setLeft(false);
  }
  // The form is told of a text it replaced (after render: a parent's state is not set while rendering).
  const told = useRef(text);
  useEffect(() => {
    if (text !== told.current) {
      told.current = text;
      onTextChange?.(text);
    }
  }, [text]);

  const change = (typed: string) => {
    const next = formatDateEntryTyping(typed, kind, text);
    setText(next);
    told.current = next;
    onTextChange?.(next);
    const parsed = dateEntryValue(next, kind);
    if (parsed !== given) {
      setGiven(parsed);
      onChange(parsed);
    }
  };

  const format = DATE_ENTRY_FORMAT[kind];
  // Said once the entry is whole or the field is left, and at once for another order or a 12-hour time.
  const problem = text !== '' && (left || text.length >= format.length || !isDateEntrySoFar(text, kind)) ? dateEntryProblem(text, kind) : null;
  const describe = [`${id}-format`, ...(problem ? [`${id}-problem`] : []), ...(describedBy ? [describedBy] : [])].join(' ');
  return (
    <>
      <input
        id={id}
        className={`date-entry-input date-entry-${kind}`}
        type="text"
        inputMode="numeric"
        autoComplete="off"
        spellCheck={false}
        placeholder={format}
        value={text}
        aria-describedby={describe}
        aria-invalid={problem !== null}
        onChange={(e) => change(e.target.value)}
        // Left for its own form's submit button (Save, Show entries): not said here, that form says
        // it on submit; the line appearing under the field moved the button away from under the
        // pointer before the click. Left for anything else (another button, a disabled Add lot that
        // takes no focus, a field): said here.
        onBlur={(e) => {
          const to = e.relatedTarget;
          const ownSubmit = to instanceof HTMLButtonElement && to.type === 'submit' && to.form !== null && to.form === e.currentTarget.form;
          if (!ownSubmit) setLeft(true);
        }}
      />
      <span id={`${id}-format`} className="date-entry-format">
        {/* The format itself on one line (a narrow column broke it after "YYYY-"). */}
        {DATE_ENTRY_HINT[kind].slice(0, -format.length)}
        <span className="date-entry-pattern">{format}</span>
      </span>
      {problem && (
        <span id={`${id}-problem`} className="date-entry-problem error-text">
          {problem}
        </span>
      )}
    </>
  );
}
