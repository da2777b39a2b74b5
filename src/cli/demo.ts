import { applyNetworkConfig } from '../services/applyNetworkConfig.js';
import { loadConfigFile } from '../config/loadConfigFile.js';
import { createInterlend } from '../runtime/interlend.js';
import { openDatabase } from '../store/database.js';
import { migrateToLatest } from '../store/migrate.js';
import { ApiClient, type RequestView } from './apiClient.js';
import { runLoanLifecycle } from './loanLifecycle.js';
import { DEMO_CONSORTIUM_FILE } from './serve.js';

/**
 * `interlend demo`: a full loan from North State University (US-NSU) to Harbor City Public
 * Library (US-HCPL), located first among North State's partners, through the REST API of a running demo server (`--url`) or of one
 * started here in memory, then both timelines.
 */
export async function runDemo(options: { url?: string | undefined }): Promise<void> {
  let stop: (() => Promise<void>) | undefined;
  let base = options.url;
  if (!base) {
    const database = openDatabase({ dataDir: 'memory://' });
    await migrateToLatest(database.db);
    await applyNetworkConfig(database.db, loadConfigFile(DEMO_CONSORTIUM_FILE), DEMO_CONSORTIUM_FILE);
    const interlend = await createInterlend({ db: database.db, logger: false, demoMode: true });
    base = await interlend.listen({ port: 0, host: '127.0.0.1' });
    interlend.startBackground();
    stop = async () => {
      await interlend.stop();
      await database.close();
    };
    console.log(`started a demo server in memory at ${base}`);
  }
  try {
    const started = Date.now();
    // Of North State's two partners only Harbor City holds this book (config/demo-catalogue/): locate finds it there.
    const { borrowing, lending } = await runLoanLifecycle({ borrower: new ApiClient(base), lender: new ApiClient(base) }, 'US-NSU', 'US-HCPL', 'HCPL', {
      citation: { title: 'Where the crawdads sing', author: 'Owens, Delia', isbn: '9780735219090' },
      locateAmong: ['LKC', 'HCPL'],
    });
    console.log(`\nA loan from Harbor City Public Library to North State University, start to finish in ${Date.now() - started} ms\n`);
    printTimeline(`Borrowing request ${borrowing.number} at North State University (US-NSU)`, borrowing);
    printTimeline(`Lending request ${lending.number} at Harbor City Public Library (US-HCPL)`, lending);
  } finally {
    await stop?.();
  }
}

function printTimeline(title: string, request: RequestView): void {
  console.log(title);
  console.log('─'.repeat(title.length));
  for (const event of request.history) {
    const time = event.at.slice(11, 23);
    const move = event.fromLabel && event.fromLabel !== event.toLabel ? `${event.fromLabel} → ${event.toLabel}` : event.toLabel;
    console.log(`  ${time}  ${event.event.padEnd(26)} ${move}${event.note ? `  (${event.note})` : ''}   by ${event.actor}`);
  }
  console.log(`  messages: ${request.messages.map((m) => `${m.direction === 'in' ? '←' : '→'} ${m.summary ?? m.kind} ${m.status ?? ''}`.trim()).join(', ')}\n`);
}
