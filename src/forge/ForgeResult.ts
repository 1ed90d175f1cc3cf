import type {ForgeEvent} from "./ForgeEvent.js";

/** An artifact the forge announced: a file renamed into place complete, and the sha256 of its bytes. */
export type ForgeArtifact = {path: string, sha256: string};

/**
 * What a successful run produced. `adapterPath`/`sha256` are the run's last artifact (for `lora`, the
 * adapter; for `genesis`, the model), already verified when the run was started with a verifier.
 * Validation losses come from the `eval` events on the validation split (null when none was sent).
 */
export type ForgeResult = {
    adapterPath: string,
    sha256: string,
    validationBefore: number | null,
    validationAfter: number | null,
    artifacts: ForgeArtifact[],
    summary: Record<string, unknown>,
    events: ForgeEvent[],
    ms: number
};
