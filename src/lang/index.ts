/**
 * The Playground language: a Smalltalk message-syntax parser and a sandboxed interpreter.
 * Persona methods (Smalltalk source in the image) run through `Interpreter`, the world's
 * MethodExecutor; Playground code runs through `Interpreter.evaluate`.
 */
export {ParseError} from "./ParseError.js";
export {parseExpression} from "./parseExpression.js";
export {parseMethod} from "./parseMethod.js";
export type {
    AnyNode, ArrayNode, AssignNode, BlockNode, CascadeNode, DoItNode, ExprNode, LiteralNode, MethodNode, ReturnNode, SendNode,
    StatementNode, VariableNode
} from "./ast.js";
export {Interpreter, defaultStepBudget, defaultMaxDepth, defaultTimeLimitMs, describeReceiver} from "./Interpreter.js";
export type {EvaluateOptions} from "./Interpreter.js";
export type {InterpreterHost} from "./InterpreterHost.js";
export {printString, displayString} from "./printString.js";
export {
    SmalltalkRuntimeError, StepBudgetExceededError, RecursionTooDeepError, UndeclaredVariableError, BlockCannotReturnError,
    WrongBlockArgumentCountError, ZeroDivideError, PrimitiveFailedError, SmalltalkUserError, BuiltinMessageNotUnderstoodError,
    TimeLimitExceededError, InterruptedError, ValueNotStorableError, ClassDefinitionError, UnhandledExceptionError
} from "./errors.js";
export {toHost, fromHost} from "./hostValues.js";
export {StSymbol} from "./values/StSymbol.js";
export {Character} from "./values/Character.js";
export {Float} from "./values/Float.js";
export {OrderedCollection} from "./values/OrderedCollection.js";
export {Dictionary} from "./values/Dictionary.js";
export {Association} from "./values/Association.js";
export {StSet} from "./values/StSet.js";
export {BlockClosure} from "./BlockClosure.js";
export {personaObjectPrimitives} from "./personaObjectPrimitives.js";
export {errorPosition} from "./errorPosition.js";
export type {ErrorPosition, StackLine} from "./errorPosition.js";
export {Frame} from "./Frame.js";
export type {FrameInfo} from "./Frame.js";
export {ContextUnwind} from "./ContextUnwind.js";
export type {DebugAction, DebugRequest, DebuggerHook} from "./DebugRequest.js";
export type {CompiledCode} from "./Compiler.js";
export {contextVariables, shortPrint} from "./contextVariables.js";
export {classOf} from "./classes.js";
export {StClass, StMetaclass, StObject} from "./StClass.js";
export {ExceptionObject} from "./values/ExceptionObject.js";
export {positionOf} from "./ParseError.js";
export type {ContextVariable} from "./contextVariables.js";
export {describeContext} from "./describeContext.js";
export {Execution} from "./Execution.js";
export type {ExecutionLimits} from "./Execution.js";
export {encodeValue, decodeValue} from "./valueCodec.js";
export {ObjectMemory, plainEquals} from "./ObjectMemory.js";
export type {SlotStore, SlotWrite} from "./ObjectMemory.js";
export {classCatalog} from "./classCatalog.js";
export type {ClassDescription} from "./classCatalog.js";
