import { describe, expect, it } from 'vitest';
import { buildSearchRetrieveUrl, parseSearchRetrieveResponse } from '../../../src/protocols/sru/client.js';

describe('buildSearchRetrieveUrl', () => {
  it('1.x uses recordPacking, 2.0 uses recordXMLEscaping; query is URL-encoded', () => {
    const u1 = new URL(buildSearchRetrieveUrl({ baseUrl: 'http://h/db?x-key=1', version: '1.1', query: 'dc.title all "a&b"', recordSchema: 'marcxml', maximumRecords: 5, startRecord: 2 }));
    expect(Object.fromEntries(u1.searchParams)).toEqual({ 'x-key': '1', operation: 'searchRetrieve', version: '1.1', query: 'dc.title all "a&b"', recordSchema: 'marcxml', maximumRecords: '5', startRecord: '2', recordPacking: 'xml' });
    const u2 = new URL(buildSearchRetrieveUrl({ baseUrl: 'http://h/db', version: '2.0', query: 'x' }));
    expect(u2.searchParams.get('recordXMLEscaping')).toBe('xml');
    expect(u2.searchParams.has('recordPacking')).toBe(false);
  });
});

describe('parseSearchRetrieveResponse', () => {
  it('records in string packing, namespaced with prefix declared on the root', () => {
    const body = `<?xml version="1.0"?><srw:searchRetrieveResponse xmlns:srw="http://www.loc.gov/zing/srw/" xmlns:m="http://www.loc.gov/MARC21/slim"><srw:version>1.1</srw:version><srw:numberOfRecords>2</srw:numberOfRecords><srw:records>
      <srw:record><srw:recordSchema>marcxml</srw:recordSchema><srw:recordPacking>string</srw:recordPacking><srw:recordData>&lt;record&gt;&lt;leader&gt;x&lt;/leader&gt;&lt;/record&gt;</srw:recordData><srw:recordPosition>1</srw:recordPosition></srw:record>
      <srw:record><srw:recordSchema>marcxml</srw:recordSchema><srw:recordPacking>xml</srw:recordPacking><srw:recordData><m:record><m:leader>y</m:leader></m:record></srw:recordData></srw:record>
      </srw:records><srw:nextRecordPosition>3</srw:nextRecordPosition></srw:searchRetrieveResponse>`;
    const r = parseSearchRetrieveResponse(body);
    expect(r).toEqual({
      kind: 'hits',
      count: 2,
      nextRecordPosition: 3,
      records: [
        { schema: 'marcxml', xml: '<record><leader>x</leader></record>', position: 1 },
        { schema: 'marcxml', xml: '<m:record xmlns:srw="http://www.loc.gov/zing/srw/" xmlns:m="http://www.loc.gov/MARC21/slim"><m:leader>y</m:leader></m:record>' },
      ],
    });
  });

  it('fatal diagnostic, bare diagnostics document, surrogate diagnostic', () => {
    const fatal = '<searchRetrieveResponse><numberOfRecords>0</numberOfRecords><diagnostics><diagnostic xmlns="http://www.loc.gov/zing/srw/diagnostic/"><uri>info:srw/diagnostic/1/10</uri><message>Query syntax error</message><details>(((</details></diagnostic></diagnostics></searchRetrieveResponse>';
    expect(parseSearchRetrieveResponse(fatal)).toEqual({ kind: 'diagnostic', uri: 'info:srw/diagnostic/1/10', message: 'Query syntax error', details: '(((' });
    expect(parseSearchRetrieveResponse('<diagnostics><diagnostic><uri>info:srw/diagnostic/1/1</uri></diagnostic></diagnostics>', 500)).toMatchObject({ kind: 'diagnostic', uri: 'info:srw/diagnostic/1/1' });
    const surrogate = '<searchRetrieveResponse><numberOfRecords>1</numberOfRecords><records><record><recordSchema>info:srw/schema/1/diagnostics-v1.1</recordSchema><recordData><diagnostic><uri>info:srw/diagnostic/1/63</uri><message>System error in retrieving records</message></diagnostic></recordData></record></records></searchRetrieveResponse>';
    const r = parseSearchRetrieveResponse(surrogate);
    expect(r.kind === 'hits' && r.records[0]?.diagnostic).toEqual({ uri: 'info:srw/diagnostic/1/63', message: 'System error in retrieving records', details: '' });
  });

  it.each([
    ['empty', ''],
    ['garbage', 'not xml at all <<<'],
    ['html error page', '<html><body>502 Bad Gateway</body></html>'],
    ['billion laughs', '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;">]><searchRetrieveResponse><numberOfRecords>&lol2;</numberOfRecords></searchRetrieveResponse>'],
    ['XXE', '<!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><searchRetrieveResponse><numberOfRecords>0</numberOfRecords><x>&xxe;</x></searchRetrieveResponse>'],
    ['missing count', '<searchRetrieveResponse><records/></searchRetrieveResponse>'],
    ['bad count', '<searchRetrieveResponse><numberOfRecords>lots</numberOfRecords></searchRetrieveResponse>'],
    ['deep nesting', `${'<a>'.repeat(5000)}${'</a>'.repeat(5000)}`],
    ['two roots', '<searchRetrieveResponse/><searchRetrieveResponse/>'],
  ])('%s → invalid-response', (_name, body) => {
    expect(parseSearchRetrieveResponse(body).kind).toBe('invalid-response');
  });
});
