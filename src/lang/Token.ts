/** The kinds of token the Smalltalk lexer produces. */
export type TokenKind =
    | "identifier"   // foo, Foo
    | "keyword"      // foo:
    | "binary"       // + - , <= ->
    | "integer"      // 3, 16rFF, 1e10 (value: number | bigint)
    | "float"        // 3.5, 1.5e-3 (value: number)
    | "exact"        // 3.14s2 (a ScaledDecimal), 1e-2 (a Fraction)
    | "string"       // 'it''s'
    | "symbol"       // #foo #at:put: #+ #'hello world'
    | "character"    // $a
    | "literalArrayStart" // #(
    | "byteArrayStart"    // #[
    | "assign"       // :=
    | "caret"        // ^
    | "period"       // .
    | "semicolon"    // ;
    | "colon"        // : (block parameters)
    | "leftParen" | "rightParen" | "leftBracket" | "rightBracket" | "leftBrace" | "rightBrace"
    | "end";

/** One token: its kind, its text, its decoded value where it has one, and where it starts and ends. */
export type Token = {
    kind: TokenKind,
    text: string,
    value: unknown,
    start: number,
    end: number
};
