import type { AddressedMessage } from '../../inbound/delivery.js';

/*
 * A broker (CrossLink) stands between us and the lenders. When one lender says Unfilled the
 * broker may forward it as a Notification while it offers the request to the next lender; for
 * us, the lender we asked did not fill it: the rota moves on.
 */
export function forwardedUnfilled(message: AddressedMessage): AddressedMessage {
  if (message.kind !== 'supplyingAgencyMessage') return message;
  if (message.messageInfo.reasonForMessage !== 'Notification' || message.statusInfo.status !== 'Unfilled') return message;
  return { ...message, messageInfo: { ...message.messageInfo, reasonForMessage: 'StatusChange' } };
}
