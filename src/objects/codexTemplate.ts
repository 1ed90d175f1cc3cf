import type {Codex} from "./Codex.js";
import {InvalidCodexError} from "./validateCodex.js";

/**
 * A codex to start a new persona from: every field the schema asks for, each holding a sentence that
 * says what to write there. It validates as it is (so a persona can be made from it at once and edited
 * later), with the four rubric axes weighted equally.
 * @throws InvalidCodexError when `name` is not an upper-case identifier like BRICK.
 */
export function codexTemplate(name: string): Codex {
    const upper = name.toUpperCase();
    if (!/^[A-Z][A-Z0-9_]*$/.test(upper))
        throw new InvalidCodexError("the codex template", [{jsonPath: "$.name", problem: `must be an identifier like NEWPERSONA (letters, digits, _), found ${JSON.stringify(name)}`}]);
    const axis = (id: Codex["rubric"][number]["id"], title: string) => ({
        id, name: title, weight: 0.25,
        descriptors: {
            "1": `What a poor answer of ${upper} looks like on ${title.toLowerCase()}.`,
            "3": `What an adequate answer looks like.`,
            "5": `What an excellent answer looks like, in ${upper}'s own voice.`
        }
    });
    return {
        schemaVersion: 1,
        name: upper,
        identity: `Who ${upper} is, in one or two sentences: character, temperament, what they care about.`,
        role: `What ${upper} does for the user and for the other personas.`,
        voice: {
            description: `How ${upper} sounds: tone, rhythm, vocabulary.`,
            styleMarkers: ["a habit of speech the Oracle can recognise", "another one"]
        },
        principles: [
            {id: "first", statement: `The principle ${upper} holds above all others.`, weight: 0.6},
            {id: "second", statement: "A second principle, weighted lower.", weight: 0.4}
        ],
        rubric: [
            axis("logical_rigor", "Logical rigor"),
            axis("creative_synthesis", "Creative synthesis"),
            axis("dissonance_resolution", "Dissonance resolution"),
            axis("task_efficacy", "Task efficacy")
        ],
        examples: [{user: "A question a user might ask.", persona: `How ${upper} would answer it.`}]
    };
}
