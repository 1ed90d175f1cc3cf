/**
 * Numbers, as Pharo 11 answers them (Print it: the printString of the answer).
 * One program a line: `source ==> printString`; `==> !` means the do-it fails with an error.
 */
export const numbers = String.raw`
3 + 4 ==> 7
3 + 4 * 2 ==> 14
3 + (4 * 2) ==> 11
2 raisedTo: 100 ==> 1267650600228229401496703205376
(2 raisedTo: 100) / 3 ==> (1267650600228229401496703205376/3)
((2 raisedTo: 100) / 3) class ==> Fraction
(2 raisedTo: 100) // 3 ==> 422550200076076467165567735125
(2 raisedTo: 100) \\ 3 ==> 1
(1/3) + (2/3) ==> 1
((1/3) + (2/3)) class ==> SmallInteger
1/3 ==> (1/3)
(1/3) class ==> Fraction
2/4 ==> (1/2)
4/2 ==> 2
(4/2) class ==> SmallInteger
(1/3) + 1 ==> (4/3)
1/3 + 1 ==> (4/3)
(1/2) + 0.25 ==> 0.75
(1/2) = 0.5 ==> true
(1/2) < (2/3) ==> true
(2/3) squared ==> (4/9)
(1/2) negated ==> (-1/2)
(1/3) reciprocal ==> 3
(3/4) reciprocal ==> (4/3)
(3/4) numerator ==> 3
(3/4) denominator ==> 4
(6/8) denominator ==> 4
(1/3) asFloat ==> 0.3333333333333333
(3/4) rounded ==> 1
(3/4) truncated ==> 0
(7/2) floor ==> 3
(-7/2) ceiling ==> -3
(1/2) * 4 ==> 2
(1/2) - (1/3) ==> (1/6)
(1/2) / (1/4) ==> 2
(2/3) raisedTo: 2 ==> (4/9)
(1/3) isFraction ==> true
3 isFraction ==> false
(1/2) max: (1/3) ==> (1/2)
(1/2) printString ==> '(1/2)'
(100 factorial / 98 factorial) ==> 9900
(1/3) + (1/6) ==> (1/2)
-3 / 6 ==> (-1/2)
3 / -6 ==> (-1/2)
(1/2) hash = (2/4) hash ==> true
0.5 asExactFraction ==> (1/2)
3.14s2 ==> 3.14s2
3.14s2 class ==> ScaledDecimal
3.14s2 + 1 ==> 4.14s2
1.5s2 + 1.25s2 ==> 2.75s2
3.14s2 * 2 ==> 6.28s2
0.1s2 + 0.2s2 = 0.3s2 ==> true
3s2 ==> 3.00s2
1/3 asScaledDecimal: 3 ==> 0.333s3
3.14s2 asFloat ==> 3.14
(1/4) asScaledDecimal: 2 ==> 0.25s2
2.50s2 - 0.5s2 ==> 2.00s2
3.14s2 > 3 ==> true
3.14s2 scale ==> 2
255 printString: 16 ==> 'FF'
12 printString: 2 ==> '1100'
-5 printString: 2 ==> '-101'
255 printStringBase: 16 ==> 'FF'
(2 raisedTo: 64) printString: 16 ==> '10000000000000000'
5 printPaddedWith: $0 to: 3 ==> '005'
123 printPaddedWith: $0 to: 2 ==> '123'
7 printPaddedWith: $  to: 4 ==> '   7'
42 printString ==> '42'
42 displayString ==> '42'
42 asString ==> '42'
16r1F ==> 31
2r1010 ==> 10
36rZ ==> 35
1e3 ==> 1000
1e3 class ==> SmallInteger
1.5e2 ==> 150.0
2.5e-1 ==> 0.25
-3 abs ==> 3
3 - -2 ==> 5
3 negated ==> -3
0.1 + 0.2 ==> 0.30000000000000004
10 / 4.0 ==> 2.5
3.0 ==> 3.0
3.10 ==> 3.1
1/2 + 0.5 ==> 1.0
2 sqrt ==> 1.4142135623730951
16 sqrt ==> 4.0
4 squared ==> 16
2 ** 10 ==> 1024
2 raisedTo: -1 ==> (1/2)
100 log ==> 2.0
(10 log: 10) ==> 1.0
8 log: 2 ==> 3.0
Float pi ==> 3.141592653589793
3.7 floor ==> 3
3.2 ceiling ==> 4
3.5 rounded ==> 4
-3.5 rounded ==> -4
3.7 truncated ==> 3
-3.7 truncated ==> -3
3.14159 roundTo: 0.01 ==> 3.14
17 roundTo: 5 ==> 15
17 truncateTo: 5 ==> 15
17 \\ 5 ==> 2
-5 \\ 3 ==> 1
-5 rem: 3 ==> -2
-5 // 3 ==> -2
-5 quo: 3 ==> -1
7 \\ -2 ==> -1
-7 // 2 ==> -4
-7 quo: 2 ==> -3
7 // 2 ==> 3
7 / 2 ==> (7/2)
3 max: 9 ==> 9
3 min: 9 ==> 3
5 between: 1 and: 10 ==> true
5 even ==> false
5 odd ==> true
7 isPrime ==> true
8 isPrime ==> false
10 gcd: 4 ==> 2
10 lcm: 4 ==> 20
5 factorial ==> 120
20 factorial ==> 2432902008176640000
100 factorial printString size ==> 158
(100 factorial) class ==> LargePositiveInteger
(2 raisedTo: 62) class ==> LargePositiveInteger
(2 raisedTo: 59) class ==> SmallInteger
(2 raisedTo: 62) negated class ==> LargeNegativeInteger
1000000000 * 1000000000 ==> 1000000000000000000
(2 raisedTo: 64) - (2 raisedTo: 64) + 1 ==> 1
((2 raisedTo: 64) - (2 raisedTo: 64) + 1) class ==> SmallInteger
3 sign ==> 1
0 sign ==> 0
-2 sign ==> -1
3 isInteger ==> true
3.0 isInteger ==> false
3.0 isFloat ==> true
3 isNumber ==> true
3 isZero ==> false
0 isZero ==> true
1 = 1.0 ==> true
1 < 2.5 ==> true
3 asFloat ==> 3.0
3.9 asInteger ==> 3
65 asCharacter ==> $A
3 @ 4 ==> (3@4)
(3 @ 4) x ==> 3
(3 @ 4) y ==> 4
(3 @ 4) + (1 @ 2) ==> (4@6)
(3 @ 4) * 2 ==> (6@8)
(3 @ 4) + 1 ==> (4@5)
(3 @ 4) = (3 @ 4) ==> true
(3 @ 4) class ==> Point
((3 @ 4) dist: (0 @ 0)) ==> 5.0
(-3 @ 4) abs ==> (3@4)
Point x: 1 y: 2 ==> (1@2)
(1 @ 2) - (1 @ 1) ==> (0@1)
((1 @ 2) + (3 @ 4)) x ==> 4
(Random seed: 42) next = (Random seed: 42) next ==> true
((Random seed: 42) next between: 0 and: 1) ==> true
| r | r := Random seed: 7. ((1 to: 100) collect: [:i | r nextInteger: 6]) asSet size <= 6 ==> true
| r | r := Random seed: 7. ((1 to: 100) allSatisfy: [:i | (r nextInteger: 6) between: 1 and: 6]) ==> true
| a b | a := Random seed: 3. b := Random seed: 3. ((1 to: 10) collect: [:i | a next]) = ((1 to: 10) collect: [:i | b next]) ==> true
(Random new next) isFloat ==> true
1 / 0 ==> !
[1 / 0] on: ZeroDivide do: [:e | e class] ==> ZeroDivide
(1 / 2) isNumber ==> true
3 + (1/2) ==> (7/2)
0.5 + (1/2) ==> 1.0
1000000 * 1000000 ==> 1000000000000
12345678901234567890 \\ 10 ==> 0
12345678901234567890 // 10 ==> 1234567890123456789
(2 raisedTo: 10) sqrt ==> 32.0
10 printString: 10 ==> '10'
1 to: 0 ==> (1 to: 0)
3 reciprocal ==> (1/3)
3 asCharacter class ==> Character
5 timesRepeat: [] ==> 5
1 + 2; * 10 ==> 10
`;
