import {sha256First32} from "./sha256.js";

/**
 * Whether a sample is held out for validation: a hash of its id, its first four bytes read as a
 * big-endian number in [0, 1), below `fraction`. The same sample lands on the same side in every
 * process and every run, and a sample's side never changes when others are added, so the validation
 * set only grows.
 */
export function isHeldOut(sampleId: string, fraction: number): boolean {
    if (fraction <= 0) return false;
    return sha256First32(`held-out:${sampleId}`) / 0x1_0000_0000 < fraction;
}
