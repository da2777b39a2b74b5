import { hashPassword } from '../services/auth/password.js';
import { SettingsError } from './settings.js';

/**
 * `interlend hash-password`: reads a password from stdin (first line; a terminal echoes it,
 * so pipe it in) and prints its scrypt hash for the `passwordHash` of a user in the network file.
 */
export async function printPasswordHash(input: NodeJS.ReadableStream = process.stdin): Promise<void> {
  const chunks: Buffer[] = [];
  for await (const chunk of input) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk)));
  const password = Buffer.concat(chunks).toString('utf8').split(/\r?\n/)[0] ?? '';
  if (password.length === 0) throw new SettingsError('hash-password: no password on stdin (e.g. `printf %s "$PASSWORD" | npx interlend hash-password`)');
  console.log(await hashPassword(password));
}
