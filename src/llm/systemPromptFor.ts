import type {Codex} from "../objects/index.js";

/**
 * Builds a persona's system prompt from its codex: identity, role, voice, principles (heaviest first)
 * and, while room remains, example exchanges. Sections are dropped whole from the end, never cut mid-way,
 * except the identity, which is truncated with "…" when even it does not fit.
 * @param options.maxChars the longest prompt to return (default 4000): tiny-context models need it short.
 */
export function systemPromptFor(codex: Codex, options: {maxChars?: number} = {}): string {
    const maxChars = options.maxChars ?? 4000;
    const principles = [...codex.principles].sort((a, b) => b.weight - a.weight);
    const sections: string[] = [
        `You are ${codex.name}. ${codex.identity}`.trim(),
        `Your role: ${codex.role}`,
        codex.voice.styleMarkers.length > 0
            ? `Your voice: ${codex.voice.description} (${codex.voice.styleMarkers.join("; ")})`
            : `Your voice: ${codex.voice.description}`
    ];
    if (principles.length > 0)
        sections.push("Your principles:\n" + principles.map((p) => `- ${p.statement}`).join("\n"));
    for (const example of codex.examples)
        sections.push(`Example:\nUser: ${example.user}\n${codex.name}: ${example.persona}`);

    let prompt = "";
    for (const section of sections) {
        const next = prompt === "" ? section : `${prompt}\n\n${section}`;
        if (next.length > maxChars) break;
        prompt = next;
    }
    if (prompt === "") {
        const first = sections[0] ?? "";
        prompt = maxChars <= 1 ? first.slice(0, Math.max(0, maxChars)) : first.slice(0, maxChars - 1) + "…";
    }
    return prompt;
}
