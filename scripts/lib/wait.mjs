// Polls a URL until it answers (any HTTP status) or the deadline passes.
export async function waitForUrl(url, { timeoutMs = 60_000, intervalMs = 250 } = {}) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      await fetch(url, { signal: AbortSignal.timeout(2_000) });
      return;
    } catch (err) {
      if (Date.now() > deadline) throw new Error(`${url} did not answer within ${timeoutMs} ms (${err})`);
      await new Promise((r) => setTimeout(r, intervalMs));
    }
  }
}

// CLI: `node scripts/lib/wait.mjs URL` — used to order the stack's start-up.
if (import.meta.url === `file://${process.argv[1]}`) {
  const url = process.argv[2];
  if (!url) throw new Error("usage: wait.mjs URL");
  await waitForUrl(url, { timeoutMs: 120_000 });
}
