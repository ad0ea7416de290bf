// hl7-standard ships no types; only what our round-trip tests use.
declare module 'hl7-standard' {
  export default class HL7 {
    constructor(raw: string, options?: { lineEndings?: string });
    transform(callback?: (err: unknown) => void): void;
    get(field: string, index?: number): string | Record<string, string> | undefined;
    getSegments(type?: string): Array<{ type: string; get(field: string): string | Record<string, string> | undefined }>;
  }
}
