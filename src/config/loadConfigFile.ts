import { readFileSync } from 'node:fs';
import { isMap, isSeq, LineCounter, parseDocument, type Node } from 'yaml';
import { formatPath, networkConfigSchema, type NetworkConfig } from './networkConfig.js';

/** A config file problem, already phrased for the operator: `file:line:col path: problem`. */
export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(problems.join('\n'));
    this.name = 'ConfigError';
  }
}

export function loadConfigFile(file: string): NetworkConfig {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new ConfigError([`${file}: cannot read: ${(error as Error).message}`]);
  }
  return parseConfigText(text, file);
}

export function parseConfigText(text: string, file: string): NetworkConfig {
  const lineCounter = new LineCounter();
  const document = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const position = (offset: number): string => {
    const { line, col } = lineCounter.linePos(offset);
    return `${file}:${line}:${col}`;
  };
  if (document.errors.length > 0) {
    throw new ConfigError(document.errors.map((e) => `${position(e.pos[0])}: YAML: ${e.message.split('\n')[0]}`));
  }
  const result = networkConfigSchema.safeParse(document.toJS());
  if (result.success) return result.data;
  throw new ConfigError(
    result.error.issues.map((issue) => {
      const node = nearestNode(document.contents, issue.path);
      const where = node?.range ? position(node.range[0]) : `${file}:1:1`;
      const path = formatPath(issue.path);
      return `${where}: ${path || '(top level)'}: ${issue.message}`;
    }),
  );
}

/** The deepest YAML node along `path` (a missing key points at its parent). */
function nearestNode(root: unknown, path: readonly PropertyKey[]): Node | undefined {
  let node = root as Node | undefined;
  for (const part of path) {
    let next: unknown;
    if (isMap(node)) next = node.get(part, true);
    else if (isSeq(node) && typeof part === 'number') next = node.get(part, true);
    if (next === undefined || next === null) break;
    node = next as Node;
  }
  return node;
}
