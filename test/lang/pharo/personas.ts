/**
 * Personas as prototypes, budgets and errors that say where. BRICK (parent of ROBIN) has the
 * methods listed in pharoCompat.test.ts. Format: see numbers.ts.
 */
export const personas = String.raw`
BRICK greet ==> 'Hello from BRICK'
ROBIN greet ==> 'Hello from ROBIN'
BRICK name ==> 'BRICK'
BRICK double: 21 ==> 42
ROBIN double: 4 ==> 8
BRICK at: #mood put: #happy. BRICK at: #mood ==> #happy
BRICK at: #list put: OrderedCollection new. (BRICK at: #list) add: 5. BRICK at: #list ==> an OrderedCollection(5)
BRICK at: #n put: 1. BRICK bumpN. BRICK bumpN. BRICK at: #n ==> 3
BRICK at: #n put: 1. BRICK readN ==> 1
BRICK at: #d put: (Dictionary new at: 1 put: #one; yourself). (BRICK at: #d) at: 1 ==> #one
BRICK at: #s put: #(1 2) asSet. (BRICK at: #s) class ==> Set
BRICK at: #f put: 1/3. BRICK at: #f ==> (1/3)
BRICK at: #p put: 3@4. (BRICK at: #p) x ==> 3
BRICK at: #c put: $a. BRICK at: #c ==> $a
BRICK at: #b put: #[1 2]. BRICK at: #b ==> #[1 2]
BRICK at: #sd put: 3.14s2. BRICK at: #sd ==> 3.14s2
BRICK at: #a put: OrderedCollection new. BRICK at: #b put: (BRICK at: #a). (BRICK at: #a) == (BRICK at: #b) ==> true
BRICK find: 2 ==> #found
BRICK find: 9 ==> #missing
BRICK fact: 20 ==> 2432902008176640000
BRICK deep: 10000 ==> 10000
BRICK deep: 100000000 ==> !
BRICK safeDiv: 0 ==> #infinite
BRICK safeDiv: 2 ==> 5
BRICK whoCalls ==> #whoCalls
BRICK nope ==> !
[BRICK nope] on: MessageNotUnderstood do: [:e | e message selector] ==> #nope
BRICK compile: 'seven ^ 7'. BRICK seven ==> 7
BRICK compile: 'seven ^ 7'. ROBIN seven ==> 7
ROBIN compile: 'greet ^ super greet , ''!'''. ROBIN greet ==> 'Hello from ROBIN!'
BRICK compile: '__proto__ ^ 2' ==> !
BRICK parent: BRICK ==> !
| s | s := 0. 1 to: 3 do: [:i | s := s + (BRICK double: i)]. s ==> 12
(1 to: 3) collect: [:i | BRICK double: i] ==> #(2 4 6)
BRICK slowEcho: 5 ==> 5
(BRICK slowEcho: 2) + (BRICK slowEcho: 3) ==> 5
[BRICK slowEcho: 1/0] on: ZeroDivide do: [:e | #zd] ==> #zd
`;
