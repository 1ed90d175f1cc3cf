/**
 * loops/philosophical/: the seed's philosophical loop. BABS scouts candidate base models and benchmarks them on a
 * persona's own held-out golden samples; a clearly better one makes the persona request evolution; a sandboxed
 * clone proves it; the persona ascends (and can descend).
 */
export type {Candidate, CandidateSource, SourceReport, SourceResult} from "./Candidate.js";
export {candidateFacts, templateFamily, trainableArchitectures} from "./CandidateFacts.js";
export type {CandidateFacts, Fitness} from "./CandidateFacts.js";
export {folderCandidates} from "./sources/folderCandidates.js";
export {ollamaCandidates, blobPath} from "./sources/ollamaCandidates.js";
export {gatherCandidates} from "./sources/gatherCandidates.js";
export type {ScoutSources, NetworkSource} from "./sources/gatherCandidates.js";
export {pairedBootstrap, BootstrapError, mulberry32} from "./pairedBootstrap.js";
export type {Interval, BootstrapOptions} from "./pairedBootstrap.js";
export {evolutionSettings, defaultEvolution, EvolutionSettingError} from "./EvolutionSettings.js";
export type {EvolutionSettings} from "./EvolutionSettings.js";
export {asEvolutionEngine} from "./EvolutionEngine.js";
export type {EvolutionEngine} from "./EvolutionEngine.js";
export {benchmarkModel, promptOf, withSystem} from "./benchmarkModel.js";
export type {ModelBenchmark, BenchmarkInputs} from "./benchmarkModel.js";
export {compareWithIncumbent} from "./compareWithIncumbent.js";
export type {Comparison} from "./compareWithIncumbent.js";
export {PairwiseJudge} from "./PairwiseJudge.js";
export type {Preference, PairwiseTally} from "./PairwiseJudge.js";
export {researchLog, recordScoutRun, researchLogSlot} from "./ResearchLog.js";
export type {CandidateReport, ScoutRun} from "./ResearchLog.js";
export {scoutFor} from "./scoutFor.js";
export type {ScoutOptions} from "./scoutFor.js";
export {EvolutionError} from "./EvolutionError.js";
export {trainAdapter, representativeSubset} from "./trainAdapter.js";
export type {TrainAdapterJob} from "./trainAdapter.js";
export {runSandbox, removeSandbox, sandboxVerdicts, sandboxVerdictsSlot} from "./runSandbox.js";
export type {SandboxVerdict, SandboxOptions} from "./runSandbox.js";
export {ascend} from "./ascend.js";
export type {AscendOptions} from "./ascend.js";
export {descend} from "./descend.js";
export {lineageOf, datasetVersions, currentDatasetVersion, nextDatasetVersion, lastAscension, describeLineage, lineageSlot, datasetVersionsSlot,
    datasetVersionSlot, firstDatasetVersion} from "./Lineage.js";
export type {LineageEntry, LineagePoint, DatasetVersion} from "./Lineage.js";
export {EvolutionLoop} from "./EvolutionLoop.js";
export type {EvolutionLoopOptions, PendingAscension} from "./EvolutionLoop.js";
export {installEvolutionLoop} from "./installEvolutionLoop.js";
export {describeScoutRun} from "./ResearchLog.js";
export {pendingAscensionSlot} from "./Lineage.js";
export {defaultScoutSources, defaultOllamaUrl} from "./defaultScoutSources.js";
export {huggingFaceCandidates} from "./sources/huggingFaceCandidates.js";
export type {HuggingFaceOptions} from "./sources/huggingFaceCandidates.js";
