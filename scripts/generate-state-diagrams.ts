/**
 * Writes docs/state-machines.md from the borrowing and lending transition tables.
 * Run with `npm run docs:states` after changing a table; the unit test
 * test/unit/domain/diagram.test.ts fails while the committed file is stale.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { STATE_MACHINES_DOC_PATH, stateMachinesDocument } from '../src/domain/diagram.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const target = resolve(root, STATE_MACHINES_DOC_PATH);
mkdirSync(dirname(target), { recursive: true });
writeFileSync(target, stateMachinesDocument(), 'utf8');
process.stdout.write(`wrote ${STATE_MACHINES_DOC_PATH}\n`);
