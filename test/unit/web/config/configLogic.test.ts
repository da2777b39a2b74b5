/**
 * The pure parts of the configuration pages: server problems sorted by field, the partner form's
 * round trip to the API body, the condition builder's rows, ordering, and the sections by role.
 */
import { describe, expect, it } from 'vitest';
import { errorsAt, formErrors, moveItem, numberOrText, splitList } from '../../../../src/web/components/forms/problems.js';
import { changeField, conditionToDraft, describeCondition, draftToCondition, newCondition } from '../../../../src/web/pages/config/conditions.js';
import { draftToPartner, EMPTY_PARTNER, partnerToDraft } from '../../../../src/web/pages/config/partnerForm.js';
import { mayOpen, sectionsFor } from '../../../../src/web/pages/config/sections.js';
import type { Partner } from '../../../../src/web/pages/config/model.js';

describe('form errors from a problem', () => {
  it('puts each error of an invalid body on its path, and the rest above the form', () => {
    const errors = formErrors(
      { status: 400, title: 'Invalid body', detail: '…', errors: [{ path: 'contacts.0.email', message: 'Invalid email address' }, { path: 'symbol', message: 'expected TYPE:VALUE' }, { path: '', message: 'Unrecognized key: "x"' }] },
      (path) => path !== '',
    );
    expect(errors.byPath).toEqual({ 'contacts.0.email': ['Invalid email address'], symbol: ['expected TYPE:VALUE'] });
    expect(errors.general).toEqual(['Unrecognized key: "x"']);
    expect(errorsAt(errors, 'contacts')).toEqual(['Invalid email address']);
    expect(errorsAt(errors, 'contacts.0.name')).toEqual([]);
  });

  it('reads "path: message" details of known fields, and keeps any other detail whole', () => {
    expect(formErrors({ status: 400, title: 'Invalid request', detail: 'libraries: only a services-operator is scoped to libraries' }, (p) => p === 'libraries').byPath).toEqual({
      libraries: ['only a services-operator is scoped to libraries'],
    });
    const conflict = formErrors({ status: 409, title: 'Conflict', detail: 'partner FAR already exists: use another code' }, (p) => p === 'code');
    expect(conflict).toEqual({ byPath: {}, general: ['partner FAR already exists: use another code'] });
  });
});

describe('inputs to API values', () => {
  it('numbers: empty left out, numbers as numbers, anything else as typed for the server to name', () => {
    expect(numberOrText('')).toBeUndefined();
    expect(numberOrText(' 4.5 ')).toBe(4.5);
    expect(numberOrText('soon')).toBe('soon');
    expect(splitList('a, b,\n c,,')).toEqual(['a', 'b', 'c']);
  });

  it('moves an item up, down, and clamps at the ends', () => {
    expect(moveItem(['a', 'b', 'c'], 2, 0)).toEqual(['c', 'a', 'b']);
    expect(moveItem(['a', 'b', 'c'], 0, 1)).toEqual(['b', 'a', 'c']);
    expect(moveItem(['a', 'b', 'c'], 0, 9)).toEqual(['b', 'c', 'a']);
    expect(moveItem(['a', 'b'], 5, 0)).toEqual(['a', 'b']);
  });
});

describe('the partner form', () => {
  const partner: Partner = {
    code: 'FAR',
    name: 'Far Away',
    symbol: 'ISIL:US-FAR',
    endpoint: 'https://far.example/iso18626',
    active: false,
    averageSupplyDays: 3,
    requestExpiry: { days: 10 },
    profileType: 'iso18626',
    currency: 'USD',
    sendRequesterInfo: true,
    sharedBarcodes: false,
    automaticReceive: false,
    ignoreLenderShippingCost: true,
    contacts: [{ name: 'Pat', email: 'pat@far.example' }],
    notes: 'slow in August',
    systemType: 'alma',
    supportsBorrowing: false,
    supportsLending: true,
  };

  it('round-trips a partner through the draft unchanged', () => {
    expect(draftToPartner(partnerToDraft(partner))).toEqual(partner);
  });

  it('leaves blank fields out so the server defaults apply, and sends a date expiry', () => {
    const body = draftToPartner({ ...EMPTY_PARTNER, code: ' X ', name: 'X', symbol: 'ISIL:X', requestExpiryKind: 'date', requestExpiryDate: '2027-01-31', contacts: [{ name: 'A', email: '', phone: '1', role: '' }] });
    expect(body).toEqual({
      code: 'X',
      name: 'X',
      symbol: 'ISIL:X',
      active: true,
      profileType: 'iso18626',
      supportsBorrowing: true,
      supportsLending: true,
      requestExpiry: { date: '2027-01-31' },
      sendRequesterInfo: false,
      sharedBarcodes: false,
      automaticReceive: false,
      ignoreLenderShippingCost: false,
      contacts: [{ name: 'A', phone: '1' }],
    });
  });
});

describe('the condition builder', () => {
  it('turns rows into conditions the API takes', () => {
    expect(draftToCondition({ field: 'format', operator: 'equals', value: 'digital' })).toEqual({ field: 'format', operator: 'equals', value: 'digital' });
    expect(draftToCondition({ field: 'pickupLocation', operator: 'in', value: 'MAIN, LAW' })).toEqual({ field: 'pickupLocation', operator: 'in', value: ['MAIN', 'LAW'] });
    expect(draftToCondition({ field: 'isbn', operator: 'not-empty', value: 'ignored' })).toEqual({ field: 'isbn', operator: 'not-empty' });
    expect(draftToCondition({ field: 'neededBefore', operator: 'before', value: '7' })).toEqual({ field: 'neededBefore', operator: 'before', value: 7 });
    expect(draftToCondition({ field: 'neededBefore', operator: 'after', value: '2027-01-01' })).toEqual({ field: 'neededBefore', operator: 'after', value: '2027-01-01' });
  });

  it('keeps rows and conditions in step, and a field change picks an operator the field takes', () => {
    const condition = { field: 'pickupLocation', operator: 'in', value: ['MAIN', 'LAW'] };
    expect(draftToCondition(conditionToDraft(condition))).toEqual(condition);
    expect(changeField({ field: 'title', operator: 'contains', value: 'x' }, 'isbn')).toEqual({ field: 'isbn', operator: 'empty', value: '' });
    expect(changeField({ field: 'title', operator: 'equals', value: 'x' }, 'serviceType')).toEqual({ field: 'serviceType', operator: 'equals', value: 'loan' });
    expect(changeField({ field: 'format', operator: 'equals', value: 'physical' }, 'pickupLocation')).toEqual({ field: 'pickupLocation', operator: 'equals', value: '' });
    expect(changeField({ field: 'title', operator: 'contains', value: 'law' }, 'author')).toEqual({ field: 'author', operator: 'contains', value: 'law' });
    expect(newCondition()).toEqual({ field: 'format', operator: 'equals', value: 'physical' });
    expect(describeCondition({ field: 'neededBefore', operator: 'before', value: 7 })).toBe('Needed before is before 7 days from today');
  });
});

describe('sections by role', () => {
  it('shows an administrator everything and a partners manager only partners, rotas, rules and the directory', () => {
    expect(sectionsFor(['fulfillment-admin'])).toHaveLength(8);
    expect(sectionsFor(['partners-manager']).map((s) => s.id)).toEqual(['partners', 'rota-templates', 'rota-rules', 'directory']);
    expect(sectionsFor(['circulation-desk']).map((s) => s.id)).toEqual(['directory']);
    expect(mayOpen('users', ['partners-manager'])).toBe(false);
  });
});
