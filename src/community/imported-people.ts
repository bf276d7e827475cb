/**
 * People imported from Hugging Face (daily-paper submitters) live in their own namespace:
 * their handle is `hf:<HF user name>`, which no local handle can be (local handles are
 * `a-z 0-9 - _`). So an import never creates, takes over or attaches entries to a local
 * account, whatever name it carries; pages show them as Hugging Face users linking to
 * their profile there. Pure.
 */

const PREFIX = 'hf:';
/** Hugging Face user and organisation names: letters, digits, `-`, `_`, `.`; no leading punctuation. */
const HF_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,95}$/;

/** The HF user name if it is one (anything else, like `../../x` or markup, is dropped). */
export function validHfName(name: string | undefined | null): string | null {
  return name && HF_NAME.test(name) && !name.includes('..') ? name : null;
}

/** The stored handle of an imported HF user. */
export function importedHandle(hfName: string): string {
  return `${PREFIX}${hfName}`;
}

/** The HF user name behind a stored handle, or null for a local member. */
export function hfNameOf(handle: string): string | null {
  return handle.startsWith(PREFIX) ? handle.slice(PREFIX.length) : null;
}

export function hfProfileUrl(hfName: string): string {
  return `https://huggingface.co/${encodeURIComponent(hfName)}`;
}

/** The name the HF-compatible API shows: an imported user's HF name, a member's handle. */
export function publicHandle(handle: string): string {
  return hfNameOf(handle) ?? handle;
}
