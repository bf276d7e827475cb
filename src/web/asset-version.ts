/**
 * Content hash of the stylesheet, put in its URL (`/assets/app.css?v=…`) so browsers may
 * cache it for long and still fetch the new one right after an upgrade.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';

const css = fs.readFileSync(new URL('./assets/app.css', import.meta.url));
export const CSS_VERSION = createHash('sha256').update(css).digest('base64url').slice(0, 10);
