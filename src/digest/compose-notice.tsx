/**
 * Short transactional emails of the subscription flow (confirm your address). Pure.
 */
import { renderToString } from 'preact-render-to-string';
import type { EmailContent } from './compose.tsx';

export function composeConfirmation(v: {
  siteName: string;
  baseUrl: string;
  what: string;
  confirmUrl: string;
}): EmailContent {
  const subject = `Confirm your subscription to ${v.siteName}`;
  const html = renderToString(
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="color-scheme" content="light dark" />
        <title>{subject}</title>
      </head>
      <body
        style={{
          fontFamily: '-apple-system, "Segoe UI", Roboto, Helvetica, Arial, sans-serif',
          lineHeight: '1.5',
        }}
      >
        <p>
          Someone, hopefully you, asked to receive {v.what} from {v.siteName}.
        </p>
        <p>
          <a
            href={v.confirmUrl}
            style={{
              display: 'inline-block',
              padding: '10px 16px',
              background: '#b3400b',
              color: '#ffffff',
              borderRadius: '6px',
              textDecoration: 'none',
            }}
          >
            Confirm my subscription
          </a>
        </p>
        <p style={{ fontSize: '13px' }}>
          Nothing will be sent until you confirm. If this was not you, ignore this email and you will hear
          nothing more from us.
        </p>
      </body>
    </html>,
  );
  const text = [
    `Someone, hopefully you, asked to receive ${v.what} from ${v.siteName}.`,
    '',
    'Confirm your subscription here:',
    v.confirmUrl,
    '',
    'Nothing will be sent until you confirm. If this was not you, ignore this email and',
    'you will hear nothing more from us.',
    '',
  ].join('\n');
  return { subject, html: `<!doctype html>${html}`, text };
}
