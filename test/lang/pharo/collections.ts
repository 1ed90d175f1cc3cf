/** Collections and streams, as Pharo 11 answers them. Format: see numbers.ts. */
export const collections = String.raw`
#(1 2 3) , #(4) ==> #(1 2 3 4)
#(1 2 3) reversed ==> #(3 2 1)
#(1 2 3) inject: 0 into: [:a :b | a + b] ==> 6
#(1 2 3) collect: [:x | x * x] ==> #(1 4 9)
#(1 2 3 4) select: #even ==> #(2 4)
#(1 2 3 4) select: [:x | x even] ==> #(2 4)
#(1 2 3 4) reject: [:x | x even] ==> #(1 3)
#(1 2 3) detect: [:x | x > 1] ==> 2
#(1 2 3) detect: [:x | x > 5] ifNone: [0] ==> 0
#(1 2 3) detect: [:x | x > 5] ==> !
#(1 2 3) anySatisfy: [:x | x > 2] ==> true
#(1 2 3) allSatisfy: [:x | x > 2] ==> false
#(1 2 3) noneSatisfy: [:x | x > 5] ==> true
#(1 2 3) count: [:x | x odd] ==> 2
#(1 2 3) sum ==> 6
#(1 2 3) max ==> 3
#(1 2 3) min ==> 1
#(1 2 3) average ==> 2
#(1 2 3 4) average ==> (5/2)
#(1 2 3) detectMax: [:x | x \\ 3] ==> 2
#(1 2 3) detectMin: [:x | x negated] ==> 3
#('a' 'bbb' 'cc') detectMax: #size ==> 'bbb'
#(1 2 3) detectSum: [:x | x * 10] ==> 60
#(1 2 3) includes: 2 ==> true
#(1 2 3) indexOf: 3 ==> 3
#(1 2 3) copyWith: 4 ==> #(1 2 3 4)
#(1 2 3 2) copyWithout: 2 ==> #(1 3)
#(1 2 3) isEmpty ==> false
#() isEmpty ==> true
#(1 2 3) notEmpty ==> true
#(1 2 3) isArray ==> true
#(1 $a 'str' #sym 2.5 nil true) ==> #(1 $a 'str' #sym 2.5 nil true)
#(1 2 #(3 4)) ==> #(1 2 #(3 4))
#(1 2 (3 4)) ==> #(1 2 #(3 4))
#(foo bar: #baz) ==> #(#foo #bar: #baz)
{1 + 1. 3} ==> #(2 3)
{} ==> #()
#() ==> #()
{Object new} ==> {an Object}
{1/2. 3} ==> {(1/2). 3}
#(1 2) = #(1 2) ==> true
#(1 2) = #(1 3) ==> false
#(1 2 3 4 5) copyFrom: 2 to: 3 ==> #(2 3)
#(1 2 3 4) first: 2 ==> #(1 2)
#(1 2 3 4) last: 2 ==> #(3 4)
#(1 2 3 4) allButFirst ==> #(2 3 4)
#(1 2 3 4) allButLast ==> #(1 2 3)
#(1 2 3) first ==> 1
#(1 2 3) last ==> 3
#(1 2 3) second ==> 2
#(1 2 3) at: 2 ==> 2
#(1 2 3) at: 10 ==> !
[#(1 2 3) at: 10] on: SubscriptOutOfBounds do: [:e | e class] ==> SubscriptOutOfBounds
[#(1 2 3) at: 10] on: Error do: [:e | #caught] ==> #caught
#(1 2 3) at: 1 put: 9 ==> !
#(1 2 3) copy at: 1 put: 9; yourself ==> #(9 2 3)
(Array new: 3) ==> #(nil nil nil)
Array with: 1 with: 2 ==> #(1 2)
Array new: 2 withAll: 7 ==> #(7 7)
(Array new: 3) size ==> 3
#(1 2 3) with: #(4 5 6) collect: [:a :b | a + b] ==> #(5 7 9)
| s | s := 0. #(1 2 3) with: #(4 5 6) do: [:a :b | s := s + (a * b)]. s ==> 32
| s | s := OrderedCollection new. #(10 20) doWithIndex: [:e :i | s add: i]. s ==> an OrderedCollection(1 2)
| s | s := OrderedCollection new. #(10 20) withIndexDo: [:e :i | s add: e + i]. s ==> an OrderedCollection(11 22)
| s | s := OrderedCollection new. #(10 20) keysAndValuesDo: [:i :e | s add: i]. s ==> an OrderedCollection(1 2)
| s | s := OrderedCollection new. #(1 2 3) reverseDo: [:e | s add: e]. s ==> an OrderedCollection(3 2 1)
| s | s := String new writeStream. #(1 2 3) do: [:e | s print: e] separatedBy: [s nextPutAll: ', ']. s contents ==> '1, 2, 3'
#(1 2 3) withIndexCollect: [:e :i | e * i] ==> #(1 4 9)
#(1 2 3) collectWithIndex: [:e :i | e + i] ==> #(2 4 6)
#(3 1 2) asSortedCollection ==> a SortedCollection(1 2 3)
#(3 1 2) asSortedCollection asArray ==> #(1 2 3)
#(3 1 2) asSortedCollection: [:a :b | a > b] ==> a SortedCollection(3 2 1)
(#(3 1 2) asSortedCollection add: 0; yourself) first ==> 0
(#(3 1 2) asSortedCollection add: 5; yourself) asArray ==> #(1 2 3 5)
| s | s := SortedCollection sortBlock: [:a :b | a >= b]. s add: 1; add: 3; add: 2. s asArray ==> #(3 2 1)
(#(3 1 2) asSortedCollection) class ==> SortedCollection
#(3 1 2) asSortedCollection first ==> 1
#(3 1 2) asSortedCollection last ==> 3
(#(5 3 9) asSortedCollection collect: [:x | x * 2]) ==> an OrderedCollection(6 10 18)
(#(3 1 2) asSortedCollection addFirst: 7) ==> !
(#(3 1 2) asSortedCollection removeFirst) ==> 1
#(3 1 2) sorted ==> #(1 2 3)
#(3 1 2) sorted: [:a :b | a > b] ==> #(3 2 1)
#(3 1 2) copy sort ==> #(1 2 3)
#(3 1 2) copy sort: [:a :b | a > b] ==> #(3 2 1)
#('bb' 'a' 'ccc') sorted: #size ascending ==> #('a' 'bb' 'ccc')
#('bb' 'a' 'ccc') sorted: #size descending ==> #('ccc' 'bb' 'a')
#(3 1 2) asSortedCollection: #yourself descending ==> a SortedCollection(3 2 1)
#('pear' 'fig' 'apple') asSortedCollection asArray ==> #('apple' 'fig' 'pear')
(1 to: 5) asArray ==> #(1 2 3 4 5)
(1 to: 5) ==> (1 to: 5)
(1 to: 10 by: 2) ==> (1 to: 10 by: 2)
(1 to: 5) collect: [:x | x * 2] ==> #(2 4 6 8 10)
(1 to: 5) select: [:x | x even] ==> #(2 4)
(1 to: 10 by: 2) size ==> 5
(1 to: 10 by: 2) asArray ==> #(1 3 5 7 9)
(10 to: 1 by: -3) asArray ==> #(10 7 4 1)
(1 to: 0) isEmpty ==> true
(1 to: 10) inject: 0 into: [:a :b | a + b] ==> 55
(1 to: 10) detectMax: [:x | x \\ 7] ==> 6
(1 to: 5) includes: 3 ==> true
(1 to: 5) first ==> 1
(1 to: 5) last ==> 5
(1 to: 5) class ==> Interval
(1 to: 5) reversed ==> (5 to: 1 by: -1)
(1 to: 3) , (7 to: 9) ==> #(1 2 3 7 8 9)
(1 to: 6) sum ==> 21
(1 to: 5) = (1 to: 5) ==> true
(1 to: 3) asOrderedCollection ==> an OrderedCollection(1 2 3)
(1 to: 4) at: 2 ==> 2
1 to: 3 collect: [:i | i * i] ==> #(1 4 9)
OrderedCollection new ==> an OrderedCollection()
OrderedCollection new add: 1; add: 2; yourself ==> an OrderedCollection(1 2)
(OrderedCollection new add: 5) ==> 5
| c | c := OrderedCollection new. c add: 1; addFirst: 0. c ==> an OrderedCollection(0 1)
| c | c := #(1 2 3) asOrderedCollection. c removeFirst. c ==> an OrderedCollection(2 3)
| c | c := #(1 2 3) asOrderedCollection. c removeLast ==> 3
| c | c := #(1 2 3 4) asOrderedCollection. c removeFirst: 2 ==> #(1 2)
| c | c := #(1 2 3 4) asOrderedCollection. c removeFirst: 2. c ==> an OrderedCollection(3 4)
| c | c := #(1 2 3 4) asOrderedCollection. c removeLast: 2 ==> #(3 4)
| c | c := #(1 2 3) asOrderedCollection. c removeAll: #(1 2). c ==> an OrderedCollection(3)
| c | c := #(1 2 3) asOrderedCollection. c removeAll: #(1 2) ==> #(1 2)
| c | c := #(1 2 3) asOrderedCollection. c remove: 2. c ==> an OrderedCollection(1 3)
| c | c := #(1 2 3) asOrderedCollection. c remove: 5 ifAbsent: [#none] ==> #none
| c | c := #(1 2 3) asOrderedCollection. c remove: 5 ==> !
[#(1 2 3) asOrderedCollection remove: 5] on: NotFound do: [:e | #notFound] ==> #notFound
OrderedCollection new removeFirst ==> !
[OrderedCollection new removeFirst] on: CollectionIsEmpty do: [:e | #empty] ==> #empty
[OrderedCollection new removeFirst] on: Error do: [:e | #empty] ==> #empty
| c | c := OrderedCollection new. c addAll: #(3 4); yourself ==> an OrderedCollection(3 4)
| c | c := OrderedCollection new. c addAll: #(3 4) ==> #(3 4)
| c | c := OrderedCollection new. c add: 3; add: 4. c at: 2 ==> 4
| c | c := OrderedCollection new. c add: 3. c at: 1 put: 9. c ==> an OrderedCollection(9)
| c | c := OrderedCollection new. c at: 1 ==> !
| c | c := OrderedCollection withAll: #(1 2 3). c size ==> 3
| c | c := OrderedCollection with: 1 with: 2. c ==> an OrderedCollection(1 2)
| c | c := OrderedCollection new. c add: 1; add: 2; add: 3. c removeAll: #(1 3). c asArray ==> #(2)
| c | c := OrderedCollection new. 1 to: 5 do: [:i | c add: i]. (c select: #odd) ==> an OrderedCollection(1 3 5)
| c | c := OrderedCollection new. c add: 3 beforeIndex: 1. c ==> an OrderedCollection(3)
| c | c := #(1 2 3) asOrderedCollection. (c collect: [:x | x * 10]) ==> an OrderedCollection(10 20 30)
| c | c := #(1 2 3) asOrderedCollection. c reversed ==> an OrderedCollection(3 2 1)
| c | c := #(1 2 3) asOrderedCollection. c indexOf: 2 ==> 2
| c | c := #(1 2 3) asOrderedCollection. (c copyWith: 4) ==> an OrderedCollection(1 2 3 4)
| c | c := #(1 2 3) asOrderedCollection. c addAllFirst: #(8 9). c ==> an OrderedCollection(8 9 1 2 3)
| c | c := #(1 2 3) asOrderedCollection. c removeAll. c ==> an OrderedCollection()
| c | c := #(1 2 3 4) asOrderedCollection. c removeAllSuchThat: [:x | x even]. c ==> an OrderedCollection(1 3)
| d | d := Dictionary new. d at: #a put: 1. d at: #a ==> 1
| d | d := Dictionary new. d at: #a put: 1 ==> 1
| d | d := Dictionary new. d at: #b ifAbsent: [0] ==> 0
| d | d := Dictionary new. d at: #b ==> !
[Dictionary new at: #b] on: KeyNotFound do: [:e | #missing] ==> #missing
[Dictionary new at: #b] on: Error do: [:e | e class] ==> KeyNotFound
| d | d := Dictionary new. d at: #a put: 1. d keys ==> #(#a)
| d | d := Dictionary new. d at: #a put: 1. d values ==> #(1)
| d | d := Dictionary new. d at: #a put: 1. d includesKey: #a ==> true
| d | d := Dictionary new. d at: #a put: 1. d includes: 1 ==> true
| d | d := Dictionary new. d at: #a put: 1. d removeKey: #a. d isEmpty ==> true
| d | d := Dictionary new. d at: #a put: 1. d removeKey: #a ==> 1
| d | d := Dictionary new. d removeKey: #a ==> !
| d | d := Dictionary new. d removeKey: #a ifAbsent: [#none] ==> #none
| d | d := Dictionary new. d at: #a put: 1; at: #b put: 2. d size ==> 2
Dictionary new ==> a Dictionary()
Dictionary new at: 1 put: 2; yourself ==> a Dictionary(1->2 )
| d | d := Dictionary new. d at: #a put: 1. d associations ==> {#a->1}
| d | d := Dictionary new. d at: #a put: 1. d at: #a ifPresent: [:v | v + 1] ==> 2
| d | d := Dictionary new. d at: #a ifPresent: [:v | v + 1] ==> nil
| d | d := Dictionary new. d at: #z ifAbsentPut: [5] ==> 5
| d | d := Dictionary new. d at: #z ifAbsentPut: [5]. d at: #z ifAbsentPut: [6] ==> 5
| d s | d := Dictionary new. d at: 1 put: 10; at: 2 put: 20. s := 0. d keysAndValuesDo: [:k :v | s := s + k + v]. s ==> 33
| d s | d := Dictionary new. d at: 1 put: 10; at: 2 put: 20. s := 0. d do: [:v | s := s + v]. s ==> 30
| d s | d := Dictionary new. d at: 1 put: 10; at: 2 put: 20. s := 0. d keysDo: [:k | s := s + k]. s ==> 3
| d s | d := Dictionary new. d at: 1 put: 10. s := 0. d associationsDo: [:a | s := a value]. s ==> 10
| d | d := Dictionary new. d at: 1 put: 10; at: 2 put: 20. (d collect: [:v | v * 2]) ==> a Dictionary(1->20 2->40 )
| d | d := Dictionary new. d at: 1 put: 10; at: 2 put: 20. (d select: [:v | v > 10]) ==> a Dictionary(2->20 )
| d | d := Dictionary new. d at: 1 put: 10; at: 2 put: 20. d keyAtValue: 20 ==> 2
| d | d := Dictionary new. d at: 'k' put: 1. d at: 'k' copy ==> 1
| d | d := Dictionary new. d at: #k put: 1. d at: 'k' ifAbsent: [#none] ==> #none
{1->2. 3->4} asDictionary ==> a Dictionary(1->2 3->4 )
(Dictionary newFrom: {1->2}) at: 1 ==> 2
| d | d := Dictionary new. d add: 3->4. d at: 3 ==> 4
| d | d := Dictionary new. d at: #b put: 2; at: #a put: 1. d keys asSortedCollection asArray ==> #(#a #b)
| d | d := Dictionary new. d at: 1 put: 2. d anyOne ==> 2
| d | d := Dictionary new. d at: 1 put: 2. d keyAtValue: 9 ==> nil
(1->2) key ==> 1
(1->2) value ==> 2
1->2 ==> 1->2
(1->2) class ==> Association
#(1 2 2 3) asSet size ==> 3
(Set new add: 1; add: 1; yourself) size ==> 1
(Set withAll: #(1 2 3)) includes: 2 ==> true
| s | s := Set new. s add: 1; add: 2. s remove: 1. s size ==> 1
| s | s := Set new. s remove: 3 ==> !
(#(1 2 3) asSet collect: [:x | x \\ 2]) size ==> 2
(#(1 2 3) asSet collect: [:x | x \\ 2]) class ==> Set
#(1 2 3) asSet = #(3 2 1) asSet ==> true
(Bag new add: 1; add: 1; add: 2; yourself) occurrencesOf: 1 ==> 2
(Bag new add: 1; add: 1; add: 2; yourself) size ==> 3
(Bag withAll: #(1 1 2)) occurrencesOf: 1 ==> 2
| b | b := Bag new. b add: #x withOccurrences: 3. b size ==> 3
| b | b := Bag new. b add: #x; add: #x. b remove: #x. b occurrencesOf: #x ==> 1
(Bag withAll: #(1 1 2)) asSet size ==> 2
(Bag new add: 1; yourself) class ==> Bag
#(1 1 2) asBag occurrencesOf: 1 ==> 2
| r | r := ReadStream on: #(1 2 3). r next ==> 1
| r | r := ReadStream on: #(1 2 3). r next; next ==> 2
| r | r := ReadStream on: #(1 2 3). r next. r peek ==> 2
| r | r := ReadStream on: #(1 2 3). r upToEnd ==> #(1 2 3)
| r | r := ReadStream on: #(1 2 3). r next: 2 ==> #(1 2)
| r | r := ReadStream on: #(1 2 3). r skip: 1. r next ==> 2
| r | r := ReadStream on: #(1 2 3). r next; next; next. r atEnd ==> true
| r | r := ReadStream on: #(1 2 3). r next; next; next. r next ==> nil
| r | r := ReadStream on: #(1 2 3 4). r upTo: 3 ==> #(1 2)
| r | r := 'hello world' readStream. r upTo: $ . r upToEnd ==> 'world'
| r | r := '  hi' readStream. r skipSeparators. r upToEnd ==> 'hi'
| w | w := WriteStream on: String new. w nextPutAll: 'ab'; nextPut: $c. w contents ==> 'abc'
| w | w := WriteStream on: String new. w print: 42; space; print: #x. w contents ==> '42 #x'
| w | w := WriteStream on: (Array new: 0). w nextPut: 1; nextPut: 2. w contents ==> #(1 2)
| w | w := String new writeStream. w << 'a' << 3 printString. w contents ==> 'a3'
| w | w := String new writeStream. w << 'a'; << 3. w contents ==> 'a3'
| w | w := WriteStream on: String new. w tab. w contents size ==> 1
| w | w := WriteStream with: 'abc'. w nextPutAll: 'def'. w contents ==> 'abcdef'
String streamContents: [:s | s nextPutAll: 'ab'; print: 3] ==> 'ab3'
Array streamContents: [:s | s nextPut: 1; nextPut: 2] ==> #(1 2)
(String new: 0) writeStream contents ==> ''
| rw | rw := ReadWriteStream on: String new. rw nextPutAll: 'xyz'. rw reset. rw next ==> $x
'one two three' substrings collect: [:w | w size] ==> #(3 3 5)
#(1 2 3 4) readStream next: 2; next ==> 3
| w | w := WriteStream on: String new. #(1 2 3) do: [:e | w print: e] separatedBy: [w space]. w contents ==> '1 2 3'
(#($a $b) inject: '' into: [:acc :c | acc , (String with: c)]) ==> 'ab'
#(1 2 3) asOrderedCollection asArray ==> #(1 2 3)
#(1 2 3) asBag size ==> 3
#(1 2 3) copy == #(1 2 3) ==> false
(#(1 2 3) collect: [:e | e]) class ==> Array
#(#(1 2) #(3 4)) collect: [:p | p first] ==> #(1 3)
#(1 2 3 4 5 6) pairsCollect: [:a :b | a + b] ==> #(3 7 11)
#(1 $a) printString ==> '#(1 $a)'
#(1 2 3) printString ==> '#(1 2 3)'
#(1 2 3) displayString ==> '#(1 2 3)'
#(1 2 3) hash = #(1 2 3) copy hash ==> true
#(3 1 2) indexOf: 1 ==> 2
#(1 2 3) , #() ==> #(1 2 3)
(#(1 2 3) copyReplaceAll: #(2) with: #(7 7)) ==> #(1 7 7 3)
#(1 $a 2) select: [:e | e isNumber] ==> #(1 2)
(#(1 2 3) collect: [:x | x]) = #(1 2 3) ==> true
#(1 2 3) asOrderedCollection = #(1 2 3) asOrderedCollection ==> true
#(1 2 3) asOrderedCollection = #(1 2 3) ==> false
#(1 2 3) flatCollect: [:x | {x. x}] ==> #(1 1 2 2 3 3)
(#(1 2 3 4) inject: 0 into: [:a :b | a max: b]) ==> 4
(#(1 2 3) includesAll: #(1 2)) ==> true
(#(1 2 3) includesAny: #(7 2)) ==> true
#(#a #b #c) indexOf: #c ==> 3
#(1 2 3) isCollection ==> true
3 isCollection ==> false
#() ifEmpty: ['e'] ==> 'e'
#(1) ifEmpty: ['e'] ==> #(1)
#(1 2) ifEmpty: ['e'] ifNotEmpty: [:c | c size] ==> 2
#() ifNotEmpty: [:c | c size] ==> #()
#(1 2) ifNotEmpty: [:c | c size] ==> 2
#(nil 1) isEmptyOrNil ==> false
nil isEmptyOrNil ==> true
`;
