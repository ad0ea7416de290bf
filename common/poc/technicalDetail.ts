/**
 * A refusal's plain words with the technical detail after them, in one error message (the IPC
 * error carries a code and a message only): main writes `withTechnicalDetail(words, detail)`, a
 * screen shows the words and keeps the detail behind a "Technical detail" disclosure
 * (splitTechnicalDetail). A message without a detail is all words.
 */
const MARK = '\nTechnical detail: ';

export function withTechnicalDetail(words: string, detail: string): string {
  return detail.trim() === '' ? words : `${words}${MARK}${detail.trim()}`;
}

export function splitTechnicalDetail(message: string): { readonly words: string; readonly detail: string | null } {
  const at = message.indexOf(MARK);
  return at < 0 ? { words: message, detail: null } : { words: message.slice(0, at), detail: message.slice(at + MARK.length) };
}
