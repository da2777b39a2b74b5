/**
 * Whether an item a broker announces (AcceptItem) reached us digitally: the borrowing broker
 * table then completes the request or waits for staff to mark it received, instead of creating
 * a temporary item and a hold.
 *
 * What an AcceptItem says about the medium, in the order it is trusted:
 * 1. `ItemOptionalFields/ElectronicResource`: the broker sent the resource itself or a link to
 *    it, so the delivery is digital whatever else the message says.
 * 2. `BibliographicDescription/ElectronicDataFormatType` (a MIME type such as application/pdf):
 *    the item is a file.
 * 3. `BibliographicDescription/MediumType`: NISO's scheme lists physical media only (Book,
 *    Magazine, Audio Tape, …); brokers' own schemes (OCLC's worldcat mediumtype extension, Relais
 *    D2D) add electronic ones. Values are compared without case, spaces or hyphens.
 * RequestedActionType is not used: its NISO values (Hold For Pickup, Notify Patron, Circulate,
 * Circulate And Notify) say what to do with the item, not what it is. Nothing said: physical,
 * the safe reading (a hold waits for the patron and staff can still act on it).
 */

export interface DeliveryClues {
  /** ItemOptionalFields carries an ElectronicResource. */
  electronicResource: boolean;
  electronicDataFormatType?: string | undefined;
  mediumType?: string | undefined;
}

export interface DeliveryDecision {
  digital: boolean;
  /** A few words for the request's history. */
  because: string;
}

/** MediumType values meaning a digital item (normalised: lower case, no spaces or hyphens). */
const DIGITAL_MEDIA: ReadonlySet<string> = new Set([
  'electronic',
  'electronicresource',
  'digital',
  'ebook',
  'ejournal',
  'earticle',
  'pdf',
  'onlineresource',
  'electronicdocument',
]);

function normalise(value: string): string {
  return value.toLowerCase().replace(/[\s_-]+/g, '');
}

/** The rules as data: the first that speaks decides. */
const RULES: readonly { decide: (clues: DeliveryClues) => DeliveryDecision | undefined }[] = [
  { decide: (c) => (c.electronicResource ? { digital: true, because: 'the broker sent an electronic resource' } : undefined) },
  {
    decide: (c) =>
      c.electronicDataFormatType?.trim() ? { digital: true, because: `electronic data format ${c.electronicDataFormatType.trim()}` } : undefined,
  },
  {
    decide: (c) => {
      const medium = c.mediumType?.trim();
      if (!medium) return undefined;
      return DIGITAL_MEDIA.has(normalise(medium)) ? { digital: true, because: `medium ${medium}` } : { digital: false, because: `medium ${medium}` };
    },
  },
];

export function deliveryOf(clues: DeliveryClues): DeliveryDecision {
  for (const rule of RULES) {
    const decision = rule.decide(clues);
    if (decision) return decision;
  }
  return { digital: false, because: 'no medium given: physical' };
}
