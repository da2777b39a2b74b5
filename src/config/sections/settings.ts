/** Workflow profiles, library settings and lending terms of use of an institution (configuration capability). */
export const settingsShape = {};
