import type {z} from "zod";
import type {codexSchema} from "./codexSchema.js";

// Types only: inferring them from the schema keeps the type, the validator and codices/codex.schema.json
// in agreement, and a type import loads nothing at run time.

/** A persona codex (codices/*.json): the persona's immutable organization. */
export type Codex = z.output<typeof codexSchema>;

/** What a 1, a 3 and a 5 look like on one rubric axis, for one persona. */
export type RubricAxis = Codex["rubric"][number];

export type Principle = Codex["principles"][number];

export type ExampleExchange = Codex["examples"][number];
