/** Exceptions as in Pharo 11. Format: see numbers.ts. */
export const exceptions = String.raw`
[1/0] on: ZeroDivide do: [:e | e return: 5] ==> 5
[1/0] on: ZeroDivide do: [:e | 7] ==> 7
[1/0] on: ZeroDivide do: [:e | e return] ==> nil
[1/0] on: Error do: [:e | e class] ==> ZeroDivide
[1/0] on: ArithmeticError do: [:e | #arith] ==> #arith
[1/0] on: Exception do: [:e | #any] ==> #any
[Error signal: 'boom'] on: Error do: [:e | e messageText] ==> 'boom'
[Error new signal: 'x'] on: Error do: [:e | e class] ==> Error
[Error signal: 'x'] on: ZeroDivide do: [:e | 1] ==> !
Error signal: 'unhandled' ==> !
Error new signal ==> !
[nil foo] on: MessageNotUnderstood do: [:e | e message selector] ==> #foo
[nil foo] on: MessageNotUnderstood do: [:e | e receiver] ==> nil
[nil foo: 1 bar: 2] on: MessageNotUnderstood do: [:e | e message arguments] ==> #(1 2)
[nil foo] on: MessageNotUnderstood do: [:e | e return: 1] ==> 1
[3 zork] on: Error do: [:e | e class] ==> MessageNotUnderstood
[(nil foo) + 1] on: MessageNotUnderstood do: [:e | e resume: 4] ==> 5
[(Warning signal: 'w') + 1] on: Warning do: [:e | e resume: 5] ==> 6
[Warning signal: 'x'] on: Warning do: [:e | e resume] ==> nil
[Warning signal: 'x'] on: Warning do: [:e | e resume: 3] ==> 3
[Error signal. 5] on: Error do: [:e | e resume: 5] ==> !
[[Error signal. 5] on: Error do: [:e | e resume: 5]] on: IllegalResumeAttempt do: [:e | #illegal] ==> #illegal
Notification signal ==> nil
(Notification signal: 'n') isNil ==> true
[Notification signal: 'n'. 3] value ==> 3
[Notification signal: 'n'] on: Notification do: [:e | e resume: 8] ==> 8
[(1/0) + 1] on: ZeroDivide do: [:e | e resume: 4] ==> 5
[1/0. 2] on: ZeroDivide do: [:e | e resume: 4] ==> 2
[1/0] on: ZeroDivide do: [:e | e isResumable] ==> true
[Error signal] on: Error do: [:e | e isResumable] ==> false
[Warning signal] on: Warning do: [:e | e isResumable] ==> true
| log | log := OrderedCollection new. [[log add: 1. 1/0] ensure: [log add: 2]] on: ZeroDivide do: [:e | log add: 3]. log ==> an OrderedCollection(1 3 2)
| log | log := OrderedCollection new. [[1/0] ifCurtailed: [log add: 2]] on: ZeroDivide do: [:e | log add: 3]. log ==> an OrderedCollection(3 2)
| log | log := OrderedCollection new. [[log add: 1] ifCurtailed: [log add: 2]] value. log ==> an OrderedCollection(1)
| log | log := OrderedCollection new. [[Warning signal. log add: 1] ensure: [log add: 2]] on: Warning do: [:e | log add: 3. e resume]. log ==> an OrderedCollection(3 1 2)
| log | log := OrderedCollection new. [[log add: 1] ensure: [log add: 2]] value. log ==> an OrderedCollection(1 2)
| n | n := 0. [n := n + 1. n < 3 ifTrue: [Error signal]. n] on: Error do: [:e | e retry] ==> 3
[Error signal] on: Error do: [:e | e retryUsing: [7]] ==> 7
[[1/0] on: ZeroDivide do: [:e | e pass]] on: ZeroDivide do: [:e | 9] ==> 9
[[1/0] on: ZeroDivide do: [:e | e signal]] on: ZeroDivide do: [:e | 10] ==> 10
[[Warning signal: 'a'. 4] on: Warning do: [:e | e outer. 5]] on: Warning do: [:e | e resume: 7] ==> 5
[[(Warning signal: 'a') + 1] on: Warning do: [:e | e resume: e outer + 1]] on: Warning do: [:e | e resume: 7] ==> 9
[[1/0] on: MessageNotUnderstood do: [:e | 1]] on: ZeroDivide do: [:e | 2] ==> 2
[1/0] on: ZeroDivide, MessageNotUnderstood do: [:e | 1] ==> 1
[nil foo] on: ZeroDivide, MessageNotUnderstood do: [:e | 1] ==> 1
[Error signal] on: ZeroDivide, MessageNotUnderstood do: [:e | 1] ==> !
(ZeroDivide, Error) class ==> ExceptionSet
[ZeroDivide new signal: 'x'] on: ArithmeticError do: [:e | e messageText] ==> 'x'
ZeroDivide superclass ==> ArithmeticError
ArithmeticError superclass ==> Error
Error superclass ==> Exception
Exception superclass ==> Object
MessageNotUnderstood superclass ==> Error
Warning superclass ==> Exception
Notification superclass ==> Exception
ZeroDivide new isKindOf: Error ==> true
(ZeroDivide inheritsFrom: Exception) ==> true
ZeroDivide handles: ZeroDivide new ==> true
Error handles: ZeroDivide new ==> true
ZeroDivide handles: Error new ==> false
(Error new messageText: 'x') messageText ==> 'x'
(Error new messageText: 'x'; yourself) class ==> Error
[Error signal: 'm'] on: Error do: [:e | e return: e messageText size] ==> 1
[[Error signal: 'inner'] ensure: [nil]] on: Error do: [:e | e messageText] ==> 'inner'
[[Error signal: 'in'] on: Error do: [:e | Error signal: 'out']] on: Error do: [:e | e messageText] ==> 'out'
[[Error signal: 'in'] on: ZeroDivide do: [:e | 0]] on: Error do: [:e | e messageText] ==> 'in'
[Error signal: 'a'] on: Error do: [:e | [Error signal: 'b'] on: Error do: [:e2 | e messageText , e2 messageText]] ==> 'ab'
[#() first] on: Error do: [:e | #caught] ==> #caught
[Dictionary new at: #missing] on: Error do: [:e | #caught] ==> #caught
[Object new foo] on: MessageNotUnderstood do: [:e | e message selector] ==> #foo
[1/0] on: ZeroDivide do: [:e | e signalerContext notNil] ==> true
[1/0] on: ZeroDivide do: [:e | e messageText isString] ==> true
[1/0] ensure: [] ==> !
| r | r := [10] on: Error do: [:e | 0]. r ==> 10
| x | x := [Error signal: 'z'. 1] on: Error do: [:e | 2]. x ==> 2
[[1/0] ensure: [Transcript show: 'e']] on: ZeroDivide do: [:e | #handled] ==> #handled
[Error signal: 'x'] on: Error do: [:e | e signal: 'y'] ==> !
Error subclass: #MyError instanceVariableNames: '' classVariableNames: '' package: 'Demo'. [MyError signal: 'mine'] on: MyError do: [:e | e messageText] ==> 'mine'
Error subclass: #MyError instanceVariableNames: '' classVariableNames: '' package: 'Demo'. [MyError new signal] on: Error do: [:e | e class] ==> MyError
Error subclass: #MyError instanceVariableNames: '' classVariableNames: '' package: 'Demo'. [1/0] on: MyError do: [:e | 1] ==> !
Error subclass: #MyError instanceVariableNames: 'code' classVariableNames: '' package: 'Demo'. MyError compile: 'code ^ code'. MyError compile: 'code: c code := c'. [(MyError new) code: 42; signal] on: MyError do: [:e | e code] ==> 42
Error subclass: #MyError instanceVariableNames: '' classVariableNames: '' package: 'Demo'. MyError compile: 'isResumable ^ true'. [(MyError signal) + 1] on: MyError do: [:e | e resume: 1] ==> 2
Error subclass: #MyError instanceVariableNames: '' classVariableNames: '' package: 'Demo'. MyError compile: 'messageText ^ ''custom'''. [MyError signal] on: MyError do: [:e | e messageText] ==> 'custom'
Warning subclass: #MyWarning instanceVariableNames: '' classVariableNames: '' package: 'Demo'. [(MyWarning signal: 'w') ifNil: [0]] on: MyWarning do: [:e | e resume: 3] ==> 3
Error subclass: #E1 instanceVariableNames: '' classVariableNames: '' package: 'Demo'. E1 subclass: #E2 instanceVariableNames: '' classVariableNames: '' package: 'Demo'. [E2 signal] on: E1 do: [:e | e class] ==> E2
Error subclass: #E1 instanceVariableNames: '' classVariableNames: '' package: 'Demo'. Error subclass: #E2 instanceVariableNames: '' classVariableNames: '' package: 'Demo'. [E2 signal] on: E1, E2 do: [:e | e class] ==> E2
[SubscriptOutOfBounds signal] on: Error do: [:e | e class] ==> SubscriptOutOfBounds
[KeyNotFound signal] on: Error do: [:e | e class] ==> KeyNotFound
[NotFound signal: 'x'] on: Error do: [:e | e messageText] ==> 'x'
[AssertionFailure signal: 'a'] on: Error do: [:e | e class] ==> AssertionFailure
[self assert: false] on: AssertionFailure do: [:e | #failed] ==> #failed
[self error: 'custom'] on: Error do: [:e | e messageText] ==> 'custom'
self error: 'custom' ==> !
[nil foo] on: Error do: [:e | e messageText isString] ==> true
| c | c := 0. [c := c + 1. 1/0] on: ZeroDivide do: [:e | c < 3 ifTrue: [e retry]. c] ==> 3
[[1/0] on: ZeroDivide do: [:e | e outer. 5]] on: ZeroDivide do: [:e | e resume: 6] ==> 5
[Warning signal: 'x'. 10] on: Warning do: [:e | e resume] ==> 10
`;
