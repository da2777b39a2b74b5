import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfigFile, parseConfigText } from '../../../src/config/loadConfigFile.js';
import { DEMO_CONSORTIUM_FILE } from '../../../src/cli/serve.js';

function problemsOf(text: string): string[] {
  try {
    parseConfigText(text, 'net.yaml');
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('network file', () => {
  it('ships a demo consortium with the three ISIL symbols', () => {
    const config = loadConfigFile(DEMO_CONSORTIUM_FILE);
    expect(config.institutions.map((i) => [i.name, i.symbols[0]])).toEqual([
      ['North State University', { idType: 'ISIL', idValue: 'US-NSU' }],
      ['Harbor City Public Library', { idType: 'ISIL', idValue: 'US-HCPL' }],
      ['Lakeside College', { idType: 'ISIL', idValue: 'US-LKC' }],
    ]);
  });

  it('reads TYPE:VALUE symbols and upper-cases the type', () => {
    const config = parseConfigText(
      'institutions:\n  - code: A\n    name: A\n    symbols: ["isil:XX-A"]\n    libraries: [{code: M, name: M}]\n',
      'net.yaml',
    );
    expect(config.institutions[0]?.symbols).toEqual([{ idType: 'ISIL', idValue: 'XX-A' }]);
    expect(config.institutions[0]?.libraries[0]?.symbols).toEqual([]);
  });

  it('names file, line, column and path of a wrong value', () => {
    expect(problemsOf('institutions:\n  - code: A\n    name: A\n    symbols: ["no-colon"]\n    libraries: [{code: M, name: M}]\n')).toEqual([
      'net.yaml:4:15: institutions[0].symbols[0]: expected TYPE:VALUE, e.g. ISIL:US-NSU',
    ]);
  });

  it('points a missing key at its parent', () => {
    const [problem] = problemsOf('institutions:\n  - code: A\n    symbols: ["ISIL:A"]\n    libraries: [{code: M, name: M}]\n');
    expect(problem).toMatch(/^net\.yaml:2:5: institutions\[0\]\.name: /);
  });

  it('refuses unknown keys so typos are caught', () => {
    const [problem] = problemsOf('institutions:\n  - code: A\n    name: A\n    symbol: ["ISIL:A"]\n    symbols: ["ISIL:A"]\n    libraries: [{code: M, name: M}]\n');
    expect(problem).toContain('institutions[0]');
    expect(problem).toContain('symbol');
  });

  it('refuses a symbol used twice and an institution code used twice', () => {
    const problems = problemsOf(`institutions:
  - code: A
    name: A
    symbols: ["ISIL:X"]
    libraries: [{code: M, name: M}]
  - code: A
    name: B
    symbols: ["ISIL:X"]
    libraries: [{code: M, name: M}, {code: M, name: N}]
`);
    expect(problems).toEqual([
      expect.stringMatching(/^net\.yaml:6:11: institutions\[1\]\.code: institution code "A" is already used by institutions\[0\]/),
      expect.stringMatching(/^net\.yaml:8:15: institutions\[1\]\.symbols\[0\]: symbol ISIL:X is already used at institutions\[0\]\.symbols\[0\]/),
      expect.stringMatching(/^net\.yaml:9:\d+: institutions\[1\]\.libraries\[1\]\.code: library code "M" appears twice/),
    ]);
  });

  it('reports YAML syntax errors with their position', () => {
    const [problem] = problemsOf('institutions:\n  - code: A\n   name: [unclosed\n');
    expect(problem).toMatch(/^net\.yaml:\d+:\d+: YAML: /);
  });

  it('refuses duplicate keys', () => {
    const [problem] = problemsOf('institutions: []\ninstitutions: []\n');
    expect(problem).toMatch(/^net\.yaml:2:1: YAML: /);
  });

  it('names an unreadable file', () => {
    expect(() => loadConfigFile('/nonexistent/net.yaml')).toThrow(/\/nonexistent\/net\.yaml: cannot read/);
  });
});
