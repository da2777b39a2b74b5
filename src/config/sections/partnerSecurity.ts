/** How a partner proves who it is, inbound and outbound (configuration capability). */
export const partnerSecurityShape = {};
