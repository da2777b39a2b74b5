export * from './condition.js';
export * from './engine.js';
export * from './fields.js';
export * from './subject.js';
