import { describe, expect, it } from 'vitest';
import { prettyXml } from '../../../../src/web/text/prettyXml.js';

describe('prettyXml', () => {
  it('puts one element per line, indented by depth, text-only elements on one line', () => {
    const xml = '<?xml version="1.0" encoding="UTF-8"?><ISO18626Message ns1:version="1.2" xmlns:ns1="http://illtransactions.org/2013/iso18626"><request><header><supplyingAgencyId><agencyIdType>ISIL</agencyIdType><agencyIdValue>US-HCPL</agencyIdValue></supplyingAgencyId></header><bibliographicInfo><title>A &amp; B</title><empty/></bibliographicInfo></request></ISO18626Message>';
    expect(prettyXml(xml)).toBe(
      [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<ISO18626Message ns1:version="1.2" xmlns:ns1="http://illtransactions.org/2013/iso18626">',
        '  <request>',
        '    <header>',
        '      <supplyingAgencyId>',
        '        <agencyIdType>ISIL</agencyIdType>',
        '        <agencyIdValue>US-HCPL</agencyIdValue>',
        '      </supplyingAgencyId>',
        '    </header>',
        '    <bibliographicInfo>',
        '      <title>A &amp; B</title>',
        '      <empty/>',
        '    </bibliographicInfo>',
        '  </request>',
        '</ISO18626Message>',
      ].join('\n'),
    );
  });

  it('re-indents an already indented document the same way', () => {
    const once = prettyXml('<a><b>1</b><c><d>2</d></c></a>');
    expect(prettyXml(once)).toBe(once);
    expect(prettyXml('<a>\n      <b>1</b>\n <c><d>2</d></c>\n</a>')).toBe(once);
  });

  it('keeps a ">" inside an attribute value, comments and CDATA as written', () => {
    expect(prettyXml('<a x="1 > 0"><!-- hi <b> --><b><![CDATA[<raw>]]></b></a>')).toBe(['<a x="1 > 0">', '  <!-- hi <b> -->', '  <b>', '    <![CDATA[<raw>]]>', '  </b>', '</a>'].join('\n'));
  });

  it('keeps empty pairs on one line and mixed content in order', () => {
    expect(prettyXml('<a><b></b>text<c/>more</a>')).toBe(['<a>', '  <b></b>', '  text', '  <c/>', '  more', '</a>'].join('\n'));
  });

  it('answers input that is not well-formed unchanged', () => {
    for (const bad of ['<a><b></a>', '<a>', '<a x="1', 'plain text <', '<!-- open']) expect(prettyXml(bad)).toBe(bad);
    expect(prettyXml('not xml at all')).toBe('not xml at all');
  });
});
