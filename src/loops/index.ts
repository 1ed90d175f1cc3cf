/**
 * loops/: the strategic loop (judge → curate → forge → validate → swap) and, later, the philosophical one.
 */
export {StrategicLoop} from "./StrategicLoop.js";
export type {StrategicLoopOptions, JudgingMode, JudgedInteraction, ImproveOptions} from "./StrategicLoop.js";
export {installStrategicLoop} from "./installStrategicLoop.js";
export {runCycle} from "./runCycle.js";
export type {CycleContext} from "./runCycle.js";
export {cycleHistory, cycleMetrics, cycleMetric, describeCycle, isCompleted} from "./CycleOutcome.js";
export type {CycleOutcome, CycleDecision, CycleRecord, CycleReason, CycleStage, StoppedCycle} from "./CycleOutcome.js";
export {cycleSteps, defaultCycleSettings} from "./CycleSettings.js";
export type {CycleSettings} from "./CycleSettings.js";
export {CycleError} from "./CycleError.js";
export {asLoopEngine} from "./LoopEngine.js";
export type {LoopEngine} from "./LoopEngine.js";
export {heldOutScore} from "./heldOutScore.js";
export {installEvolutionLoop, EvolutionLoop, EvolutionError, scoutFor, runSandbox, ascend, descend, lineageOf, researchLog, sandboxVerdicts, currentDatasetVersion,
    describeLineage, describeScoutRun, defaultScoutSources, evolutionSettings, pairedBootstrap} from "./philosophical/index.js";
export type {EvolutionLoopOptions, EvolutionSettings, LineageEntry, ScoutRun, SandboxVerdict, CandidateReport, PendingAscension, Interval,
    ScoutSources} from "./philosophical/index.js";
