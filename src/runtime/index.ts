export {Runtime, NoEngineError} from "./Runtime.js";
export type {RuntimeOptions} from "./Runtime.js";
export {ProtoManager, SwapRefusedError, DuplicatePersonaError, ManagerAlreadyOpenError} from "./ProtoManager.js";
export type {SwapTarget} from "./ProtoManager.js";
export type {ChatEngine} from "./PersonaChat.js";
export {AsyncLock} from "./AsyncLock.js";
export {createImage, projectRoot, embeddedModelPath, seedPersonas} from "./createImage.js";
export {validateSlotWrite} from "./slotRules.js";
