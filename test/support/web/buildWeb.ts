/**
 * Vitest global set-up of the integration suites: the browser tests must drive the UI as the
 * sources are now. `npm install` builds dist/web (prepare); when a file under src/web is newer,
 * this run builds its own copy in a temporary directory and points the servers at it
 * (INTERLEND_WEB_DIR), so runs in parallel never see each other's half-written builds.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(path) : statSync(path).mtimeMs);
  }
  return newest;
}

export default function setup(): (() => void) | undefined {
  const built = join('dist', 'web', 'index.html');
  if (existsSync(built) && statSync(built).mtimeMs >= newestMtime(join('src', 'web'))) return undefined;
  const outDir = mkdtempSync(join(tmpdir(), 'interlend-web-'));
  execFileSync(process.execPath, [join('node_modules', 'vite', 'bin', 'vite.js'), 'build', '--config', 'src/web/vite.config.ts', '--logLevel', 'warn', '--outDir', outDir, '--emptyOutDir'], {
    stdio: 'inherit',
    env: { ...process.env, NODE_ENV: 'production' },
  });
  process.env.INTERLEND_WEB_DIR = outDir;
  return () => rmSync(outDir, { recursive: true, force: true });
}
