/**
 * Hidden characters: control characters print nothing, and text-direction overrides (U+202E) and
 * isolates reorder what follows, so a name holding them reads differently on screen, in the audit
 * log and on paper (a tester's U+202E turned a banner into "LEE800001 NRM 50-50-0891 BOD nnA ,LIVE").
 * Also zero-width spaces and joiners, line and paragraph separators, the byte-order mark, and
 * unassigned, private-use and lone surrogate code points. The one rule for every typed name: the
 * EKG's "Provider notified" (common/ekg/reviewWording.ts) and patient registration
 * (main/services/patients.ts, renderer/patients/newPatientProblems.ts).
 */
export const HIDDEN_CHARACTER = /[\p{Cc}\p{Cs}\p{Co}\p{Cn}\u200B-\u200F\u2028-\u202E\u2060-\u206F\uFEFF]/u;

/**
 * A zero-width joiner inside an emoji sequence (an emoji, with its skin tone or emoji-style
 * selector, joined to the next emoji: "👩‍⚕️" is woman + joiner + staff of Aesculapius) is part of
 * one visible picture, not a hidden character: a tester's "Dr Paula 👩‍⚕️" was refused as "a hidden
 * control or text-direction character". Whether the picture prints is each output's own rule (the
 * label charset, the report font); a joiner anywhere else stays hidden.
 */
const EMOJI_JOINER = /(?<=\p{Extended_Pictographic}(?:\u{FE0F}|[\u{1F3FB}-\u{1F3FF}])?)\u200D(?=\p{Extended_Pictographic})/gu;

/** Whether `text` holds a hidden control or text-direction character (HIDDEN_CHARACTER, outside emoji sequences). */
export function hasHiddenCharacter(text: string): boolean {
  return HIDDEN_CHARACTER.test(text.replace(EMOJI_JOINER, ''));
}

/**
 * The refusal of a typed `what` ("name", "family name") holding a hidden character, in plain words
 * naming the field, never its value (messages carry no patient data); null when it holds none.
 */
export function hiddenCharacterProblem(text: string, what: string): string | null {
  return hasHiddenCharacter(text) ? `The ${what} holds a hidden control or text-direction character (often pasted along with text): type the ${what} again.` : null;
}
