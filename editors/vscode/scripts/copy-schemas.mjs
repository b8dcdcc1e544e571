// Copies the JSON schemas the extension contributes from docs/, where ppconn's
// golden tests generate them from its own tables, so that they have one source;
// and the repository's LICENSE, which vsce wants in the package.
import { copyFileSync, mkdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const ext = join(dirname(fileURLToPath(import.meta.url)), "..");
const docs = join(ext, "..", "..", "docs");
mkdirSync(join(ext, "schemas"), { recursive: true });
for (const name of ["apiProperties.schema.json", "ppconn.schema.json"]) {
  copyFileSync(join(docs, name), join(ext, "schemas", name));
}
copyFileSync(join(ext, "..", "..", "LICENSE"), join(ext, "LICENSE"));
