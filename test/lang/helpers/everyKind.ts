/** Every kind the language makes, with what it prints as. */
export const everyKind: [string, string][] = [
    ["nil", "nil"], ["true", "true"], ["42", "42"], ["-7", "-7"], ["(2 raisedTo: 100)", "1267650600228229401496703205376"],
    ["3.0", "3.0"], ["2.5", "2.5"], ["Float infinity", "Float infinity"], ["Float nan", "Float nan"], ["'it''s'", "'it''s'"], ["'it''s' copy", "'it''s'"],
    ["#foo", "#foo"], ["#at:put:", "#at:put:"], ["$a", "$a"], ["#(1 $a 'b' #c 2.0)", "#(1 $a 'b' #c 2.0)"],
    ["OrderedCollection new add: 1; add: #x; yourself", "an OrderedCollection(1 #x)"],
    ["Dictionary new at: #tea put: 3; at: 4 put: 'four'; at: 'tea' put: $s; yourself", "a Dictionary(#tea->3 4->'four' 'tea'->$s )"],
    ["Set new add: #a; yourself", "a Set(#a)"], ["3 -> #x", "3->#x"], ["[:x | x * 2]", "[:x | x * 2]"],
    ["OrderedCollection", "OrderedCollection"], ["#(#(1 2) #(3))", "#(#(1 2) #(3))"],
    ["(2 raisedTo: 100) / 3", "(1267650600228229401496703205376/3)"], ["3.14s2", "3.14s2"], ["(1/3) asScaledDecimal: 4", "0.3333s4"],
    ["3 @ (1/2)", "(3@(1/2))"], ["#[1 2 255]", "#[1 2 255]"], ["1 to: 10 by: 2", "(1 to: 10 by: 2)"],
    ["#(3 1 2) asSortedCollection", "a SortedCollection(1 2 3)"], ["#('bb' 'a') asSortedCollection: [:a :b | a size >= b size]", "a SortedCollection('bb' 'a')"],
    ["Bag new add: #x; add: #x; yourself", "a Bag(#x #x)"]
];
