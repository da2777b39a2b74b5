import { z } from 'zod';

const text = (max: number) => z.string().trim().min(1).max(max);

export const citationSchema = z.strictObject({
  title: text(1000),
  author: text(500).optional(),
  isbn: text(20).optional(),
  issn: text(20).optional(),
  publisher: text(500).optional(),
  publicationDate: text(50).optional(),
  placeOfPublication: text(200).optional(),
  edition: text(100).optional(),
  volume: text(50).optional(),
  issue: text(50).optional(),
  pages: text(50).optional(),
  articleTitle: text(1000).optional(),
  articleAuthor: text(500).optional(),
  doi: text(200).optional(),
  oclcNumber: text(50).optional(),
  lccn: text(50).optional(),
  pmid: z.string().trim().regex(/^\d{1,12}$/, 'a PubMed id is digits only').optional(),
});

export const newBorrowingRequestSchema = z.strictObject({
  patronId: text(100),
  citation: citationSchema,
  format: z.enum(['physical', 'digital']).default('physical'),
  serviceType: z.enum(['loan', 'copy']).default('loan'),
  pickupLocation: text(100).optional(),
  /** Code of the library that handles the request and receives the item; absent: the patron's home library, else the institution's first. */
  library: text(50).optional(),
  neededBefore: z.iso.datetime({ offset: true }).or(z.iso.date()).transform((t) => new Date(t)).optional(),
  /** Partner codes or symbols (`ISIL:US-HCPL`), in the order to ask them; absent: built by the rota assignment rules. */
  rota: z.array(text(100)).min(1).max(50).optional(),
  rotaOrder: z.enum(['ordered', 'by-supply-time']).default('ordered'),
  /** Absent: the sending rules decide (send now, or wait for staff approval). */
  send: z.boolean().optional(),
  /** The patron's group, for rules to look at. */
  patronGroup: text(100).optional(),
  /** The patron's note to the library (kept with the request, shown to staff). */
  patronNote: text(2000).optional(),
  /** The patron declared the copy is for private study or research (required of patrons asking for a copy). */
  copyrightDeclaration: z.boolean().optional(),
  /** The service that sent the patron (OpenURL `rfr_id` / `sid`). */
  referrer: text(200).optional(),
});
export type NewBorrowingRequestBody = z.output<typeof newBorrowingRequestSchema>;
