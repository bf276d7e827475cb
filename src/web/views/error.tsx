export function ErrorPage({ status, message }: { status: number; message: string }) {
  const heading =
    status === 404 ? 'Not found' : status === 400 ? 'Bad request' : status === 429 ? 'Slow down' : 'Error';
  return (
    <section class="error-page">
      <h1>
        {status} · {heading}
      </h1>
      <p>{message}</p>
      <p>
        <a href="/">Back to today's papers</a>
      </p>
    </section>
  );
}
