#!/usr/bin/env node
// The `ppconn` command of the npm package: it starts the prebuilt binary from
// the platform package that npm installed beside this one (the esbuild and
// biome pattern: one optional dependency per platform, of which npm installs
// only the one whose "os" and "cpu" match).
"use strict";

const { spawnSync } = require("child_process");
const path = require("path");
const { platforms } = require("../platforms.json");

function fail(lines) {
  process.stderr.write(lines.map((l) => "ppconn: " + l).join("\n") + "\n");
  process.exit(2);
}

function binaryPath() {
  if (process.env.PPCONN_BINARY) {
    return process.env.PPCONN_BINARY;
  }
  const key = process.platform + "-" + process.arch;
  const pkg = platforms[key];
  const supported = Object.keys(platforms).join(", ");
  if (!pkg) {
    fail([
      `no prebuilt binary for this platform (${key}); there are binaries for ${supported}.`,
      "Build it from source instead, with Go 1.26 or later: go install github.com/ppconn/ppconn/cmd/ppconn@latest",
    ]);
  }
  const exe = process.platform === "win32" ? "ppconn.exe" : "ppconn";
  try {
    return path.join(path.dirname(require.resolve(pkg + "/package.json")), "bin", exe);
  } catch (e) {
    fail([
      `the package ${pkg}, which holds the binary for ${key}, is not installed.`,
      "npm installs it as an optional dependency of ppconn: reinstall without --omit=optional (or --no-optional),",
      `or add it yourself: npm install ${pkg}. To use a binary you have, set PPCONN_BINARY to its path.`,
    ]);
  }
}

const bin = binaryPath();
const result = spawnSync(bin, process.argv.slice(2), { stdio: "inherit", windowsHide: true });
if (result.error) {
  fail([`cannot start ${bin}: ${result.error.message}`]);
}
if (result.signal) {
  // Die of the same signal, so that the caller sees what the binary saw.
  process.kill(process.pid, result.signal);
}
process.exitCode = result.status === null ? 2 : result.status;
