import type {
    ArrayNode, BlockNode, CascadeNode, DoItNode, ExprNode, LiteralNode, MethodNode, SendNode, StatementNode
} from "./ast.js";
import {Lexer} from "./Lexer.js";
import {ParseError} from "./ParseError.js";
import type {Token} from "./Token.js";
import {negate} from "./arithmetic.js";
import type {StNumber} from "./arithmetic.js";
import {ByteArray} from "./values/ByteArray.js";
import {Character} from "./values/Character.js";
import {Float} from "./values/Float.js";
import {StSymbol} from "./values/StSymbol.js";

/** How deeply parentheses, blocks and arrays may nest before the parser refuses (keeps the JS stack safe). */
const maxNesting = 200;

const reserved = new Set(["self", "super", "true", "false", "nil", "thisContext"]);

/**
 * I parse Smalltalk message syntax (Blue Book grammar, Pharo flavoured) into the nodes of ast.ts.
 * I am a recursive-descent parser over the whole token list; every error is a ParseError that
 * points at the offending token.
 */
export class Parser {
    private readonly tokens: Token[];
    private index = 0;
    private depth = 0;

    public constructor(private readonly source: string) {
        this.tokens = Lexer.tokenize(source);
    }

    /** Playground code: `| temps | statements`. */
    public parseDoIt(): DoItNode {
        const temps = this.temporaries();
        const statements = this.statements("end");
        this.expectEnd();
        return {kind: "doit", temps, statements, source: this.source, start: 0, end: this.source.length};
    }

    /** A method: its pattern (`foo`, `+ other`, `at: key put: value`), temporaries and statements. */
    public parseMethod(): MethodNode {
        const first = this.peek();
        let selector = "";
        const argNames: string[] = [];
        if (first.kind === "identifier") {
            this.next();
            selector = first.text;
        } else if (first.kind === "binary") {
            this.next();
            selector = first.text;
            argNames.push(this.argumentName());
        } else if (first.kind === "keyword") {
            while (this.peek().kind === "keyword") {
                selector += this.next().text;
                argNames.push(this.argumentName());
            }
        } else {
            throw this.error("Expected a method pattern (a selector such as `greet`, `+ other` or `at: key put: value`)", first);
        }
        // Method tables are records in the image: this one name would reach the record's prototype.
        if (selector === "__proto__") throw this.error("__proto__ cannot be a selector (it names a JavaScript property); choose another name", first);
        this.checkDistinct(argNames, first);
        this.pragmas();
        const temps = this.temporaries();
        this.pragmas();
        this.checkDistinct([...argNames, ...temps], first);
        const body = this.statements("end");
        this.expectEnd();
        return {kind: "method", selector, argNames, temps, body, source: this.source, start: 0, end: this.source.length};
    }

    private argumentName(): string {
        const token = this.peek();
        if (token.kind !== "identifier") throw this.error("Expected an argument name", token);
        if (reserved.has(token.text)) throw this.error(`${token.text} cannot be used as an argument name`, token);
        this.next();
        return token.text;
    }

    private peek(offset = 0): Token {
        return this.tokens[Math.min(this.index + offset, this.tokens.length - 1)]!;
    }

    private next(): Token {
        const token = this.peek();
        if (this.index < this.tokens.length - 1) this.index++;
        return token;
    }

    private error(reason: string, token: Token): ParseError {
        return new ParseError(`${reason}, but found ${describe(token)}`, token.start, this.source);
    }

    private expectEnd(): void {
        const token = this.peek();
        if (token.kind !== "end") {
            const reason = token.kind === "rightBracket" || token.kind === "rightParen" || token.kind === "rightBrace"
                ? "Unmatched closing bracket" : "Expected a period between statements or the end of the code";
            throw this.error(reason, token);
        }
    }

    private checkDistinct(names: string[], at: Token): void {
        const seen = new Set<string>();
        for (const name of names) {
            if (seen.has(name)) throw this.error(`The name ${name} is declared twice`, at);
            seen.add(name);
        }
    }

    /** `| a b |` or nothing. `||` is an empty declaration. */
    /**
     * Pragmas (`<primitive: 60>`, `<syntaxOn: #postcard>`) before or after the temporaries: parsed
     * and skipped. They stay in the method's source; the interpreter gives them no meaning (a
     * primitive's fallback code is what runs).
     */
    private pragmas(): void {
        while (this.peek().kind === "binary" && this.peek().text === "<") {
            const open = this.next();
            const head = this.peek();
            if (head.kind !== "identifier" && head.kind !== "keyword") throw this.error("Expected a pragma such as <primitive: 60> or <example> after <", head);
            for (;;) {
                const token = this.next();
                if (token.kind === "binary" && token.text === ">") break;
                if (token.kind === "end") throw this.error("Expected > to close the pragma", open);
            }
        }
    }

    private temporaries(): string[] {
        const token = this.peek();
        if (token.kind === "binary" && token.text === "||") {
            this.next();
            return [];
        }
        if (!(token.kind === "binary" && token.text === "|")) return [];
        this.next();
        const names: string[] = [];
        for (;;) {
            const t = this.peek();
            if (t.kind === "binary" && t.text === "|") {
                this.next();
                break;
            }
            if (t.kind !== "identifier") throw this.error("Expected a temporary variable name or the closing |", t);
            if (reserved.has(t.text)) throw this.error(`${t.text} cannot be used as a variable name`, t);
            names.push(t.text);
            this.next();
        }
        this.checkDistinct(names, token);
        return names;
    }

    /** Statements separated by periods, up to (not including) a token of kind `until`. */
    private statements(until: Token["kind"]): StatementNode[] {
        const statements: StatementNode[] = [];
        for (;;) {
            while (this.peek().kind === "period") this.next();
            const token = this.peek();
            if (token.kind === until || token.kind === "end") return statements;
            if (token.kind === "caret") {
                this.next();
                const value = this.expression();
                statements.push({kind: "return", value, start: token.start, end: value.end});
            } else {
                statements.push(this.expression());
            }
            const after = this.peek();
            if (after.kind === "period") continue;
            if (after.kind === until || after.kind === "end") return statements;
            if (after.kind === "rightBracket" || after.kind === "rightParen" || after.kind === "rightBrace")
                throw this.error("Unmatched closing bracket", after);
            throw this.error("Expected a period between statements", after);
        }
    }

    private nest<T>(at: Token, parse: () => T): T {
        if (++this.depth > maxNesting) throw this.error(`Expressions nest deeper than ${maxNesting} levels`, at);
        try {
            return parse();
        } finally {
            this.depth--;
        }
    }

    private expression(): ExprNode {
        const token = this.peek();
        if (token.kind === "identifier" && this.peek(1).kind === "assign") {
            if (reserved.has(token.text)) throw this.error(`Cannot assign to ${token.text}`, token);
            this.next();
            this.next();
            const value = this.nest(token, () => this.expression());
            return {kind: "assign", name: token.text, nameStart: token.start, value, start: token.start, end: value.end};
        }
        const first = this.keywordExpression();
        if (this.peek().kind !== "semicolon") return first;
        if (first.kind !== "send") throw this.error("A cascade (;) must follow a message send", this.peek());
        const cascade: CascadeNode = {
            kind: "cascade", receiver: first.receiver,
            messages: [{selector: first.selector, args: first.args, start: first.selectorStart}],
            start: first.start, end: first.end
        };
        while (this.peek().kind === "semicolon") {
            const semicolon = this.next();
            const message = this.cascadeMessage(semicolon);
            cascade.messages.push(message);
            cascade.end = this.tokens[this.index - 1]!.end;
        }
        return cascade;
    }

    private cascadeMessage(at: Token): {selector: string, args: ExprNode[], start: number} {
        const token = this.peek();
        if (token.kind === "identifier") {
            this.next();
            return {selector: token.text, args: [], start: token.start};
        }
        if (token.kind === "binary") {
            this.next();
            return {selector: token.text, args: [this.unaryExpression()], start: token.start};
        }
        if (token.kind === "keyword") {
            let selector = "";
            const args: ExprNode[] = [];
            while (this.peek().kind === "keyword") {
                selector += this.next().text;
                args.push(this.binaryExpression());
            }
            return {selector, args, start: token.start};
        }
        throw this.error("Expected a message after the cascade ;", at.end === token.start ? token : token);
    }

    private keywordExpression(): ExprNode {
        const receiver = this.binaryExpression();
        if (this.peek().kind !== "keyword") return receiver;
        const at = this.peek().start;
        let selector = "";
        const args: ExprNode[] = [];
        while (this.peek().kind === "keyword") {
            selector += this.next().text;
            args.push(this.binaryExpression());
        }
        return send(receiver, selector, args, at, args[args.length - 1]!.end);
    }

    private binaryExpression(): ExprNode {
        let receiver = this.unaryExpression();
        while (this.peek().kind === "binary") {
            const operator = this.next();
            const argument = this.unaryExpression();
            receiver = send(receiver, operator.text, [argument], operator.start, argument.end);
        }
        return receiver;
    }

    private unaryExpression(): ExprNode {
        let receiver = this.primary();
        while (this.peek().kind === "identifier" && this.peek(1).kind !== "assign") {
            const selector = this.next();
            receiver = send(receiver, selector.text, [], selector.start, selector.end);
        }
        return receiver;
    }

    private primary(): ExprNode {
        const token = this.peek();
        switch (token.kind) {
            case "identifier":
                this.next();
                return {kind: "variable", name: token.text, start: token.start, end: token.end};
            case "integer":
            case "float":
            case "exact":
            case "string":
            case "symbol":
            case "character":
                this.next();
                return literal(literalValue(token), token.start, token.end);
            case "binary": {
                const negative = this.negativeNumber();
                if (negative != null) return negative;
                throw this.error("Expected an expression", token);
            }
            case "literalArrayStart":
            case "byteArrayStart":
                return this.nest(token, () => {
                    this.next();
                    const value = token.kind === "literalArrayStart" ? this.literalArrayBody() : this.byteArrayBody();
                    return literal(value, token.start, this.tokens[this.index - 1]!.end);
                });
            case "leftParen":
                return this.nest(token, () => {
                    this.next();
                    const inner = this.expression();
                    const close = this.peek();
                    if (close.kind !== "rightParen") throw this.error("Expected ) to close the ( opened earlier", close);
                    this.next();
                    return inner;
                });
            case "leftBracket":
                return this.nest(token, () => this.block());
            case "leftBrace":
                return this.nest(token, () => {
                    this.next();
                    const elements = this.statements("rightBrace");
                    const close = this.peek();
                    if (close.kind !== "rightBrace") throw this.error("Expected } to close the { opened earlier", close);
                    this.next();
                    for (const element of elements)
                        if (element.kind === "return")
                            throw new ParseError("A ^ return cannot be an element of a { } array", element.start, this.source);
                    return {kind: "array", elements: elements as ExprNode[], start: token.start, end: close.end} satisfies ArrayNode;
                });
            case "end":
                throw this.error("Expected an expression", token);
            default:
                throw this.error("Expected an expression", token);
        }
    }

    /** `-3` or `-2.5` when the minus touches the number; null otherwise (nothing consumed). */
    private negativeNumber(): LiteralNode | null {
        const minus = this.peek();
        const number = this.peek(1);
        if (minus.kind !== "binary" || minus.text !== "-" || minus.end !== number.start) return null;
        if (number.kind !== "integer" && number.kind !== "float" && number.kind !== "exact") return null;
        this.next();
        this.next();
        const value = literalValue(number);
        const negated = number.kind === "exact" ? negate(value as StNumber) : value instanceof Float ? new Float(-value.value)
            : typeof value === "bigint" ? -value
            : -(value as number) === 0 ? 0 : -(value as number);
        return literal(negated, minus.start, number.end);
    }

    private block(): BlockNode {
        const open = this.next();
        const params: string[] = [];
        let closedByDoubleBar = false;
        if (this.peek().kind === "colon") {
            while (this.peek().kind === "colon") {
                this.next();
                const name = this.peek();
                if (name.kind !== "identifier") throw this.error("Expected a block parameter name after :", name);
                if (reserved.has(name.text)) throw this.error(`${name.text} cannot be a block parameter`, name);
                params.push(name.text);
                this.next();
            }
            const bar = this.peek();
            if (bar.kind === "binary" && bar.text === "|") this.next();
            else if (bar.kind === "binary" && bar.text === "||") {
                // `[:x || t | …]`: the first bar ends the parameters, the second opens temporaries.
                this.next();
                closedByDoubleBar = true;
            } else if (bar.kind !== "rightBracket") throw this.error("Expected | after the block parameters", bar);
        }
        let temps: string[] = [];
        if (closedByDoubleBar) {
            temps = [];
            for (;;) {
                const t = this.peek();
                if (t.kind === "binary" && t.text === "|") {
                    this.next();
                    break;
                }
                if (t.kind !== "identifier") throw this.error("Expected a temporary variable name or the closing |", t);
                temps.push(t.text);
                this.next();
            }
        } else {
            temps = this.temporaries();
        }
        this.checkDistinct([...params, ...temps], open);
        const statements = this.statements("rightBracket");
        const close = this.peek();
        if (close.kind !== "rightBracket") throw this.error("Expected ] to close the block opened earlier", close);
        this.next();
        return {kind: "block", params, temps, statements, start: open.start, end: close.end};
    }

    /** The elements of `#( … )` after the opening token, up to and including `)`. Frozen: literals are read-only. */
    private literalArrayBody(): unknown[] {
        const elements: unknown[] = [];
        for (;;) {
            const token = this.peek();
            switch (token.kind) {
                case "rightParen":
                    this.next();
                    return Object.freeze(elements) as unknown[];
                case "end":
                    throw this.error("Expected ) to close the literal array", token);
                case "integer": case "float": case "exact": case "string": case "symbol": case "character":
                    this.next();
                    elements.push(literalValue(token));
                    break;
                case "binary": {
                    const negative = this.negativeNumber();
                    if (negative != null) elements.push(negative.value);
                    else {
                        this.next();
                        elements.push(StSymbol.intern(token.text));
                    }
                    break;
                }
                case "identifier":
                    this.next();
                    elements.push(token.text === "true" ? true : token.text === "false" ? false : token.text === "nil" ? null : StSymbol.intern(token.text));
                    break;
                case "keyword": {
                    // Adjacent keywords form one symbol: #(at:put:) holds #at:put:.
                    let name = this.next().text;
                    while (this.peek().kind === "keyword" && this.peek().start === this.tokens[this.index - 1]!.end) name += this.next().text;
                    elements.push(StSymbol.intern(name));
                    break;
                }
                case "leftParen":
                case "literalArrayStart":
                    elements.push(this.nest(token, () => {
                        this.next();
                        return this.literalArrayBody();
                    }));
                    break;
                case "byteArrayStart":
                case "leftBracket":
                    elements.push(this.nest(token, () => {
                        this.next();
                        return this.byteArrayBody();
                    }));
                    break;
                default:
                    throw this.error("Expected a literal inside #( )", token);
            }
        }
    }

    /** `#[1 2 255]`: a read-only ByteArray. */
    private byteArrayBody(): unknown[] {
        const bytes: number[] = [];
        for (;;) {
            const token = this.next();
            if (token.kind === "rightBracket") return Object.freeze(ByteArray.fromBytes(bytes)) as unknown[];
            if (token.kind !== "integer" || typeof token.value !== "number" || token.value < 0 || token.value > 255)
                throw this.error("Expected a byte (an integer from 0 to 255) or ] inside #[ ]", token);
            bytes.push(token.value);
        }
    }
}

function send(receiver: ExprNode, selector: string, args: ExprNode[], selectorStart: number, end: number): SendNode {
    return {kind: "send", receiver, selector, args, selectorStart, start: receiver.start, end};
}

function literal(value: unknown, start: number, end: number): LiteralNode {
    return {kind: "literal", value, start, end};
}

function literalValue(token: Token): unknown {
    switch (token.kind) {
        case "integer": case "exact": return token.value;
        case "float": return new Float(token.value as number);
        case "string": return token.value;
        case "symbol": return StSymbol.intern(token.value as string);
        case "character": return Character.fromString(token.value as string);
        default: throw new Error(`Internal: ${token.kind} is not a literal token`);
    }
}

function describe(token: Token): string {
    if (token.kind === "end") return "the end of the code";
    const text = token.text.length > 30 ? token.text.slice(0, 27) + "..." : token.text;
    return `${JSON.stringify(text)}`;
}
