/** Blocks, control structures and closures, as Pharo 11 answers them. Format: see numbers.ts. */
export const control = String.raw`
[:x | x + 1] value: 2 ==> 3
[] value ==> nil
[3] value ==> 3
[1. 2] value ==> 2
[:a :b | a + b] value: 1 value: 2 ==> 3
[:a :b :c | a + b + c] value: 1 value: 2 value: 3 ==> 6
[:a :b :c :d | a + b + c + d] value: 1 value: 2 value: 3 value: 4 ==> 10
[:a :b | a + b] valueWithArguments: #(1 2) ==> 3
[:x | x] numArgs ==> 1
[] numArgs ==> 0
[:x | ] value: 3 ==> nil
[| t | t] value ==> nil
[:x | x] value: 1 value: 2 ==> !
[:x :y | x] valueWithArguments: #(1) ==> !
[:x | x] cull: 3 ==> 3
[3] cull: 4 ==> 3
[:x :y | x + y] cull: 1 cull: 2 ==> 3
| fact | fact := nil. fact := [:n | n < 2 ifTrue: [1] ifFalse: [n * (fact value: n - 1)]]. fact value: 20 ==> 2432902008176640000
| adder | adder := [:n | [:x | x + n]]. (adder value: 3) value: 4 ==> 7
| count inc | count := 0. inc := [count := count + 1]. inc value. inc value. count ==> 2
| bs | bs := (1 to: 3) collect: [:i | [i * 10]]. bs collect: [:b | b value] ==> #(10 20 30)
[:x | x > 3] value: 4 ==> true
3 > 2 ifTrue: ['y'] ifFalse: ['n'] ==> 'y'
3 < 2 ifTrue: ['y'] ifFalse: ['n'] ==> 'n'
3 < 2 ifTrue: ['y'] ==> nil
3 > 2 ifFalse: ['n'] ==> nil
3 > 2 ifFalse: ['n'] ifTrue: ['y'] ==> 'y'
(3 > 2) | false ==> true
(3 > 2) & false ==> false
true and: [false] ==> false
false or: [true] ==> true
true xor: false ==> true
true not ==> false
(1 < 2) & (2 < 3) ==> true
true & nil ==> nil
false and: [1/0] ==> false
true or: [1/0] ==> true
(true and: [true]) and: [false] ==> false
true and: [true] and: [3 > 2] ==> true
nil isNil ifTrue: [1] ==> 1
nil ifNil: [1] ==> 1
nil ifNil: [1] ifNotNil: [:x | x] ==> 1
3 ifNil: [1] ifNotNil: [:x | x + 1] ==> 4
3 ifNotNil: [:x | x * 2] ==> 6
nil ifNotNil: [:x | x * 2] ==> nil
3 ifNil: [1] ==> 3
nil ifNotNil: [:x | x] ifNil: [0] ==> 0
nil isNil ==> true
nil notNil ==> false
3 isNil ==> false
nil printString ==> 'nil'
| i | i := 0. [i < 5] whileTrue: [i := i + 1]. i ==> 5
| i | i := 0. [i >= 5] whileFalse: [i := i + 1]. i ==> 5
| i | i := 0. [i := i + 1. i < 5] whileTrue. i ==> 5
| i | i := 10. [i := i - 1. i > 5] whileTrue: []. i ==> 5
| i | i := 0. [i < 3] whileTrue: [i := i + 1] ==> nil
| r | r := 0. 1 to: 10 by: 3 do: [:i | r := r + i]. r ==> 22
| r | r := OrderedCollection new. 5 to: 1 by: -2 do: [:i | r add: i]. r ==> an OrderedCollection(5 3 1)
| r | r := 0. 1 to: 0 do: [:i | r := r + 1]. r ==> 0
| r | r := 0. 3 timesRepeat: [r := r + 2]. r ==> 6
| r | r := 0. 1 to: 10 do: [:i | i odd ifTrue: [r := r + i]]. r ==> 25
| r | r := 0. #(1 2 3) do: [:x | r := r + x]. r ==> 6
| r | r := 0. (1 to: 4) do: [:x | r := r * 10 + x]. r ==> 1234
| r | r := 0. 1 to: 5 do: [:i | i = 3 ifTrue: [r := i]]. r ==> 3
1 to: 5 do: [:i | ] ==> 1
#(1 2 3) do: [:x | ] ==> #(1 2 3)
| r | r := 0. 1.5 to: 3.5 do: [:x | r := r + x]. r ==> 7.5
(1 to: 3) do: [:x | ] ==> (1 to: 3)
| s | s := 0. 1 to: 100 do: [:i | s := s + i]. s ==> 5050
| s | s := 0. 1 to: 1000000 do: [:i | s := s + (i \\ 7)]. s ==> 2999998
| s | s := 0. 1 to: 20000000 do: [:i | s := s + 1]. s ==> 20000000
| r | r := [:x | x > 2 ifTrue: ['big'] ifFalse: ['small']]. (r value: 3) , (r value: 1) ==> 'bigsmall'
[^ 3] value. 4 ==> 3
| b | b := [:x | x = 0 ifTrue: [#zero] ifFalse: [#other]]. b value: 0 ==> #zero
| x | x := 5. [x > 0] whileTrue: [x := x - 2]. x ==> -1
[:x | x * 2] ==> [:x | x * 2]
[:x | x * 2] printString ==> '[:x | x * 2]'
[5] ensure: [6] ==> 5
| x | x := 0. [x := 1] ensure: [x := 2]. x ==> 2
[5] ifCurtailed: [6] ==> 5
| x | x := 0. [[^ 5] ensure: [x := 1]] value. x ==> 5
| r | r := 0. #(1 2 3) doWithIndex: [:e :i | r := r + (e * i)]. r ==> 14
| r | r := 0. 10 to: 1 by: -1 do: [:i | r := r + i]. r ==> 55
| a | a := 0. 1 to: 3 do: [:i | 1 to: 3 do: [:j | a := a + (i * j)]]. a ==> 36
[:x :y | x @ y] value: 1 value: 2 ==> (1@2)
| f | f := [:n | n <= 1 ifTrue: [n] ifFalse: [(f value: n - 1) + (f value: n - 2)]]. f value: 20 ==> 6765
(3 > 2) ifTrue: [#yes] ifFalse: [#no] ==> #yes
(nil ifNil: [3]) + 1 ==> 4
5 max: 3; min: 2 ==> 2
(1 to: 3) collect: [:x | x] ==> #(1 2 3)
| blk | blk := [:a | a]. blk value: blk numArgs ==> 1
[:a | a] valueWithArguments: #(9) ==> 9
| t | t := 0. #(1 2) with: #(3 4) do: [:a :b | t := t + (a * b)]. t ==> 11
3 > 2 and: [2 > 1] ==> true
(3 > 2) or: [1 / 0] ==> true
| x | x := 3. x even ifTrue: ['even'] ifFalse: ['odd'] ==> 'odd'
| n | n := 0. [:k | n := k] value: 7. n ==> 7
[1/0] on: ZeroDivide do: [:e | 0] ==> 0
| x | x := nil. x ifNil: [x := 3]. x ==> 3
| a b | a := 1. b := 2. a := b := 5. a + b ==> 10
`;
