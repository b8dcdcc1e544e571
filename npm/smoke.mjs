#!/usr/bin/env node
// The npm packages as a user gets them: installs the tarballs that
// npm/build.mjs packed into a scratch project, from those files only
// (npm --offline, each platform package pinned to its tarball by
// "overrides"), and runs `npx ppconn` there.
//
//   node npm/smoke.mjs [DIST] [CONNECTOR]   (defaults: dist, examples/teams-provisioning)
//
// It checks that npm installed exactly this platform's package, that
// `npx ppconn version` is the release's, that `npx ppconn lint CONNECTOR`
// prints and exits as the binary itself does, and that the shim explains
// itself on a platform without a package and when the package is missing.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

const dist = path.resolve(process.argv[2] || "dist");
const connector = path.resolve(process.argv[3] || "examples/teams-provisioning");
const tarballs = path.join(dist, "npm");
const { version, commit } = JSON.parse(fs.readFileSync(path.join(dist, "metadata.json"), "utf8"));
const key = process.platform + "-" + process.arch;
const mine = "@ppconn/cli-" + key;

let failed = 0;
function check(ok, what, detail) {
  console.log((ok ? "ok   " : "FAIL ") + what);
  if (!ok) {
    failed++;
    if (detail) console.log(String(detail).replace(/^/gm, "     "));
  }
}
function run(cmd, args, opts = {}) {
  const r = spawnSync(cmd, args, { encoding: "utf8", shell: process.platform === "win32", ...opts });
  if (r.error) throw r.error;
  return r;
}

const scratch = fs.mkdtempSync(path.join(os.tmpdir(), "ppconn-npm-"));
try {
  const overrides = {};
  for (const f of fs.readdirSync(tarballs)) {
    const m = f.match(/^ppconn-cli-(.+)-\d+\.\d+\.\d+.*\.tgz$/);
    if (m && f === `ppconn-cli-${m[1]}-${version}.tgz`) overrides["@ppconn/cli-" + m[1]] = "file:" + path.join(tarballs, f);
  }
  check(Object.keys(overrides).length === 6, "six platform tarballs at version " + version, Object.keys(overrides).join("\n"));
  fs.writeFileSync(path.join(scratch, "package.json"), JSON.stringify({
    name: "ppconn-npm-smoke", private: true,
    dependencies: { ppconn: "file:" + path.join(tarballs, `ppconn-${version}.tgz`) },
    overrides,
  }, null, 2));

  const install = run("npm", ["install", "--offline", "--no-audit", "--no-fund", "--loglevel=error"], { cwd: scratch });
  check(install.status === 0, "npm install --offline from the tarballs", install.stdout + install.stderr);
  const installed = fs.existsSync(path.join(scratch, "node_modules", "@ppconn"))
    ? fs.readdirSync(path.join(scratch, "node_modules", "@ppconn")) : [];
  check(installed.length === 1 && "@ppconn/" + installed[0] === mine, `npm installed only ${mine}`, installed.join("\n"));

  const v = run("npx", ["--offline", "ppconn", "version"], { cwd: scratch });
  check(v.status === 0 && v.stdout.startsWith(`ppconn ${version} (commit ${commit.slice(0, 12)}`),
    "npx ppconn version names the release and its commit", v.stdout + v.stderr);
  const f = run("npx", ["--offline", "ppconn", "--version"], { cwd: scratch });
  check(f.status === 0 && f.stdout === v.stdout, "npx ppconn --version prints the same line", f.stdout + f.stderr);

  const exe = path.join(scratch, "node_modules", mine, "bin", process.platform === "win32" ? "ppconn.exe" : "ppconn");
  const direct = run(exe, ["lint", connector], { shell: false, env: { ...process.env, NO_COLOR: "1" } });
  const viaNpx = run("npx", ["--offline", "ppconn", "lint", connector], { cwd: scratch, env: { ...process.env, NO_COLOR: "1" } });
  check(viaNpx.stdout === direct.stdout && viaNpx.status === direct.status && direct.stdout.length > 0,
    `npx ppconn lint ${process.argv[3] || "examples/teams-provisioning"}: the binary's output and exit status (${direct.status})`,
    `npx: exit ${viaNpx.status}\n${viaNpx.stdout}${viaNpx.stderr}\nbinary: exit ${direct.status}\n${direct.stdout}`);
  console.log(viaNpx.stdout.trimEnd().split("\n").slice(-1)[0].replace(/^/, "     "));

  const shim = path.join(scratch, "node_modules", "ppconn", "bin", "ppconn.js");
  const preload = path.join(scratch, "other-arch.cjs");
  fs.writeFileSync(preload, 'Object.defineProperty(process, "arch", { value: "ia32" });\n');
  const other = run(process.execPath, ["--require", preload, shim, "version"], { shell: false });
  check(other.status === 2 && other.stderr.includes(`no prebuilt binary for this platform (${process.platform}-ia32)`) && other.stderr.includes("go install"),
    "on a platform without a package: a clear message, exit 2", other.stderr);

  fs.renameSync(path.join(scratch, "node_modules", "@ppconn"), path.join(scratch, "moved"));
  const missing = run(process.execPath, [shim, "version"], { shell: false });
  check(missing.status === 2 && missing.stderr.includes(`the package ${mine}`) && missing.stderr.includes("--omit=optional"),
    "with the platform package missing (--omit=optional): a clear message, exit 2", missing.stderr);
} finally {
  fs.rmSync(scratch, { recursive: true, force: true });
}
if (failed) {
  console.log(`${failed} npm check(s) failed`);
  process.exit(1);
}
