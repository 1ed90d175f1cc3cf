"""Small Smalltalk methods a persona writes for itself: the synthesis corpus, and the held-out set it is measured on.

A dialogue is laid out as the runtime's synthesizer asks (src/runtime/synthesis/synthesisPrompt.ts, checked against
`synthesis_prompt` below by test/runtime/synthesis/synthesisPrompt.test.ts): a short system line naming the persona,
then the selector, the pattern (argument names chosen by the type of each example argument), the persona's free slots
and methods, the examples (Smalltalk expressions about the persona `p` that answer true), sometimes the failure of a
last draft; the reply is the method's source.

The methods come from families built out of parts: a verb and a number word (`plusThree: n  ^ n + 3`), a verb and a
keyword (`sum: n with: m  ^ n + m`), a slot name (`mood  ^ self at: #mood`), a greeting copied from its example.
The held-out selectors are combinations of parts the corpus never puts together, and slot names and words it never
uses (`HELD_OUT_*`): none of their selectors is in the training corpus (tests/test_genesis_smalltalk.py checks).
"""
from __future__ import annotations

import random
from dataclasses import dataclass, field

NUMBERS = {"One": 1, "Two": 2, "Three": 3, "Four": 4, "Five": 5, "Six": 6, "Seven": 7, "Eight": 8, "Nine": 9,
           "Ten": 10}
# A verb, the operator it means.
ARITH = {"plus": "+", "add": "+", "minus": "-", "subtract": "-", "times": "*", "multiplyBy": "*"}
# Binary selectors: the first keyword means the operation, the second is any of KEYWORDS.
BINARY = {"sum": "+", "add": "+", "plus": "+", "difference": "-", "subtract": "-", "minus": "-", "product": "*",
          "multiply": "*", "times": "*", "max": "max:", "larger": "max:", "min": "min:", "smaller": "min:"}
KEYWORDS = ["with", "and", "to", "by"]
COMPARE = {"isAbove": ">", "isBelow": "<", "isAtLeast": ">=", "isAtMost": "<=", "isEqualTo": "="}
FILTER = {"above": ">", "below": "<", "atLeast": ">=", "atMost": "<="}
UNARY = {  # named one-argument methods on a number
    "double:": "n * 2", "triple:": "n * 3", "square:": "n * n", "cube:": "n * n * n", "negate:": "0 - n",
    "increment:": "n + 1", "decrement:": "n - 1", "absolute:": "n abs", "isEven:": "n even", "isOdd:": "n odd",
    "isPositive:": "n > 0", "isZero:": "n = 0", "half:": "n // 2", "successor:": "n + 1", "twice:": "n * 2",
}
STRINGS = {  # named one-argument methods on a string
    "shout:": "s asUppercase", "whisper:": "s asLowercase", "exclaim:": "s , '!'", "ask:": "s , '?'",
    "wrap:": "'(' , s , ')'", "bracket:": "'[' , s , ']'", "reverse:": "s reversed", "lengthOf:": "s size",
    "repeat:": "s , s", "initialOf:": "s first", "isBlank:": "s isEmpty", "echo:": "s , ' ' , s",
}
COLLECTIONS = {  # named one-argument methods on a collection of numbers
    "sumOf:": "c inject: 0 into: [:a :b | a + b]", "productOf:": "c inject: 1 into: [:a :b | a * b]",
    "largestIn:": "c inject: c first into: [:a :b | a max: b]",
    "smallestIn:": "c inject: c first into: [:a :b | a min: b]", "countOf:": "c size", "firstOf:": "c first",
    "lastOf:": "c last", "evensIn:": "c select: [:x | x even]", "oddsIn:": "c select: [:x | x odd]",
    "doubleEach:": "c collect: [:x | x * 2]", "squareEach:": "c collect: [:x | x * x]",
    "negateEach:": "c collect: [:x | 0 - x]", "reverseOf:": "c reversed", "isEmptyList:": "c isEmpty",
}
GREETINGS = ["Hello", "Welcome", "Goodbye", "Thanks", "Congratulations", "Cheers", "Farewell", "Greetings", "Sorry",
             "Bravo", "Howdy", "Hi"]
JOINERS = {"join:with:": "s , t", "join:and:": "s , ' and ' , t", "concat:with:": "s , t", "pair:with:": "s , ' ' , t"}
SLOTS = ["mood", "count", "score", "level", "title", "color", "energy", "budget", "topic", "motto", "weight", "height",
         "speed", "rating", "owner", "city", "nickname", "age", "goal", "stage", "limit", "total", "hunger", "status"]
SLOT_VALUES = {"str": ["'calm'", "'red'", "'logic'", "'Gotham'", "'north'", "'ok'", "'draft'", "'tea'"],
               "int": ["3", "7", "10", "42", "0", "5", "12", "100"]}
WORDS = ["frobnicate", "dance", "explainYourself", "summarize:", "cheerUp", "greet:", "double:", "report",
         "mood", "plusTwo:", "sumOf:", "shout:", "wrap:", "score", "level:", "triple:", "evensIn:", "hello:"]

# What the held-out set combines: number words the arithmetic families never pair with these verbs, keyword pairs
# never trained, slot names and greetings that are not in the corpus.
HELD_OUT_ARITH = [("plus", "Seven"), ("add", "Nine"), ("minus", "Four"), ("subtract", "Eight"), ("times", "Six"),
                  ("multiplyBy", "Three"), ("plus", "Ten"), ("minus", "Two")]
HELD_OUT_BINARY = [("sum", "and"), ("product", "and"), ("difference", "to"), ("max", "and"), ("min", "to"),
                   ("times", "with"), ("larger", "with")]
HELD_OUT_COMPARE = [("isAbove", "Eight"), ("isBelow", "Three"), ("isAtLeast", "Six")]
HELD_OUT_FILTER = [("above", "Six"), ("below", "Four"), ("atLeast", "Nine")]
HELD_OUT_EACH = [("plus", "Eight"), ("times", "Four")]
HELD_OUT_SLOTS = ["temper", "points", "rank", "flavor", "region"]
HELD_OUT_GREETINGS = ["Salute", "Aloha", "Welcome back"]


@dataclass
class Task:
    """One method to write: its selector, the examples that must answer true, and the persona it is written for."""
    selector: str
    arg_types: list[str]  # "int" | "str" | "list", one per argument
    examples: list[str]
    source: str  # a method that passes the examples
    slots: dict[str, str] = field(default_factory=dict)  # slot name -> Smalltalk literal of its value
    methods: list[str] = field(default_factory=list)


def literal(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, str):
        return "'" + value.replace("'", "''") + "'"
    if isinstance(value, list):
        return "#(" + " ".join(literal(v) for v in value) + ")"
    raise TypeError(f"no literal for {value!r}")


ARG_NAMES = {"int": ["n", "m", "k"], "str": ["s", "t", "u"], "list": ["c", "d", "e"]}


def arg_names(types: list[str]) -> list[str]:
    """Argument names by type and position, as the runtime's synthesizer chooses them (synthesisPrompt.ts)."""
    used: dict[str, int] = {}
    names = []
    for t in types:
        i = used.get(t, 0)
        used[t] = i + 1
        pool = ARG_NAMES.get(t, ["x", "y", "z"])
        names.append(pool[i] if i < len(pool) else f"{pool[0]}{i + 1}")
    return names


def pattern(selector: str, names: list[str]) -> str:
    if not selector.endswith(":"):
        return selector
    parts = selector[:-1].split(":")
    return " ".join(f"{part}: {name}" for part, name in zip(parts, names))


def send(selector: str, args: list[str]) -> str:
    return f"p {pattern(selector, args)}"


def example(selector: str, args: list[object], result: object) -> str:
    return f"({send(selector, [literal(a) for a in args])}) = {literal(result)}"


def _ints(rng: random.Random, n: int, low: int = 0, high: int = 20) -> list[int]:
    return [rng.randint(low, high) for _ in range(n)]


def _intlist(rng: random.Random) -> list[int]:
    return _ints(rng, rng.randint(2, 4), 0, 12)


def _name(rng: random.Random) -> str:
    return rng.choice(["Ann", "Bob", "Robin", "Kim", "Lee", "Max", "Zoe", "Sam", "Eve", "Tom", "Ada", "Joe"])


def _op(op: str, a: int, b: int) -> object:
    return {"+": a + b, "-": a - b, "*": a * b, "max:": max(a, b), "min:": min(a, b), ">": a > b, "<": a < b,
            ">=": a >= b, "<=": a <= b, "=": a == b}[op]


def _body(op: str, a: str, b: str) -> str:
    return f"{a} {op} {b}"


def _examples(rng: random.Random, count: int, make) -> list[str]:
    out: list[str] = []
    for _ in range(count * 4):
        e = make()
        if e not in out:
            out.append(e)
        if len(out) == count:
            break
    return out


def method(selector: str, names: list[str], body: str) -> str:
    return f"{pattern(selector, names)}\n\t^ {body}"


def arith_task(rng: random.Random, verb: str, word: str) -> Task:
    sel, op, k = f"{verb}{word}:", ARITH[verb], NUMBERS[word]
    ex = _examples(rng, rng.randint(1, 3), lambda: example(sel, [a := rng.randint(0, 20)], _op(op, a, k)))
    return Task(sel, ["int"], ex, method(sel, ["n"], _body(op, "n", str(k))))


def binary_task(rng: random.Random, verb: str, kw: str) -> Task:
    sel, op = f"{verb}:{kw}:", BINARY[verb]
    ex = _examples(rng, rng.randint(1, 3), lambda: example(sel, [a := rng.randint(0, 20), b := rng.randint(0, 20)], _op(op, a, b)))
    return Task(sel, ["int", "int"], ex, method(sel, ["n", "m"], _body(op, "n", "m")))


def compare_task(rng: random.Random, verb: str, word: str) -> Task:
    sel, op, k = f"{verb}{word}:", COMPARE[verb], NUMBERS[word]
    ex = _examples(rng, rng.randint(2, 3), lambda: example(sel, [a := rng.randint(max(0, k - 3), k + 3)], _op(op, a, k)))
    return Task(sel, ["int"], ex, method(sel, ["n"], _body(op, "n", str(k))))


def filter_task(rng: random.Random, verb: str, word: str) -> Task:
    sel, op, k = f"{verb}{word}In:", FILTER[verb], NUMBERS[word]
    ex = _examples(rng, rng.randint(1, 2), lambda: example(sel, [c := _intlist(rng)], [x for x in c if _op(op, x, k)]))
    return Task(sel, ["list"], ex, method(sel, ["c"], f"c select: [:x | x {op} {k}]"))


def each_task(rng: random.Random, verb: str, word: str) -> Task:
    sel, op, k = f"{verb}{word}Each:", ARITH[verb], NUMBERS[word]
    ex = _examples(rng, rng.randint(1, 2), lambda: example(sel, [c := _intlist(rng)], [_op(op, x, k) for x in c]))
    return Task(sel, ["list"], ex, method(sel, ["c"], f"c collect: [:x | x {op} {k}]"))


def _eval_unary(body: str, n: int) -> object:
    return {"n * 2": n * 2, "n * 3": n * 3, "n * n": n * n, "n * n * n": n ** 3, "0 - n": -n, "n + 1": n + 1,
            "n - 1": n - 1, "n abs": abs(n), "n even": n % 2 == 0, "n odd": n % 2 == 1, "n > 0": n > 0,
            "n = 0": n == 0, "n // 2": n // 2}[body]


def unary_task(rng: random.Random, sel: str) -> Task:
    body = UNARY[sel]
    ex = _examples(rng, rng.randint(1, 3), lambda: example(sel, [a := rng.randint(-5 if "abs" in body else 0, 12)], _eval_unary(body, a)))
    return Task(sel, ["int"], ex, method(sel, ["n"], body))


def _eval_string(body: str, s: str) -> object:
    return {"s asUppercase": s.upper(), "s asLowercase": s.lower(), "s , '!'": s + "!", "s , '?'": s + "?",
            "'(' , s , ')'": f"({s})", "'[' , s , ']'": f"[{s}]", "s reversed": s[::-1], "s size": len(s),
            "s , s": s + s, "s first": None, "s isEmpty": s == "", "s , ' ' , s": f"{s} {s}"}[body]


def string_task(rng: random.Random, sel: str) -> Task:
    body = STRINGS[sel]
    words = ["hi", "Ann", "logic", "Bat", "tea", "yes", "go", "Robin", "cave", "ok"]
    if body == "s first":  # a Character result: compare it as a string
        ex = _examples(rng, rng.randint(1, 2), lambda: f"({send(sel, [literal(w := rng.choice(words))])}) = ${w[0]}")
    else:
        ex = _examples(rng, rng.randint(1, 2), lambda: example(sel, [w := rng.choice(words + [''] if 'isEmpty' in body else words)], _eval_string(body, w)))
    return Task(sel, ["str"], ex, method(sel, ["s"], body))


def _eval_collection(body: str, c: list[int]) -> object:
    return {"c inject: 0 into: [:a :b | a + b]": sum(c), "c inject: 1 into: [:a :b | a * b]": _product(c),
            "c inject: c first into: [:a :b | a max: b]": max(c), "c inject: c first into: [:a :b | a min: b]": min(c),
            "c size": len(c), "c first": c[0], "c last": c[-1], "c select: [:x | x even]": [x for x in c if x % 2 == 0],
            "c select: [:x | x odd]": [x for x in c if x % 2 == 1], "c collect: [:x | x * 2]": [2 * x for x in c],
            "c collect: [:x | x * x]": [x * x for x in c], "c collect: [:x | 0 - x]": [-x for x in c],
            "c reversed": c[::-1], "c isEmpty": not c}[body]


def _product(c: list[int]) -> int:
    out = 1
    for x in c:
        out *= x
    return out


def collection_task(rng: random.Random, sel: str) -> Task:
    body = COLLECTIONS[sel]
    ex = _examples(rng, rng.randint(1, 2), lambda: example(sel, [c := _intlist(rng)], _eval_collection(body, c)))
    return Task(sel, ["list"], ex, method(sel, ["c"], body))


def greeting_task(rng: random.Random, greeting: str) -> Task:
    words = greeting.split(" ")
    sel = words[0].lower() + "".join(w.capitalize() for w in words[1:]) + ":"
    ex = _examples(rng, rng.randint(1, 2), lambda: example(sel, [w := _name(rng)], f"{greeting}, {w}"))
    return Task(sel, ["str"], ex, method(sel, ["s"], f"'{greeting}, ' , s"))


def joiner_task(rng: random.Random, sel: str) -> Task:
    body = JOINERS[sel]
    values = {"s , t": lambda a, b: a + b, "s , ' and ' , t": lambda a, b: f"{a} and {b}",
              "s , ' ' , t": lambda a, b: f"{a} {b}"}[body]
    ex = _examples(rng, rng.randint(1, 2), lambda: example(sel, [a := _name(rng), b := _name(rng)], values(a, b)))
    return Task(sel, ["str", "str"], ex, method(sel, ["s", "t"], body))


def _slot_value(rng: random.Random) -> str:
    return rng.choice(SLOT_VALUES[rng.choice(["str", "int"])])


def getter_task(rng: random.Random, slot: str) -> Task:
    value = _slot_value(rng)
    return Task(slot, [], [f"p {slot} = {value}"], f"{slot}\n\t^ self at: #{slot}", slots={slot: value})


def setter_task(rng: random.Random, slot: str) -> Task:
    old, new = _slot_value(rng), _slot_value(rng)
    while new == old:
        new = _slot_value(rng)
    sel = f"{slot}:"
    names = arg_names(["int" if new[0] != "'" else "str"])
    return Task(sel, ["int" if new[0] != "'" else "str"], [f"(p {slot}: {new}; at: #{slot}) = {new}"],
                f"{slot}: {names[0]}\n\tself at: #{slot} put: {names[0]}.\n\t^ self", slots={slot: old})


def slot_sum_task(rng: random.Random, slot: str) -> Task:
    """`scorePlus: n` answers the slot's number plus n."""
    value = rng.choice(SLOT_VALUES["int"])
    sel = f"{slot}Plus:"
    ex = _examples(rng, rng.randint(1, 2), lambda: example(sel, [a := rng.randint(0, 9)], int(value) + a))
    return Task(sel, ["int"], ex, method(sel, ["n"], f"(self at: #{slot}) + n"), slots={slot: value})


def _trained_pairs() -> dict[str, list[tuple[str, str]]]:
    held = {"arith": set(HELD_OUT_ARITH), "compare": set(HELD_OUT_COMPARE), "filter": set(HELD_OUT_FILTER),
            "each": set(HELD_OUT_EACH), "binary": set(HELD_OUT_BINARY)}
    return {
        "arith": [(v, w) for v in ARITH for w in NUMBERS if (v, w) not in held["arith"]],
        "compare": [(v, w) for v in COMPARE for w in NUMBERS if (v, w) not in held["compare"]],
        "filter": [(v, w) for v in FILTER for w in NUMBERS if (v, w) not in held["filter"]],
        "each": [(v, w) for v in ("plus", "minus", "times") for w in NUMBERS if (v, w) not in held["each"]],
        "binary": [(v, k) for v in BINARY for k in KEYWORDS if (v, k) not in held["binary"]],
    }


def training_task(rng: random.Random) -> Task:
    pairs = _trained_pairs()
    family = rng.choices(["arith", "binary", "compare", "filter", "each", "unary", "string", "collection", "greeting",
                          "joiner", "getter", "setter", "slotsum"],
                         [16, 12, 6, 6, 6, 8, 8, 8, 5, 3, 10, 6, 4])[0]
    if family == "arith":
        return arith_task(rng, *rng.choice(pairs["arith"]))
    if family == "binary":
        return binary_task(rng, *rng.choice(pairs["binary"]))
    if family == "compare":
        return compare_task(rng, *rng.choice(pairs["compare"]))
    if family == "filter":
        return filter_task(rng, *rng.choice(pairs["filter"]))
    if family == "each":
        return each_task(rng, *rng.choice(pairs["each"]))
    if family == "unary":
        return unary_task(rng, rng.choice(sorted(UNARY)))
    if family == "string":
        return string_task(rng, rng.choice(sorted(STRINGS)))
    if family == "collection":
        return collection_task(rng, rng.choice(sorted(COLLECTIONS)))
    if family == "greeting":
        return greeting_task(rng, rng.choice(GREETINGS))
    if family == "joiner":
        return joiner_task(rng, rng.choice(sorted(JOINERS)))
    if family == "getter":
        return getter_task(rng, rng.choice(SLOTS))
    if family == "setter":
        return setter_task(rng, rng.choice(SLOTS))
    return slot_sum_task(rng, rng.choice(SLOTS))


def _telling(rng: random.Random, make) -> Task:
    """A task whose examples tell the method apart from a near miss: at least two, and for a test both answers."""
    for _ in range(100):
        task = make(rng)
        results = [e.rsplit(" = ", 1)[-1] for e in task.examples]
        if len(task.examples) >= 2 and (not {"true", "false"} & set(results) or {"true", "false"} <= set(results)):
            return task
    raise AssertionError(f"no telling examples for {task.selector}")


def held_out_tasks(seed: int = 4242) -> list[Task]:
    """The held-out set: selectors the corpus never trains on, built from parts it does (at least 30), each with
    examples that tell it apart from a near miss (a getter's and a setter's one example already does)."""
    rng = random.Random(seed)
    tasks = [_telling(rng, lambda r, v=v, w=w: arith_task(r, v, w)) for v, w in HELD_OUT_ARITH]
    tasks += [_telling(rng, lambda r, v=v, k=k: binary_task(r, v, k)) for v, k in HELD_OUT_BINARY]
    tasks += [_telling(rng, lambda r, v=v, w=w: compare_task(r, v, w)) for v, w in HELD_OUT_COMPARE]
    tasks += [_telling(rng, lambda r, v=v, w=w: filter_task(r, v, w)) for v, w in HELD_OUT_FILTER]
    tasks += [_telling(rng, lambda r, v=v, w=w: each_task(r, v, w)) for v, w in HELD_OUT_EACH]
    tasks += [getter_task(rng, s) for s in HELD_OUT_SLOTS[:3]]
    tasks += [setter_task(rng, s) for s in HELD_OUT_SLOTS[3:]]
    tasks += [_telling(rng, lambda r: slot_sum_task(r, HELD_OUT_SLOTS[1]))]
    tasks += [_telling(rng, lambda r, g=g: greeting_task(r, g)) for g in HELD_OUT_GREETINGS]
    for t in tasks:
        _dress(rng, t)
    return tasks


def _dress(rng: random.Random, task: Task) -> None:
    """Other slots and methods the persona has, as a real persona would."""
    for _ in range(rng.randint(0, 2)):
        slot = rng.choice(SLOTS)
        if slot not in task.slots and slot != task.selector.rstrip(":"):
            task.slots[slot] = _slot_value(rng)
    task.methods = sorted({rng.choice(WORDS) for _ in range(rng.randint(0, 4))} - {task.selector})


@dataclass(frozen=True)
class SynthesisPrompt:
    system: str
    user: str


def synthesis_system(persona: str) -> str:
    return f"You are {persona}. You write methods in Smalltalk."


def synthesis_prompt(persona: str, selector: str, arg_types: list[str], slots: list[str], methods: list[str],
                     examples: list[str], failure: str | None = None) -> SynthesisPrompt:
    """Port of synthesisPrompt (src/runtime/synthesis/synthesisPrompt.ts): the system line and the user turn."""
    lines = [f"Write the method #{selector} for {persona}.",
             f"Pattern: {pattern(selector, arg_names(arg_types))}",
             f"Slots: {' '.join(sorted(slots)) if slots else '(none)'}",
             f"Methods: {' '.join(sorted(methods)[:8]) if methods else '(none)'}",
             "Examples:"]
    lines += examples
    if failure is not None:
        lines.append(f"Failed: {failure}")
    return SynthesisPrompt(synthesis_system(persona), "\n".join(lines))


def _wrong_failure(rng: random.Random, task: Task) -> str:
    """What a wrong last draft could have answered for the first example (the runtime's 'Failed:' line)."""
    ex = task.examples[0]
    if " = " not in ex:
        return f"{ex} (it raised an error)"
    got = rng.choice(["nil", "true", "false", "0", "1", "'draft'", "#()", str(rng.randint(2, 40))])
    return f"{ex} (got {got})"


def dialogue(rng: random.Random, persona: str) -> tuple[SynthesisPrompt, str]:
    task = training_task(rng)
    _dress(rng, task)
    examples = list(task.examples)
    if task.arg_types and rng.random() < 0.15:  # the failing send from the debugger: a bare send, no expected value
        values = {"int": lambda: rng.randint(0, 20), "str": lambda: _name(rng), "list": lambda: _intlist(rng)}
        examples.append(send(task.selector, [literal(values[t]()) for t in task.arg_types]))
    failure = _wrong_failure(rng, task) if rng.random() < 0.15 else None
    return synthesis_prompt(persona, task.selector, task.arg_types, list(task.slots), task.methods, examples, failure), task.source
