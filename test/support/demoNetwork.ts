import { parseConfigText } from '../../src/config/loadConfigFile.js';
import type { NetworkConfig } from '../../src/config/networkConfig.js';

/** A small network for tests: the demo's three institutions, written out so tests don't depend on the demo file. */
export const testNetwork: NetworkConfig = parseConfigText(
  `
institutions:
  - code: NSU
    name: North State University
    symbols: ["ISIL:US-NSU"]
    libraries: [{ code: MAIN, name: Main Library }]
  - code: HCPL
    name: Harbor City Public Library
    symbols: ["ISIL:US-HCPL"]
    libraries: [{ code: CENTRAL, name: Central Library }]
  - code: LKC
    name: Lakeside College
    symbols: ["ISIL:US-LKC"]
    libraries: [{ code: LIB, name: College Library }]
`,
  'test-network.yaml',
);
