/**
 * One line of the forge's JSON-lines protocol, parsed and validated. The Python side writes snake_case
 * (`tokens_per_s`); this union is the TypeScript spelling that the rest of the system sees.
 */
export type ForgeEvent =
    | {type: "start", command: string | null, info: Record<string, unknown>}
    | {type: "progress", step: number, total: number, loss: number | null, tokensPerSecond: number | null}
    | {type: "eval", split: string, loss: number, when: "before" | "after"}
    | {type: "artifact", path: string, sha256: string}
    | {type: "done", summary: Record<string, unknown>}
    | {type: "error", kind: string, message: string};

export type ForgeEventType = ForgeEvent["type"];

export type ProgressEvent = Extract<ForgeEvent, {type: "progress"}>;

/** The commands `python3 -m forge` understands. */
export type ForgeCommandName = "lora" | "genesis" | "unsloth" | "peft" | "merge" | "peft-export";

/** Which trainer makes a LoRA adapter: the numpy forge (always there), or the optional GPU stacks. */
export type ForgeBackend = "numpy" | "unsloth" | "peft";
