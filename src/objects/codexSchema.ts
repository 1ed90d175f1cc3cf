import {z} from "zod";

/**
 * The codex's one source of truth: the TypeScript type (Codex.ts infers it), the validator
 * (validateCodex.ts) and codices/codex.schema.json (codexJsonSchema.ts generates it) all come from here.
 *
 * Every `error` below completes a sentence that starts with the JSON path of the value, e.g.
 * "$.rubric[2].weight must be a number from 0 to 1"; validateCodex adds what was found and the fix.
 * Objects are strict, so a misspelt field ("principals") is caught instead of silently ignored.
 * This module loads zod (about 50 ms), so only validateCodex imports it, lazily: a start that
 * validates no codex never pays for it.
 */

export const rubricAxisIds = ["logical_rigor", "creative_synthesis", "dissonance_resolution", "task_efficacy"] as const;

const text = z.string({error: "must be a non-empty string"}).regex(/\S/, {error: "must be a non-empty string"});

const weight = z.number({error: "must be a number from 0 to 1"})
    .min(0, {error: "must be a number from 0 to 1"})
    .max(1, {error: "must be a number from 0 to 1"});

const objectError = {error: "must be an object"};
const arrayError = {error: "must be an array"};

const principleSchema = z.strictObject({id: text, statement: text, weight}, objectError);

const rubricAxisSchema = z.strictObject({
    id: z.enum(rubricAxisIds, {error: `must be one of ${rubricAxisIds.join(", ")}`}),
    name: text,
    weight,
    descriptors: z.strictObject({"1": text, "3": text, "5": text}, objectError)
        .meta({description: "What a 1, a 3 and a 5 look like on this axis."})
}, objectError);

const exampleSchema = z.strictObject({user: text, persona: text}, objectError);

export const codexSchema = z.strictObject({
    $schema: z.string({error: "must be a string (the path of codex.schema.json, for editors)"}).optional(),
    schemaVersion: z.literal(1, {error: "must be 1"}),
    name: z.string({error: "must be an upper-case identifier like BRICK"})
        .regex(/^[A-Z][A-Z0-9_]*$/, {error: "must be an upper-case identifier like BRICK"}),
    identity: text,
    role: text,
    voice: z.strictObject({
        description: text,
        styleMarkers: z.array(text, arrayError).min(1, {error: "must hold at least one style marker"})
    }, objectError),
    principles: z.array(principleSchema, arrayError)
        .min(1, {error: "must hold at least one principle"})
        .superRefine((principles, context) => {
            const seen = new Set<string>();
            principles.forEach((principle, i) => {
                if (seen.has(principle.id))
                    context.addIssue({code: "custom", path: [i, "id"], message: `repeats the id ${JSON.stringify(principle.id)}; give each principle its own id`});
                seen.add(principle.id);
            });
        })
        .meta({description: "Principle ids are unique."}),
    rubric: z.array(rubricAxisSchema, arrayError)
        .length(4, {error: `must hold the four axes ${rubricAxisIds.join(", ")}`})
        .superRefine((axes, context) => {
            const seen = new Set<string>();
            axes.forEach((axis, i) => {
                if (seen.has(axis.id)) context.addIssue({code: "custom", path: [i, "id"], message: `repeats the axis ${axis.id}`});
                seen.add(axis.id);
            });
            const missing = rubricAxisIds.filter((id) => !seen.has(id));
            if (missing.length > 0) context.addIssue({code: "custom", path: [], message: `lacks the axis ${missing.join(", ")}`});
            const total = axes.reduce((sum, axis) => sum + axis.weight, 0);
            if (Math.abs(total - 1) > 1e-6)
                context.addIssue({code: "custom", path: [], message: `weights must add up to 1, found ${total.toFixed(3)}`});
        })
        .meta({description: "The four axes of the seed, each once, weights adding up to 1."}),
    examples: z.array(exampleSchema, arrayError).min(1, {error: "must hold at least one example exchange"})
}, objectError).meta({
    title: "Living Image persona codex",
    description: "A persona's immutable organization. Generated from src/objects/codexSchema.ts (npm run codex-schema); "
        + "validateCodex checks the same schema and names the JSON path of any problem."
});
