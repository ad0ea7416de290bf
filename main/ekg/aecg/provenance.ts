/**
 * Who and what recorded a series (HL7 aECG implementation guide 2005, series author and secondary
 * performer; as the hl7v3-aecg library writes them):
 * - the device: series > author > seriesAuthor > manufacturedSeriesDevice, its serial number as
 *   `id@extension`, its model as `manufacturerModelName`, and `code` 12LEAD_ELECTROCARDIOGRAPH (the
 *   guide's suggested device code; it names no code system, hence codeSystem "");
 * - the operator who captured it: series > secondaryPerformer, `functionCode`
 *   ELECTROCARDIOGRAPH_TECH (the guide's suggested function), > seriesPerformer with the login as
 *   `id@extension` and the display name in assignedPerson > name.
 */
import { attr, escapeXml, kids, one, path, type XmlElement } from './xml.ts';

export interface AecgDevice {
  model: string;
  /** Null: the source has no serial number (a demo capture, a file). */
  serial: string | null;
}

export interface AecgOperator {
  /** The operator's login. */
  id: string;
  /** Their display name. */
  name: string;
}

const TECH = 'ELECTROCARDIOGRAPH_TECH';

export function encodeDevice(d: AecgDevice): string {
  const id = d.serial === null ? '' : `<id extension="${escapeXml(d.serial)}"/>`;
  return `<author><seriesAuthor><manufacturedSeriesDevice>${id}<code code="12LEAD_ELECTROCARDIOGRAPH" codeSystem=""/><manufacturerModelName>${escapeXml(d.model)}</manufacturerModelName></manufacturedSeriesDevice></seriesAuthor></author>`;
}

export function encodeOperator(o: AecgOperator): string {
  return `<secondaryPerformer><functionCode code="${TECH}" codeSystem=""/><seriesPerformer><id extension="${escapeXml(o.id)}"/><assignedPerson><name>${escapeXml(o.name)}</name></assignedPerson></seriesPerformer></secondaryPerformer>`;
}

export function decodeDevice(series: XmlElement): AecgDevice | null {
  const author = series.children.find((c) => c.name === 'author');
  if (author === undefined) return null;
  const device = path(author, 'seriesAuthor', 'manufacturedSeriesDevice');
  const id = device.children.find((c) => c.name === 'id');
  return { model: one(device, 'manufacturerModelName').text, serial: id === undefined ? null : attr(id, 'extension') };
}

/** The electrocardiograph technician among the series' secondary performers (the first one named so). */
export function decodeOperator(series: XmlElement): AecgOperator | null {
  const tech = kids(series, 'secondaryPerformer').find((p) => p.children.some((c) => c.name === 'functionCode' && c.attrs['code'] === TECH));
  if (tech === undefined) return null;
  const performer = one(tech, 'seriesPerformer');
  return { id: attr(one(performer, 'id'), 'extension'), name: path(performer, 'assignedPerson', 'name').text };
}
