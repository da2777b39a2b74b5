import { parseConfigText } from '../../../src/config/loadConfigFile.js';
import type { NetworkConfig } from '../../../src/config/networkConfig.js';
import { testPasswordHash } from './accounts.js';

/**
 * The test network (NSU, HCPL, LKC) with accounts: at NSU one user per staff role (the
 * services operator scoped to MAIN of MAIN and LAW) and two patrons; at LKC an administrator.
 */
export async function networkWithAccounts(): Promise<NetworkConfig> {
  const hash = await testPasswordHash();
  const user = (username: string, extra: string) => `      - { username: ${username}, name: ${username}, passwordHash: "${hash}", ${extra} }`;
  return parseConfigText(
    `
institutions:
  - code: NSU
    name: North State University
    symbols: ["ISIL:US-NSU"]
    libraries: [{ code: MAIN, name: Main Library }, { code: LAW, name: Law Library }]
    partners:
      - { code: HCPL, name: Harbor City, symbol: "ISIL:US-HCPL" }
      - { code: LKC, name: Lakeside, symbol: "ISIL:US-LKC" }
    users:
${user('admin', 'roles: [fulfillment-admin]')}
${user('partners', 'roles: [partners-manager]')}
${user('operator', 'roles: [services-operator], libraries: [MAIN]')}
${user('desk', 'roles: [circulation-desk]')}
${user('patron', 'patronId: P-1')}
${user('other-patron', 'patronId: P-2')}
  - code: HCPL
    name: Harbor City Public Library
    symbols: ["ISIL:US-HCPL"]
    libraries: [{ code: CENTRAL, name: Central Library }]
    partners:
      - { code: NSU, name: North State, symbol: "ISIL:US-NSU" }
  - code: LKC
    name: Lakeside College
    symbols: ["ISIL:US-LKC"]
    libraries: [{ code: LIB, name: College Library }]
    partners:
      - { code: NSU, name: North State, symbol: "ISIL:US-NSU" }
    users:
${user('admin', 'roles: [fulfillment-admin]')}
`,
    'accounts.yaml',
  );
}
