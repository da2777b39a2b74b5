export * from './client.js';
export * from './cql.js';
