// End-to-end tests of Fupin's public journeys in Debian's Chromium (never a downloaded browser).
//
//   node journeys.mjs            (scripts/test.sh runs it; see README there)
//
// Environment:
//   FUPIN_BIN        the `fupin` binary (default ../../target/release/fupin)
//   FUPIN_DEMO_DIR   a directory holding fupin-demo.db (+ fupin.key) from `fupin demo --no-serve`;
//                    built here in a temporary directory when missing
//   CHROMIUM         the browser (default /usr/bin/chromium)
//   SCREENSHOTS      where page screenshots go (default ../../target/browser-screenshots)
//   JOURNEYS         comma-separated journey names to run (default: all)
//
// The journeys follow the links the pages show; any failure (a missing page included) fails the run.

import { spawn, execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, existsSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

import { chromium } from 'playwright-core';

import { journeys } from './steps.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, '..', '..');
const bin = resolve(process.env.FUPIN_BIN || join(root, 'target', 'release', 'fupin'));
const shots = resolve(process.env.SCREENSHOTS || join(root, 'target', 'browser-screenshots'));
const browserPath = process.env.CHROMIUM || '/usr/bin/chromium';

function freePort() {
  return new Promise((ok, fail) => {
    const server = createServer();
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => ok(port));
    });
  });
}

async function waitUntilUp(base, server, seconds) {
  for (let i = 0; i < seconds * 5; i++) {
    if (server.exitCode !== null) { throw new Error(`fupin exited with status ${server.exitCode}`); }
    try {
      const r = await fetch(`${base}/healthz`);
      if (r.ok) { return; }
    } catch { /* not yet */ }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`fupin did not answer at ${base} within ${seconds} s`);
}

function demoDir() {
  const given = process.env.FUPIN_DEMO_DIR;
  if (given && existsSync(join(given, 'fupin-demo.db'))) { return given; }
  const dir = given || mkdtempSync(join(tmpdir(), 'fupin-browser-'));
  mkdirSync(dir, { recursive: true });
  console.log(`building the demo database in ${dir}`);
  execFileSync(bin, ['demo', '--no-serve'], { cwd: dir, stdio: ['ignore', 'ignore', 'inherit'] });
  return dir;
}

async function main() {
  if (!existsSync(bin)) { throw new Error(`no fupin binary at ${bin} (cargo build --release)`); }
  if (!existsSync(browserPath)) { throw new Error(`no browser at ${browserPath} (apt-get install chromium)`); }
  mkdirSync(shots, { recursive: true });
  const dir = demoDir();
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const server = spawn(bin, ['demo', '--listen', `127.0.0.1:${port}`], {
    cwd: dir,
    stdio: ['ignore', 'ignore', 'pipe'],
    env: { ...process.env, RUST_LOG: process.env.RUST_LOG || 'warn' },
  });
  let serverLog = '';
  server.stderr.on('data', (d) => { serverLog = (serverLog + d).slice(-20000); });
  const browser = await chromium.launch({
    executablePath: browserPath,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
      '--disable-sync', '--no-first-run', '--disable-dev-shm-usage'],
  });
  const results = [];
  try {
    await waitUntilUp(base, server, 60);
    console.log(`fupin serves the demo at ${base}; ${(await browser.version())}`);
    const only = (process.env.JOURNEYS || '').split(',').filter(Boolean);
    for (const journey of journeys.filter((j) => !only.length || only.includes(j.name))) {
      const context = await browser.newContext({
        baseURL: base,
        locale: 'zh-CN',
        viewport: { width: 1280, height: 900 },
        acceptDownloads: true,
        javaScriptEnabled: journey.javaScript !== false,
      });
      const page = await context.newPage();
      const problems = [];
      page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
      // A journey may expect some refusals (e.g. a 422 for a faulty upload); the browser logs those.
      const expected = journey.expectedConsole || [];
      page.on('console', (m) => {
        if (m.type() === 'error' && !expected.some((re) => re.test(m.text()))) {
          problems.push(`console error: ${m.text()}`);
        }
      });
      const log = (status, step, detail) => {
        results.push({ journey: journey.name, step, status, detail });
        console.log(`${status.padEnd(13)} ${journey.name} › ${step}${detail ? ` — ${detail}` : ''}`);
      };
      try {
        await journey.run({ page, base, shots, log });
        if (problems.length) { throw new Error(problems.join('; ')); }
      } catch (err) {
        log('FAIL', 'journey', String(err && err.stack ? err.stack : err));
        await page.screenshot({ path: join(shots, `FAILED-${journey.name}.png`), fullPage: true }).catch(() => {});
      }
      await context.close();
    }
  } finally {
    await browser.close();
    server.kill('SIGTERM');
  }
  const failed = results.filter((r) => r.status === 'FAIL');
  const passed = results.filter((r) => r.status === 'ok');
  console.log(`browser: ${passed.length} passed, ${failed.length} failed; screenshots in ${shots}`);
  if (failed.length) {
    console.log('--- server log (tail) ---');
    console.log(serverLog.slice(-4000));
    process.exitCode = 1;
  }
}

main().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});

// Keep the lock file honest: the installed playwright-core is the pinned one.
const installed = JSON.parse(readFileSync(join(here, 'node_modules', 'playwright-core', 'package.json'), 'utf8'));
const pinned = JSON.parse(readFileSync(join(here, 'package.json'), 'utf8')).dependencies['playwright-core'];
if (installed.version !== pinned) {
  console.error(`playwright-core ${installed.version} installed, ${pinned} pinned: run npm ci`);
  process.exitCode = 1;
}
