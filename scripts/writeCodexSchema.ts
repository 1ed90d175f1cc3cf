// Writes codices/codex.schema.json from src/objects/codexSchema.ts (npm run codex-schema).
import {writeFile} from "node:fs/promises";
import {codexJsonSchemaText} from "../src/objects/index.js";

const file = new URL("../codices/codex.schema.json", import.meta.url);
await writeFile(file, await codexJsonSchemaText());
process.stdout.write(`wrote ${file.pathname}\n`);
