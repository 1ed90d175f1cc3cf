/**
 * codices/codex.schema.json as it must be: generated from src/objects/codexSchema.ts, so the file editors
 * read and the validator the runtime runs are one schema. `npm run codex-schema` writes it; a test fails
 * when the file in the repository differs. Refinements a JSON schema cannot say (unique ids, weights that
 * add up to 1) are in the descriptions. Async because zod loads on first use only.
 */
export async function codexJsonSchema(): Promise<Record<string, unknown>> {
    const [{z}, {codexSchema}] = await Promise.all([import("zod"), import("./codexSchema.js")]);
    return z.toJSONSchema(codexSchema, {target: "draft-2020-12"});
}

/** The file's text: two-space JSON and a final newline. */
export async function codexJsonSchemaText(): Promise<string> {
    return JSON.stringify(await codexJsonSchema(), null, 2) + "\n";
}
