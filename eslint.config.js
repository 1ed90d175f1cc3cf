import js from "@eslint/js";
import tseslint from "typescript-eslint";

export default tseslint.config(
    {ignores: ["node_modules/**", "forge-py/**", "models/**", "adapters/**", "bin/**"]},
    js.configs.recommended,
    ...tseslint.configs.recommended,
    {
        languageOptions: {
            parserOptions: {projectService: true, tsconfigRootDir: import.meta.dirname}
        },
        rules: {
            "@typescript-eslint/no-floating-promises": "error",
            "@typescript-eslint/consistent-type-imports": "error",
            "@typescript-eslint/no-explicit-any": "warn",
            "@typescript-eslint/no-unused-vars": ["error", {argsIgnorePattern: "^_", varsIgnorePattern: "^_"}],
            "no-console": "error",
            "no-eval": "error",
            "no-new-func": "error",
            "no-restricted-imports": ["error", {paths: [{name: "vm", message: "The interpreter is the sandbox."}, {name: "node:vm", message: "The interpreter is the sandbox."}]}]
        }
    },
    {files: ["src/cli/**", "bench/**", "test/**"], rules: {"no-console": "off"}},
    // Plain JavaScript that Node loads before any TypeScript (module loader hooks): linted without type information.
    {files: ["**/*.mjs"], ...tseslint.configs.disableTypeChecked},
    {files: ["**/*.mjs"], languageOptions: {globals: {process: "readonly", URL: "readonly"}}}
);
