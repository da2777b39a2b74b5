import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * North State (US-NSU, the borrower) and Harbor City (US-HCPL, the lender) as two network files
 * for two `interlend serve` processes, each naming the other's ISO 18626 endpoint: the pair the
 * crash and outage suites run their loans between.
 */
export const BORROWER = 'US-NSU';
export const LENDER = 'US-HCPL';
/** The lender's partner code at the borrower. */
export const LENDER_CODE = 'HCPL';

export function writeTwoInstitutionFiles(dir: string, endpoints: { borrowerEndpoint: string; lenderEndpoint: string }): { borrowerFile: string; lenderFile: string } {
  const borrowerFile = join(dir, 'borrower.yaml');
  const lenderFile = join(dir, 'lender.yaml');
  writeFileSync(
    borrowerFile,
    `institutions:
  - code: NSU
    name: North State University
    symbols: ["ISIL:US-NSU"]
    libraries: [{ code: MAIN, name: Main Library }]
    partners:
      - { code: HCPL, name: Harbor City Public Library, symbol: "ISIL:US-HCPL", endpoint: "${endpoints.lenderEndpoint}" }
`,
  );
  writeFileSync(
    lenderFile,
    `institutions:
  - code: HCPL
    name: Harbor City Public Library
    symbols: ["ISIL:US-HCPL"]
    libraries: [{ code: MAIN, name: Harbor City Public Library }]
    partners:
      - { code: NSU, name: North State University, symbol: "ISIL:US-NSU", endpoint: "${endpoints.borrowerEndpoint}" }
`,
  );
  return { borrowerFile, lenderFile };
}
