export * from './classify.js';
export * from './plan.js';
export * from './reviseRota.js';
