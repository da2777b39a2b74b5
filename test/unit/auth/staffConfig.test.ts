import { beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, parseConfigText } from '../../../src/config/loadConfigFile.js';
import { testPasswordHash } from '../../support/auth/accounts.js';

let hash: string;
beforeAll(async () => {
  hash = await testPasswordHash();
});

function network(users: string): string {
  return `institutions:
  - code: NSU
    name: North State University
    symbols: ["ISIL:US-NSU"]
    libraries: [{ code: MAIN, name: Main }, { code: LAW, name: Law }]
    users:
${users}
`;
}

function problems(text: string): string {
  try {
    parseConfigText(text, 'net.yaml');
  } catch (error) {
    if (error instanceof ConfigError) return error.message;
    throw error;
  }
  throw new Error('expected the file to be refused');
}

describe('users in the network file', () => {
  it('reads staff with roles and library scope, and patrons with a patronId', () => {
    const config = parseConfigText(
      network(`      - { username: ada, name: Ada Admin, roles: [fulfillment-admin], passwordHash: "${hash}" }
      - { username: otto, name: Otto Operator, roles: [services-operator], libraries: [LAW], passwordHash: "${hash}" }
      - { username: pat, name: Pat Patron, patronId: P-1, passwordHash: "${hash}", active: false }`),
      'net.yaml',
    );
    expect(config.institutions[0]?.users).toEqual([
      { username: 'ada', name: 'Ada Admin', roles: ['fulfillment-admin'], passwordHash: hash, active: true },
      { username: 'otto', name: 'Otto Operator', roles: ['services-operator'], libraries: ['LAW'], passwordHash: hash, active: true },
      { username: 'pat', name: 'Pat Patron', patronId: 'P-1', passwordHash: hash, active: false },
    ]);
  });

  it('refuses a plaintext password, naming line, path and what to do', () => {
    const message = problems(network(`      - { username: ada, name: Ada, roles: [fulfillment-admin], passwordHash: demo }`));
    expect(message).toContain('net.yaml:7:');
    expect(message).toContain('institutions[0].users[0].passwordHash: expected a scrypt hash');
    expect(message).toContain('npx interlend hash-password');
  });

  it.each([
    ['an unknown role', `{ username: a, name: A, roles: [librarian], passwordHash: "HASH" }`, 'institutions[0].users[0].roles[0]'],
    ['no role and no patronId', `{ username: a, name: A, passwordHash: "HASH" }`, 'institutions[0].users[0].roles: a staff account needs at least one role'],
    ['a patron with roles', `{ username: a, name: A, patronId: P, roles: [circulation-desk], passwordHash: "HASH" }`, 'institutions[0].users[0].roles: a patron account'],
    ['libraries for a non-operator', `{ username: a, name: A, roles: [circulation-desk], libraries: [MAIN], passwordHash: "HASH" }`, 'only a services-operator is scoped to libraries'],
    ['an unknown library', `{ username: a, name: A, roles: [services-operator], libraries: [ART], passwordHash: "HASH" }`, 'institutions[0].users[0].libraries[0]: unknown library "ART"; this institution has MAIN, LAW'],
    ['a bad username', `{ username: "a b", name: A, roles: [circulation-desk], passwordHash: "HASH" }`, 'institutions[0].users[0].username'],
    ['a plaintext password key', `{ username: a, name: A, roles: [circulation-desk], password: demo }`, 'password'],
  ])('refuses %s', (_name, user, expected) => {
    expect(problems(network(`      - ${user.replace('HASH', hash)}`))).toContain(expected);
  });

  it('refuses a username used twice in one institution', () => {
    const message = problems(
      network(`      - { username: ada, name: A, roles: [fulfillment-admin], passwordHash: "${hash}" }
      - { username: ada, name: B, roles: [circulation-desk], passwordHash: "${hash}" }`),
    );
    expect(message).toContain('institutions[0].users[1].username: username "ada" is already used by users[0]');
  });
});
