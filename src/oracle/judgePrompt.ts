import type {ChatTurn} from "../llm/index.js";
import type {ChatMessage} from "../objects/index.js";
import type {Rubric} from "./Rubric.js";

export type JudgePromptOptions = {
    /** The judge's system prompt ("" for none). */
    system: string,
    /** The longest user message to send, in characters (default 6000). Tiny-context models need it short. */
    maxChars?: number,
    /** The personas of a dialogue, whose replies are stored headed by their names ("ROBIN: …", see recordDialogue:). */
    speakers?: readonly string[]
};

/**
 * The conversation a judge is asked to score. The user message holds the rubric (the persona's own
 * descriptors of a 1, a 3 and a 5 per axis) and the transcript. When it does not fit `maxChars`, detail
 * goes in this order: the "3" descriptors, then all descriptors, then the rubric lines (the axis names stay
 * in the schema the reply is constrained to), and last the transcript is shortened, oldest turns first.
 * The question always opens with "Score this exchange as JSON", the phrasing the embedded model was trained on.
 */
export function judgePrompt(rubric: Rubric, transcript: readonly ChatMessage[], options: JudgePromptOptions): ChatTurn[] {
    const maxChars = options.maxChars ?? 6000;
    const persona = rubric.persona;
    const rubricLines = (detail: "full" | "ends" | "names"): string => rubric.axes.map((axis) => {
        const head = `- ${axis.id} (${axis.name}, weight ${round(axis.normalizedWeight)})`;
        switch (detail) {
            case "full": return `${head}: 1 = ${axis.descriptors["1"]} 3 = ${axis.descriptors["3"]} 5 = ${axis.descriptors["5"]}`;
            case "ends": return `${head}: 1 = ${axis.descriptors["1"]} 5 = ${axis.descriptors["5"]}`;
            case "names": return head;
            default: return detail satisfies never;
        }
    }).join("\n");
    const exchange = transcript.filter((m) => m.role !== "system").map((m) => exchangeLine(m, persona, options.speakers ?? []));
    const ask = `Score this exchange as JSON. Judge ${persona} on its rubric, 1 to 5 per axis, one short rationale each.`;
    const candidates = [
        `${ask}\nRubric:\n${rubricLines("full")}\nExchange:\n${exchange.join("\n")}`,
        `${ask}\nRubric:\n${rubricLines("ends")}\nExchange:\n${exchange.join("\n")}`,
        `${ask}\nRubric:\n${rubricLines("names")}\nExchange:\n${exchange.join("\n")}`,
        `${bareHead(persona)}${exchange.join("\n")}`
    ];
    const fitting = candidates.find((text) => text.length <= maxChars) ?? shorten(bareHead(persona), exchange, maxChars);
    return [...(options.system === "" ? [] : [{role: "system" as const, content: options.system}]), {role: "user", content: fitting}];
}

/** The question without the rubric, for small contexts: the persona is named, one turn a line. */
function bareHead(persona: string): string {
    return `Score this exchange as JSON. Judge ${persona}.\n`;
}

/**
 * A turn as one line, "User: …" or "BRICK: …". In a dialogue, a reply headed by one of its speakers' names
 * (as `recordDialogue:` stores them: "ROBIN: …") keeps that name.
 */
function exchangeLine(message: ChatMessage, persona: string, speakers: readonly string[]): string {
    const text = oneLine(message.content);
    if (message.role === "user") return `User: ${text}`;
    return speakers.some((name) => text.startsWith(`${name}: `)) ? text : `${persona}: ${text}`;
}

/** The bare question with the transcript cut to fit: whole old turns go first, then the oldest remaining turn is cut from its start. */
function shorten(head: string, exchange: string[], maxChars: number): string {
    const turns = [...exchange];
    while (turns.length > 1 && (head + turns.join("\n")).length > maxChars) turns.shift();
    const text = turns.join("\n");
    const room = Math.max(0, maxChars - head.length);
    return head + (text.length <= room ? text : "…" + text.slice(text.length - room + 1));
}

function oneLine(text: string): string {
    return text.replace(/\s+/g, " ").trim();
}

function round(n: number): number {
    return Math.round(n * 100) / 100;
}
