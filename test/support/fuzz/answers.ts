/**
 * Protocol answers collected during a fuzz run and validated against their XSD at the end, in
 * batches through xmllint: identical answers (timestamps normalised) are validated once.
 */
import { validateWithXsd } from '../xmllint.js';

const TIMESTAMPS = /<((?:[\w.-]+:)?(?:timestamp|timestampReceived|DateDue|DateOfExpectedReply))>[^<]*<\/\1>/g;

export class AnswerCollector {
  /** xsd path → normalised answer → first case that produced it */
  private readonly byXsd = new Map<string, Map<string, number>>();
  collected = 0;

  add(xsd: string, answer: string, index: number): void {
    const normalised = answer.replace(TIMESTAMPS, '<$1>2026-01-01T00:00:00Z</$1>');
    let answers = this.byXsd.get(xsd);
    if (!answers) this.byXsd.set(xsd, (answers = new Map<string, number>()));
    if (!answers.has(normalised)) answers.set(normalised, index);
    this.collected += 1;
  }

  get distinct(): number {
    return [...this.byXsd.values()].reduce((n, m) => n + m.size, 0);
  }

  /** Every invalid answer as "case N: xmllint's words + the answer". */
  invalid(): string[] {
    const problems: string[] = [];
    for (const [xsd, answers] of this.byXsd) {
      const docs = [...answers.keys()];
      const cases = [...answers.values()];
      for (const result of validateWithXsd(xsd, docs)) {
        if (!result.valid) problems.push(`case ${cases[result.index]}: ${result.messages.join('\n')}\n${(docs[result.index] ?? '').slice(0, 2000)}`);
      }
    }
    return problems;
  }
}
