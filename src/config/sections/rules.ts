/** Rota templates, rota assignment rules and sending rules of an institution (configuration capability). */
export const rulesShape = {};
