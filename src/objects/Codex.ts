/** What a 1, a 3 and a 5 look like on one rubric axis, for one persona. */
export type RubricAxis = {
    id: "logical_rigor" | "creative_synthesis" | "dissonance_resolution" | "task_efficacy",
    name: string,
    weight: number,
    descriptors: {"1": string, "3": string, "5": string}
};

export type Principle = {id: string, statement: string, weight: number};

export type ExampleExchange = {user: string, persona: string};

/** A persona codex (codices/*.json): the persona's immutable organization. */
export type Codex = {
    schemaVersion: 1,
    name: string,
    identity: string,
    role: string,
    voice: {description: string, styleMarkers: string[]},
    principles: Principle[],
    rubric: RubricAxis[],
    examples: ExampleExchange[]
};
