// Run a Python file from this repository under MicroPython's WebAssembly build, in Node.
//
//   node .ci/micropython-wasm.mjs PACKAGE_DIR [--copy DIR]... SCRIPT.py [ARG...]
//
// PACKAGE_DIR is the installed @micropython/micropython-webassembly-pyscript.  The
// wasm build sees only its own in-memory file system, so this copies nn_pure/,
// tests/ and examples/data/ into it under /repo (and each --copy DIR, an absolute
// path, to the same path), puts /repo and /repo/tests on sys.path, sets sys.argv,
// and runs SCRIPT as __main__.  The exit status is 1 if the script raised
// (SystemExit with a non-zero code included).
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";

let [packageDir, ...rest] = process.argv.slice(2);
const extraFolders = [];
while (rest[0] === "--copy") {
  extraFolders.push(rest[1]);
  rest = rest.slice(2);
}
const [script, ...args] = rest;
const { loadMicroPython } = await import(pathToFileURL(resolve(packageDir, "micropython.mjs")).href);
const mp = await loadMicroPython({
  stdout: (line) => process.stdout.write(line + "\n"),
  stderr: (line) => process.stderr.write(line + "\n"),
  linebuffer: true,
});

function copyTree(from, to) {
  mp.FS.mkdirTree(to);
  for (const name of readdirSync(from)) {
    const path = join(from, name);
    if (statSync(path).isDirectory()) {
      if (name !== "__pycache__") copyTree(path, to + "/" + name);
    } else if (/\.(py|csv)$/.test(name)) {
      mp.FS.writeFile(to + "/" + name, readFileSync(path, "utf8"));
    }
  }
}
for (const folder of ["nn_pure", "tests", "examples/data"]) copyTree(folder, "/repo/" + folder);
for (const folder of extraFolders) copyTree(folder, folder);

const argv = JSON.stringify(["/repo/" + script, ...args]);
try {
  mp.runPython(`
import sys
sys.path.insert(0, "/repo/tests")
sys.path.insert(0, "/repo")
sys.argv[:] = ${argv}
with open(sys.argv[0]) as f:
    source = f.read()
exec(compile(source, sys.argv[0], "exec"), {"__name__": "__main__", "__file__": sys.argv[0]})
`);
} catch (error) {
  // SystemExit(0) is a clean finish; anything else failed.
  const text = String(error && error.message ? error.message : error);
  if (!/SystemExit: 0\b/.test(text)) {
    process.stderr.write(text + "\n");
    process.exitCode = 1;
  }
}
// Let Node drain stdout before it exits (process.exit() here could cut the output).
