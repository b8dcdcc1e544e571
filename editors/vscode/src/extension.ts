// The ppconn extension: starts `ppconn lsp` (the executable of the setting
// ppconn.path, with the arguments of ppconn.server.args) over stdio and
// hands it the connector files. Everything else (diagnostics, fixes,
// completion, hover) is the server's.
import * as fs from "node:fs";
import * as path from "node:path";
import * as vscode from "vscode";
import {
  DocumentSelector,
  LanguageClient,
  LanguageClientOptions,
  ServerOptions,
  TransportKind,
} from "vscode-languageclient/node";

// The files ppconn lints, as internal/connector discovers them: the
// definition *.swagger.json and its YAML twin *.swagger.yaml / .yml
// (apiDefinition.swagger.* preferred), apiProperties.json, script.csx, and
// the configuration .ppconn.yaml.
export const connectorFiles: DocumentSelector = [
  { scheme: "file", pattern: "**/*.swagger.json" },
  { scheme: "file", pattern: "**/*.swagger.{yaml,yml}" },
  { scheme: "file", pattern: "**/apiProperties.json" },
  { scheme: "file", pattern: "**/script.csx" },
  { scheme: "file", pattern: "**/.ppconn.yaml" },
];

// settingPath and settingArgs are the settings (package.json
// contributes.configuration) that say how to start the server.
export const settingPath = "path";
export const settingArgs = "server.args";

let client: LanguageClient | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  context.subscriptions.push(
    vscode.commands.registerCommand("ppconn.restartServer", () => restart(context)),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration("ppconn.path") || e.affectsConfiguration("ppconn.server.args")) {
        void restart(context);
      }
    }),
  );
  await start(context);
}

export async function deactivate(): Promise<void> {
  await stop();
}

async function restart(context: vscode.ExtensionContext): Promise<void> {
  await stop();
  await start(context);
}

async function stop(): Promise<void> {
  const c = client;
  client = undefined;
  if (c) {
    try {
      await c.stop();
    } catch {
      // The server may already be gone; there is nothing left to stop.
    }
  }
}

async function start(context: vscode.ExtensionContext): Promise<void> {
  const config = vscode.workspace.getConfiguration("ppconn");
  const configured = config.get<string>(settingPath, "ppconn").trim() || "ppconn";
  const args = config.get<string[]>(settingArgs, ["lsp"]);
  const command = findExecutable(configured);
  if (command === undefined) {
    await missingExecutable(configured);
    return;
  }
  const serverOptions: ServerOptions = {
    run: { command, args, transport: TransportKind.stdio },
    debug: { command, args, transport: TransportKind.stdio },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: connectorFiles,
    outputChannelName: "ppconn",
  };
  const c = new LanguageClient("ppconn", "ppconn", serverOptions, clientOptions);
  try {
    await c.start();
    client = c;
  } catch (err) {
    const why = err instanceof Error ? err.message : String(err);
    void vscode.window.showErrorMessage(
      `ppconn: the language server '${command} ${args.join(" ")}' did not start: ${why}. ` +
        "Check that it is ppconn 0.1 or later ('ppconn version'), or set ppconn.path.",
    );
  }
  context.subscriptions.push({ dispose: () => void stop() });
}

// missingExecutable says what was looked for and how to fix it, with a
// button that opens the setting.
async function missingExecutable(configured: string): Promise<void> {
  const where = hasDirectory(configured)
    ? `the file '${configured}' (setting ppconn.path) does not exist or is not executable`
    : `'${configured}' was not found on PATH`;
  const open = "Open Settings";
  const pick = await vscode.window.showErrorMessage(
    `ppconn: cannot start the language server: ${where}. ` +
      "Install ppconn (https://github.com/ppconn/ppconn: go install, npm, Homebrew, Scoop or winget) " +
      "or set ppconn.path to the full path of the executable: the server starts when the setting changes.",
    open,
  );
  if (pick === open) {
    await vscode.commands.executeCommand("workbench.action.openSettings", "ppconn.path");
  }
}

function hasDirectory(p: string): boolean {
  return p.includes("/") || p.includes("\\");
}

// findExecutable resolves the setting to an executable file: a path as
// given (~ expanded), or a name looked up on PATH (with PATHEXT on
// Windows); undefined when there is none.
export function findExecutable(configured: string): string | undefined {
  const exts = process.platform === "win32"
    ? ["", ...(process.env.PATHEXT ?? ".EXE;.CMD;.BAT").split(";").filter((e) => e !== "")]
    : [""];
  let p = configured;
  if (p.startsWith("~/") || p.startsWith("~\\")) {
    p = path.join(process.env.HOME ?? process.env.USERPROFILE ?? "", p.slice(2));
  }
  const candidates = hasDirectory(p) || path.isAbsolute(p)
    ? [p]
    : (process.env.PATH ?? "").split(path.delimiter).filter((d) => d !== "").map((d) => path.join(d, p));
  for (const c of candidates) {
    for (const e of exts) {
      if (isExecutable(c + e)) {
        return c + e;
      }
    }
  }
  return undefined;
}

function isExecutable(file: string): boolean {
  try {
    if (!fs.statSync(file).isFile()) {
      return false;
    }
    if (process.platform !== "win32") {
      fs.accessSync(file, fs.constants.X_OK);
    }
    return true;
  } catch {
    return false;
  }
}
