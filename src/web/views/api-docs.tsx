/** The readable API page: the OpenAPI document, grouped and rendered for people. */

interface Operation {
  tags?: string[];
  summary?: string;
  description?: string;
  parameters?: {
    name: string;
    in: string;
    description?: string;
    required?: boolean;
    schema?: { enum?: string[] };
  }[];
}

export function ApiDocsPage({ doc, baseUrl }: { doc: Record<string, unknown>; baseUrl: string }) {
  const ops = Object.entries(doc.paths as Record<string, Record<string, Operation>>).flatMap(
    ([path, methods]) =>
      Object.entries(methods).map(([method, op]) => ({ path, method: method.toUpperCase(), op })),
  );
  const tags = doc.tags as { name: string; description: string }[];
  return (
    <section class="feed api-docs" aria-labelledby="api-h">
      <header class="feed-header">
        <div>
          <p class="kicker">Developers</p>
          <h1 id="api-h">API, feeds and citations</h1>
          <p class="sub">
            JSON compatible with Hugging Face's papers API, feeds for every list, and citations.
            Machine-readable: <a href="/openapi.json">/openapi.json</a> (OpenAPI 3.1).
          </p>
        </div>
      </header>
      <p>Point the Hugging Face client at this instance:</p>
      <pre>
        <code>{`HF_ENDPOINT=${baseUrl} python -c 'from huggingface_hub import HfApi
print([p.title for p in HfApi().list_daily_papers()])'`}</code>
      </pre>
      <p>
        Answers carry <code>ETag</code> and <code>Cache-Control</code> (send <code>If-None-Match</code> for a
        304), GET answers may be read from any origin, and each client gets a request budget per minute (429
        with <code>Retry-After</code> beyond).
      </p>
      {tags.map((tag) => (
        <section aria-labelledby={`tag-${tag.name}`}>
          <h2 id={`tag-${tag.name}`}>{tag.name}</h2>
          <p class="sub">{tag.description}</p>
          <dl>
            {ops
              .filter(({ op }) => op.tags?.includes(tag.name))
              .map(({ path, method, op: get }) => (
                <>
                  <dt>
                    <code>
                      {method} {path}
                    </code>
                  </dt>
                  <dd>
                    <p>
                      {get.summary}
                      {get.description ? `. ${get.description}` : ''}
                    </p>
                    {get.parameters && get.parameters.length > 0 && (
                      <ul>
                        {get.parameters.map((prm) => (
                          <li>
                            <code>{prm.name}</code> ({prm.in}
                            {prm.required ? ', required' : ''}){prm.description ? `: ${prm.description}` : ''}
                            {prm.schema?.enum ? ` One of ${prm.schema.enum.join(', ')}.` : ''}
                          </li>
                        ))}
                      </ul>
                    )}
                  </dd>
                </>
              ))}
          </dl>
        </section>
      ))}
    </section>
  );
}
