/** Electrode positions on a simple torso outline (front view, patient's right on the left). */
const ELECTRODES: ReadonlyArray<readonly [string, number, number]> = [
  ['RA', 30, 40],
  ['LA', 170, 40],
  ['RL', 55, 250],
  ['LL', 145, 250],
  ['V1', 84, 110],
  ['V2', 116, 110],
  ['V3', 118, 148],
  ['V4', 122, 186],
  ['V5', 148, 180],
  ['V6', 168, 170],
];

/** Electrodes whose state is not known: grey, neither connected (green) nor off (red). */
const UNKNOWN = '#9e9e9e';

/**
 * Which electrodes are off, on a torso diagram and in words (for screen readers and glances).
 * `electrodesOff` null: not known (the cart is not connected), all grey.
 */
export function TorsoDiagram({ electrodesOff }: { readonly electrodesOff: readonly string[] | null }) {
  const off = new Set(electrodesOff);
  const label = electrodesOff === null ? 'Electrodes: not known while the cart is not connected' : off.size === 0 ? 'All electrodes connected' : `Electrodes off: ${[...off].join(', ')}`;
  const dot = (name: string) => (electrodesOff === null ? UNKNOWN : off.has(name) ? '#b00020' : '#1b6e20');
  return (
    <figure className="torso">
      <svg viewBox="0 0 200 290" role="img" aria-label={label} width="160">
        <path d="M60 20 Q100 5 140 20 L175 60 L160 120 L155 280 L45 280 L40 120 L25 60 Z" fill="#f3ece6" stroke="#987" strokeWidth="2" />
        {ELECTRODES.map(([name, x, y]) => (
          <g key={name}>
            <circle cx={x} cy={y} r="9" fill={dot(name)} />
            <text x={x} y={y + 22} textAnchor="middle" fontSize="11" fontWeight="700" fill={off.has(name) ? '#b00020' : '#333'}>
              {name}
            </text>
          </g>
        ))}
      </svg>
      <figcaption className={electrodesOff === null ? 'muted' : off.size ? 'bad' : 'ok'}>{label}</figcaption>
    </figure>
  );
}
