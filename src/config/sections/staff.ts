/** Staff users and their roles (configuration capability). */
export const staffShape = {};
