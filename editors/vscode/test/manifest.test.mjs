// Checks the packaged extension (ppconn.vsix, a zip written by
// `npm run package`): the manifest activates on connector files, starts
// `ppconn lsp`, and ships the schemas of docs/ unchanged. Run with
// `node --test test/` after `npm run package`.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { test } from "node:test";
import { fileURLToPath } from "node:url";
import { inflateRawSync } from "node:zlib";

const ext = join(dirname(fileURLToPath(import.meta.url)), "..");
const docs = join(ext, "..", "..", "docs");
const vsixPath = join(ext, "ppconn.vsix");

// readZip returns the entries of a zip file by name (stored or deflated
// entries, which is what vsce writes).
function readZip(buf) {
  let eocd = buf.length - 22;
  while (eocd >= 0 && buf.readUInt32LE(eocd) !== 0x06054b50) eocd--;
  assert.ok(eocd >= 0, `${vsixPath} is not a zip file (no end of central directory)`);
  const count = buf.readUInt16LE(eocd + 10);
  let p = buf.readUInt32LE(eocd + 16);
  const files = new Map();
  for (let i = 0; i < count; i++) {
    assert.equal(buf.readUInt32LE(p), 0x02014b50, "bad central directory entry");
    const method = buf.readUInt16LE(p + 10);
    const size = buf.readUInt32LE(p + 20);
    const nameLen = buf.readUInt16LE(p + 28);
    const extraLen = buf.readUInt16LE(p + 30);
    const commentLen = buf.readUInt16LE(p + 32);
    const local = buf.readUInt32LE(p + 42);
    const name = buf.toString("utf8", p + 46, p + 46 + nameLen);
    const start = local + 30 + buf.readUInt16LE(local + 26) + buf.readUInt16LE(local + 28);
    const raw = buf.subarray(start, start + size);
    files.set(name, () => (method === 0 ? raw : inflateRawSync(raw)));
    p += 46 + nameLen + extraLen + commentLen;
  }
  return files;
}

const vsix = readZip(readFileSync(vsixPath));
const file = (name) => {
  const get = vsix.get(name);
  assert.ok(get, `${name} is not in ${vsixPath}`);
  return get();
};
const manifest = JSON.parse(file("extension/package.json").toString("utf8"));
const settings = manifest.contributes.configuration.properties;

test("activates on the connector files", () => {
  for (const event of [
    "workspaceContains:**/apiDefinition.swagger.json",
    "workspaceContains:**/apiProperties.json",
    "workspaceContains:**/*.swagger.yaml",
    "workspaceContains:**/script.csx",
    "workspaceContains:**/.ppconn.yaml",
    "onLanguage:json",
    "onLanguage:yaml",
  ]) {
    assert.ok(manifest.activationEvents.includes(event), `activationEvents lacks ${event}`);
  }
});

test("main is in the package", () => {
  const main = manifest.main.replace(/^\.\//, "");
  const name = `extension/${main.endsWith(".js") ? main : main + ".js"}`;
  assert.ok(vsix.has(name), `main ${manifest.main} (${name}) is not in the package`);
});

test("the server is `ppconn lsp`, from the settings the code reads", () => {
  assert.equal(settings["ppconn.path"].default, "ppconn");
  assert.deepEqual(settings["ppconn.server.args"].default, ["lsp"]);
  assert.deepEqual(settings["ppconn.trace.server"].enum, ["off", "messages", "verbose"]);
  const js = file(`extension/${manifest.main.replace(/^\.\//, "")}`).toString("utf8");
  assert.match(js, /getConfiguration\("ppconn"\)/, "the code does not read the ppconn settings");
  assert.match(js, /settingPath = "path"/, "the code does not read ppconn.path");
  assert.match(js, /settingArgs = "server\.args"/, "the code does not read ppconn.server.args");
  assert.match(js, /get\((exports\.)?settingPath, "ppconn"\)/, "the code's default for ppconn.path differs from package.json's");
  assert.match(js, /get\((exports\.)?settingArgs, \["lsp"\]\)/, "the code's default for ppconn.server.args differs from package.json's");
  assert.match(js, /TransportKind\.stdio/, "the server is not started over stdio");
  assert.match(js, /require\("vscode-languageclient\/node"\)/);
  assert.ok(vsix.has("extension/node_modules/vscode-languageclient/node.js"), "vscode-languageclient is not packaged");
});

test("the schemas are docs/'s, and the contributions point at them", () => {
  for (const name of ["apiProperties.schema.json", "ppconn.schema.json"]) {
    assert.ok(file(`extension/schemas/${name}`).equals(readFileSync(join(docs, name))), `schemas/${name} differs from docs/${name}: rebuild`);
  }
  const urls = [...manifest.contributes.jsonValidation, ...manifest.contributes.yamlValidation];
  assert.deepEqual(
    urls.map((v) => [v.fileMatch, v.url]),
    [
      ["apiProperties.json", "./schemas/apiProperties.schema.json"],
      [".ppconn.yaml", "./schemas/ppconn.schema.json"],
    ],
  );
});

test("engines.vscode admits the @types/vscode the code is compiled against", () => {
  const types = JSON.parse(readFileSync(join(ext, "node_modules", "@types", "vscode", "package.json"), "utf8"));
  const [major, minor] = types.version.split(".").map(Number);
  const m = /^\^(\d+)\.(\d+)\.\d+$/.exec(manifest.engines.vscode);
  assert.ok(m, `engines.vscode ${manifest.engines.vscode} is not ^X.Y.Z`);
  assert.ok(major === Number(m[1]) && minor <= Number(m[2]), `@types/vscode ${types.version} is newer than engines.vscode ${manifest.engines.vscode}`);
});
