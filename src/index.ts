/**
 * The core's contract for the layers above it (ui/, cli/): everything they may use.
 */
export * from "./objects/index.js";
export {ImageStore, codec, emptyWorld, defaultSettings, CorruptImageError, ImageLockedError, ReadOnlyImageError} from "./image/index.js";
export type {WorldState, ImageSettings} from "./image/index.js";
export * from "./runtime/index.js";
export * from "./oracle/index.js";
export * from "./loops/index.js";
