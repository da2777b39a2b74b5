export { ROTA_ENTRY_STATUSES, hasNextPartner, nextPendingEntry, type RotaEntryState, type RotaEntryStatus } from './entry.js';
export { expiryFor, type PartnerRequestExpiry, type RequestExpiryType } from './expiry.js';
export { compareBySupplyTime, orderRota, type OrderedRotaEntry, type RotaCandidate, type RotaOrderMode, type RotaSkipReason } from './order.js';
