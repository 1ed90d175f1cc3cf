/** How an improvement cycle trains and decides. Every field has a default (see defaultCycleSettings). */
export type CycleSettings = {
    /** Forge training steps (default 60), LoRA rank (8), learning rate (2e-3), batch size (8), seed (0). */
    steps: number,
    /**
     * At most this many passes over the training samples (default 8; null: `steps` as given). A few golden samples
     * trained for 60 steps are learnt by heart and the adapter gets worse on held-out ones: on the embedded model,
     * 14 samples of BABS's voice gave a held-out loss of +28 % at 60 steps, -15 % at 10 (see cycleSteps).
     */
    maxEpochs: number | null,
    rank: number,
    lr: number,
    batchSize: number,
    seed: number,
    /** Where adapters are written, as <dir>/<PERSONA>/<persona>-<sha>.gguf (default: adapters/ beside the image). */
    adaptersDir: string | null,
    /** The new adapter must lower the held-out loss by more than this (default 0: any drop). */
    minLossImprovement: number,
    /** The Oracle's mean score of the new adapter's replies may be at most this much below the current's (default 0: not worse). */
    scoreTolerance: number,
    /** Held-out prompts replied to and judged on each side (default 6; 0 skips the Oracle comparison). */
    validationPrompts: number,
    /** Most tokens per held-out reply (default 96). */
    replyMaxTokens: number,
    /**
     * The longest system prompt training and validation lay the samples out with. Null (the default): the very
     * prompt the persona chats with (Runtime.systemPromptOf), so that training sees what inference sees.
     */
    systemPromptChars: number | null,
    /** Passed to the forge as they are (snake_case, e.g. `warmup_steps`). */
    forgeExtra: Record<string, unknown>,
    python: string | null,
    forgeDir: string | null
};

export const defaultCycleSettings: CycleSettings = {
    steps: 60, maxEpochs: 8, rank: 8, lr: 2e-3, batchSize: 8, seed: 0, adaptersDir: null,
    minLossImprovement: 0, scoreTolerance: 0, validationPrompts: 6, replyMaxTokens: 96, systemPromptChars: null,
    forgeExtra: {}, python: null, forgeDir: null
};

/** The steps a cycle trains for on `samples` training samples: `steps`, capped at `maxEpochs` passes over them. */
export function cycleSteps(settings: Pick<CycleSettings, "steps" | "maxEpochs" | "batchSize">, samples: number): number {
    if (settings.maxEpochs == null) return settings.steps;
    return Math.max(1, Math.min(settings.steps, Math.ceil(settings.maxEpochs * samples / Math.max(1, settings.batchSize))));
}
