export * from './exit-codes.js';
export * from './edupkg-error.js';
