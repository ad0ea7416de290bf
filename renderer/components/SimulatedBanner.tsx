/** Always visible while any device is simulated or demo data is loaded: nobody may mistake it for a patient's data. */
export function SimulatedBanner() {
  return (
    <div className="simulated-banner" role="alert" aria-label="Simulated mode">
      SIMULATED — training / demo devices and data. Not for patient care.
    </div>
  );
}
