import {browseCommand} from "./browse.js";
import {busCommand} from "./bus.js";
import {forgeCommand} from "./forge.js";
import {goldenCommand} from "./golden.js";
import {modelCommand} from "./model.js";
import {evalCommand, runCommand} from "./evaluate.js";
import {inspectCommand} from "./inspect.js";
import {listCommand} from "./list.js";
import {newCommand} from "./newImage.js";
import {personaCommand} from "./persona.js";
import {saveAsCommand} from "./saveAs.js";

export type CliOptions = {
    image: string,
    json: boolean,
    readOnly: boolean,
    recover: "backup" | undefined,
    model: string | undefined,
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
    withModel: boolean
};

export type Command = (args: string[], options: CliOptions) => Promise<number>;

export const commands: Record<string, Command> = {
    browse: browseCommand,
    list: listCommand,
    inspect: inspectCommand,
    eval: evalCommand,
    run: runCommand,
    "save-as": saveAsCommand,
    new: newCommand,
    forge: forgeCommand,
    model: modelCommand,
    bus: busCommand,
    golden: goldenCommand,
    persona: personaCommand
};
