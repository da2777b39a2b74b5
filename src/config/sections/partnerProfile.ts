/** The rest of a partner's profile: system type, supply times, workflow profiles, contacts … (configuration capability). */
export const partnerProfileShape = {};
