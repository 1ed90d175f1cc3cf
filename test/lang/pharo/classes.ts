/** Classes of one's own, extension methods, reflection and objects, as Pharo 11 answers them. Format: see numbers.ts. */
const point3D = "Object subclass: #Point3D instanceVariableNames: 'x y z' classVariableNames: '' package: 'Demo'. " +
    "Point3D compile: 'x ^ x'. Point3D compile: 'y ^ y'. Point3D compile: 'z ^ z'. " +
    "Point3D compile: 'setX: ax y: ay z: az x := ax. y := ay. z := az'. " +
    "Point3D class compile: 'x: ax y: ay z: az ^ self new setX: ax y: ay z: az'. ";
const animals = "Object subclass: #Animal instanceVariableNames: 'name' classVariableNames: '' package: 'Demo'. " +
    "Animal compile: 'name ^ name'. Animal compile: 'name: n name := n'. Animal compile: 'speak ^ ''...'''. " +
    "Animal compile: 'describe ^ name , '' says '' , self speak'. " +
    "Animal subclass: #Dog instanceVariableNames: '' classVariableNames: '' package: 'Demo'. Dog compile: 'speak ^ ''Woof'''. " +
    "Animal subclass: #Cat instanceVariableNames: '' classVariableNames: '' package: 'Demo'. Cat compile: 'speak ^ ''Meow'''. " +
    "Cat compile: 'describe ^ super describe , ''!'''. ";

export const classes = String.raw`
${point3D}(Point3D x: 1 y: 2 z: 3) y ==> 2
${point3D}(Point3D new) x ==> nil
${point3D}Point3D new ==> a Point3D
${point3D}Point3D new printString ==> 'a Point3D'
${point3D}Point3D new displayString ==> 'a Point3D'
${point3D}Point3D superclass ==> Object
${point3D}Point3D new class ==> Point3D
${point3D}Point3D class ==> Point3D class
${point3D}Point3D class class ==> Metaclass
${point3D}Point3D name ==> #Point3D
${point3D}Point3D new isKindOf: Object ==> true
${point3D}(Point3D new respondsTo: #x) ==> true
${point3D}(Point3D new respondsTo: #w) ==> false
${point3D}Point3D new w ==> !
${point3D}[Point3D new w] on: MessageNotUnderstood do: [:e | e message selector] ==> #w
${point3D}(Point3D includesSelector: #x) ==> true
${point3D}(Point3D canUnderstand: #printString) ==> true
${point3D}Point3D compile: 'printOn: aStream aStream nextPutAll: ''P3('' ; print: x; nextPutAll: '')'''. (Point3D x: 7 y: 0 z: 0) printString ==> 'P3(7)'
${point3D}Point3D compile: 'printOn: aStream aStream nextPutAll: ''P3('' ; print: x; nextPutAll: '')'''. Point3D x: 7 y: 0 z: 0 ==> P3(7)
${point3D}Point3D compile: 'printOn: aStream aStream nextPutAll: ''P3('' ; print: x; nextPutAll: '')'''. (Point3D x: 7 y: 0 z: 0) displayString ==> 'P3(7)'
${point3D}Point3D compile: 'printOn: aStream aStream nextPutAll: ''P3('' ; print: x; nextPutAll: '')'''. {Point3D x: 1 y: 0 z: 0} ==> {P3(1)}
${point3D}Point3D compile: 'printOn: aStream aStream nextPutAll: ''P3('' ; print: x; nextPutAll: '')'''. (OrderedCollection with: (Point3D x: 2 y: 0 z: 0)) ==> an OrderedCollection(P3(2))
${point3D}Point3D compile: '+ other ^ Point3D x: x + other x y: y + other y z: z + other z'. ((Point3D x: 1 y: 2 z: 3) + (Point3D x: 1 y: 1 z: 1)) z ==> 4
${point3D}Point3D compile: '= other ^ (other isKindOf: Point3D) and: [x = other x and: [y = other y and: [z = other z]]]'. Point3D compile: 'hash ^ x hash bitXor: y hash'. (Point3D x: 1 y: 2 z: 3) = (Point3D x: 1 y: 2 z: 3) ==> true
${point3D}Point3D compile: '= other ^ (other isKindOf: Point3D) and: [x = other x and: [y = other y and: [z = other z]]]'. Point3D compile: 'hash ^ x hash bitXor: y hash'. (Set new add: (Point3D x: 1 y: 2 z: 3); add: (Point3D x: 1 y: 2 z: 3); yourself) size ==> 1
${point3D}Point3D compile: '= other ^ (other isKindOf: Point3D) and: [x = other x]'. (Array with: (Point3D x: 1 y: 2 z: 3)) includes: (Point3D x: 1 y: 0 z: 0) ==> true
${point3D}(Point3D x: 1 y: 2 z: 3) == (Point3D x: 1 y: 2 z: 3) ==> false
${point3D}[:p | p == p] value: (Point3D x: 1 y: 2 z: 3) ==> true
${point3D}[:p | p copy x] value: (Point3D x: 1 y: 2 z: 3) ==> 1
${point3D}[:p | p copy == p] value: (Point3D x: 1 y: 2 z: 3) ==> false
${point3D}(Point3D x: 1 y: 2 z: 3) instVarAt: 2 ==> 2
${point3D}(Point3D x: 1 y: 2 z: 3) instVarNamed: #z ==> 3
${animals}(Dog new name: 'Rex'; yourself) describe ==> 'Rex says Woof'
${animals}(Cat new name: 'Tom'; yourself) describe ==> 'Tom says Meow!'
${animals}(Animal new name: 'It'; yourself) describe ==> 'It says ...'
${animals}Dog superclass ==> Animal
${animals}Dog superclass superclass ==> Object
${animals}(Dog new isKindOf: Animal) ==> true
${animals}(Dog new isMemberOf: Animal) ==> false
${animals}(Dog inheritsFrom: Animal) ==> true
${animals}Animal subclasses size ==> 2
${animals}(Dog new respondsTo: #name:) ==> true
${animals}({Dog new. Cat new} collect: [:a | a speak]) ==> #('Woof' 'Meow')
${animals}Dog new name ==> nil
${animals}Dog class superclass ==> Animal class
Object subclass: #Counter instanceVariableNames: 'n' classVariableNames: '' package: 'Demo'. Counter compile: 'initialize n := 0'. Counter compile: 'bump n := n + 1. ^ n'. Counter new bump; bump; bump ==> 3
Object subclass: #Counter instanceVariableNames: 'n' classVariableNames: '' package: 'Demo'. Counter compile: 'initialize super initialize. n := 10'. Counter compile: 'n ^ n'. Counter new n ==> 10
Object subclass: #Counter instanceVariableNames: '' classVariableNames: 'Count' package: 'Demo'. Counter class compile: 'bump Count := (Count ifNil: [0]) + 1. ^ Count'. Counter bump. Counter bump ==> 2
Object subclass: #Counter instanceVariableNames: '' classVariableNames: 'Count' package: 'Demo'. Counter class compile: 'reset Count := 0'. Counter compile: 'next Count := Count + 1. ^ Count'. Counter reset. Counter new next. Counter new next ==> 2
Object subclass: #Shape instanceVariableNames: '' classVariableNames: '' package: 'Demo'. Shape compile: 'area ^ self subclassResponsibility'. [Shape new area] on: Error do: [:e | #abstract] ==> #abstract
Object subclass: #Shape instanceVariableNames: '' classVariableNames: '' package: 'Demo'. Shape class compile: 'unit ^ self new'. Shape unit class ==> Shape
Object subclass: #Shape instanceVariableNames: '' classVariableNames: '' package: 'Demo'. Shape subclass: #Sq instanceVariableNames: 's' classVariableNames: '' package: 'Demo'. Shape class compile: 'make ^ self new'. Sq make class ==> Sq
Object subclass: #A instanceVariableNames: '' classVariableNames: '' package: 'Demo'. A compile: 'foo ^ 1'. A subclass: #B instanceVariableNames: '' classVariableNames: '' package: 'Demo'. B compile: 'foo ^ super foo + 10'. B new foo ==> 11
Object subclass: #A instanceVariableNames: '' classVariableNames: '' package: 'Demo'. A compile: 'foo ^ self bar'. A compile: 'bar ^ 1'. A subclass: #B instanceVariableNames: '' classVariableNames: '' package: 'Demo'. B compile: 'bar ^ 2'. B new foo ==> 2
Object subclass: #A instanceVariableNames: '' classVariableNames: '' package: 'Demo'. A class compile: 'make ^ 1'. A subclass: #B instanceVariableNames: '' classVariableNames: '' package: 'Demo'. B class compile: 'make ^ super make + 1'. B make ==> 2
Object subclass: #A instanceVariableNames: '' classVariableNames: '' package: 'Demo'. A compile: 'find: x #(1 2 3) do: [:e | e = x ifTrue: [^ #found]]. ^ #missing'. (A new find: 2) , (A new find: 9) ==> 'foundmissing'
Object subclass: #A instanceVariableNames: '' classVariableNames: '' package: 'Demo'. A compile: 'who ^ thisContext sender selector'. A compile: 'caller ^ self who'. A new caller ==> #caller
Object subclass: #A instanceVariableNames: '' classVariableNames: '' package: 'Demo'. A compile: 'me ^ thisContext selector'. A new me ==> #me
Object subclass: #A instanceVariableNames: 'v' classVariableNames: '' package: 'Demo'. A compile: 'v ^ v'. Object subclass: #A instanceVariableNames: 'v w' classVariableNames: '' package: 'Demo'. A compile: 'w ^ w'. A new w ==> nil
Object subclass: #A instanceVariableNames: '' classVariableNames: '' package: 'Demo'. A compile: 'foo ^ 1'. A removeSelector: #foo. A new foo ==> !
Object subclass: #A instanceVariableNames: '' classVariableNames: '' package: 'Demo'. A compile: 'foo ^'. 1 ==> !
Object subclass: #A instanceVariableNames: '' classVariableNames: '' package: 'Demo'. (A compile: 'foo ^ 1') ==> #foo
Object subclass: #A instanceVariableNames: '' classVariableNames: '' package: 'Demo'. A compile: 'foo: a bar: b ^ a - b'. A new foo: 5 bar: 3 ==> 2
Object subclass: #A instanceVariableNames: '' classVariableNames: '' package: 'Demo'. A compile: 'twice: aBlock ^ aBlock value + aBlock value'. A new twice: [3] ==> 6
Object subclass: #A instanceVariableNames: '' classVariableNames: '' package: 'Demo'. A new perform: #foo ==> !
Object subclass: #A instanceVariableNames: '' classVariableNames: '' package: 'Demo' ==> A
Object subclass: #A ==> A
Object subclass: #A instanceVariableNames: 'a' classVariableNames: '' poolDictionaries: '' category: 'Demo' ==> A
Object subclass: #A. A compile: 'foo ^ 5'. A new foo ==> 5
Integer compile: 'double ^ self * 2'. 5 double ==> 10
Integer compile: 'double ^ self * 2'. (2 raisedTo: 100) double ==> 2535301200456458802993406410752
Number compile: 'half ^ self / 2'. 3 half ==> (3/2)
String compile: 'shout ^ self asUppercase , ''!'''. 'hi' shout ==> 'HI!'
Object compile: 'isPet ^ false'. 3 isPet ==> false
Collection compile: 'second2 ^ self asArray at: 2'. #(4 5 6) second2 ==> 5
Object subclass: #A instanceVariableNames: '' classVariableNames: '' package: 'Demo'. Object compile: 'isA ^ false'. A compile: 'isA ^ true'. {A new isA. 3 isA} ==> #(true false)
Object new ==> an Object
Object new printString ==> 'an Object'
3 class ==> SmallInteger
3 class class ==> SmallInteger class
(2 raisedTo: 100) class ==> LargePositiveInteger
'a' class ==> ByteString
#a class ==> ByteSymbol
$a class ==> Character
nil class ==> UndefinedObject
true class ==> True
false class ==> False
(1/2) class ==> Fraction
(1->2) class ==> Association
#(1) class ==> Array
3.5 class ==> SmallFloat64
OrderedCollection new class ==> OrderedCollection
Dictionary new class ==> Dictionary
Set new class ==> Set
#[1 2] class ==> ByteArray
Object class ==> Object class
Object class class ==> Metaclass
SmallInteger superclass ==> Integer
Integer superclass ==> Number
Number superclass ==> Magnitude
OrderedCollection superclass ==> SequenceableCollection
3 isKindOf: Integer ==> true
3 isMemberOf: SmallInteger ==> true
3 isMemberOf: Integer ==> false
3 respondsTo: #printString ==> true
3 respondsTo: #fooBar ==> false
3 isString ==> false
3 -> 4 ==> 3->4
(3 -> 4) value ==> 4
3 == 3 ==> true
'a' = 'a' ==> true
'a' == 'a' copy ==> false
#a == #a ==> true
Object new = Object new ==> false
3 ~= 4 ==> true
3 ~~ 4 ==> true
3 perform: #+ with: 4 ==> 7
3 perform: #factorial ==> 6
3 perform: #between:and: with: 1 with: 5 ==> true
#(1 2) perform: #at: withArguments: #(1) ==> 1
3 yourself ==> 3
3 copy ==> 3
nil copy ==> nil
3 printString size ==> 1
(3 = 'abc') ==> false
Object name ==> #Object
Object printString ==> 'Object'
SmallInteger name size ==> 12
3 class name ==> #SmallInteger
(Smalltalk at: #Object) ==> Object
(Smalltalk includesKey: #Object) ==> true
(Smalltalk globals includesKey: #Transcript) ==> true
Object new isNil ==> false
Object new hash = Object new hash ==> false
| o | o := Object new. o hash = o hash ==> true
Object new -> 3 ==> an Object->3
Object new isString ==> false
3 isSymbol ==> false
Object subclass: #A instanceVariableNames: '' classVariableNames: '' package: 'Demo'. A new isKindOf: A ==> true
Object subclass: #A instanceVariableNames: '' classVariableNames: '' package: 'Demo'. A name ==> #A
Object subclass: #A instanceVariableNames: '' classVariableNames: '' package: 'Demo'. A selectors ==> #()
Object subclass: #A instanceVariableNames: '' classVariableNames: '' package: 'Demo'. A compile: 'foo ^ 1'. A selectors ==> #(#foo)
Object subclass: #A instanceVariableNames: '' classVariableNames: '' package: 'Demo'. A compile: 'foo ^ 1'. (A >> #foo) selector ==> #foo
Object subclass: #A instanceVariableNames: '' classVariableNames: '' package: 'Demo'. A compile: 'foo ^ 1'. (A sourceCodeAt: #foo) ==> 'foo ^ 1'
Object subclass: #A instanceVariableNames: 'x y' classVariableNames: '' package: 'Demo'. A instVarNames ==> #(#x #y)
Object subclass: #A instanceVariableNames: '' classVariableNames: '' package: 'Demo'. A new == A new ==> false
Object subclass: #A instanceVariableNames: '' classVariableNames: '' package: 'Demo'. A compile: 'printOn: s super printOn: s. s nextPutAll: ''!'''. A new printString ==> 'an A!'
Object subclass: #A instanceVariableNames: '' classVariableNames: '' package: 'Demo'. A compile: 'printOn: s s << ''A<'' << 3 printString << ''>'''. A new printString ==> 'A<3>'
Object subclass: #A instanceVariableNames: '' classVariableNames: '' package: 'Demo'. A compile: 'printOn: s s nextPutAll: ''x'''. A new displayString ==> 'x'
Object subclass: #A instanceVariableNames: '' classVariableNames: '' package: 'Demo'. A compile: 'printOn: s s nextPutAll: ''x'''. (1 -> A new) printString ==> '1->x'
Object subclass: #A instanceVariableNames: '' classVariableNames: '' package: 'Demo'. A compile: 'printOn: s s nextPutAll: ''x'''. (Dictionary new at: 1 put: A new; yourself) printString ==> 'a Dictionary(1->x )'
Object subclass: #A instanceVariableNames: '' classVariableNames: '' package: 'Demo'. A class compile: 'new ^ super new init'. A compile: 'init ^ self'. A new class ==> A
Object subclass: #A instanceVariableNames: 'n' classVariableNames: '' package: 'Demo'. A compile: 'n ^ n'. A compile: 'initialize n := 5'. A basicNew n ==> nil
Object subclass: #A instanceVariableNames: '' classVariableNames: '' package: 'Demo'. A compile: 'doesNotUnderstand: aMessage ^ aMessage selector'. A new frobnicate ==> #frobnicate
Object subclass: #Stack2 instanceVariableNames: 'items' classVariableNames: '' package: 'Demo'. Stack2 compile: 'initialize items := OrderedCollection new'. Stack2 compile: 'push: x items addLast: x'. Stack2 compile: 'pop ^ items removeLast'. Stack2 compile: 'isEmpty ^ items isEmpty'. [:s | s push: 1; push: 2. {s pop. s pop. s isEmpty}] value: Stack2 new ==> #(2 1 true)
`;
