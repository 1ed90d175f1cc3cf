import {describe, expect, it} from "vitest";
import {systemPromptFor} from "../../src/llm/index.js";
import type {Codex} from "../../src/objects/index.js";

const codex: Codex = {
    schemaVersion: 1,
    name: "BRICK",
    identity: "A logician with cheerful chaotic randomness.",
    role: "Logic and analysis.",
    voice: {description: "Deadpan", styleMarkers: ["numbered lists", "non sequiturs"]},
    principles: [
        {id: "p1", statement: "Be rigorous.", weight: 1},
        {id: "p2", statement: "Be surprising.", weight: 3}
    ],
    rubric: [],
    examples: [{user: "What is 2+2?", persona: "Four. Also, penguins."}]
};

describe("systemPromptFor", () => {
    it("builds identity, role, voice, principles by weight and examples", () => {
        expect(systemPromptFor(codex)).toBe([
            "You are BRICK. A logician with cheerful chaotic randomness.",
            "Your role: Logic and analysis.",
            "Your voice: Deadpan (numbered lists; non sequiturs)",
            "Your principles:\n- Be surprising.\n- Be rigorous.",
            "Example:\nUser: What is 2+2?\nBRICK: Four. Also, penguins."
        ].join("\n\n"));
    });

    it("drops whole sections from the end to fit maxChars, and cuts the identity only as a last resort", () => {
        const short = systemPromptFor(codex, {maxChars: 120});
        expect(short.length).toBeLessThanOrEqual(120);
        expect(short).toBe("You are BRICK. A logician with cheerful chaotic randomness.\n\nYour role: Logic and analysis.");
        const tiny = systemPromptFor(codex, {maxChars: 20});
        expect(tiny).toHaveLength(20);
        expect(tiny.endsWith("…")).toBe(true);
    });
});
