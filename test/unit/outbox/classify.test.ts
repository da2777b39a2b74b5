import { describe, expect, it } from 'vitest';
import { classifyConfirmation, classifyHttpAnswer } from '../../../src/outbox/iso18626Transport.js';
import { buildIso18626, confirmationFor, type Iso18626Version } from '../../../src/protocols/iso18626/index.js';
import { requestXml } from '../../support/iso18626Messages.js';

const NOW = '2026-11-25T10:00:00Z';

function confirmation(status: 'OK' | 'ERROR', version: Iso18626Version = '1.2', withError = true): string {
  return buildIso18626(
    confirmationFor(
      { kind: 'supplyingAgencyMessage', reasonForMessage: 'StatusChange' },
      { status, ...(status === 'ERROR' && withError ? { error: { type: 'UnrecognisedDataValue', value: 'bad id' } } : {}), timestamp: NOW, timestampReceived: NOW },
    ),
    version,
  );
}

describe('classifyConfirmation', () => {
  it.each(['1.1', '1.2', '2021'] as const)('accepts an OK confirmation in version %s', (version) => {
    const xml = confirmation('OK', version);
    expect(classifyConfirmation(xml)).toEqual({ kind: 'answered', confirmation: xml, accepted: true });
  });

  it('reads errorType and errorValue from an ERROR confirmation', () => {
    expect(classifyConfirmation(confirmation('ERROR'))).toMatchObject({ kind: 'answered', accepted: false, error: 'UnrecognisedDataValue: bad id' });
    expect(classifyConfirmation(confirmation('ERROR', '1.2', false))).toMatchObject({ kind: 'answered', accepted: false, error: 'ERROR without errorData' });
  });

  it('fails, retryably, on anything that is not a confirmation', () => {
    expect(classifyConfirmation('')).toMatchObject({ kind: 'failed', retryable: true });
    expect(classifyConfirmation('<!DOCTYPE x [<!ENTITY a "b">]><x>&a;</x>')).toMatchObject({ kind: 'failed', retryable: true });
    expect(classifyConfirmation(requestXml())).toEqual({ kind: 'failed', retryable: true, error: 'answer is a request, not a confirmation' });
  });
});

describe('classifyHttpAnswer', () => {
  const ok = confirmation('OK');
  it('uses the confirmation on 2xx', () => {
    expect(classifyHttpAnswer(200, ok)).toMatchObject({ kind: 'answered', accepted: true });
    expect(classifyHttpAnswer(200, 'nope')).toMatchObject({ kind: 'failed', retryable: true });
  });

  it('never accepts on 4xx, and retries only 408/429 without a confirmation', () => {
    expect(classifyHttpAnswer(400, ok)).toMatchObject({ kind: 'answered', accepted: false, error: 'HTTP 400' });
    expect(classifyHttpAnswer(403, 'forbidden')).toMatchObject({ kind: 'failed', retryable: false });
    expect(classifyHttpAnswer(408, '')).toMatchObject({ kind: 'failed', retryable: true });
    expect(classifyHttpAnswer(429, '')).toMatchObject({ kind: 'failed', retryable: true });
  });

  it('retries every 5xx, even with a confirmation body, and does not follow redirects', () => {
    expect(classifyHttpAnswer(500, ok)).toMatchObject({ kind: 'failed', retryable: true });
    expect(classifyHttpAnswer(502, '')).toMatchObject({ kind: 'failed', retryable: true, error: 'HTTP 502: (empty)' });
    expect(classifyHttpAnswer(307, '')).toMatchObject({ kind: 'failed', retryable: false });
  });
});
