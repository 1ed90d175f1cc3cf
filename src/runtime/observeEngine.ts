import type {ActivityBoard, ActivityKind} from "./ActivityBoard.js";

/** The engine calls that generate, which the board shows as activities. */
const generating = new Set<PropertyKey>(["chat", "complete", "structured"]);

/**
 * Answers `engine` as seen by everyone but PersonaChat: the same object, except that each generation
 * made through it (the Oracle judging, a loop's held-out replies) is shown on `board` while it runs.
 * `nameOf` turns the engine key a caller used (a persona id, or `<id>#judge` for the Oracle) into a persona name.
 * Everything else, and `this` inside the engine's methods, is the engine itself.
 */
export function observeEngine<E extends object>(engine: E, board: ActivityBoard, nameOf: (personaId: string) => string | null): E {
    return new Proxy(engine, {
        get(target, property) {
            const value = Reflect.get(target, property, target) as unknown;
            if (typeof value !== "function") return value;
            const method = value as (...args: unknown[]) => unknown;
            if (!generating.has(property)) return method.bind(target);
            return async (...args: unknown[]) => {
                const key = typeof args[0] === "string" ? args[0] : "";
                const judging = key.endsWith("#judge");
                const persona = nameOf(judging ? key.slice(0, -"#judge".length) : key);
                const kind: ActivityKind = judging ? "judge" : "generate";
                const activity = board.begin({kind, persona, label: `${persona ?? "a model"} ${judging ? "judging" : "generating"}`});
                try {
                    const result = await method.apply(target, args);
                    activity.end("done");
                    return result;
                } catch (error) {
                    activity.end("failed", error instanceof Error ? error.message : String(error));
                    throw error;
                }
            };
        }
    });
}
