import { describe, expect, it } from 'vitest';
import { actionFields, actionLabel, buildActionBody, REASONS_UNFILLED } from '../../../../src/web/text/actionForms.js';

describe('action forms', () => {
  it('asks each action for what it needs, the note always last', () => {
    expect(actionFields('ship').map((f) => f.name)).toEqual(['dueDate', 'barcode', 'note']);
    expect(actionFields('reject').map((f) => [f.name, f.required])).toEqual([
      ['reason', true],
      ['note', false],
    ]);
    expect(actionFields('conditional').find((f) => f.name === 'note')?.required).toBe(true);
    expect(actionFields('answer-renewal').map((f) => f.name)).toEqual(['approve', 'dueDate', 'note']);
    expect(actionFields('will-supply').map((f) => f.name)).toEqual(['note']);
  });

  it('builds the body with the version, leaving out empty fields', () => {
    expect(buildActionBody('ship', { dueDate: '2030-01-31', barcode: ' HC-0001 ', note: '' }, 4)).toEqual({ ok: true, body: { dueDate: '2030-01-31', barcode: 'HC-0001', expectedVersion: 4 } });
    expect(buildActionBody('will-supply', {})).toEqual({ ok: true, body: {} });
    expect(buildActionBody('answer-cancel', { approve: 'no' })).toEqual({ ok: true, body: { approve: false } });
  });

  it('says what is missing or wrong', () => {
    expect(buildActionBody('reject', { note: 'sorry' })).toEqual({ ok: false, error: 'Please give: reason.' });
    expect(buildActionBody('conditional', {})).toEqual({ ok: false, error: 'Please give: note.' });
    expect(buildActionBody('answer-renewal', { approve: 'yes' })).toEqual({ ok: false, error: 'Please give: new due date.' });
    expect(buildActionBody('answer-renewal', { approve: 'yes', dueDate: '2030-02-01' })).toEqual({ ok: true, body: { approve: true, dueDate: '2030-02-01' } });
    expect(buildActionBody('answer-renewal', {})).toEqual({ ok: false, error: 'Please give: renew?.' });
    expect(buildActionBody('ship', { dueDate: '31/01/2030' })).toEqual({ ok: false, error: 'Due date: not a date' });
  });

  it('offers the ISO 18626 reasonUnfilled values and plain labels', () => {
    expect(REASONS_UNFILLED.map((r) => r.value)).toEqual(['NotHeld', 'NotOnShelf', 'NonCirculating', 'NotAvailableForILL', 'PolicyProblem', 'PoorCondition']);
    expect(actionLabel('will-supply')).toBe('Will supply');
    expect(actionLabel('something-new')).toBe('Something new');
  });
});
