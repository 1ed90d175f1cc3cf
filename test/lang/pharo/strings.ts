/** Strings, Symbols and Characters, as Pharo 11 answers them. Format: see numbers.ts. */
export const strings = String.raw`
'hello' size ==> 5
'hello' reversed ==> 'olleh'
'hello' asUppercase ==> 'HELLO'
'HeLLo' asLowercase ==> 'hello'
'hello' asSymbol ==> #hello
'hello' asSymbol == #hello ==> true
'hello' , ' world' ==> 'hello world'
'hello world' substrings ==> #('hello' 'world')
'a,b,c' subStrings: ',' ==> #('a' 'b' 'c')
'hello world foo' findTokens: ' ' ==> an OrderedCollection('hello' 'world' 'foo')
'a-b--c' findTokens: '-' ==> an OrderedCollection('a' 'b' 'c')
'hello' indexOf: $l ==> 3
'hello' occurrencesOf: $l ==> 2
'hello' copyReplaceAll: 'l' with: 'L' ==> 'heLLo'
'hello' copyWithout: $l ==> 'heo'
'hello' copyWith: $! ==> 'hello!'
'abc' < 'abd' ==> true
'abc' = 'abc' ==> true
'hello' includesSubstring: 'ell' ==> true
'Hello' first ==> $H
'hello' last ==> $o
'hello' first: 2 ==> 'he'
'hello' last: 3 ==> 'llo'
'hello' allButFirst ==> 'ello'
'hello' allButLast ==> 'hell'
'  hi  ' trimBoth ==> 'hi'
'  hi  ' trimLeft ==> 'hi  '
'  hi  ' trimRight ==> '  hi'
'42' asNumber ==> 42
'3.5' asNumber ==> 3.5
'42' asInteger ==> 42
'abc' asInteger ==> nil
'hello' at: 1 ==> $h
'hello' copyFrom: 2 to: 4 ==> 'ell'
'hello' beginsWith: 'he' ==> true
'hello' endsWith: 'lo' ==> true
'hello' asSymbol printString ==> '#hello'
'it''s' ==> 'it''s'
'it''s' size ==> 4
'hello' printString ==> '''hello'''
'hello' displayString ==> 'hello'
'abc' copy at: 1 put: $X; yourself ==> 'Xbc'
| s | s := 'abc' copy. s at: 2 put: $Z. s ==> 'aZc'
| s | s := String new: 3. s at: 1 put: $a; at: 2 put: $b; at: 3 put: $c. s ==> 'abc'
(String new: 2) size ==> 2
String new: 2 withAll: $z ==> 'zz'
String with: $a with: $b ==> 'ab'
String new ==> ''
'hello' collect: [:c | c asUppercase] ==> 'HELLO'
'hello' select: [:c | c isVowel] ==> 'eo'
'hello' reject: [:c | c isVowel] ==> 'hll'
'hello' detect: [:c | c isVowel] ==> $e
'hello' inject: 0 into: [:a :c | a + 1] ==> 5
'hello' includes: $e ==> true
'hello' capitalized ==> 'Hello'
'{1} and {2}' format: #(1 2) ==> '1 and 2'
'hello' isString ==> true
#foo isSymbol ==> true
#foo isString ==> true
'foo' isSymbol ==> false
'3' , 4 printString ==> '34'
'abc' asArray ==> #($a $b $c)
'cab' asSortedCollection asArray ==> #($a $b $c)
'hello' asSet size ==> 4
'hello' asBag size ==> 5
('hello' asBag occurrencesOf: $l) ==> 2
'hello world' asUppercase ==> 'HELLO WORLD'
'a:b:c' ==> 'a:b:c'
'hello' hash = 'hello' copy hash ==> true
'hello' copy == 'hello' ==> false
'hello' isEmpty ==> false
'' isEmpty ==> true
'' notEmpty ==> false
'abc' reverse ==> 'cba'
'hello' asSymbol size ==> 5
'one two' substrings: ' ' ==> #('one' 'two')
'hello' copyReplacing: $l with: $r ==> 'herro'
('hello' indexOf: $z) ==> 0
'hello world' replaceAll: $o with: $0 ==> !
'hello world' copy replaceAll: $o with: $0; yourself ==> 'hell0 w0rld'
'a b c' substrings size ==> 3
'hello' asOrderedCollection removeFirst ==> $h
'abc' max ==> $c
'hello' keysAndValuesDo: [:i :c | ] ==> 'hello'
'x' -> 3 ==> 'x'->3
'hello' readStream upTo: $l ==> 'he'
('hello' readStream next: 3) ==> 'hel'
'hello' readStream upToEnd ==> 'hello'
'hello' lines ==> #('hello')
'abc' sameAs: 'ABC' ==> true
'hello' asSymbol class ==> ByteSymbol
'hello' class ==> ByteString
'' class ==> ByteString
#+ numArgs ==> 1
#foo numArgs ==> 0
#at:put: numArgs ==> 2
#with:with: ==> #with:with:
#+ ==> #+
#foo , 'bar' ==> 'foobar'
(#foo , 'bar') class ==> ByteString
#foo size ==> 3
#foo asString ==> 'foo'
#foo printString ==> '#foo'
#foo displayString ==> 'foo'
#'hello world' ==> #'hello world'
#foo < #goo ==> true
#(foo bar) ==> #(#foo #bar)
$a ==> $a
$a printString ==> '$a'
$a displayString ==> 'a'
$a asInteger ==> 97
$a value ==> 97
97 asCharacter ==> $a
Character value: 65 ==> $A
$a asUppercase ==> $A
$A asLowercase ==> $a
$a isVowel ==> true
$b isVowel ==> false
$a isLetter ==> true
$5 isDigit ==> true
$5 digitValue ==> 5
$  isSeparator ==> true
$a < $b ==> true
$a class ==> Character
$a asString ==> 'a'
$a asSymbol ==> #a
$a isUppercase ==> false
$' ==> $'
(String new: 3) isString ==> true
'hello' asByteArray ==> #[104 101 108 108 111]
#[104 105] asString ==> 'hi'
'abc' , 'def' , 'ghi' ==> 'abcdefghi'
('hello' at: 1 put: $j) ==> !
'hello' first isVowel ==> false
'hello world' asUppercase size ==> 11
('a:b:c' splitOn: $:) ==> an OrderedCollection('a' 'b' 'c')
'hello' asSymbol == 'hello' asSymbol ==> true
'Hello World' select: [:c | c isUppercase] ==> 'HW'
'hello' indexOf: $o ==> 5
'hello' copyReplaceAll: 'll' with: '' ==> 'heo'
('hello' occurrencesOfString: 'l') ==> 2
'hello' asUppercase asSymbol ==> #HELLO
`;
