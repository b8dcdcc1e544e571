// Runs the compiled extension (out/extension.js, from `npm run compile`)
// against a fake `vscode` module: with ppconn.path naming no executable,
// activate shows an error saying what was looked for and how to set
// ppconn.path, and does not throw; findExecutable resolves PATH names.
import assert from "node:assert/strict";
import { chmodSync, mkdtempSync, writeFileSync } from "node:fs";
import Module, { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { delimiter, dirname, join } from "node:path";
import { test } from "node:test";
import { fileURLToPath } from "node:url";

const ext = join(dirname(fileURLToPath(import.meta.url)), "..");
const errors = [];
let settings = {};
const fakeApi = {
  workspace: {
    getConfiguration: (section) => {
      assert.equal(section, "ppconn");
      return { get: (key, def) => (key in settings ? settings[key] : def) };
    },
    onDidChangeConfiguration: () => ({ dispose() {} }),
  },
  window: { showErrorMessage: async (msg) => { errors.push(msg); return undefined; } },
  commands: { registerCommand: () => ({ dispose() {} }), executeCommand: async () => undefined },
};
// vscode-languageclient subclasses vscode's classes when it loads: every
// other member is a placeholder class.
const fakeVscode = new Proxy(fakeApi, { get: (api, key) => (key in api ? api[key] : class {}) });
const load = Module._load;
Module._load = function (request, ...rest) {
  return request === "vscode" ? fakeVscode : load.call(this, request, ...rest);
};
const extension = createRequire(import.meta.url)(join(ext, "out", "extension.js"));

test("a missing executable is an error message, not a crash", async () => {
  for (const path of ["ppconn-not-installed-here", "/nowhere/bin/ppconn"]) {
    errors.length = 0;
    settings = { path };
    await extension.activate({ subscriptions: [] });
    assert.equal(errors.length, 1, `no error message for ppconn.path=${path}`);
    assert.ok(errors[0].includes(`'${path}'`), `the message does not name ${path}: ${errors[0]}`);
    assert.ok(errors[0].includes("ppconn.path"), `the message does not say how to set ppconn.path: ${errors[0]}`);
  }
});

test("findExecutable looks names up on PATH", { skip: process.platform === "win32" }, () => {
  const dir = mkdtempSync(join(tmpdir(), "ppconn-path-"));
  const exe = join(dir, "ppconn");
  writeFileSync(exe, "#!/bin/sh\n");
  chmodSync(exe, 0o755);
  const saved = process.env.PATH;
  process.env.PATH = ["/nonexistent", dir].join(delimiter);
  try {
    assert.equal(extension.findExecutable("ppconn"), exe);
    assert.equal(extension.findExecutable(exe), exe);
    assert.equal(extension.findExecutable("ppconn-absent"), undefined);
    chmodSync(exe, 0o644);
    assert.equal(extension.findExecutable("ppconn"), undefined, "a file that is not executable is taken");
  } finally {
    process.env.PATH = saved;
  }
});
