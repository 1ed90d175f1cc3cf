/**
 * oracle/: the ALFRED Oracle. A rubric per persona from its codex, a judge that scores transcripts on it
 * through an engine's structured output, the curation of golden samples (thresholds, duplicates, held-out
 * split), the Architect's own ratings, and the JSONL formats fine-tuning tools read.
 */
export {rubricFor, rubricAxisIds, RubricError} from "./Rubric.js";
export type {Rubric, RubricAxisId} from "./Rubric.js";
export {goldenScore} from "./goldenScore.js";
export {judgeSchema} from "./judgeSchema.js";
export {judgePrompt} from "./judgePrompt.js";
export type {JudgePromptOptions} from "./judgePrompt.js";
export {Judge} from "./Judge.js";
export type {JudgeEngine, JudgeOptions, Verdict} from "./Judge.js";
export {judgeFor, NoJudgeEngineError} from "./judgeFor.js";
export {judgeBudget} from "./judgeBudget.js";
export type {JudgeBudget} from "./judgeBudget.js";
export {modelContextLength} from "./modelContextLength.js";
export type {JudgeForOptions} from "./judgeFor.js";
export {readVerdict} from "./readVerdict.js";
export {JudgeReplyError} from "./JudgeReplyError.js";
export type {JudgeReplyProblem} from "./JudgeReplyError.js";
export {JudgeFailedError} from "./JudgeFailedError.js";
export {judgeInteraction} from "./judgeInteraction.js";
export {recordVerdict, findInteraction, asSampleFor, participantsOf} from "./recordVerdict.js";
export {pendingInteractions, recordJudgeFailure, isJudgedBy} from "./pendingInteractions.js";
export type {PendingInteraction} from "./pendingInteractions.js";
export type {Curation} from "./recordVerdict.js";
export {rateInteraction, RatingError} from "./rateInteraction.js";
export type {Rating} from "./rateInteraction.js";
export {UnknownInteractionError} from "./UnknownInteractionError.js";
export {curationSettings, defaultCuration, CurationSettingError} from "./curationSettings.js";
export type {CurationSettings} from "./curationSettings.js";
export {isHeldOut} from "./isHeldOut.js";
export {normalizedContent, contentId} from "./normalizedContent.js";
export {addGoldenSample} from "./addGoldenSample.js";
export type {AddedSample} from "./addGoldenSample.js";
export {checkMessages} from "./checkMessages.js";
export {GoldenSampleError} from "./GoldenSampleError.js";
export {goldenToJsonl, parseGoldenJsonl, goldenFormats, chatmlText, parseChatml} from "./goldenJsonl.js";
export {readGoldenJsonl} from "./readGoldenJsonl.js";
export type {GoldenFormat, GoldenMetadata, ImportedConversation} from "./goldenJsonl.js";
export {importGoldenSamples, importGoldenSamplesAndSave} from "./importGoldenSamples.js";
export {styleMarkers, styleRate} from "./styleMarkers.js";
export type {StyleMarker} from "./styleMarkers.js";
export {spearman} from "./spearman.js";
