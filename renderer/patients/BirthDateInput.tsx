import { useEffect, useRef, useState } from 'react';
import { isIsoDate } from '../../common/calendar.ts';
import { localIsoDate, typedBirthDateProblem } from '../../common/patients/birthDate.ts';
import { formatDateEntryTyping, isDateEntrySoFar } from '../format/dateEntry.ts';

/** The one way dates of birth are written on this station: entered as every banner, label and report shows them. */
export const BIRTH_DATE_FORMAT = 'YYYY-MM-DD';

interface Props {
  /** The input's id, for the form's own `<label htmlFor>`. */
  readonly id: string;
  /** The date as the form holds it: `YYYY-MM-DD`, or '' until a real date is typed (what a date input gave). */
  readonly value: string;
  readonly onChange: (isoDate: string) => void;
  /**
   * The text as the field shows it, also while it is no date (1957-02-29, 03/04/1956): for a form
   * that says problems on Save (sayProblem={false}), to name the real one (typedBirthDateProblem)
   * instead of "Enter the date of birth" under a field that holds a date.
   */
  readonly onTextChange?: (text: string) => void;
  /**
   * Say a date the rule refuses under the field (default). Off where the form lists every problem
   * itself on Save (NewPatientForm), so the same words are not said twice.
   */
  readonly sayProblem?: boolean;
}

/**
 * A date of birth, typed in the station's one date format, YYYY-MM-DD (shown as the placeholder and
 * under the field). It replaces the browser's date input, which showed mm/dd/yyyy on a station whose
 * banners, labels and reports show 1990-02-03: a date entered one way and read back another is
 * misread (03/04 is March or April). Checked by the rule main applies (common/patients/birthDate.ts)
 * once the date is complete or the field is left. The form gets the same value a date input gave.
 */
export function BirthDateInput({ id, value, onChange, onTextChange, sayProblem = true }: Props) {
  const [text, setText] = useState(value);
  const [left, setLeft] = useState(false);
  // The value last given to the form: a different one from the form (a reset after saving) replaces the text.
  const given = useRef(value);
  useEffect(() => {
    if (value !== given.current) {
      given.current = value;
      setText(value);
      onTextChange?.(value);
      setLeft(false);
    }
  }, [value]);

  const change = (typed: string) => {
    const next = formatDateEntryTyping(typed, 'date', text);
    setText(next);
    onTextChange?.(next);
    const iso = isIsoDate(next) ? next : '';
    if (iso !== given.current) {
      given.current = iso;
      onChange(iso);
    }
  };

  // Said once the date is whole or the field is left, and at once for a day or month first (03/04/...).
  const problem = sayProblem && text !== '' && (left || text.length === BIRTH_DATE_FORMAT.length || !isDateEntrySoFar(text, 'date')) ? typedBirthDateProblem(text, localIsoDate(Date.now())) : null;
  return (
    <>
      <input
        id={id}
        className="birth-date-input"
        type="text"
        inputMode="numeric"
        autoComplete="off"
        placeholder={BIRTH_DATE_FORMAT}
        maxLength={BIRTH_DATE_FORMAT.length}
        value={text}
        aria-describedby={`${id}-format${problem ? ` ${id}-problem` : ''}`}
        aria-invalid={problem !== null}
        onChange={(e) => change(e.target.value)}
        onBlur={() => setLeft(true)}
      />
      <span id={`${id}-format`} className="birth-date-format">
        Year-month-day: {BIRTH_DATE_FORMAT}
      </span>
      {problem && (
        <span id={`${id}-problem`} className="birth-date-problem error-text">
          {problem}
        </span>
      )}
    </>
  );
}
