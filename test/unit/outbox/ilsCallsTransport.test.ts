import { describe, expect, it } from 'vitest';
import { classifyNcipAnswer } from '../../../src/outbox/ncipTransport.js';
import { deleteItemResponse, oclcSample } from '../../support/ncipResponder.js';

const unknownItem = (status = 200) => ({
  status,
  text: `<?xml version="1.0"?><NCIPMessage xmlns="http://www.niso.org/2008/ncip" xmlns:ns1="http://www.niso.org/2008/ncip" ns1:version="http://www.niso.org/schemas/ncip/v2_02/ncip_v2_02.xsd"><DeleteItemResponse><Problem><ProblemType>Unknown Item</ProblemType><ProblemDetail>no such item</ProblemDetail><ProblemValue>TMP-1</ProblemValue></Problem></DeleteItemResponse></NCIPMessage>`,
});

describe('classifyNcipAnswer: the ILS’s answer to a queued NCIP message', () => {
  it('its Response is delivered', () => {
    expect(classifyNcipAnswer('DeleteItem', 200, deleteItemResponse('TMP-1'))).toMatchObject({ kind: 'answered', accepted: true });
  });

  it('its Problem is answered but not accepted, in the ILS’s words, whatever the HTTP status', () => {
    for (const status of [200, 400, 500]) {
      const { text } = unknownItem(status);
      expect(classifyNcipAnswer('DeleteItem', status, text)).toEqual({
        kind: 'answered',
        accepted: false,
        confirmation: text,
        error: 'The ILS refused DeleteItem: Unknown Item (no such item), for TMP-1',
      });
    }
  });

  it('no usable answer is retried; a wrong service or a redirect is not', () => {
    expect(classifyNcipAnswer('DeleteItem', 503, 'busy')).toMatchObject({ kind: 'failed', retryable: true });
    expect(classifyNcipAnswer('DeleteItem', 200, '<html>Welcome</html>')).toMatchObject({ kind: 'failed', retryable: true });
    expect(classifyNcipAnswer('DeleteItem', 429, 'slow down')).toMatchObject({ kind: 'failed', retryable: true });
    expect(classifyNcipAnswer('DeleteItem', 404, 'not found')).toMatchObject({ kind: 'failed', retryable: false });
    expect(classifyNcipAnswer('DeleteItem', 302, '')).toMatchObject({ kind: 'failed', retryable: false });
    const wrong = classifyNcipAnswer('DeleteItem', 200, oclcSample('CheckOutItemResponseSuccess.xml'));
    expect(wrong).toEqual({ kind: 'failed', retryable: false, error: 'the ILS answered with CheckOutItemResponse instead of DeleteItemResponse' });
  });
});
