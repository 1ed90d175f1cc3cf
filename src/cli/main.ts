import {parseArgs} from "node:util";
import {helpText} from "./help.js";
import {UsageError} from "./UsageError.js";
import {commands} from "./commands/index.js";
import type {CliOptions} from "./commands/index.js";
import {needsArenaLimit, relaunchWithArenaLimit} from "./relaunch.js";
import {readVersion} from "./version.js";
import {parseModelOptions} from "./parseModelOptions.js";

async function main(argv: string[]): Promise<number> {
    const {values, positionals} = parseArgs({
        args: argv,
        allowPositionals: true,
        strict: true,
        options: {
            image: {type: "string"},
            json: {type: "boolean", default: false},
            "read-only": {type: "boolean", default: false},
            recover: {type: "string"},
            model: {type: "string", multiple: true},
            models: {type: "string", multiple: true},
            threads: {type: "string"},
            bus: {type: "string"},
            save: {type: "boolean", default: false},
            force: {type: "boolean", default: false},
            steps: {type: "string"},
            backend: {type: "string"},
            "hf-model": {type: "string"},
            lr: {type: "string"},
            type: {type: "string"},
            persona: {type: "string"},
            format: {type: "string"},
            codex: {type: "string"},
            as: {type: "string"},
            yes: {type: "boolean", short: "y", default: false},
            "with-model": {type: "boolean", default: false},
            to: {type: "string"},
            example: {type: "string", multiple: true},
            ollama: {type: "string"},
            scale: {type: "string"},
            help: {type: "boolean", short: "h", default: false},
            version: {type: "boolean", short: "v", default: false}
        }
    });
    if (values.help) {
        process.stdout.write(helpText);
        return 0;
    }
    if (values.version) {
        process.stdout.write(`${await readVersion()}\n`);
        return 0;
    }
    if (values.recover != null && values.recover !== "backup" && values.recover !== "journal")
        throw new UsageError(`--recover takes "backup" (open the .bak of a corrupt or missing image) or "journal" (replay the good lines of a damaged journal), not ${JSON.stringify(values.recover)}.`);
    const threads = values.threads == null ? undefined : Number(values.threads);
    if (threads != null && (!Number.isInteger(threads) || threads < 1))
        throw new UsageError(`--threads must be a whole number of at least 1, not ${JSON.stringify(values.threads)}.`);

    const [first, ...rest] = positionals;
    const isCommand = first != null && Object.hasOwn(commands, first);
    const name = isCommand ? first : "browse";
    if (needsArenaLimit(name)) return relaunchWithArenaLimit();
    const args = isCommand ? rest : positionals;
    const options: CliOptions = {
        image: values.image ?? (!isCommand && first != null ? first : "workspace.image.json"),
        json: values.json === true,
        readOnly: values["read-only"] === true,
        recover: values.recover === "backup" || values.recover === "journal" ? values.recover : undefined,
        force: values.force === true,
        ...parseModelOptions(values.model ?? []),
        models: values.models ?? [],
        threads,
        bus: values.bus,
        save: values.save === true,
        steps: values.steps,
        backend: values.backend,
        hfModel: values["hf-model"],
        lr: values.lr,
        type: values.type,
        persona: values.persona,
        format: values.format,
        codex: values.codex,
        as: values.as,
        yes: values.yes === true,
        withModel: values["with-model"] === true,
        to: values.to,
        examples: values.example ?? [],
        ollama: values.ollama,
        scale: values.scale
    };
    if (!isCommand && positionals.length > 1)
        throw new UsageError(`Unknown command ${JSON.stringify(first)}. Run living-image --help for the commands.`);
    const command = commands[name];
    if (command == null) throw new UsageError(`Unknown command ${JSON.stringify(name)}. Run living-image --help.`);
    return (await command())(isCommand ? args : [], options);
}

// `living-image list | head`: a closed pipe ends the output, not the process with a stack trace.
process.stdout.on("error", (error: NodeJS.ErrnoException) => {
    if (error.code === "EPIPE") process.exit(0);
    throw error;
});

main(process.argv.slice(2)).then(
    (code) => {
        process.exitCode = code;
    },
    async (error: unknown) => {
        // Loaded only here: it reads the language's error positions, and --help must not load the whole core.
        const [{exitCodeFor, formatError}, {colorsFor}] = await Promise.all([import("./exitCodes.js"), import("./cliColors.js")]);
        const code = exitCodeFor(error);
        process.stderr.write(formatError(error, code, colorsFor(process.stderr)) + "\n");
        process.exitCode = code;
        // The error is said and nothing is left to do: whatever still holds the event loop (a reconnecting client,
        // a child that ignores its signal) must not keep the command from ending.
        setTimeout(() => process.exit(code), 3_000).unref();
    }
);
