/**
 * The forge layer: the bridge to the Python forge (forge-py/). It writes job files, runs
 * `python3 -m forge` as a subprocess, streams its JSON-lines events, cancels it, and verifies the
 * artifacts it writes before anything may swap to them. Only this layer imports execa.
 */
export type {ForgeBackend, ForgeCommandName, ForgeEvent, ForgeEventType, ProgressEvent} from "./ForgeEvent.js";
export type {ForgeArtifact, ForgeResult} from "./ForgeResult.js";
export type {ForgeOptions} from "./ForgeRun.js";
export {ForgeRun} from "./ForgeRun.js";
export {startForge} from "./startForge.js";
export {runLora, type LoraOptions} from "./runLora.js";
export {loraJobFile, LoraJobError, type LoraJob, type TokenizedSample} from "./LoraJob.js";
export {parseForgeEvent, type ParsedLine} from "./parseForgeEvent.js";
export {renderProgressBar} from "./renderProgressBar.js";
export type {ProgressBarStyle} from "./renderProgressBar.js";
export {defaultForgeDir} from "./forgePaths.js";
export {ForgeError} from "./ForgeError.js";
export {ForgeCrashedError} from "./ForgeCrashedError.js";
export {ForgeKilledError} from "./ForgeKilledError.js";
export {ForgeCancelledError} from "./ForgeCancelledError.js";
export {ForgeProtocolError} from "./ForgeProtocolError.js";
export {ForgeFailedError} from "./ForgeFailedError.js";
export {exportPeft, peftAdapterFolder, type PeftExportJob} from "./exportPeft.js";
export {mergeAdapter, mergedModelFile, type MergeJob} from "./mergeAdapter.js";
