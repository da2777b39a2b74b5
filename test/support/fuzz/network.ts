/**
 * The deployment every fuzz suite attacks: institutions that valid seed messages are addressed to,
 * with partners of every kind the endpoints distinguish (active, inactive, broker, NCIP peer,
 * ISO peer) and catalogues, so an unmutated seed is accepted and a mutant can be refused for a
 * reason deeper than "unknown agency".
 */
import { importMarc } from '../../../src/services/inventory/importMarc.js';
import type { Db } from '../../../src/store/database.js';
import { startApiServer, type ApiServer } from '../apiServer.js';
import { testPasswordHash } from '../auth/accounts.js';
import { LENDER_CATALOGUE, WMS_CATALOGUE } from '../brokerLending.js';
import { availableBackends, type Backend } from '../databases.js';

/** ISO 18626 agencies: NSU ↔ HCPL ↔ LKC lend to each other; SLEEPY is NSU's inactive partner. */
export const ISO_AGENCIES = { known: ['US-NSU', 'US-HCPL', 'US-LKC'], inactive: 'US-SLEEPY', unknown: 'US-NOBODY' } as const;
/** NCIP agencies: MIT lends through brokers ENG and LENDER; SLEEPY is an inactive broker; PEER speaks ISO 18626 only. */
export const NCIP_AGENCIES = { institutions: ['MIT', 'OCWMS'], brokers: ['ENG', 'LENDER', 'ILSPEER'], inactive: 'SLEEPY', wrongProfile: 'PEER', unknown: 'NOBODY' } as const;
export const FUZZ_ADMIN = { institution: 'US-NSU', username: 'admin' } as const;

async function networkYaml(): Promise<string> {
  const hash = await testPasswordHash();
  return `
institutions:
  - code: NSU
    name: North State University
    symbols: ["ISIL:US-NSU"]
    libraries: [{ code: MAIN, name: Main Library }, { code: LAW, name: Law Library }]
    partners:
      - { code: HCPL, name: Harbor City, symbol: "ISIL:US-HCPL" }
      - { code: LKC, name: Lakeside, symbol: "ISIL:US-LKC" }
      - { code: SLEEPY, name: Sleepy College, symbol: "ISIL:US-SLEEPY", active: false, endpoint: "http://127.0.0.1:9/iso18626" }
    users:
      - { username: admin, name: admin, passwordHash: "${hash}", roles: [fulfillment-admin] }
      - { username: desk, name: desk, passwordHash: "${hash}", roles: [circulation-desk] }
    patrons:
      - { barcode: P-1, name: Ada Lovelace, patronGroup: faculty }
  - code: HCPL
    name: Harbor City Public Library
    symbols: ["ISIL:US-HCPL"]
    libraries: [{ code: CENTRAL, name: Central Library }]
    partners:
      - { code: NSU, name: North State, symbol: "ISIL:US-NSU" }
      - { code: LKC, name: Lakeside, symbol: "ISIL:US-LKC" }
  - code: LKC
    name: Lakeside College
    symbols: ["ISIL:US-LKC"]
    libraries: [{ code: LIB, name: College Library }]
    partners:
      - { code: NSU, name: North State, symbol: "ISIL:US-NSU" }
      - { code: HCPL, name: Harbor City, symbol: "ISIL:US-HCPL" }
  - code: MIT
    name: MIT Libraries
    symbols: ["NCIP:MIT"]
    libraries: [{ code: MAIN, name: Main }]
    partners:
      - { code: ENG, name: Engineering broker, symbol: "NCIP:ENG", profileType: broker, endpoint: "http://127.0.0.1:9/ncip" }
      - { code: LENDER, name: Lender broker, symbol: "NCIP:LENDER", profileType: broker, endpoint: "http://127.0.0.1:9/ncip" }
      - { code: ILSPEER, name: NCIP peer, symbol: "NCIP:ILSPEER", profileType: ncip, endpoint: "http://127.0.0.1:9/ncip" }
      - { code: PEER, name: ISO peer, symbol: "NCIP:PEER", endpoint: "http://127.0.0.1:9/iso18626" }
      - { code: SLEEPY, name: Sleepy broker, symbol: "NCIP:SLEEPY", profileType: broker, active: false, endpoint: "http://127.0.0.1:9/ncip" }
    patrons:
      - { barcode: "10923123", name: Ada Lovelace, patronGroup: faculty }
      - { barcode: "23008000043915", name: Grace Hopper, patronGroup: staff }
      - { barcode: OCLCTEST, name: Test Patron, patronGroup: graduate }
  - code: WMS
    name: WorldShare library
    symbols: ["OCLC:OCWMS"]
    libraries: [{ code: MAIN, name: Main }]
    partners: [{ code: OCWMS, name: OCLC broker, symbol: "OCLC:OCWMS", profileType: broker }]
    patrons: [{ barcode: ZYXWV, name: Zed, patronGroup: faculty }, { barcode: NDOSU, name: NDSU library, patronGroup: library }]
`;
}

async function importCatalogues(db: Db): Promise<void> {
  for (const [code, marcxml] of [
    ['MIT', LENDER_CATALOGUE],
    ['WMS', WMS_CATALOGUE],
    ['NSU', LENDER_CATALOGUE],
  ] as const) {
    const institution = await db.selectFrom('institution').select('id').where('code', '=', code).executeTakeFirstOrThrow();
    await importMarc(db, new TextEncoder().encode(marcxml), { institutionId: institution.id });
  }
}

/**
 * One in-process server on one back-end. The fuzz suites run on one back-end only: they attack the
 * HTTP and codec layers, which are the same code on both, and running them twice would double
 * their CI time. PostgreSQL is preferred, being what production runs and what other suites
 * (each with their own database) share without contending for this process's CPU as PGlite would.
 * No background jobs: the outbox worker and expiry jobs would change state between cases and
 * make the "no state change from a rejected input" check meaningless.
 */
export async function startFuzzServer(): Promise<{ server: ApiServer; backend: Backend }> {
  const backend: Backend = (await availableBackends()).includes('postgres') ? 'postgres' : 'pglite';
  const server = await startApiServer(backend, { network: await networkYaml(), networkFile: 'fuzz.yaml', background: false, seed: importCatalogues });
  return { server, backend };
}
