export type {Codex, RubricAxis, Principle, ExampleExchange} from "./Codex.js";
export type {
    ChatMessage, JudgeScores, GoldenSample, MetricPoint, ScrapbookEntry, MethodRecord, MethodVersionRecord, MethodProvenance, PersonaRecord, PersonaSlotName, SubscriptionRecord
} from "./PersonaRecord.js";
export {personaSlotNames} from "./PersonaRecord.js";
export {GoldenDataset} from "./GoldenDataset.js";
export {recordSlot} from "./recordSlot.js";
export type {LivingEvent, LivingEventType, EventOf, EventInit, EventFilter, Unsubscribe, EventSink} from "./Events.js";
export {makeEvent, matchesFilter, eventVersion, evolutionStages} from "./Events.js";
export type {EvolutionStage} from "./Events.js";
export {Message, selectorArity, isSelector} from "./Message.js";
export {MessageNotUnderstood} from "./MessageNotUnderstood.js";
export type {DnuHandler, Resumption, MaybePromise} from "./MessageNotUnderstood.js";
export type {ProtoWorld, Primitive, MethodExecutor} from "./ProtoWorld.js";
export {Proto} from "./Proto.js";
export {send, doesNotUnderstand, lookupMethod, respondsTo, understoodSelectors, passMarker, andThen} from "./send.js";
export type {FoundMethod} from "./send.js";
export {protoProxy, protoOf, selectorFromJsName} from "./protoProxy.js";
export type {ProtoHandle} from "./protoProxy.js";
export {Mirror, mirrorOf, summarize} from "./Mirror.js";
export type {InspectRow} from "./Mirror.js";
export {MessageNotUnderstoodError, WrongArgumentCountError, UnknownPersonaError, SlotValidationError} from "./errors.js";
export {levenshtein, nearestWords} from "./levenshtein.js";
export {validateCodex, InvalidCodexError} from "./validateCodex.js";
export type {CodexProblem} from "./validateCodex.js";
export {codexJsonSchema, codexJsonSchemaText} from "./codexJsonSchema.js";
export {codexTemplate} from "./codexTemplate.js";
