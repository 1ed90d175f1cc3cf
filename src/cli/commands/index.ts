
export type CliOptions = {
    image: string,
    json: boolean,
    readOnly: boolean,
    recover: "backup" | "journal" | undefined,
    /** save-as: replace a file that is not an image, or an image with unsaved changes (kept as .bak / set aside). */
    force: boolean,
    /** `--model FILE`: every persona's model this session (not saved); for `new` and `persona new`, the model to create on. */
    model: string | undefined,
    /** `--model NAME=SPEC`: one persona's model (a GGUF path or an engine spec) this session, by persona name in upper case. */
    modelFor: Record<string, string>,
    /** `--models DIR` (repeatable): folders searched first for a model or adapter the image names. */
    models: string[],
    threads: number | undefined,
    bus: string | undefined,
    save: boolean,
    steps: string | undefined,
    backend: string | undefined,
    hfModel: string | undefined,
    lr: string | undefined,
    type: string | undefined,
    persona: string | undefined,
    format: string | undefined,
    /** persona new: the codex file. */
    codex: string | undefined,
    /** persona import: the name to import as. */
    as: string | undefined,
    /** persona rm: remove without asking. */
    yes: boolean,
    /** persona export: copy the base model into the file. */
    withModel: boolean,
    /** ascend: the model to ascend to. */
    to: string | undefined,
    /** synthesize: the examples a draft must meet (`--example BLOCK`, repeatable). */
    examples: string[],
    /** model list/show/rm: the Ollama server (`--ollama URL`, or `off`); default OLLAMA_HOST, else Ollama's default address. */
    ollama: string | undefined,
    /** forge merge: the adapter's scale (`--scale X`). */
    scale: string | undefined
};

export type Command = (args: string[], options: CliOptions) => Promise<number>;

/**
 * Every command, loaded only when it runs: `--help` loads none, and the browser is relaunched (see
 * relaunch.ts) before the image, the runtime and the UI are loaded.
 */
export const commands: Record<string, () => Promise<Command>> = {
    browse: async () => (await import("./browse.js")).browseCommand,
    list: async () => (await import("./list.js")).listCommand,
    inspect: async () => (await import("./inspect.js")).inspectCommand,
    history: async () => (await import("./history.js")).historyCommand,
    eval: async () => (await import("./evaluate.js")).evalCommand,
    chat: async () => (await import("./chat.js")).chatCommand,
    run: async () => (await import("./evaluate.js")).runCommand,
    "save-as": async () => (await import("./saveAs.js")).saveAsCommand,
    new: async () => (await import("./newImage.js")).newCommand,
    forge: async () => (await import("./forge.js")).forgeCommand,
    judge: async () => (await import("./judge.js")).judgeCommand,
    model: async () => (await import("./model.js")).modelCommand,
    bus: async () => (await import("./bus.js")).busCommand,
    golden: async () => (await import("./golden.js")).goldenCommand,
    persona: async () => (await import("./persona.js")).personaCommand,
    scout: async () => (await import("./evolution.js")).scoutCommand,
    ascend: async () => (await import("./evolution.js")).ascendCommand,
    descend: async () => (await import("./evolution.js")).descendCommand,
    lineage: async () => (await import("./evolution.js")).lineageCommand,
    synthesize: async () => (await import("./synthesize.js")).synthesizeCommand
};
