/**
 * image/: the live image as plain data managed by immer, its one codec, and its crash-safe
 * persistence (atomic saves with a `.bak`, a journal of unsaved changes, a write lock).
 * Other layers import only from here, and change the image only through ImageStore.update.
 */
export {describeJsonError} from "./describeJsonError.js";
export {codec} from "./codec.js";
export {emptyWorld, defaultSettings} from "./WorldState.js";
export type {WorldState, ImageSettings, ClassRecord, ClassMethodRecord} from "./WorldState.js";

export {ImageStore} from "./ImageStore.js";
export type {ImageStoreOptions, ImageRecovery, SaveResult, ImageListener} from "./ImageStore.js";
export {encodeImage, decodeImage, imageFormatVersion} from "./imageFormat.js";
export {encodeBody, decodeBody} from "./bodyCodec.js";
export type {BodyMeta, EncodedBody} from "./bodyCodec.js";
export {deepFreeze} from "./deepFreeze.js";
export type {ImageHeader} from "./imageFormat.js";
export {journalPathFor, backupPathFor, lockPathFor} from "./siblingPaths.js";
export {ImageLock} from "./ImageLock.js";
export type {LockOwner} from "./ImageLock.js";

export {CorruptImageError} from "./CorruptImageError.js";
export type {CorruptionReason} from "./CorruptImageError.js";
export {CorruptJournalError} from "./CorruptJournalError.js";
export {ImageLockedError} from "./ImageLockedError.js";
export {ReadOnlyImageError} from "./ReadOnlyImageError.js";
export {ImageNotFoundError} from "./ImageNotFoundError.js";
export {ImageExistsError} from "./ImageExistsError.js";
export {LockFileError} from "./LockFileError.js";
export {ImageClosedError} from "./ImageClosedError.js";

export type {Draft, Patch} from "./immerSetup.js";
export {Journal} from "./Journal.js";
export type {JournalEntry, JournalCopy, JournalAppend, JournalFiles} from "./Journal.js";
export {scanJournal} from "./scanJournal.js";
export type {JournalScan, DamagedLine} from "./scanJournal.js";
export {JournalWriteError} from "./JournalWriteError.js";
export {ImageSaveError} from "./ImageSaveError.js";
export {SaveAsRefusedError} from "./SaveAsRefusedError.js";
export type {SaveAsRefusal} from "./SaveAsRefusedError.js";
export {describeFileError, isDiskFull} from "./describeFileError.js";
export {resolveImagePath} from "./resolveImagePath.js";
export {checkWorldShape} from "./checkWorldShape.js";
