import {Message, Proto, passMarker} from "../objects/index.js";
import {BlockClosure} from "./BlockClosure.js";
import {Frame} from "./Frame.js";
import {StClass, StMetaclass, StObject} from "./StClass.js";
import {Association} from "./values/Association.js";
import {Character} from "./values/Character.js";
import {CompiledMethod} from "./values/CompiledMethod.js";
import {Dictionary} from "./values/Dictionary.js";
import {Bag} from "./values/Bag.js";
import {ByteArray} from "./values/ByteArray.js";
import {Float} from "./values/Float.js";
import {Fraction} from "./values/Fraction.js";
import {Interval} from "./values/Interval.js";
import {Point} from "./values/Point.js";
import {RandomGenerator} from "./values/RandomGenerator.js";
import {ScaledDecimal} from "./values/ScaledDecimal.js";
import {SortedCollection} from "./values/SortedCollection.js";
import {SortFunction} from "./values/SortFunction.js";
import {ExceptionSet} from "./values/ExceptionSet.js";
import {OrderedCollection} from "./values/OrderedCollection.js";
import {StSet} from "./values/StSet.js";
import {Stream} from "./values/Stream.js";
import {StString} from "./values/StString.js";
import {StSymbol} from "./values/StSymbol.js";
import {ImageObject, PlainObject, SmalltalkObject, TranscriptObject} from "./values/SystemObjects.js";

/** The built-in classes. Their protocols are added by the files in protocol/. */
export const classes = (() => {
    const Object_ = new StClass("Object", null);
    const Magnitude = new StClass("Magnitude", Object_);
    const Number_ = new StClass("Number", Magnitude);
    const Integer = new StClass("Integer", Number_);
    const Boolean_ = new StClass("Boolean", Object_);
    const Collection = new StClass("Collection", Object_);
    const SequenceableCollection = new StClass("SequenceableCollection", Collection);
    const ArrayedCollection = new StClass("ArrayedCollection", SequenceableCollection);
    const String_ = new StClass("String", ArrayedCollection);
    const Exception = new StClass("Exception", Object_);
    const Error_ = new StClass("Error", Exception);
    const ArithmeticError = new StClass("ArithmeticError", Error_);
    const NotFound = new StClass("NotFound", Error_);
    const Notification = new StClass("Notification", Exception);
    const Stream_ = new StClass("Stream", Object_);
    const Float_ = new StClass("Float", Number_);
    const Symbol_ = new StClass("Symbol", String_);
    const Array_ = new StClass("Array", ArrayedCollection);
    const OrderedCollection_ = new StClass("OrderedCollection", SequenceableCollection);
    const ReadStream_ = new StClass("ReadStream", Stream_);
    const WriteStream_ = new StClass("WriteStream", Stream_);
    return {
        Object: Object_,
        UndefinedObject: new StClass("UndefinedObject", Object_),
        Boolean: Boolean_,
        True: new StClass("True", Boolean_),
        False: new StClass("False", Boolean_),
        Magnitude,
        Number: Number_,
        Integer,
        SmallInteger: new StClass("SmallInteger", Integer),
        LargePositiveInteger: new StClass("LargePositiveInteger", Integer),
        LargeNegativeInteger: new StClass("LargeNegativeInteger", Integer),
        Float: Float_,
        SmallFloat64: new StClass("SmallFloat64", Float_),
        Fraction: new StClass("Fraction", Number_),
        ScaledDecimal: new StClass("ScaledDecimal", Number_),
        Point: new StClass("Point", Object_),
        Random: new StClass("Random", Object_),
        Character: new StClass("Character", Magnitude),
        Collection,
        SequenceableCollection,
        ArrayedCollection,
        String: String_,
        ByteString: new StClass("ByteString", String_),
        Symbol: Symbol_,
        ByteSymbol: new StClass("ByteSymbol", Symbol_),
        Array: Array_,
        ByteArray: new StClass("ByteArray", Array_),
        Interval: new StClass("Interval", SequenceableCollection),
        OrderedCollection: OrderedCollection_,
        SortedCollection: new StClass("SortedCollection", OrderedCollection_),
        Bag: new StClass("Bag", Collection),
        SortFunction: new StClass("SortFunction", Object_),
        SmalltalkImage: new StClass("SmalltalkImage", Object_),
        Dictionary: new StClass("Dictionary", Collection),
        Set: new StClass("Set", Collection),
        Association: new StClass("Association", Magnitude),
        BlockClosure: new StClass("BlockClosure", Object_),
        Message: new StClass("Message", Object_),
        Context: new StClass("Context", Object_),
        CompiledMethod: new StClass("CompiledMethod", Object_),
        Class: new StClass("Class", Object_),
        Persona: new StClass("Persona", Object_),
        TranscriptStream: new StClass("TranscriptStream", Object_),
        Image: new StClass("Image", Object_),
        Record: new StClass("Record", Object_),
        HostObject: new StClass("HostObject", Object_),
        Stream: Stream_,
        WriteStream: WriteStream_,
        ReadStream: ReadStream_,
        ReadWriteStream: new StClass("ReadWriteStream", WriteStream_),
        Exception,
        Error: Error_,
        ArithmeticError,
        ZeroDivide: new StClass("ZeroDivide", ArithmeticError),
        DomainError: new StClass("DomainError", ArithmeticError),
        MessageNotUnderstood: new StClass("MessageNotUnderstood", Error_),
        SubscriptOutOfBounds: new StClass("SubscriptOutOfBounds", Error_),
        NotFound,
        KeyNotFound: new StClass("KeyNotFound", NotFound),
        ValueNotFound: new StClass("ValueNotFound", NotFound),
        CollectionIsEmpty: new StClass("CollectionIsEmpty", Error_),
        AssertionFailure: new StClass("AssertionFailure", Error_),
        NonBooleanReceiver: new StClass("NonBooleanReceiver", Error_),
        IllegalResumeAttempt: new StClass("IllegalResumeAttempt", Error_),
        BlockCannotReturn: new StClass("BlockCannotReturn", Error_),
        InvalidArgument: new StClass("InvalidArgument", Error_),
        ModificationForbidden: new StClass("ModificationForbidden", Error_),
        Notification,
        Warning: new StClass("Warning", Exception),
        Halt: new StClass("Halt", Exception),
        ExceptionSet: new StClass("ExceptionSet", Object_),
        Metaclass: new StClass("Metaclass", Object_),
        PassMarker: new StClass("PassMarker", Object_)
    };
})();

/** Class names a Smalltalk program can name as globals. */
export const globalClassNames: readonly string[] = [
    "Object", "Boolean", "Number", "Integer", "SmallInteger", "Float", "Character", "String", "Symbol", "Array",
    "OrderedCollection", "Dictionary", "Set", "Association", "BlockClosure", "Message", "WriteStream", "ReadStream",
    "Magnitude", "Collection", "SequenceableCollection", "ArrayedCollection", "UndefinedObject", "True", "False",
    "LargePositiveInteger", "LargeNegativeInteger", "Context", "Stream",
    "Exception", "Error", "ArithmeticError", "ZeroDivide", "DomainError", "MessageNotUnderstood", "SubscriptOutOfBounds", "NotFound",
    "KeyNotFound", "ValueNotFound", "CollectionIsEmpty", "AssertionFailure", "NonBooleanReceiver", "IllegalResumeAttempt",
    "BlockCannotReturn", "InvalidArgument", "ModificationForbidden", "Notification", "Warning", "Halt", "ExceptionSet",
    "SmallFloat64", "Fraction", "ScaledDecimal", "Point", "Random", "ByteString", "ByteSymbol", "ByteArray", "Interval",
    "SortedCollection", "Bag", "ReadWriteStream", "CompiledMethod"
];

const byPrototype = new Map<unknown, StClass>([
    [Float.prototype, classes.SmallFloat64],
    [StSymbol.prototype, classes.ByteSymbol],
    [StString.prototype, classes.ByteString],
    [Fraction.prototype, classes.Fraction],
    [ScaledDecimal.prototype, classes.ScaledDecimal],
    [Point.prototype, classes.Point],
    [RandomGenerator.prototype, classes.Random],
    [ByteArray.prototype, classes.ByteArray],
    [Interval.prototype, classes.Interval],
    [SortedCollection.prototype, classes.SortedCollection],
    [Bag.prototype, classes.Bag],
    [SortFunction.prototype, classes.SortFunction],
    [ExceptionSet.prototype, classes.ExceptionSet],
    [SmalltalkObject.prototype, classes.SmalltalkImage],
    [Character.prototype, classes.Character],
    [Array.prototype, classes.Array],
    [OrderedCollection.prototype, classes.OrderedCollection],
    [Dictionary.prototype, classes.Dictionary],
    [StSet.prototype, classes.Set],
    [Association.prototype, classes.Association],
    [Stream.prototype, classes.Stream],
    [BlockClosure.prototype, classes.BlockClosure],
    [Message.prototype, classes.Message],
    [Frame.prototype, classes.Context],
    [CompiledMethod.prototype, classes.CompiledMethod],
    [Proto.prototype, classes.Persona],
    [TranscriptObject.prototype, classes.TranscriptStream],
    [ImageObject.prototype, classes.Image],
    [PlainObject.prototype, classes.Object],
    [Object.prototype, classes.Record],
    [null, classes.Record]
]);

const smallIntegerMax = (1n << 60n) - 1n;
const smallIntegerMin = -(1n << 60n);

/** The class of any value the interpreter can meet, its own or the host's. Never reads a JS property of the value. */
export function classOf(value: unknown): StClass {
    switch (typeof value) {
        case "number": return Number.isInteger(value) ? classes.SmallInteger : classes.SmallFloat64;
        case "string": return classes.ByteString;
        case "boolean": return value ? classes.True : classes.False;
        // Pharo's SmallIntegers are 61 bits wide; beyond that, LargeIntegers.
        case "bigint": return value >= smallIntegerMin && value <= smallIntegerMax ? classes.SmallInteger
            : value >= 0n ? classes.LargePositiveInteger : classes.LargeNegativeInteger;
        case "undefined": return classes.UndefinedObject;
        case "symbol": return value === passMarker ? classes.PassMarker : classes.HostObject;
        case "function": return classes.HostObject;
        case "object": {
            if (value === null) return classes.UndefinedObject;
            const known = byPrototype.get(Object.getPrototypeOf(value));
            if (known !== undefined) return known;
            if (value instanceof StObject) return value.cls;
            if (value instanceof StClass) return classes.Class;
            if (value instanceof StMetaclass) return classes.Metaclass;
            if (value instanceof Error) return classes.Error;
            return classes.HostObject;
        }
        default: return classes.HostObject;
    }
}
