/**
 * MARCXML reader (http://www.loc.gov/MARC21/slim): a `<collection>` or a single `<record>`, any
 * namespace prefix. Parsed through `safeXml` (no DOCTYPE, no entity expansion). Never throws.
 */
import { MarcParseError, type MarcControlField, type MarcDataField, type MarcReadResult } from './record.js';
import { childElements, localName, parseXmlDocument, textOf, XmlRefusedError, type XmlElement } from './safeXml.js';

function recordFromElement(el: XmlElement): MarcReadResult {
  let leader = '';
  const controlFields: MarcControlField[] = [];
  const dataFields: MarcDataField[] = [];
  for (const child of childElements(el)) {
    switch (localName(child.name)) {
      case 'leader':
        leader = textOf(child);
        break;
      case 'controlfield': {
        const tag = child.attrs.tag ?? '';
        if (!/^[0-9A-Za-z]{3}$/.test(tag)) return bad(`controlfield with bad tag ${JSON.stringify(tag)}`);
        controlFields.push({ tag, value: textOf(child) });
        break;
      }
      case 'datafield': {
        const tag = child.attrs.tag ?? '';
        if (!/^[0-9A-Za-z]{3}$/.test(tag)) return bad(`datafield with bad tag ${JSON.stringify(tag)}`);
        const subfields = childElements(child, 'subfield').map((s) => ({ code: s.attrs.code ?? '', value: textOf(s) }));
        dataFields.push({ tag, ind1: child.attrs.ind1 ?? ' ', ind2: child.attrs.ind2 ?? ' ', subfields });
        break;
      }
      default:
        break; // unknown elements ignored
    }
  }
  if (leader.length !== 24) return { ok: false, error: new MarcParseError('bad-leader', `leader must be 24 characters, got ${leader.length}`) };
  return { ok: true, record: { leader, controlFields, dataFields } };
}

function bad(message: string): MarcReadResult {
  return { ok: false, error: new MarcParseError('bad-field', message) };
}

/** Parses a MARCXML document; returns one result per `<record>`, or a single failure for the document. */
export function readMarcXml(xml: string): MarcReadResult[] {
  let root: XmlElement;
  try {
    root = parseXmlDocument(xml);
  } catch (e) {
    if (e instanceof XmlRefusedError) {
      const code = e.reason === 'doctype' ? 'xml-refused' : e.reason === 'empty' ? 'empty' : 'not-xml';
      return [{ ok: false, error: new MarcParseError(code, e.message) }];
    }
    return [{ ok: false, error: new MarcParseError('not-xml', String(e)) }];
  }
  return readMarcXmlElement(root);
}

/** Same as `readMarcXml` for an already-parsed element (e.g. SRU recordData). */
export function readMarcXmlElement(root: XmlElement): MarcReadResult[] {
  const name = localName(root.name);
  if (name === 'record') return [recordFromElement(root)];
  if (name === 'collection') {
    const records = childElements(root, 'record');
    if (records.length === 0) return [{ ok: false, error: new MarcParseError('empty', 'collection has no records') }];
    return records.map(recordFromElement);
  }
  return [{ ok: false, error: new MarcParseError('not-marcxml', `root element <${root.name}> is not a MARCXML record or collection`) }];
}
