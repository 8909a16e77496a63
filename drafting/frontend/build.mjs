// Bundles the co-editing page and copies the vendored browser libraries.
//   node build.mjs [draftingOut] [stakeholdersVendorOut]
// Defaults write into the packages' static folders; the test passes temporary folders
// and compares the bytes with the committed files.
import * as esbuild from "esbuild";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const here = path.dirname(fileURLToPath(import.meta.url));
const draftingOut = path.resolve(process.argv[2] || path.join(here, "..", "static", "drafting"));
const vendorOut = path.resolve(
  process.argv[3] || path.join(here, "..", "..", "stakeholders", "static", "stakeholders", "vendor"),
);

fs.mkdirSync(draftingOut, { recursive: true });
fs.mkdirSync(vendorOut, { recursive: true });

await esbuild.build({
  absWorkingDir: here,
  entryPoints: ["src/editor.js"],
  bundle: true,
  minify: true,
  format: "iife",
  target: ["es2020"],
  legalComments: "none",
  outfile: path.join(draftingOut, "editor.js"),
  logLevel: "warning",
});
fs.copyFileSync(path.join(here, "src", "editor.css"), path.join(draftingOut, "editor.css"));
fs.copyFileSync(
  path.join(here, "node_modules", "cytoscape", "dist", "cytoscape.min.js"),
  path.join(vendorOut, "cytoscape.min.js"),
);
