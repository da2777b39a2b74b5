import { describe, expect, it } from 'vitest';
import {
  buildIso18626,
  confirmationFor,
  parseIso18626,
  type Iso18626Message,
} from '../../../../src/protocols/iso18626/index.js';
import { sample } from './samples.js';

const times = { timestamp: '2024-05-01T10:00:00Z', timestampReceived: '2024-05-01T09:59:58Z' };

function parsed(file: string): Iso18626Message {
  const outcome = parseIso18626(sample(file));
  if (!outcome.ok) throw new Error(file);
  return outcome.message;
}

describe('confirmationFor', () => {
  it('request → requestConfirmation echoing the agencies and request id', () => {
    const request = parsed('RequestSample1.xml');
    const c = confirmationFor(request, { ...times, status: 'OK' });
    expect(c).toEqual({
      kind: 'requestConfirmation',
      confirmationHeader: {
        supplyingAgencyId: request.kind === 'request' ? request.header.supplyingAgencyId : undefined,
        requestingAgencyId: request.kind === 'request' ? request.header.requestingAgencyId : undefined,
        timestamp: times.timestamp,
        requestingAgencyRequestId: 'my123',
        multipleItemRequestId: 'What is this?',
        timestampReceived: times.timestampReceived,
        messageStatus: 'OK',
      },
    });
  });

  it('supplyingAgencyMessage → supplyingAgencyMessageConfirmation echoing reasonForMessage', () => {
    const c = confirmationFor(parsed('SupplyingAgencyMessageLoaned.xml'), { ...times, status: 'OK' });
    expect(c.kind).toBe('supplyingAgencyMessageConfirmation');
    expect(c.kind === 'supplyingAgencyMessageConfirmation' && c.reasonForMessage).toBe('RequestResponse');
    expect(c.confirmationHeader.requestingAgencyId?.agencyIdValue).toBe('OCLC-ABCDE');
  });

  it('requestingAgencyMessage → requestingAgencyMessageConfirmation echoing action, with errorData', () => {
    const c = confirmationFor(parsed('RequestingAgencyMessageCancel.xml'), {
      ...times,
      status: 'ERROR',
      error: { type: 'UnrecognisedDataValue', value: 'no such request' },
    });
    expect(c).toMatchObject({
      kind: 'requestingAgencyMessageConfirmation',
      action: 'Cancel',
      errorData: [{ errorType: 'UnrecognisedDataValue', errorValue: 'no such request' }],
      confirmationHeader: { messageStatus: 'ERROR' },
    });
  });

  it('from a failed parse outcome: kind, partial header and the issue as errorData', () => {
    const xml = sample('RequestingAgencyMessageCancel.xml').replace('<ns1:action>Cancel</ns1:action>', '<ns1:action>Teleport</ns1:action>');
    const outcome = parseIso18626(xml);
    const c = confirmationFor(outcome, { ...times, status: 'ERROR' });
    expect(c.kind).toBe('requestingAgencyMessageConfirmation');
    expect(c.kind === 'requestingAgencyMessageConfirmation' && c.action).toBeUndefined();
    expect(c.errorData).toEqual([{ errorType: 'UnsupportedActionType', errorValue: 'requestingAgencyMessage/action: "Teleport"' }]);
    expect(c.confirmationHeader.supplyingAgencyId?.agencyIdValue).toBe('OCLC-ABCDE');
    expect(c.confirmationHeader.requestingAgencyRequestId).toBeDefined();
  });

  it('from a bare partial header (only the requesting agency known)', () => {
    const c = confirmationFor(
      { kind: 'supplyingAgencyMessage', header: { requestingAgencyId: { agencyIdType: { value: 'ISIL' }, agencyIdValue: 'DK-1' } }, reasonForMessage: 'Nonsense' },
      { ...times, status: 'ERROR', error: { type: 'BadlyFormedMessage', value: 'x' } },
    );
    expect(c).toEqual({
      kind: 'supplyingAgencyMessageConfirmation',
      confirmationHeader: {
        requestingAgencyId: { agencyIdType: { value: 'ISIL' }, agencyIdValue: 'DK-1' },
        timestamp: times.timestamp,
        timestampReceived: times.timestampReceived,
        messageStatus: 'ERROR',
      },
      errorData: [{ errorType: 'BadlyFormedMessage', errorValue: 'x' }],
    });
  });

  it('with nothing known (not XML) → requestConfirmation that still builds', () => {
    const outcome = parseIso18626('garbage');
    const c = confirmationFor(outcome, { ...times, status: 'ERROR' });
    expect(c.kind).toBe('requestConfirmation');
    expect(c.errorData?.[0]?.errorType).toBe('BadlyFormedMessage');
    for (const v of ['1.1', '1.2', '2021'] as const) {
      const again = parseIso18626(buildIso18626(c, v));
      expect(again.ok && again.message).toEqual(c);
    }
  });

  it('an incomplete agency id is not echoed', () => {
    const c = confirmationFor(
      // Deliberately malformed input from an untyped caller.
      { kind: 'request', header: { supplyingAgencyId: { agencyIdType: { value: 'ISIL' } } as never } },
      { ...times, status: 'OK' },
    );
    expect(c.confirmationHeader.supplyingAgencyId).toBeUndefined();
  });

  it('confirmations of confirmations stay in the family', () => {
    expect(confirmationFor(parsed('RequestConfirmationSample1.xml'), { ...times, status: 'ERROR' }).kind).toBe('requestConfirmation');
    expect(confirmationFor(parsed('SupplyingAgencyMessageConfirmationSample1.xml'), { ...times, status: 'ERROR' }).kind).toBe(
      'supplyingAgencyMessageConfirmation',
    );
  });

  it('a 2021-only action echoed into a 1.2 confirmation is dropped so the output stays valid', () => {
    const c = confirmationFor({ kind: 'requestingAgencyMessage', action: 'Lost' }, { ...times, status: 'OK' });
    expect(c.kind === 'requestingAgencyMessageConfirmation' && c.action).toBe('Lost');
    expect(buildIso18626(c, '2021')).toContain('<action>Lost</action>');
    expect(buildIso18626(c, '1.2')).not.toContain('<action>');
  });

  it('refuses timestamps that are not xs:dateTime', () => {
    expect(() => confirmationFor({}, { status: 'OK', timestamp: 'now', timestampReceived: times.timestampReceived })).toThrow(RangeError);
  });
});
