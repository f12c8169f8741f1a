export * from './enums';
export * from './errors';
export * from './api';
export * from './idcard';
export * from './age';
export * from './catalogue';
export * from './attendance';
export * from './geo';
