#!/usr/bin/env node
// Builds the npm packages from a GoReleaser dist/ folder and packs them:
//
//   node npm/build.mjs [DIST]        (default dist; run from the repository root)
//
// writes DIST/npm/ppconn-VERSION.tgz, the small package with the `ppconn`
// command, and DIST/npm/ppconn-cli-PLATFORM-VERSION.tgz for each of the six
// platform packages that hold the binaries, all at GoReleaser's version.
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const here = path.dirname(fileURLToPath(import.meta.url));
const dist = path.resolve(process.argv[2] || "dist");
const out = path.join(dist, "npm");
const { platforms, goreleaser } = JSON.parse(fs.readFileSync(path.join(here, "ppconn", "platforms.json"), "utf8"));
const version = JSON.parse(fs.readFileSync(path.join(dist, "metadata.json"), "utf8")).version;
const artifacts = JSON.parse(fs.readFileSync(path.join(dist, "artifacts.json"), "utf8"));
const main = JSON.parse(fs.readFileSync(path.join(here, "ppconn", "package.json"), "utf8"));
const license = path.join(here, "..", "LICENSE");

fs.rmSync(out, { recursive: true, force: true });
fs.mkdirSync(out, { recursive: true });

const dirs = [];

for (const [key, name] of Object.entries(platforms)) {
  const { goos, goarch } = goreleaser[key];
  const found = artifacts.filter((a) => a.type === "Binary" && a.goos === goos && a.goarch === goarch);
  if (found.length !== 1) {
    throw new Error(`${dist}/artifacts.json: want one ${goos}/${goarch} binary for ${name}, found ${found.length}`);
  }
  const [os, cpu] = key.split("-");
  const exe = goos === "windows" ? "ppconn.exe" : "ppconn";
  const dir = path.join(out, "src", name.replace("/", "+"));
  fs.mkdirSync(path.join(dir, "bin"), { recursive: true });
  fs.copyFileSync(path.resolve(path.dirname(dist), found[0].path), path.join(dir, "bin", exe));
  fs.chmodSync(path.join(dir, "bin", exe), 0o755);
  fs.copyFileSync(license, path.join(dir, "LICENSE"));
  fs.writeFileSync(path.join(dir, "README.md"),
    `# ${name}\n\nThe ppconn binary for ${os} on ${cpu}. Install \`ppconn\`, which depends on it; see ${main.homepage}.\n`);
  fs.writeFileSync(path.join(dir, "package.json"), JSON.stringify({
    name, version,
    description: `The ppconn binary for ${os} on ${cpu}`,
    homepage: main.homepage, repository: main.repository, license: main.license,
    os: [os], cpu: [cpu],
    files: ["bin/" + exe, "README.md", "LICENSE"],
    preferUnplugged: true,
  }, null, 2) + "\n");
  dirs.push(dir);
}

const dir = path.join(out, "src", "ppconn");
fs.cpSync(path.join(here, "ppconn"), dir, { recursive: true });
fs.copyFileSync(license, path.join(dir, "LICENSE"));
fs.copyFileSync(path.join(here, "README.md"), path.join(dir, "README.md"));
main.version = version;
for (const name of Object.keys(main.optionalDependencies)) {
  main.optionalDependencies[name] = version;
}
fs.writeFileSync(path.join(dir, "package.json"), JSON.stringify(main, null, 2) + "\n");
dirs.push(dir);

// One npm pack for all seven: it prints the name of each tarball it wrote.
const names = execFileSync("npm", ["pack", "--silent", "--pack-destination", out, ...dirs], { encoding: "utf8" });
for (const name of names.trim().split("\n")) {
  console.log(path.join(out, name.trim()));
}
