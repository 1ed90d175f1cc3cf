import {UsageError} from "./UsageError.js";

/**
 * The `--model` options: `--model FILE` (at most one) for every persona, and `--model NAME=SPEC` (one per persona)
 * for one persona, which wins over the plain one. SPEC is a GGUF path or any engine spec (`ollama://host:port/model`…).
 * Specs are read when the image opens (openRuntime): --help loads no engine code.
 * A file name with `=` in it is read as NAME=SPEC when what precedes `=` could be a persona's name: write `./a=b.gguf`.
 */
export function parseModelOptions(values: readonly string[]): {model: string | undefined, modelFor: Record<string, string>} {
    let model: string | undefined;
    const modelFor: Record<string, string> = {};
    for (const value of values) {
        const named = /^([A-Za-z][A-Za-z0-9_]*)=(.*)$/.exec(value);
        const spec = named == null ? value : named[2]!;
        if (spec.trim() === "") throw new UsageError(`--model ${value} names no model: write --model ${named?.[1] ?? "NAME"}=FILE.gguf (or an engine spec such as ollama://localhost:11434/llama3.2).`);
        if (named == null) {
            if (model != null) throw new UsageError(`--model was given twice for every persona (${model} and ${value}): give one, and name a persona for the other (--model BRICK=${value}).`);
            model = value;
            continue;
        }
        const name = named[1]!.toUpperCase();
        if (Object.hasOwn(modelFor, name)) throw new UsageError(`--model ${name}= was given twice (${modelFor[name]} and ${spec}): give one model per persona.`);
        modelFor[name] = spec;
    }
    return {model, modelFor};
}
