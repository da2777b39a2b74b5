export * from './record.js';
export { readIso2709, parseIso2709Record } from './iso2709.js';
export { readMarcXml, readMarcXmlElement } from './marcxml.js';
export * from './extract.js';
