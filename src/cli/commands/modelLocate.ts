import path from "node:path";
import {isModelUri, locateModelFile, modelSearchPath} from "../../gguf/index.js";
import type {Runtime} from "../../index.js";
import {openRuntime} from "../openRuntime.js";
import {colorsFor} from "../cliColors.js";
import {escapeTerminal} from "../escapeTerminal.js";
import {UsageError} from "../UsageError.js";
import type {CliOptions} from "./index.js";

/**
 * `living-image model locate [PERSONA]` shows where each persona's base model and adapter are found (as the
 * image says, or on the models search path) and the search path itself; `model locate PERSONA FILE` records
 * where a moved model now is, after checking by sha256 that it is the same model.
 */
export async function modelLocate(args: string[], options: CliOptions): Promise<number> {
    const [persona, file, ...rest] = args;
    if (rest.length > 0) throw new UsageError("model locate takes at most a PERSONA and a FILE: living-image model locate [PERSONA [FILE]].");
    if (persona != null && file != null) {
        await using runtime = await openRuntime(options, {write: true});
        const id = runtime.manager.get(persona).personaId;
        const result = await runtime.manager.relocateModel(id, file);
        await runtime.save();
        const name = runtime.image.state.personas[id]!.name;
        if (options.json) console.log(JSON.stringify({persona: name, ...result}));
        else {
            const c = colorsFor(process.stdout);
            console.log(`${c.accent(escapeTerminal(name))}'s base model is now ${c.ok(escapeTerminal(result.path))} ${c.muted(`(sha256 ${result.sha256})`)}; ${options.image} saved.`);
        }
        return 0;
    }
    await using runtime = await openRuntime(options, {write: false});
    const rows = report(runtime, persona == null ? runtime.manager.list().map((p) => p.personaId) : [runtime.manager.get(persona).personaId], options);
    const searchPath = modelSearchPath({imageDir: path.dirname(path.resolve(runtime.image.path)), extraDirs: options.models});
    if (options.json) {
        console.log(JSON.stringify({personas: rows, searchPath}, null, 2));
        return rows.some((r) => r.missing) ? 1 : 0;
    }
    const c = colorsFor(process.stdout);
    for (const row of rows) {
        const e = escapeTerminal;
        console.log(`${c.accent(e(row.persona.padEnd(10)))} ${c.muted(row.what.padEnd(7))} ${e(row.stored)}`);
        console.log(`${"".padEnd(18)} ${row.missing ? c.error("missing") : `${c.ok(e(row.path!))}  ${c.muted(`(${row.via})`)}`}`);
    }
    console.log(c.strong("Models search path, after the path the image holds:"));
    for (const {dir, source} of searchPath) console.log(`  ${escapeTerminal(dir)}  ${c.muted(`(${source})`)}`);
    return rows.some((r) => r.missing) ? 1 : 0;
}

type Row = {persona: string, what: "model" | "adapter", stored: string, sha256: string | null, path: string | null, via: string | null, missing: boolean};

function report(runtime: Runtime, ids: string[], options: CliOptions): Row[] {
    const imageDir = path.dirname(path.resolve(runtime.image.path));
    return ids.flatMap((id) => {
        const record = runtime.image.state.personas[id]!;
        return (["model", "adapter"] as const).flatMap((what): Row[] => {
            const stored = what === "model" ? record.baseModelPath : record.activeAdapterPath;
            if (stored == null) return [];
            const sha256 = what === "model" ? record.baseModelFingerprint?.sha256 ?? null : null;
            if (isModelUri(stored)) return [{persona: record.name, what, stored, sha256, path: stored, via: "a URI, for the engine", missing: false}];
            const {found} = locateModelFile(stored, {imageDir, extraDirs: options.models, fingerprint: what === "model" ? record.baseModelFingerprint : null});
            return [{persona: record.name, what, stored, sha256, path: found?.path ?? null, via: found?.via ?? null, missing: found == null}];
        });
    });
}
