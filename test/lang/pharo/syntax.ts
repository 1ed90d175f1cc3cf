/**
 * Syntax, literals, cascades, pragmas and the sandbox: what a Pharo programmer types, as Pharo 11
 * answers it. Format: see numbers.ts.
 */
export const syntax = String.raw`
#(1 2.0 $a #b 'c' #(1) true false nil) ==> #(1 2.0 $a #b 'c' #(1) true false nil)
#(foo bar) ==> #(#foo #bar)
#(foo: #+ #with:with:) ==> #(#foo: #+ #with:with:)
#[1 2 255] ==> #[1 2 255]
#[1 2 3] size ==> 3
#[1 2 3] first ==> 1
#[] ==> #[]
#[1 2 3] , #[4] ==> #[1 2 3 4]
(ByteArray new: 2) ==> #[0 0]
#[1 2 3] copy at: 1 put: 9; yourself ==> #[9 2 3]
#(#[1 2]) ==> #(#[1 2])
#(1 #(2 #(3))) ==> #(1 #(2 #(3)))
#(true false nil) first class ==> True
#($a $  $b) size ==> 3
'' ==> ''
'a''b' size ==> 3
$' ==> $'
$$ ==> $$
-5 ==> -5
3 - 2 ==> 1
3-2 ==> 1
-5 abs ==> 5
2r1111 ==> 15
16rFF ==> 255
1.5e1 ==> 15.0
2e2 ==> 200
1/2 ==> (1/2)
100 factorial / 99 factorial ==> 100
x := 3. x + 1 ==> 4
| a | a := 3. a ==> 3
| a b | a := 1. b := a + 1. b ==> 2
| a | a ==> nil
"a comment" 3 ==> 3
3 "a comment" + 4 ==> 7
3 + 4. 5 + 6 ==> 11
3 + 4. ==> 7
^ 3 ==> 3
^ 3. 4 ==> 3
3 printString; yourself ==> 3
OrderedCollection new add: 1; add: 2; yourself ==> an OrderedCollection(1 2)
(OrderedCollection new add: 1; add: 2; yourself) size ==> 2
3 between: 1 and: 5 ==> true
3 max: 4 + 5 ==> 9
(3 max: 4) + 5 ==> 9
2 + 3 factorial ==> 8
(2 + 3) factorial ==> 120
#(1 2 3) size + 1 ==> 4
#sym -> 3 ==> #sym->3
{1. 2. 3} ==> #(1 2 3)
{1. {2. 3}} ==> #(1 #(2 3))
{'a'. #b. $c} ==> #('a' #b $c)
thisContext isNil ==> false
[:x | x] value: [:y | y] ==> [:y | y]
[ :x | x ] value: 3 ==> 3
[:x| x] value: 3 ==> 3
#(1 2) , #(3) , #(4) ==> #(1 2 3 4)
1 + 2; + 3 ==> 4
(1 + 2; + 3) ==> 4
| c | c := 0. c := c + 1; + 2. c ==> 2
2 ** 3 ** 2 ==> 64
-3 abs negated ==> -3
3 negative ==> false
#+ numArgs ==> 1
#(1 2 3) ; size ==> !
3 foo: ==> !
'unterminated ==> !
1 + ==> !
( 3 + 4 ==> !
#( 1 2 ==> !
[:x x] ==> !
3 + 4 ) ==> !
SmallInteger maxVal > 1000000000 ==> true
1073741823 + 1 ==> 1073741824
1 + 1.5 ==> 2.5
1.0 / 4 ==> 0.25
1e-2 ==> (1/100)
2r1e4 ==> 16
16r10 printString ==> '16'
1.0e10 ==> 10000000000.0
0.001 ==> 0.001
123.456 ==> 123.456
-0.5 ==> -0.5
3.0e0 ==> 3.0
1 / 3 + (2 / 3) ==> 1
nil foo ==> !
nil printString , 'x' ==> 'nilx'
true printString ==> 'true'
true & false ==> false
true | false ==> true
(true -> false) key ==> true
Object ==> Object
OrderedCollection ==> OrderedCollection
Object class ==> Object class
Smalltalk ==> Smalltalk
Undeclared1 ==> !
undeclaredLower + 1 ==> !
Object := 3 ==> !
true := 3 ==> !
self ==> nil
super ==> nil
self class ==> UndefinedObject
Object subclass: #Demo1 instanceVariableNames: '' classVariableNames: '' package: 'Demo'. Demo1 compile: 'exampleWithNumber: x
	<syntaxOn: #postcard>
	"A ""complete"" Pharo syntax"
	| y |
	true & false not & (nil isNil) ifFalse: [self halt].
	y := self size + super size.
	#($a #a ''a'' 1 1.0)
		do: [ :each |
			Transcript
				show: (each class name);
				show: '' ''].
	^ x < y'. Demo1 new exampleWithNumber: 1 ==> false
Object subclass: #Demo1 instanceVariableNames: '' classVariableNames: '' package: 'Demo'. Demo1 compile: 'foo <pragma: 1> ^ 2'. Demo1 new foo ==> 2
Object subclass: #Demo1 instanceVariableNames: '' classVariableNames: '' package: 'Demo'. Demo1 compile: 'foo <pragma: 1> ^ 2'. (Demo1 sourceCodeAt: #foo) ==> 'foo <pragma: 1> ^ 2'
Object subclass: #Demo1 instanceVariableNames: '' classVariableNames: '' package: 'Demo'. Demo1 compile: 'foo | a | <pragma> a := 2. ^ a'. Demo1 new foo ==> 2
Object subclass: #Demo1 instanceVariableNames: '' classVariableNames: '' package: 'Demo'. Demo1 compile: 'foo <primitive: 60> ^ #fallback'. Demo1 new foo ==> #fallback
Object subclass: #Demo1 instanceVariableNames: '' classVariableNames: '' package: 'Demo'. Demo1 compile: 'foo: a <a: 1 b: #c> ^ a'. Demo1 new foo: 3 ==> 3
{1. 2} class ==> Array
#(1 2) isLiteral ==> true
'abc' isLiteral ==> true
(1/2) isLiteral ==> false
#(1 2) storeString ==> '#(1 2)'
'it''s' storeString ==> '''it''''s'''
#foo storeString ==> '#foo'
3 storeString ==> '3'
(1/2) storeString ==> '(1/2)'
3.14s2 printString ==> '3.14s2'
#[1 2] printString ==> '#[1 2]'
(1@2) printString ==> '(1@2)'
3 printString: 10 ==> '3'
1000000000000000000000 ==> 1000000000000000000000
-1000000000000000000000 ==> -1000000000000000000000
-1000000000000000000000 class ==> LargeNegativeInteger
$a < $b and: [$b < $c] ==> true
#(1 2 3) reverse ==> #(3 2 1)
'abc' reversed reversed ==> 'abc'
1 printString displayString ==> '1'
'x' printString printString ==> '''''''x'''''''
`;
