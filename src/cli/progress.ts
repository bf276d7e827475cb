import cliProgress from 'cli-progress';

/** A progress bar on a terminal, silent elsewhere (pipes, CI logs get the final count only). */
export function progressBar(label: string) {
  if (!process.stderr.isTTY) return { update: (_d: number, _t: number) => {}, stop: () => {} };
  const bar = new cliProgress.SingleBar(
    {
      format: `${label} [{bar}] {value}/{total} {percentage}% · eta {eta_formatted}`,
      stream: process.stderr,
      hideCursor: true,
    },
    cliProgress.Presets.shades_classic,
  );
  let started = false;
  return {
    update(done: number, total: number) {
      if (!started) {
        bar.start(total, 0);
        started = true;
      }
      bar.setTotal(total);
      bar.update(done);
    },
    stop: () => started && bar.stop(),
  };
}

/** One bar per named stage, each stopped when its count is reached (multi-stage runs). */
export function progressBars(): (stage: string, done: number, total: number) => void {
  const bars = new Map<string, ReturnType<typeof progressBar>>();
  return (stage, done, total) => {
    let bar = bars.get(stage);
    if (!bar) {
      bar = progressBar(stage);
      bars.set(stage, bar);
    }
    bar.update(done, total);
    if (done === total) bar.stop();
  };
}
