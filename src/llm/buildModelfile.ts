/** What an Ollama persona model is made of. */
export type ModelfileSpec = {
    from: string,
    /** The adapter's file name as uploaded (the blob is named by digest in the create request). */
    adapter: string | null,
    system: string,
    template: string | null,
    parameters: Record<string, string | number>
};

/**
 * The Modelfile that `ollama create persona:vN -f Modelfile` would read for `spec`: FROM the base, ADAPTER,
 * SYSTEM from the codex, TEMPLATE and PARAMETER lines as needed. Triple-quoted values may span lines;
 * a value containing `"""` cannot be quoted and is refused.
 */
export function buildModelfile(spec: ModelfileSpec): string {
    const lines = [`FROM ${spec.from}`];
    if (spec.adapter != null) lines.push(`ADAPTER ./${spec.adapter}`);
    if (spec.template != null) lines.push(`TEMPLATE ${quote(spec.template, "TEMPLATE")}`);
    if (spec.system !== "") lines.push(`SYSTEM ${quote(spec.system, "SYSTEM")}`);
    for (const [name, value] of Object.entries(spec.parameters)) lines.push(`PARAMETER ${name} ${value}`);
    return lines.join("\n") + "\n";
}

function quote(value: string, what: string): string {
    if (value.includes('"""')) throw new RangeError(`The ${what} text contains """, which a Modelfile cannot quote: remove it from the codex.`);
    return `"""${value}"""`;
}
