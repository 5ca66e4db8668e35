// Trunk's post-build hook that splits the app's wasm: every screen marked `#[lazy]` moves into
// a module of its own that the browser downloads the first time the screen is shown, so the
// first screen paints after downloading only what it needs.
//
// Trunk 0.21 cannot split wasm itself, so this runs after it and redoes its last two steps on
// the split module (the steps cargo-leptos runs for `--split`):
//   1. `wasm-split-cli` cuts cargo's wasm (linked with `--emit-relocs`, see .cargo/config.toml)
//      into the main module, one module per lazy function, shared chunks, and a JS loader;
//   2. `wasm-bindgen` makes the JS glue for the main module (keeping the exports the loader
//      hands to the other modules);
//   3. `wasm-opt` shrinks every module (Trunk's own pass is off in index.html: it would shrink
//      the unsplit module only to have it replaced);
//   4. the JS glue, the loader and the stylesheet are minified with esbuild (4 KiB less before
//      the first screen; Trunk's own minifier would also rewrite index.html, which this script
//      edits), and the loader's module graph is written to `split-graph.json` for size.mjs;
//   5. every file is named with the hash Trunk gave the build, so each is cached for a year
//      like Trunk's own files, and the page names them for the service worker to keep
//      (`<meta name="cairn-later">`) and preloads the loader.
// The split is not optional: a `#[lazy]` function calls into a module that only this step
// makes, so a build without it would fail on the first lazily loaded screen.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { transformSync } from 'esbuild';

const staging = process.env.TRUNK_STAGING_DIR ?? process.argv[2] ?? 'dist';
const profile = process.env.TRUNK_PROFILE ?? 'release';
const home = process.env.HOME ?? '';
const publicUrl = process.env.TRUNK_PUBLIC_URL ?? '/';
// The same optimisation Trunk ran before (index.html kept its settings until the split).
// `CAIRN_WASM_NAMES=1` keeps the functions' names (`-g`), for a profile that names them
// (scripts/profile-edit.mjs); the modules grow by their names, so never for a release.
const WASM_OPT = ['-Oz', '--enable-bulk-memory', '--enable-nontrapping-float-to-int',
  ...(process.env.CAIRN_WASM_NAMES === '1' ? ['-g'] : [])];

/** Finds a program on PATH, else in the places the set-up script installs it. */
function tool(name, ...places) {
  for (const dir of [...(process.env.PATH ?? '').split(':'), ...places]) {
    try {
      execFileSync(join(dir, name), ['--help'], { stdio: 'ignore' });
      return join(dir, name);
    } catch {
      // Not here.
    }
  }
  throw new Error(`${name} is missing: run \`bash scripts/setup.sh\` first.`);
}

/** The value of an `integrity` attribute for the file at `path`. */
function integrity(path) {
  return `sha384-${createHash('sha384').update(readFileSync(path)).digest('base64')}`;
}

/** `code` (JavaScript or CSS) minified, meaning kept. */
function minified(code, loader) {
  return transformSync(code, { loader, minify: true, format: loader === 'js' ? 'esm' : undefined, legalComments: 'none' }).code;
}

function run(program, args) {
  execFileSync(program, args, { stdio: ['ignore', 'ignore', 'inherit'] });
}

const targetDir = process.env.CARGO_TARGET_DIR
  ?? JSON.parse(execFileSync('cargo', ['metadata', '--format-version', '1', '--no-deps'])).target_directory;
const cargoWasm = join(targetDir, 'wasm32-unknown-unknown', profile, 'cairn.wasm');

const glueName = readdirSync(staging).find((name) => /^cairn-[0-9a-f]{12,16}\.js$/.test(name));
if (!glueName) throw new Error(`No cairn-<hash>.js in ${staging}: is this Trunk's post_build stage?`);
const base = glueName.slice(0, -'.js'.length);
const hash = base.slice('cairn-'.length);

const splitTool = tool('wasm-split-cli', join(home, '.cargo/bin'));
const bindgen = tool('wasm-bindgen', join(home, '.cargo/bin'));
const wasmOpt = tool('wasm-opt', 'node_modules/.bin');

const work = mkdtempSync(join(tmpdir(), 'cairn-split-'));
try {
  run(splitTool, ['--target', 'web', '--out-name', base, cargoWasm, work]);
  const bound = join(work, 'bound');
  run(bindgen, ['--target', 'web', '--keep-lld-exports', '--no-typescript',
    '--out-dir', bound, '--out-name', base, join(work, `${base}.wasm`)]);

  // Each module wasm-split made, by the name it gave it, and the name it gets here.
  const modules = readdirSync(work)
    .filter((name) => /^(split|chunk)_.*\.wasm$/.test(name))
    .map((name) => {
      // `split_data_screen_1036…` → `data_screen`: the trailing number only told lazy
      // functions of one name apart, and the build's hash now follows.
      const stem = name.slice(0, -'.wasm'.length).replace(/^split_/, '').replace(/_\d{6,}$/, '');
      return { from: name, to: `${stem}-${hash}.wasm` };
    });
  // Two lazy functions of one name in different modules would get one file name, and one
  // module would silently stand in for the other.
  const names = modules.map((m) => m.to);
  const twice = names.find((name, i) => names.indexOf(name) !== i);
  if (twice) throw new Error(`Two lazily loaded modules would both be named ${twice}: rename one #[lazy] function.`);
  const loaderName = `split-${hash}.js`;

  let loader = readFileSync(join(work, '__wasm_split.js'), 'utf8');
  for (const { from, to } of modules) loader = loader.replaceAll(`"./${from}"`, `"./${to}"`);
  // A module that cannot be downloaded (the network dropped before the service worker kept
  // it) is tried again until it arrives: reporting the failure would stop the app, since a
  // lazy function that cannot load panics. The screen says it is waiting (`crate::later`).
  if (!loader.includes('fetch(new URL(')) throw new Error('The split loader no longer fetches modules as expected.');
  loader = loader.replaceAll('fetch(new URL(', 'fetchUntilFetched(new URL(') + `
async function fetchUntilFetched(url) {
  for (let wait = 1000; ; wait = Math.min(2 * wait, 10000)) {
    try {
      const response = await fetch(url);
      if (response.ok) return response;
    } catch {
      // No network: wait and try again.
    }
    await new Promise((resolve) => setTimeout(resolve, wait));
  }
}
`;
  // The module graph (each lazily loaded module's file and the shared modules it needs first),
  // read here from the loader as wasm-split wrote it, for scripts/size.mjs: the loader itself
  // is minified below. The file names no more than the loader does.
  const graph = {};
  const pattern = /(?:const (__chunk_\d+)|export const __wasm_split_load_(\w+?)_\d+) = (?:wrapAsyncCb\()?makeLoad\(\(\) => \{\s*const src = (?:fetch|fetchUntilFetched)\(new URL\("\.\/([^"]+)"[\s\S]*?\n\}\n, \[([^\]]*)\]/g;
  for (const m of loader.matchAll(pattern)) {
    graph[m[1] ?? m[2]] = { file: m[3], deps: m[4].split(',').map((d) => d.trim()).filter(Boolean) };
  }
  if (Object.keys(graph).length !== modules.length) {
    throw new Error(`Read ${Object.keys(graph).length} modules from the split loader, which loads ${modules.length}: did wasm-split change how it writes the loader?`);
  }
  writeFileSync(join(staging, 'split-graph.json'), JSON.stringify(graph));
  writeFileSync(join(staging, loaderName), minified(loader, 'js'));

  // The glue imports the loader by the name wasm-split gave it; the wasm module keeps asking
  // for that name (the key of the glue's import object), so only the import statement changes.
  const glue = readFileSync(join(bound, `${base}.js`), 'utf8');
  if (!glue.includes('from "./__wasm_split.js"')) {
    throw new Error('The glue does not import the split loader: no function is marked #[lazy]?');
  }
  const linked = glue.replaceAll('from "./__wasm_split.js"', `from "./${loaderName}"`);
  writeFileSync(join(staging, glueName), minified(linked, 'js'));
  const styleName = readdirSync(staging).find((name) => /^cairn-[0-9a-f]{12,16}\.css$/.test(name));
  if (!styleName) throw new Error(`No cairn-<hash>.css in ${staging}: did index.html stop linking style/cairn.css?`);
  const stylePath = join(staging, styleName);
  writeFileSync(stylePath, minified(readFileSync(stylePath, 'utf8'), 'css'));

  run(wasmOpt, [...WASM_OPT, join(bound, `${base}_bg.wasm`), '-o', join(staging, `${base}_bg.wasm`)]);
  for (const { from, to } of modules) run(wasmOpt, [...WASM_OPT, join(work, from), '-o', join(staging, to)]);

  const later = [loaderName, ...modules.map((m) => m.to)];
  const page = join(staging, 'index.html');
  let html = readFileSync(page, 'utf8');
  // Trunk's integrity attributes name the files it made, which are replaced above.
  for (const name of [glueName, `${base}_bg.wasm`, styleName]) {
    html = html.replace(
      new RegExp(`(href="[^"]*${name}"[^>]*integrity=")sha384-[^"]+"`),
      `$1${integrity(join(staging, name))}"`,
    );
  }
  html = html.replace(
    '</head>',
    `<meta name="cairn-later" content="${later.join(' ')}">`
      + `<link rel="modulepreload" href="${publicUrl}${loaderName}" crossorigin="anonymous"`
      + ` integrity="${integrity(join(staging, loaderName))}"></head>`,
  );
  writeFileSync(page, html);
  console.log(`split the app into its main module and ${modules.length} lazily loaded modules`);
} finally {
  rmSync(work, { recursive: true, force: true });
}
