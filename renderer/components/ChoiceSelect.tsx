/** A select of a qualitative test's allowed values, starting on "Choose…" (nothing is preselected). */
export function ChoiceSelect(props: { id: string; value: string; options: readonly string[]; onChange: (value: string) => void }) {
  return (
    <select id={props.id} value={props.value} onChange={(e) => props.onChange(e.target.value)}>
      <option value="">Choose…</option>
      {props.options.map((v) => (
        <option key={v} value={v}>
          {v}
        </option>
      ))}
    </select>
  );
}
