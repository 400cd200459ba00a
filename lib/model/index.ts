export * from './errors';
export * from './graph';
export * from './ids';
export * from './json';
export * from './parameters';
