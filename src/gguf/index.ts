/**
 * gguf/: the one place on the TypeScript side that reads GGUF files: headers and tensor tables, the
 * whole-file check, what a model file is (architecture, parameters, quantization, template, licence), and
 * the one adapter check (whole, a LoRA, fits a base, the announced bytes). It loads no inference engine.
 */
export {readGgufHeader} from "./readGgufHeader.js";
export type {GgufHeader, GgufTensorHeader, GgufValue} from "./readGgufHeader.js";
export {readGgufFile, dominantType} from "./readGgufFile.js";
export type {GgufFile} from "./readGgufFile.js";
export {ggmlTypes, ggmlTypeName, tensorBytes} from "./ggmlTypes.js";
export type {GgmlTypeInfo} from "./ggmlTypes.js";
export {fileTypeName} from "./fileTypes.js";
export {checkModelFile} from "./checkModelFile.js";
export type {HeaderFacts, ModelFacts} from "./checkModelFile.js";
export {chatTemplateKind} from "./chatTemplateKind.js";
export {checkAdapter, baseShapesOf} from "./checkAdapter.js";
export type {AdapterFacts, BaseShapes} from "./checkAdapter.js";
export {sha256File} from "./sha256File.js";
export {GgufReadError} from "./GgufReadError.js";
export {InvalidModelFileError} from "./InvalidModelFileError.js";
export {InvalidAdapterError} from "./InvalidAdapterError.js";
export {modelSearchPath, userModelsDir, projectModelsDir, embeddedModelName, modelsPathVariable} from "./modelSearchPath.js";
export type {ModelSearchDir, ModelSearchOptions, ModelSearchSource} from "./modelSearchPath.js";
export {locateModelFile, isModelUri} from "./locateModelFile.js";
export type {LocatedModelFile, SearchedPlace, ModelFileSearch} from "./locateModelFile.js";
export {fingerprintModel} from "./fingerprintModel.js";
export type {ModelFingerprint} from "./fingerprintModel.js";
