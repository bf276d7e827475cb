/**
 * The administrators' view of email delivery: subscribers by state, and per edition how
 * many messages are sent, queued, failed, bounced or skipped, with the latest problems.
 */
import type { EditionDeliveryStats } from '../../digest/outbox.repo.ts';

export interface DigestAdminProps {
  subscriptions: { kind: string; status: string; count: number }[];
  editions: EditionDeliveryStats[];
  problems: { editionKey: string; email: string; status: string; attempts: number; error: string | null }[];
}

const COLUMNS = ['sent', 'queued', 'failed', 'bounced', 'skipped'] as const;

export function DigestAdminPage({ subscriptions, editions, problems }: DigestAdminProps) {
  const kinds = [...new Set(subscriptions.map((s) => s.kind))].sort();
  const statuses = ['active', 'pending', 'unsubscribed', 'bounced'];
  const count = (k: string, s: string) =>
    subscriptions.find((x) => x.kind === k && x.status === s)?.count ?? 0;
  return (
    <section class="digest-admin" aria-labelledby="admin-h">
      <h1 id="admin-h">Email delivery</h1>
      <h2>Subscriptions</h2>
      {kinds.length === 0 ? (
        <p class="empty">Nobody has subscribed yet.</p>
      ) : (
        <table class="stats">
          <thead>
            <tr>
              <th scope="col">kind</th>
              {statuses.map((s) => (
                <th scope="col">{s}</th>
              ))}
            </tr>
          </thead>
          <tbody>
            {kinds.map((k) => (
              <tr>
                <th scope="row">{k}</th>
                {statuses.map((s) => (
                  <td data-kind={k} data-status={s}>
                    {count(k, s)}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <h2>Editions</h2>
      {editions.length === 0 ? (
        <p class="empty">No edition has been sent yet.</p>
      ) : (
        <table class="stats">
          <thead>
            <tr>
              <th scope="col">edition</th>
              <th scope="col">created</th>
              {COLUMNS.map((c) => (
                <th scope="col">{c}</th>
              ))}
            </tr>
          </thead>
          <tbody>
            {editions.map((e) => (
              <tr data-edition={e.key}>
                <th scope="row">
                  {e.kind === 'alert' ? (
                    e.key
                  ) : (
                    <a href={`/digest/preview/${e.key.replace(':', '/')}`}>{e.key}</a>
                  )}
                </th>
                <td>{e.createdAt.slice(0, 16).replace('T', ' ')}</td>
                {COLUMNS.map((c) => (
                  <td data-count={c}>{c === 'queued' ? e.counts.queued + e.counts.sending : e.counts[c]}</td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {problems.length > 0 && (
        <>
          <h2>Latest problems</h2>
          <table class="stats">
            <thead>
              <tr>
                <th scope="col">edition</th>
                <th scope="col">address</th>
                <th scope="col">status</th>
                <th scope="col">attempts</th>
                <th scope="col">last error</th>
              </tr>
            </thead>
            <tbody>
              {problems.map((p) => (
                <tr>
                  <td>{p.editionKey}</td>
                  <td>{p.email}</td>
                  <td>{p.status}</td>
                  <td>{p.attempts}</td>
                  <td>{p.error}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </section>
  );
}
