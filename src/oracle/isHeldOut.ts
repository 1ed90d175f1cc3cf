import {sha256} from "./sha256.js";

/**
 * Whether a sample is held out for validation: a hash of its id, read as a number in [0, 1), below
 * `fraction`. The same sample lands on the same side in every process and every run, and a sample's side
 * never changes when others are added, so the validation set only grows.
 */
export function isHeldOut(sampleId: string, fraction: number): boolean {
    if (fraction <= 0) return false;
    const hash = sha256(`held-out:${sampleId}`);
    return hash.readUInt32BE(0) / 0x1_0000_0000 < fraction;
}
