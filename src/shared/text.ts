/**
 * The one normalisation of text that people type (names, handles, comments, notes,
 * reasons, searches kept as alerts) and of email addresses. Pure; every use case that
 * stores typed text passes it through here, so one rule holds everywhere:
 *
 * - Unicode NFC, so the same word is stored the same way whatever the keyboard sent;
 * - unpaired surrogates (invalid UTF-8 once stored) and control characters (NUL, ANSI
 *   escapes, …) are refused; multi-line text keeps tabs and newlines (CRLF → LF);
 * - in names and handles, bidirectional overrides and isolates (which make text read
 *   differently from how it is stored, e.g. to impersonate) are removed, and a name must
 *   have at least one visible character (not only spaces, zero-width or filler characters).
 */
import { ValidationError } from './errors.ts';

/** Unpaired UTF-16 surrogates: not representable in UTF-8. */
const LONE_SURROGATE = /\p{Cs}/u;
/** C0 / C1 controls and DEL, except tab and newline in multi-line text. */
const CONTROL = /[\p{Cc}]/u;
const CONTROL_BUT_TAB_NEWLINE = /[^\P{Cc}\t\n]/u;
/** Bidi embeddings, overrides, isolates and marks (LRE…RLO, LRI…PDI, LRM, RLM, ALM). */
const BIDI_CONTROLS = /[\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c]/gu;
/** A character that shows something: not whitespace, not invisible/format, not a lone mark, not a blank pattern. */
const VISIBLE = /[^\p{White_Space}\p{Default_Ignorable_Code_Point}\p{Cf}\p{Cc}\p{M}\u2800\u3164\uffa0]/u;

/**
 * NFC-normalised text, or a ValidationError naming `what` when it holds characters that
 * cannot be stored or shown faithfully.
 */
export function cleanText(raw: string, what: string, opts: { multiline?: boolean } = {}): string {
  if (LONE_SURROGATE.test(raw))
    throw new ValidationError(`${what} contains invalid characters (broken Unicode).`);
  const text = (opts.multiline ? raw.replace(/\r\n?/g, '\n') : raw).normalize('NFC');
  if ((opts.multiline ? CONTROL_BUT_TAB_NEWLINE : CONTROL).test(text))
    throw new ValidationError(`${what} cannot contain control characters.`);
  return text;
}

/** Removes bidi overrides, isolates and marks. */
export function stripBidi(text: string): string {
  return text.replace(BIDI_CONTROLS, '');
}

/** True when some character of `text` is visible. */
export function hasVisibleCharacter(text: string): boolean {
  return VISIBLE.test(text);
}

/** A person's name as shown to others: cleaned, bidi controls stripped, trimmed; must show something. */
export function cleanName(raw: string, what: string): string {
  const name = stripBidi(cleanText(raw, what)).trim().replace(/\s+/g, ' ');
  if (!hasVisibleCharacter(name)) throw new ValidationError(`${what} needs at least one visible character.`);
  return name;
}

/** A handle as typed: cleaned, bidi controls stripped, trimmed, lower-cased (its pattern is checked by the rules). */
export function cleanHandle(raw: string): string {
  return stripBidi(cleanText(raw, 'A handle')).trim().toLowerCase();
}

/**
 * One spelling per mailbox: trimmed, lower-cased (local parts are treated as
 * case-insensitive, as nearly every provider does), the domain's trailing dots removed
 * (`example.com.` is the same host) and international domains in their ASCII (punycode)
 * form. `+tags` are kept: `ada+papers@` is a different mailbox as far as we can know.
 * Null when it is not an address: one `@`, a dotted domain, no spaces, at most 254 characters.
 */
export function normalizeEmail(input: string): string | null {
  const at = input.lastIndexOf('@');
  if (at < 1) return null;
  const local = input.slice(0, at).trim().normalize('NFC').toLowerCase();
  const rawDomain = input
    .slice(at + 1)
    .trim()
    .replace(/\.+$/, '');
  const labels = rawDomain.split('.');
  if (labels.length < 2 || labels.some((l) => !/^[^\s@/\\?#:[\]]+$/u.test(l))) return null;
  if (/\s|@|[\p{Cc}]/u.test(local)) return null;
  let domain: string;
  try {
    domain = new URL(`http://${rawDomain}`).hostname;
  } catch {
    return null;
  }
  const e = `${local}@${domain}`;
  return e.length > 254 ? null : e;
}
