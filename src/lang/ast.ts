/**
 * The syntax tree of the Playground language. Every node knows where it came from
 * (`start`/`end` offsets into the source) so errors and printStrings can quote it.
 */
type Span = {start: number, end: number};

/** A literal value: number (integer, or a Float box), string, Symbol, Character, literal array, true, false, nil. */
export type LiteralNode = Span & {kind: "literal", value: unknown};
export type VariableNode = Span & {kind: "variable", name: string};
export type AssignNode = Span & {kind: "assign", name: string, nameStart: number, value: ExprNode};
/** A message send. `receiver` may be `super` (a variable node named "super"). `selectorStart` is where its (first) keyword is. */
export type SendNode = Span & {kind: "send", receiver: ExprNode, selector: string, args: ExprNode[], selectorStart: number};
/** `receiver msg1; msg2`: the receiver is evaluated once; the answer is that of the last message. */
export type CascadeNode = Span & {kind: "cascade", receiver: ExprNode, messages: {selector: string, args: ExprNode[], start: number}[]};
export type BlockNode = Span & {kind: "block", params: string[], temps: string[], statements: StatementNode[]};
/** `{a. b}`: an Array built at run time. */
export type ArrayNode = Span & {kind: "array", elements: ExprNode[]};
export type ReturnNode = Span & {kind: "return", value: ExprNode};

export type ExprNode = LiteralNode | VariableNode | AssignNode | SendNode | CascadeNode | BlockNode | ArrayNode;
export type StatementNode = ExprNode | ReturnNode;

/** Playground code ("do it"): temporaries and statements. */
export type DoItNode = Span & {kind: "doit", temps: string[], statements: StatementNode[], source: string};

/** A persona method: `greet: name  ^ 'Hello, ', name`. */
export type MethodNode = Span & {
    kind: "method",
    selector: string,
    argNames: string[],
    temps: string[],
    body: StatementNode[],
    source: string
};

export type AnyNode = StatementNode | DoItNode | MethodNode;
