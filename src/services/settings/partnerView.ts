import type { Partner } from '../../store/schema.js';

/**
 * A partner as the API shows it and the network file writes it (camelCase, the symbol as
 * `TYPE:VALUE`), so what is read can be sent back or loaded unchanged. Unset fields are left out.
 * Credentials never appear: they live in their own table and are written, never read back.
 */
export function partnerView(partner: Partner) {
  const optional = <K extends string, V>(key: K, value: V | null) => (value === null ? {} : { [key]: value }) as Partial<Record<K, V>>;
  return {
    code: partner.code,
    name: partner.name,
    symbol: `${partner.id_type}:${partner.id_value}`,
    ...optional('endpoint', partner.endpoint_url),
    active: partner.active,
    ...optional('averageSupplyDays', partner.average_supply_days),
    requestExpiry:
      partner.request_expiry === 'days' && partner.request_expiry_days !== null
        ? { days: partner.request_expiry_days }
        : partner.request_expiry === 'date' && partner.request_expiry_date !== null
          ? { date: partner.request_expiry_date.toISOString() }
          : ('none' as const),
    profileType: partner.profile_type,
    ...optional('deliveryDelayDays', partner.delivery_delay_days),
    ...optional('currency', partner.currency),
    sendRequesterInfo: partner.send_requester_info,
    sharedBarcodes: partner.shared_barcodes,
    automaticReceive: partner.automatic_receive,
    ignoreLenderShippingCost: partner.ignore_lender_shipping_cost,
    ...optional('resendOverdueIntervalDays', partner.resend_overdue_interval_days),
    ...optional('borrowingWorkflowProfile', partner.borrowing_workflow_profile),
    ...optional('lendingWorkflowProfile', partner.lending_workflow_profile),
    ...optional('locateProfile', partner.locate_profile),
    ...optional('holdingsCode', partner.holdings_code),
    contacts: partner.contacts,
    ...optional('notes', partner.notes),
    systemType: partner.system_type,
    supportsBorrowing: partner.supports_borrowing,
    supportsLending: partner.supports_lending,
  };
}
export type PartnerView = ReturnType<typeof partnerView>;
