import { spawn, type ChildProcess } from 'node:child_process';
import { PROJECT_ROOT } from '../serverProcess.js';

/**
 * A real `interlend serve` process that can be killed with SIGKILL and started again on the
 * same port and database. `bin/interlend.js` runs the server inside the node process it
 * starts (tsx is registered in-process), and the process is spawned detached, so signalling
 * the group reaches the server itself: no shutdown hook, no flush, exactly like a power cut.
 */
export interface KillableServer {
  readonly name: string;
  readonly base: string;
  /** Starts the process and resolves once /health answers 200. */
  start(): Promise<void>;
  /** SIGKILL to the whole process group; resolves once the process is gone. */
  kill(): Promise<void>;
  /** SIGTERM (a clean stop), for the end of a test. */
  stop(): Promise<void>;
  /** Everything the current and earlier incarnations wrote, for failure messages. */
  output(): string;
}

const HEALTHY_WITHIN_MS = 120_000;

export function killableServer(name: string, args: string[], env: NodeJS.ProcessEnv, port: number): KillableServer {
  const base = `http://127.0.0.1:${port}`;
  let child: ChildProcess | undefined;
  let closed: Promise<void> = Promise.resolve();
  let output = '';

  const signal = async (sig: NodeJS.Signals): Promise<void> => {
    const running = child;
    if (!running?.pid || running.exitCode !== null || running.signalCode !== null) return;
    try {
      process.kill(-running.pid, sig);
    } catch {
      // The group is already gone.
    }
    await closed;
    child = undefined;
  };

  return {
    name,
    base,
    async start() {
      const started = spawn(process.execPath, ['bin/interlend.js', ...args], {
        cwd: PROJECT_ROOT,
        env: { ...process.env, ...env, PORT: String(port) },
        detached: true,
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      child = started;
      closed = new Promise((resolve) => started.once('close', () => resolve()));
      started.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
      started.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
      const deadline = Date.now() + HEALTHY_WITHIN_MS;
      for (;;) {
        if (started.exitCode !== null) throw new Error(`${name} exited with ${started.exitCode}:\n${output.slice(-4000)}`);
        try {
          const response = await fetch(`${base}/health`);
          if (response.status === 200) return;
        } catch {
          // Not listening yet.
        }
        if (Date.now() > deadline) throw new Error(`${name} did not become healthy within ${HEALTHY_WITHIN_MS} ms:\n${output.slice(-4000)}`);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    },
    kill: () => signal('SIGKILL'),
    stop: () => signal('SIGTERM'),
    output: () => output,
  };
}
