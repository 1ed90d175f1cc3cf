/**
 * Living Image's public API, by name: what the README's "From TypeScript" section and docs/api.md
 * document, and what the terminal UI and the command line use. Everything else is a layer's own
 * business: import it from that layer's index.ts only inside this package.
 */
// objects/: personas as live objects, messages, reflection, events, the records of the image
export {Proto, protoProxy, protoOf, Message, MessageNotUnderstood, Mirror, mirrorOf, summarize, makeEvent, GoldenDataset, recordSlot} from "./objects/index.js";
export type {
    ProtoHandle, InspectRow, LivingEvent, LivingEventType, EventOf, PersonaRecord, ScrapbookEntry, GoldenSample, MetricPoint, ChatMessage,
    Codex, JudgeScores, MethodRecord, MethodVersionRecord
} from "./objects/index.js";
export {MessageNotUnderstoodError, UnknownPersonaError, SlotValidationError, WrongArgumentCountError} from "./objects/index.js";
// image/: the persistent image
export {ImageStore, emptyWorld, CorruptImageError, ImageLockedError, ReadOnlyImageError} from "./image/index.js";
export type {WorldState} from "./image/index.js";
// runtime/: a running image
export {Runtime, NoEngineError, SwapRefusedError, DuplicatePersonaError, createImage, embeddedModelPath, projectRoot} from "./runtime/index.js";
export type {RuntimeOptions} from "./runtime/index.js";
// Streaming replies, conversations, what a persona sees, and the long jobs in progress.
export {Conversation, ConversationBusyError, PreviewUnsupportedError, ActivityBoard} from "./runtime/index.js";
export type {ChatOptions, ChatReply, Activity, ActivityHandle, ActivityKind, ActivityStatus, TokenSource} from "./runtime/index.js";
export {TokenStream} from "./llm/index.js";
// Reflection for the tools: who sends, implements or names a selector; a method's versions; the language's classes.
export {sendersOf, implementorsOf, referencesTo, methodVersions} from "./runtime/index.js";
export type {CodeLocation, MethodVersion} from "./runtime/index.js";
// Methods a persona's model writes for it: drafts, the three gates on a clone, provenance.
export {describeSynthesis, SynthesisError, CapabilityDeniedError} from "./runtime/index.js";
export type {SynthesisRequest, SynthesisResult, SynthesisAttempt, GateReport, GateResult} from "./runtime/index.js";
export type {MethodProvenance} from "./objects/index.js";
// The debugger (the browser attaches to runtime.debugger) and the doesNotUnderstand policy.
export {Debugger, DebugSession, DebugActionError, DnuPolicyError} from "./runtime/index.js";
export type {DebuggerListener, StackEntry, CreateTarget, DnuPolicy} from "./runtime/index.js";
export {classCatalog} from "./lang/index.js";
export type {ClassDescription} from "./lang/index.js";
export type {RequestPreview, RequestToken, StopReason} from "./llm/index.js";
// lang/: the Playground language, as the tools show it
export {printString, displayString, ParseError, errorPosition, SmalltalkRuntimeError} from "./lang/index.js";
// bus/: the event bus
export {createBus, formatEvent} from "./bus/index.js";
export type {EventBus} from "./bus/index.js";
// oracle/ and loops/: the strategic loop
export {rateInteraction, rubricFor, rubricAxisIds, goldenScore} from "./oracle/index.js";
export type {Rating, Curation, RubricAxisId} from "./oracle/index.js";
export {StrategicLoop, installStrategicLoop} from "./loops/index.js";
export type {CycleOutcome} from "./loops/index.js";
// loops/: the philosophical loop (BABS scouts, a sandboxed clone proves, the persona ascends and can descend)
export {EvolutionLoop, installEvolutionLoop, researchLog, lineageOf, sandboxVerdicts, describeScoutRun, describeLineage} from "./loops/index.js";
export type {ScoutRun, CandidateReport, SandboxVerdict, LineageEntry, PendingAscension, Interval} from "./loops/index.js";
