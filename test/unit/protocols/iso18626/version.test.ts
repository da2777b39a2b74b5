import { describe, expect, it } from 'vitest';
import { detectVersion, parseIso18626, versionFromAttribute } from '../../../../src/protocols/iso18626/index.js';
import { sample } from './samples.js';

describe('version detection', () => {
  const cases: [string, '1.1' | '1.2' | '2021'][] = [
    ['1.0', '1.1'],
    ['1.1', '1.1'],
    ['v1_1', '1.1'],
    ['v1_1_2014', '1.1'],
    ['2014', '1.1'],
    ['1.2', '1.2'],
    ['v1_2_2017', '1.2'],
    ['V1_2', '1.2'],
    [' 1.2 ', '1.2'],
    ['1_2_2017', '1.2'],
    ['2017', '1.2'],
    ['2021', '2021'],
    ['2021-1', '2021'],
    ['2021-2', '2021'],
    ['v2021', '2021'],
    ['1.3', '2021'],
    ['v1_3_2021', '2021'],
    ['ISO18626-2021', '2021'],
  ];
  for (const [attribute, version] of cases) {
    it(`"${attribute}" → ${version}`, () => {
      expect(versionFromAttribute(attribute)).toBe(version);
      expect(detectVersion(attribute)).toBe(version);
    });
  }

  it('unrecognisable attributes give undefined without hints', () => {
    for (const odd of ['', 'banana', '3.0', '1.4', undefined, null]) expect(detectVersion(odd)).toBeUndefined();
  });

  it('falls back to structure: a 2021-only element means 2021, otherwise 1.2', () => {
    expect(detectVersion('banana', { elementNames: ['header', 'retryInfo'] })).toBe('2021');
    expect(detectVersion(undefined, { elementNames: ['header', 'consortialId'] })).toBe('2021');
    expect(detectVersion(undefined, { elementNames: ['header', 'sentVia'] })).toBe('1.2');
    expect(detectVersion('', { elementNames: [] })).toBe('1.2');
    // A recognisable attribute wins over structure.
    expect(detectVersion('1.1', { elementNames: ['retryInfo'] })).toBe('1.1');
  });

  it('parse uses the attribute, and structure when the attribute is odd', () => {
    const cancel = sample('RequestingAgencyMessageCancel.xml');
    const v11 = parseIso18626(cancel.replace('ns1:version="v1_2_2017"', 'ns1:version="1.0"'));
    expect(v11.ok && v11.version).toBe('1.1');
    const odd = parseIso18626(cancel.replace('ns1:version="v1_2_2017"', 'ns1:version="whatever"'));
    expect(odd.ok && odd.version).toBe('1.2');
    const missing = parseIso18626(cancel.replace(' ns1:version="v1_2_2017"', ''));
    expect(missing.ok && missing.version).toBe('1.2');
    const loaned2021 = sample('SupplyingAgencyMessageLoaned.xml')
      .replace(' ns1:version="v1_2_2017"', '')
      .replace(/<ns1:multipleItemRequestId>[^<]*<\/ns1:multipleItemRequestId>|<ns1:multipleItemRequestId\/>/, '')
      .replace('</ns1:statusInfo>', '</ns1:statusInfo><ns1:retryInfo><ns1:retryAfter>2020-01-01T00:00:00Z</ns1:retryAfter></ns1:retryInfo>');
    const structural = parseIso18626(loaned2021);
    if (!structural.ok) throw new Error(JSON.stringify(structural.issue));
    expect(structural.version).toBe('2021');
  });
});
