// Public entry of the ECR emulator (tests and the demo import from here).
export { Emulator } from './emulator';
export type * from './types';
export { DEMO_ACCOUNTS, DEMO_ACCESS_KEYS, DEMO_REGIONS, DEMO_SCALE } from './demo';
export { MT as ManifestMediaTypes } from './state';
