import { probeDeployment } from '../services/interop/probeDeployment.js';

/** `interlend probe <url>`: prints each check; exit 1 when the ISO 18626 endpoint did not answer as one. */
export async function probe(url: string, flags: { timeout?: string }): Promise<void> {
  const checks = await probeDeployment(url, flags.timeout ? { timeoutMs: Number(flags.timeout) } : {});
  for (const c of checks) console.log(`${c.ok ? 'ok  ' : 'FAIL'}  ${c.check.padEnd(11)} ${c.target}\n      ${c.result} (${c.ms} ms)`);
  if (!checks.find((c) => c.check === 'iso18626')?.ok) process.exitCode = 1;
}
