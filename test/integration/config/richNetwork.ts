import { parseConfigText } from '../../../src/config/loadConfigFile.js';
import { applyNetworkConfig } from '../../../src/services/applyNetworkConfig.js';
import { secretHash } from '../../../src/services/interop/credentials.js';
import type { Db } from '../../../src/store/database.js';
import { testPasswordHash } from '../../support/auth/accounts.js';

/** Outbound secrets of the rich network: none of them may ever appear in an export. */
export const OUTBOUND_SECRETS = {
  /** Read from the environment by the original file. */
  farToken: 'far-bearer-token-from-env-7c1d',
  farCode: 'far-security-code-literal-91ab',
  hcplCode: 'hcpl-security-code-from-env-55e0',
  brokerPassword: 'broker-basic-password-literal-3f2a',
  nsuCode: 'nsu-code-at-hcpl-literal-0b9c',
};

/** The environment the original file reads. */
export const ORIGINAL_ENV = { INTERLEND_SECRET_ORIGINAL_FAR_TOKEN: OUTBOUND_SECRETS.farToken, INTERLEND_SECRET_ORIGINAL_HCPL_CODE: OUTBOUND_SECRETS.hcplCode };

/** What an export names the outbound secrets: INTERLEND_SECRET_<INSTITUTION>_<PARTNER>_<KIND>. */
export const EXPORTED_ENV = {
  INTERLEND_SECRET_NSU_FAR_TOKEN: OUTBOUND_SECRETS.farToken,
  INTERLEND_SECRET_NSU_FAR_CODE: OUTBOUND_SECRETS.farCode,
  INTERLEND_SECRET_NSU_HCPL_CODE: OUTBOUND_SECRETS.hcplCode,
  INTERLEND_SECRET_NSU_BROKER_PASSWORD: OUTBOUND_SECRETS.brokerPassword,
  INTERLEND_SECRET_HCPL_NSU_CODE: OUTBOUND_SECRETS.nsuCode,
};

export const INBOUND_HASHES = {
  far: secretHash('far-inbound-basic'),
  farCode: secretHash('far-inbound-code'),
  hcpl: secretHash('hcpl-inbound-code'),
  nsu: secretHash('nsu-inbound-bearer'),
};

/** Two institutions with everything the network file can say (needs ORIGINAL_ENV set to parse). */
export async function richNetworkText(): Promise<string> {
  const hash = await testPasswordHash();
  return `institutions:
  - code: NSU
    name: North State University
    symbols: ["ISIL:US-NSU", "OCLC:NSU"]
    libraries:
      - { code: MAIN, name: Main Library }
      - { code: LAW, name: Law Library, symbols: ["ISIL:US-NSU-LAW"] }
      - { code: SCI, name: Science Library }
    locateProfiles:
      - { code: far-z3950, name: Far on Z39.50, protocol: z3950, host: z.far.example, port: 210, database: books }
    partners:
      - code: HCPL
        name: Harbor City Public Library
        symbol: "ISIL:US-HCPL"
        averageSupplyDays: 2.5
        requestExpiry: { days: 5 }
        credentials:
          inbound: { requestingAgencyAuthentication: { accountId: HCPL-IN, securityCodeHash: "${INBOUND_HASHES.hcpl}" } }
          outbound: { requestingAgencyAuthentication: { accountId: NSU-OUT, securityCode: "\${INTERLEND_SECRET_ORIGINAL_HCPL_CODE}" } }
      - code: FAR
        name: Far Away University
        symbol: "ISIL:XX-FAR"
        endpoint: "https://ill.far.example/iso18626"
        active: true
        requestExpiry: { date: "2027-03-01T00:00:00.000Z" }
        systemType: alma
        supportsBorrowing: false
        profileType: broker
        deliveryDelayDays: 2
        currency: EUR
        sendRequesterInfo: true
        sharedBarcodes: true
        ignoreLenderShippingCost: true
        resendOverdueIntervalDays: 7
        borrowingWorkflowProfile: BORROW-PLAIN
        lendingWorkflowProfile: LEND-STRICT
        locateProfile: far-z3950
        holdingsCode: FARH
        contacts:
          - { name: Ada Lovelace, email: ada@far.example, phone: "+44 20 1234", role: lending }
          - { name: Billing office }
        notes: "Prefers email.\\nCloses in August."
        credentials:
          inbound:
            requestingAgencyAuthentication: { accountId: FAR-IN, securityCodeHash: "${INBOUND_HASHES.farCode}" }
            http: { basic: { username: far-in, passwordHash: "${INBOUND_HASHES.far}" } }
          outbound:
            requestingAgencyAuthentication: { accountId: NSU-AT-FAR, securityCode: "${OUTBOUND_SECRETS.farCode}" }
            http: { bearer: "\${INTERLEND_SECRET_ORIGINAL_FAR_TOKEN}" }
      - code: BROKER
        name: Regional Broker
        symbol: "OCLC:BRK"
        endpoint: "http://broker.example/iso18626"
        active: false
        systemType: crosslink-broker
        supportsLending: false
        credentials:
          outbound: { http: { basic: { username: nsu, password: "${OUTBOUND_SECRETS.brokerPassword}" } } }
      - { code: PLAIN, name: Plain Partner, symbol: "ISIL:XX-PLAIN", endpoint: "https://plain.example/iso18626" }
    users:
      - { username: admin, name: Admin, roles: [fulfillment-admin], passwordHash: "${hash}" }
      - { username: partners, name: Partners Manager, roles: [partners-manager, circulation-desk], passwordHash: "${hash}" }
      - { username: law-op, name: Law Operator, roles: [services-operator], libraries: [LAW, SCI], passwordHash: "${hash}" }
      - { username: gone, name: Former Staff, roles: [circulation-desk], active: false, passwordHash: "${hash}" }
      - { username: pat, name: A Patron, patronId: P-1, passwordHash: "${hash}" }
    workflowProfiles:
      - { code: BORROW-PLAIN, kind: borrowing, name: Borrowing all }
      - { code: LEND-STRICT, kind: lending, name: Lending strict, steps: { conditional: false, manual-renew: false, will-supply: true } }
    borrowingSettings:
      cancelOnLocateFailure: true
      temporarilyInactive: { from: "2026-12-20", until: "2027-01-05" }
      defaultPickupLocation: Main desk
    lendingSettings:
      rejectWhen: { noAvailableItems: true }
      locateBy: [isbn, title]
      temporarilyInactive: { from: "2027-07-01" }
    termsOfUse:
      requestableLocations: [STACKS, OVERSIZE]
      loanPeriodDays: 28
    rotaTemplates:
      - { code: LOCAL, name: Local partners, ordered: false, partners: [HCPL, PLAIN] }
      - { code: DISTANT, partners: [FAR] }
    rotaAssignmentRules:
      - code: books
        name: Physical books
        template: LOCAL
        conditions:
          - { field: citationType, operator: equals, value: book }
          - { field: format, operator: in, value: [physical] }
      - { code: urgent, template: DISTANT, enabled: false, conditions: [{ field: neededBefore, operator: before, value: 7 }] }
      - { code: everything, template: DISTANT }
    sendingRules:
      - { code: faculty, sending: wait-for-staff, conditions: [{ field: patronGroup, operator: equals, value: faculty }, { field: neededBefore, operator: after, value: "2026-01-31" }] }
      - { code: rest, name: Everything else, sending: send-automatically }
  - code: HCPL
    name: Harbor City Public Library
    symbols: ["ISIL:US-HCPL"]
    libraries: [{ code: CENTRAL, name: Central Library }]
    partners:
      - code: NSU
        name: North State
        symbol: "ISIL:US-NSU"
        credentials:
          inbound: { requestingAgencyAuthentication: { accountId: NSU-OUT, securityCodeHash: "${INBOUND_HASHES.nsu}" } }
          outbound: { requestingAgencyAuthentication: { accountId: HCPL-IN, securityCode: "${OUTBOUND_SECRETS.nsuCode}" } }
    users:
      - { username: admin, name: HCPL Admin, roles: [fulfillment-admin], passwordHash: "${hash}" }
    termsOfUse: { loanPeriodDays: 21 }
`;
}

/** Loads the rich network as rich.yaml, with ORIGINAL_ENV set while it loads (and only then). */
export async function loadRichNetwork(db: Db): Promise<void> {
  const saved = { ...process.env };
  Object.assign(process.env, ORIGINAL_ENV);
  try {
    await applyNetworkConfig(db, parseConfigText(await richNetworkText(), 'rich.yaml'), 'rich.yaml');
  } finally {
    for (const name of Object.keys(ORIGINAL_ENV)) if (saved[name] === undefined) delete process.env[name];
  }
}
