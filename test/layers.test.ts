import {readdirSync, readFileSync} from "node:fs";
import {dirname, join, relative, resolve, sep} from "node:path";
import ts from "typescript";
import {describe, expect, it} from "vitest";

/**
 * The layering of src/ stays true: a layer imports only layers below it and only through their index.ts,
 * the Redis transport is loaded only on demand, and each outside library stays in its one layer. The
 * order, top to bottom (src/index.ts, the public API, sits between ui/ and loops/: ui/ and cli/ use it):
 */
const layers = ["cli", "ui", "api", "loops", "oracle", "runtime", "forge", "llm", "bus", "lang", "gguf", "image", "objects"] as const;
type Layer = typeof layers[number];

/** Outside packages and the only layers (or folders under src/) allowed to import them. */
const packageHomes: {pattern: RegExp, homes: string[]}[] = [
    {pattern: /^(node-llama-cpp|@node-llama-cpp\/.*)(\/.*)?$/, homes: ["llm/"]},
    {pattern: /^execa(\/.*)?$/, homes: ["forge/"]},
    {pattern: /^(superjson|immer)(\/.*)?$/, homes: ["image/"]},
    {pattern: /^ioredis(\/.*)?$/, homes: ["bus/redis/"]},
    {pattern: /^(ink|ink-.*|react|react-dom|chalk)(\/.*)?$/, homes: ["ui/", "cli/"]}
];

const src = resolve(import.meta.dirname, "../src");

type Edge = {
    /** The importing file, relative to src/ with forward slashes. */
    from: string,
    specifier: string,
    /** The imported file relative to src/ (for a relative specifier), else null. */
    target: string | null,
    /** Whether nothing is loaded at run time: `import type`, an import whose every name is a type, `import("x").T` in a type. */
    typeOnly: boolean,
    /** Whether it is a dynamic `import()` expression (loaded on demand). */
    dynamic: boolean
};

function sourceFiles(directory: string): string[] {
    return readdirSync(directory, {withFileTypes: true}).flatMap((entry) => {
        const path = join(directory, entry.name);
        if (entry.isDirectory()) return sourceFiles(path);
        return /\.tsx?$/.test(entry.name) && !entry.name.endsWith(".d.ts") ? [path] : [];
    });
}

const toPosix = (path: string): string => path.split(sep).join("/");

function importsOf(file: string): Edge[] {
    const text = readFileSync(file, "utf8");
    const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, file.endsWith(".tsx") ? ts.ScriptKind.TSX : ts.ScriptKind.TS);
    const from = toPosix(relative(src, file));
    const edges: Edge[] = [];
    const add = (specifier: string, typeOnly: boolean, dynamic: boolean): void => {
        const target = specifier.startsWith(".")
            ? toPosix(relative(src, resolve(dirname(file), specifier))).replace(/\.js$/, ".ts")
            : null;
        edges.push({from, specifier, target, typeOnly, dynamic});
    };
    const visit = (node: ts.Node): void => {
        if (ts.isImportDeclaration(node) && ts.isStringLiteral(node.moduleSpecifier)) {
            const clause = node.importClause;
            const named = clause?.namedBindings;
            const everyNameIsType = clause != null && clause.name == null && named != null && ts.isNamedImports(named) &&
                named.elements.length > 0 && named.elements.every((element) => element.isTypeOnly);
            add(node.moduleSpecifier.text, clause?.isTypeOnly === true || everyNameIsType, false);
        } else if (ts.isExportDeclaration(node) && node.moduleSpecifier != null && ts.isStringLiteral(node.moduleSpecifier)) {
            const named = node.exportClause;
            const everyNameIsType = named != null && ts.isNamedExports(named) && named.elements.length > 0 &&
                named.elements.every((element) => element.isTypeOnly);
            add(node.moduleSpecifier.text, node.isTypeOnly || everyNameIsType, false);
        } else if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword) {
            const [argument] = node.arguments;
            if (argument != null && ts.isStringLiteralLike(argument)) add(argument.text, false, true);
        } else if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument) && ts.isStringLiteral(node.argument.literal)) {
            add(node.argument.literal.text, true, false);
        }
        ts.forEachChild(node, visit);
    };
    visit(source);
    return edges;
}

/** The layer a file (relative to src/) belongs to, and whether it is that layer's index.ts. */
function layerOf(path: string): {layer: Layer, isIndex: boolean} | null {
    if (path === "index.ts") return {layer: "api", isIndex: true};
    const [top, ...rest] = path.split("/");
    if (!(layers as readonly string[]).includes(top!) || top === "api") return null;
    return {layer: top as Layer, isIndex: rest.join("/") === "index.ts"};
}

const rank = (layer: Layer): number => layers.indexOf(layer);

/** Every rule the import breaks, as lines a reader can act on. */
function violations(edge: Edge): string[] {
    const problems: string[] = [];
    const where = `src/${edge.from} imports "${edge.specifier}"`;
    const own = layerOf(edge.from);
    if (edge.target == null) {
        if (edge.specifier.startsWith("node:")) return problems;
        for (const {pattern, homes} of packageHomes) {
            if (pattern.test(edge.specifier) && !homes.some((home) => edge.from.startsWith(home)))
                problems.push(`${where}: only ${homes.map((h) => `src/${h}`).join(" and ")} may import it`);
        }
        return problems;
    }
    if (!edge.target.startsWith("../") && edge.target.startsWith("bus/redis/") && !edge.from.startsWith("bus/redis/") &&
        !edge.typeOnly && !edge.dynamic)
        problems.push(`${where}: the Redis transport is loaded only on demand (a dynamic import() in createBus; a type-only import elsewhere)`);
    const target = layerOf(edge.target);
    if (own == null) return [...problems, `src/${edge.from} is in no layer: put it in one of ${layers.join(", ")}`];
    if (target == null) return [...problems, `${where}, which is in no layer`];
    if (own.layer === target.layer) {
        if (target.isIndex && own.layer !== "api")
            problems.push(`${where}: files of one layer import each other directly, not through their own index.ts`);
        return problems;
    }
    if (rank(target.layer) < rank(own.layer))
        problems.push(`${where}: ${target.layer === "api" ? "the public API (src/index.ts)" : `${target.layer}/`} is above ${own.layer}/; imports point down only (${layers.join(" → ")})`);
    else if (!target.isIndex)
        problems.push(`${where}: another layer is imported only through its index.ts (src/${target.layer}/index.ts)`);
    return problems;
}

const edges = sourceFiles(src).flatMap(importsOf);

describe("the layers of src/", () => {
    it("finds the imports it checks (a scan that sees nothing cannot fail)", () => {
        expect(edges.length).toBeGreaterThan(500);
        expect(edges.some((edge) => edge.dynamic && edge.target === "bus/redis/index.ts")).toBe(true);
        expect(edges.some((edge) => edge.typeOnly)).toBe(true);
        expect(edges.some((edge) => edge.specifier === "node-llama-cpp")).toBe(true);
    });

    it("import only layers below them, through their index.ts; each outside library stays in its layer", () => {
        expect(edges.flatMap(violations)).toEqual([]);
    });

    it("are told apart by the check: each kind of violation is reported", () => {
        const edge = (from: string, specifier: string, target: string | null, typeOnly = false, dynamic = false): Edge =>
            ({from, specifier, target, typeOnly, dynamic});
        expect(violations(edge("image/ImageStore.ts", "../runtime/index.js", "runtime/index.ts"))).toEqual([
            expect.stringMatching(/runtime\/ is above image\//)]);
        expect(violations(edge("runtime/Runtime.ts", "../image/ImageStore.js", "image/ImageStore.ts"))).toEqual([
            expect.stringMatching(/only through its index\.ts/)]);
        expect(violations(edge("runtime/Runtime.ts", "./index.js", "runtime/index.ts"))).toEqual([
            expect.stringMatching(/not through their own index\.ts/)]);
        expect(violations(edge("bus/createBus.ts", "./redis/index.js", "bus/redis/index.ts"))).toEqual([
            expect.stringMatching(/only on demand/)]);
        expect(violations(edge("bus/createBus.ts", "./redis/index.js", "bus/redis/index.ts", true))).toEqual([]);
        expect(violations(edge("bus/createBus.ts", "./redis/index.js", "bus/redis/index.ts", false, true))).toEqual([]);
        expect(violations(edge("runtime/Runtime.ts", "../bus/redis/index.js", "bus/redis/index.ts", true))).toEqual([
            expect.stringMatching(/only through its index\.ts/)]);
        expect(violations(edge("loops/runCycle.ts", "../index.js", "index.ts"))).toEqual([
            expect.stringMatching(/public API \(src\/index\.ts\) is above loops\//)]);
        expect(violations(edge("ui/App.tsx", "../index.js", "index.ts"))).toEqual([]);
        expect(violations(edge("oracle/judge.ts", "node-llama-cpp", null))).toEqual([expect.stringMatching(/only src\/llm\//)]);
        expect(violations(edge("runtime/x.ts", "execa", null))).toEqual([expect.stringMatching(/only src\/forge\//)]);
        expect(violations(edge("runtime/x.ts", "immer", null))).toEqual([expect.stringMatching(/only src\/image\//)]);
        expect(violations(edge("bus/createBus.ts", "ioredis", null))).toEqual([expect.stringMatching(/only src\/bus\/redis\//)]);
        expect(violations(edge("runtime/x.ts", "chalk", null))).toEqual([expect.stringMatching(/src\/ui\/ and src\/cli\//)]);
        expect(violations(edge("runtime/x.ts", "react/jsx-runtime", null))).toEqual([expect.stringMatching(/src\/ui\/ and src\/cli\//)]);
        expect(violations(edge("ui/App.tsx", "ink", null))).toEqual([]);
        expect(violations(edge("runtime/x.ts", "node:fs", null))).toEqual([]);
    });

    it("keep JSX (React) in ui/ and cli/", () => {
        const tsx = sourceFiles(src).map((file) => toPosix(relative(src, file))).filter((path) => path.endsWith(".tsx"));
        expect(tsx.filter((path) => !path.startsWith("ui/") && !path.startsWith("cli/"))).toEqual([]);
    });
});
