import { parseConfigText } from '../../src/config/loadConfigFile.js';
import type { NetworkConfig } from '../../src/config/networkConfig.js';

/** A small network for tests: the demo's three institutions, each the partner of the other two, all in one deployment. */
export const testNetwork: NetworkConfig = parseConfigText(
  `
institutions:
  - code: NSU
    name: North State University
    symbols: ["ISIL:US-NSU"]
    libraries: [{ code: MAIN, name: Main Library }]
    partners:
      - { code: HCPL, name: Harbor City, symbol: "ISIL:US-HCPL" }
      - { code: LKC, name: Lakeside, symbol: "ISIL:US-LKC" }
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
`,
  'test-network.yaml',
);
