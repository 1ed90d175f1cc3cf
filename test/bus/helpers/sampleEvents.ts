import {makeEvent} from "../../../src/objects/index.js";
import type {EventInit, LivingEvent, LivingEventType} from "../../../src/objects/index.js";

/** One valid event of every type; the mapped type makes the list fail to compile when a type is missing. */
const inits: {[T in LivingEventType]: EventInit<T>} = {
    personaCreated: {type: "personaCreated", persona: "ROBIN", personaId: "p-1"},
    personaRemoved: {type: "personaRemoved", persona: "ROBIN", personaId: "p-1"},
    personaCloned: {type: "personaCloned", persona: "BRICK", personaId: "p-2", cloneId: "p-3"},
    slotChanged: {type: "slotChanged", persona: "BRICK", slot: "scrapbook"},
    methodCompiled: {type: "methodCompiled", persona: "ALFRED", selector: "judge:"},
    methodRemoved: {type: "methodRemoved", persona: "ALFRED", selector: "judge:"},
    adapterSwapped: {type: "adapterSwapped", persona: "ROBIN", from: null, to: "adapters/robin/v2.gguf"},
    modelSwapped: {type: "modelSwapped", persona: "BABS", from: "a.gguf", to: "b.gguf"},
    swapRefused: {type: "swapRefused", persona: "ROBIN", what: "adapter", path: "x.gguf", reason: "wrong arch"},
    dissonance: {type: "dissonance", persona: "BRICK", selector: "fly:to:", args: ["moon", "now"], resolution: "handler", handler: "llm"},
    sendFailed: {type: "sendFailed", persona: "BRICK", selector: "explode", error: "boom\nsecond line"},
    imageSaved: {type: "imageSaved", persona: null, path: "workspace.image.json", bytes: 1024, ms: 5},
    transcript: {type: "transcript", persona: null, text: "hello"},
    chatCompleted: {type: "chatCompleted", persona: "ROBIN", interactionId: "i-1", tokens: 42, ms: 900},
    forgeProgress: {type: "forgeProgress", persona: "ROBIN", step: 3, total: 10, loss: 1.23456, tokensPerSecond: 88.25},
    forgeFinished: {type: "forgeFinished", persona: "ROBIN", ok: true, artifact: "adapters/robin/v3.gguf", message: "done"},
    verdict: {type: "verdict", persona: "BRICK", interactionId: "i-1", judge: "ALFRED", golden: 4.6, threshold: 4.5, curated: true,
        axes: {logical_rigor: {score: 5, rationale: "Premises stated; conclusion follows."}}},
    evolutionProgress: {type: "evolutionProgress", persona: "BRICK", runId: "r-1", stage: "benchmark", step: 2, total: 5, message: "better.gguf"},
    evolutionRequested: {type: "evolutionRequested", persona: "BRICK", runId: "r-1", candidate: "models/better.gguf", sha256: "ab12", lowerBound: 0.21, margin: 0.05, evidence: {n: 12}},
    evolutionFinished: {type: "evolutionFinished", persona: "BRICK", runId: "r-1", stage: "scout", ok: true, outcome: "stepChange", message: "better.gguf"},
    user: {type: "user", persona: null, name: "ping", payload: {n: 1}}
};

export function sampleEvents(): LivingEvent[] {
    return Object.values(inits).map((init) => makeEvent(init as EventInit<LivingEventType>));
}
