/** A minimal MARCXML record for a temporary bib: enough for staff screens and the MARC kept whole. */
export function temporaryMarcXml(record: { controlNumber: string; title: string; author: string | null; isbns: readonly string[] }): string {
  const field = (tag: string, code: string, value: string) =>
    `<datafield tag="${tag}" ind1=" " ind2=" "><subfield code="${code}">${escapeXml(value)}</subfield></datafield>`;
  return [
    '<record xmlns="http://www.loc.gov/MARC21/slim">',
    '<leader>00000nam a2200000 a 4500</leader>',
    `<controlfield tag="001">${escapeXml(record.controlNumber)}</controlfield>`,
    ...record.isbns.map((isbn) => field('020', 'a', isbn)),
    ...(record.author ? [field('100', 'a', record.author)] : []),
    field('245', 'a', record.title),
    '</record>',
  ].join('');
}

function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}
