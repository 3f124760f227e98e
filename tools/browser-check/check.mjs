#!/usr/bin/env node
// Headless-browser check of what readers see: exported notebook pages and notebooks opened in JupyterLab.
// Every plot must draw (svg with traces, titles where the figure sets them), with no console or page
// errors, and the page may fetch nothing from the network: only file:// and localhost are allowed.
//
//   node check.mjs exports <dir-with-html> <screenshot-dir>
//   node check.mjs lab <base-url-with-token> <notebook-path> [<notebook-path>...] <screenshot-dir>
//   node check.mjs run <base-url-with-token> <notebook-path> <screenshot-dir>
//
// Options (anywhere on the line):
//   --timeout=SECONDS        how long to wait for the plots of one page (default 60)
//   --allow-blocked=REGEX    a blocked script or stylesheet whose URL matches is expected, not a failure
//                            (repeatable; require.js is always expected: see EXPECTED_BLOCKED)
//
// Uses Debian's /usr/bin/chromium (or $CHROMIUM) through playwright-core; never downloads a browser.
// Exit status: 0 all passed, 1 some page failed, 2 usage or setup error.

import { chromium } from 'playwright-core';
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
const CHROMIUM_ARGS = [
  '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
  '--disable-component-update', '--disable-sync',
];
// nbconvert's page loads require.js from a CDN for widgets; offline it fails and the figures fall back
// to a <script src="plotly.min.js"> tag, so its absence is expected.
const EXPECTED_BLOCKED = [/\/require(\.min)?\.js(\?|$)/];
// MathJax comes from a CDN too; it is only needed when the page shows math (see pageHasMath).
const MATHJAX = /mathjax/i;
const PLOT_CONTAINERS = '.rnnwb-plot, .plotly-graph-div, .js-plotly-plot';

function usage(message) {
  if (message) console.error(`check.mjs: ${message}`);
  console.error('usage: node check.mjs exports <dir-with-html> <screenshot-dir>');
  console.error('       node check.mjs lab <base-url-with-token> <notebook-path> [<notebook-path>...] <screenshot-dir>');
  console.error('       node check.mjs run <base-url-with-token> <notebook-path> <screenshot-dir>');
  console.error('options: --timeout=SECONDS --allow-blocked=REGEX');
  process.exit(2);
}

function parseArgs(argv) {
  const options = { timeoutMs: 60_000, allowBlocked: [] };
  const positional = [];
  for (const arg of argv) {
    if (arg.startsWith('--timeout=')) {
      const s = Number(arg.slice('--timeout='.length));
      if (!(s > 0)) usage(`bad ${arg}`);
      options.timeoutMs = s * 1000;
    } else if (arg.startsWith('--allow-blocked=')) {
      try {
        options.allowBlocked.push(new RegExp(arg.slice('--allow-blocked='.length), 'i'));
      } catch (e) {
        usage(`bad ${arg}: ${e.message}`);
      }
    } else if (arg.startsWith('--')) {
      usage(`unknown option ${arg}`);
    } else {
      positional.push(arg);
    }
  }
  return { options, positional };
}

function isLocal(url) {
  let u;
  try {
    u = new URL(url);
  } catch {
    return false;
  }
  if (['file:', 'data:', 'blob:', 'about:'].includes(u.protocol)) return true;
  return ['localhost', '127.0.0.1', '[::1]', '::1'].includes(u.hostname);
}

/** Records what a page does wrong: blocked requests, failed requests, console errors, page errors. */
class PageWatch {
  constructor(page, options) {
    this.options = options;
    this.blocked = [];
    this.failedRequests = [];
    this.consoleErrors = [];
    this.pageErrors = [];
    page.on('console', (msg) => {
      if (msg.type() !== 'error') return;
      const text = msg.text();
      // Our own blocking makes Chromium log "Failed to load resource: net::ERR_BLOCKED_BY_CLIENT";
      // the blocked request itself is judged in problems().
      if (text.includes('ERR_BLOCKED_BY_CLIENT')) return;
      const where = msg.location() && msg.location().url ? ` (${msg.location().url})` : '';
      this.consoleErrors.push(text + where);
    });
    page.on('pageerror', (err) => this.pageErrors.push(String(err && err.stack ? err.stack.split('\n')[0] : err)));
    page.on('requestfailed', (req) => {
      const failure = req.failure();
      const why = failure ? failure.errorText : 'failed';
      // Blocked by us (judged in problems()), or cancelled by the page itself (JupyterLab aborts some
      // of its own requests while it loads): neither is a failure of the page.
      if (why.includes('ERR_BLOCKED_BY_CLIENT') || why.includes('ERR_ABORTED')) return;
      this.failedRequests.push(`${req.resourceType()} ${req.url()}: ${why}`);
    });
  }

  async route(context) {
    await context.route('**/*', (route) => {
      const req = route.request();
      if (isLocal(req.url())) return route.continue();
      this.blocked.push({ url: req.url(), type: req.resourceType() });
      return route.abort('blockedbyclient');
    });
  }

  /** Problems (failures) and notes (expected or harmless events) of the page. */
  problems(hasMath) {
    const problems = [];
    const notes = [];
    for (const b of this.blocked) {
      const needed = b.type === 'script' || b.type === 'stylesheet';
      const expected = EXPECTED_BLOCKED.some((re) => re.test(b.url))
        || this.options.allowBlocked.some((re) => re.test(b.url))
        || (MATHJAX.test(b.url) && !hasMath);
      if (needed && !expected) {
        problems.push(MATHJAX.test(b.url)
          ? `page shows math but MathJax was blocked: ${b.url}`
          : `blocked ${b.type} the page needs: ${b.url}`);
      } else {
        notes.push(`blocked ${b.type} ${shortUrl(b.url)}${needed ? ' (expected)' : ''}`);
      }
    }
    for (const f of this.failedRequests) problems.push(`request failed: ${f}`);
    for (const e of this.consoleErrors) problems.push(`console error: ${e}`);
    for (const e of this.pageErrors) problems.push(`page error: ${e}`);
    return { problems, notes };
  }
}

function shortUrl(url) {
  try {
    const u = new URL(url);
    return u.host + u.pathname.replace(/^(.{0,40}).*?([^/]*)$/, (m, a, b) => (m.length > 60 ? `${a}…/${b}` : m));
  } catch {
    return url;
  }
}

/**
 * In the page: one report per plot container. A container passes when plotly drew an svg, every trace type
 * of its figure has drawn marks, and each title the figure sets (as {text}) is drawn.
 */
function analysePlots(selector) {
  const titleText = (t) => (t == null ? '' : typeof t === 'string' ? t : (t.text == null ? '' : String(t.text)));
  // The figures our HTML fragments declare (PlotlyHtml: "var figure = {...};\n  var id = "...";"), read
  // as written: plotly.js 2 rewrites a plain-string title into {text} in the div's layout, so only the
  // source shows a title that plotly.js 3+ would drop.
  const declared = {};
  for (const script of document.querySelectorAll('script')) {
    const m = /var figure = (\{.*\});\n\s*var id = "([^"]+)";/.exec(script.textContent);
    if (m) {
      try {
        declared[m[2]] = JSON.parse(m[1]);
      } catch (e) {
        declared[m[2]] = { error: String(e) };
      }
    }
  }
  const seen = new Set();
  const containers = [];
  for (const el of document.querySelectorAll(selector)) {
    // A plotly div inside another matched element is the same figure.
    const root = el.closest('.js-plotly-plot') || el;
    if (!seen.has(root)) {
      seen.add(root);
      containers.push(root);
    }
  }
  return containers.map((el, index) => {
    const problems = [];
    const name = el.id || `plot ${index + 1}`;
    const svg = el.querySelector('svg.main-svg');
    const source = declared[el.id];
    if (source && source.error) problems.push(`the figure JSON in the page does not parse: ${source.error}`);
    const layout = (source && source.layout) || el.layout || {};
    const data = Array.isArray(el.data) ? el.data : [];
    const drawnTitle = (sel) => {
      const node = el.querySelector(sel);
      return node ? node.textContent.trim() : '';
    };
    if (!svg) {
      return { name, title: '', types: [], drew: false, problems: ['no svg.main-svg: the figure did not draw'] };
    }
    const visible = data.filter((t) => t.visible !== false && t.visible !== 'legendonly');
    if (visible.length === 0) problems.push('the figure has no visible traces');
    const count = {};
    for (const t of visible) count[t.type || 'scatter'] = (count[t.type || 'scatter'] || 0) + 1;
    for (const [type, n] of Object.entries(count)) {
      let drawn;
      if (type === 'scatter' || type === 'scattergl') {
        const traces = el.querySelectorAll('.scatterlayer .trace');
        const marks = [...el.querySelectorAll('.scatterlayer .trace path.js-line, .scatterlayer .trace path.point')]
          .filter((p) => (p.getAttribute('d') || '').length > 1);
        drawn = traces.length >= n && marks.length > 0;
      } else if (type === 'bar') {
        const bars = [...el.querySelectorAll('.barlayer .trace path')].filter((p) => (p.getAttribute('d') || '').length > 1);
        drawn = el.querySelectorAll('.barlayer .trace').length >= n && bars.length > 0;
      } else if (type === 'heatmap') {
        const images = [...el.querySelectorAll('.heatmaplayer image')].filter((img) => (img.getAttribute('href') || img.getAttribute('xlink:href') || '').length > 0);
        drawn = images.length >= n;
      } else {
        drawn = el.querySelectorAll('.trace').length > 0;
      }
      if (!drawn) problems.push(`${n} ${type} trace(s) in the figure but none drawn`);
    }
    const checks = [['title', layout.title, '.gtitle'], ['x-axis title', layout.xaxis && layout.xaxis.title, '.xtitle'],
      ['y-axis title', layout.yaxis && layout.yaxis.title, '.ytitle']];
    for (const [what, value, sel] of checks) {
      if (typeof value === 'string' && value !== '') {
        problems.push(`${what} is a plain string; plotly.js 3+ drops it (write {text: "${value}"})`);
      } else if (titleText(value) !== '' && drawnTitle(sel) === '') {
        problems.push(`${what} "${titleText(value)}" set but ${sel} not drawn`);
      }
    }
    return { name, title: drawnTitle('.gtitle'), types: visible.map((t) => t.type || 'scatter'), drew: true, problems };
  });
}

/** In the page: does any rendered markdown hold TeX (then MathJax is needed)? */
function pageHasMath() {
  const nodes = document.querySelectorAll('.jp-MarkdownOutput, .jp-RenderedMarkdown, .text_cell_render');
  const tex = /\$\$[\s\S]+?\$\$|(^|[^\\$])\$[^$\s][^$]*\$|\\\(|\\\[|\\begin\{/;
  return [...nodes].some((n) => tex.test(n.textContent));
}

/** Polls the page's plots until all pass or the time is up; returns the last analysis. */
async function waitForPlots(page, selector, timeoutMs, minimum = 0) {
  const deadline = Date.now() + timeoutMs;
  let reports = [];
  for (;;) {
    reports = await page.evaluate(analysePlots, selector);
    const done = reports.length >= minimum && reports.every((r) => r.problems.length === 0);
    if (done || Date.now() > deadline) return reports;
    await page.waitForTimeout(250);
  }
}

function summarise(reports) {
  const types = {};
  for (const r of reports) for (const t of r.types) types[t] = (types[t] || 0) + 1;
  const kinds = Object.entries(types).map(([t, n]) => (n > 1 ? `${t}×${n}` : t)).join(', ');
  const drew = reports.filter((r) => r.drew).length;
  const clean = reports.filter((r) => r.problems.length === 0).length;
  const counts = clean === reports.length ? `${reports.length}` : `${clean} of ${reports.length}`;
  return `${counts} plot${reports.length === 1 ? '' : 's'} drew correctly${kinds ? ` (${kinds})` : ''}`
    + (drew < reports.length ? `, ${reports.length - drew} did not draw at all` : '');
}

function printResult(label, ok, detail, problems, notes) {
  console.log(`${ok ? 'PASS' : 'FAIL'} ${label}: ${detail}${notes.length ? ` · ${notes.join(' · ')}` : ''}`);
  for (const p of problems) console.log(`     - ${p}`);
}

async function launch() {
  if (!fs.existsSync(CHROMIUM)) {
    console.error(`check.mjs: no browser at ${CHROMIUM} (apt-get install chromium, or set CHROMIUM)`);
    process.exit(2);
  }
  return chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, headless: true });
}

async function newContext(browser, viewport) {
  return browser.newContext({ viewport, serviceWorkers: 'block', deviceScaleFactor: 1 });
}

async function checkExports(dir, shotDir, options) {
  if (!fs.existsSync(dir) || !fs.statSync(dir).isDirectory()) usage(`not a directory: ${dir}`);
  const files = fs.readdirSync(dir).filter((f) => f.toLowerCase().endsWith('.html')).sort();
  if (files.length === 0) usage(`no .html files in ${dir}`);
  fs.mkdirSync(shotDir, { recursive: true });
  const browser = await launch();
  let passed = 0;
  let failed = 0;
  try {
    for (const file of files) {
      const context = await newContext(browser, { width: 1200, height: 900 });
      const page = await context.newPage();
      const watch = new PageWatch(page, options);
      await watch.route(context);
      const problems = [];
      let reports = [];
      let hasMath = false;
      try {
        await page.goto(pathToFileURL(path.resolve(dir, file)).href, { waitUntil: 'load', timeout: options.timeoutMs });
        reports = await waitForPlots(page, PLOT_CONTAINERS, options.timeoutMs);
        hasMath = await page.evaluate(pageHasMath);
        await page.screenshot({ path: path.join(shotDir, `${path.basename(file, path.extname(file))}.png`), fullPage: true });
      } catch (e) {
        problems.push(`could not check the page: ${e.message.split('\n')[0]}`);
      }
      for (const r of reports) for (const p of r.problems) problems.push(`${r.name}${r.title ? ` "${r.title}"` : ''}: ${p}`);
      const judged = watch.problems(hasMath);
      problems.push(...judged.problems);
      const ok = problems.length === 0;
      if (ok) passed++; else failed++;
      printResult(file, ok, reports.length ? summarise(reports) : 'no plots on the page', problems, judged.notes);
      await context.close();
    }
  } finally {
    await browser.close();
  }
  console.log(`exports: ${passed} passed, ${failed} failed`);
  return failed === 0;
}

/** The server's base URL ("http://host:port/prefix/") and token from a URL such as http://host:port/lab?token=x. */
function parseServerUrl(text) {
  let u;
  try {
    u = new URL(text);
  } catch {
    usage(`not a URL: ${text}`);
  }
  const token = u.searchParams.get('token') || '';
  let prefix = u.pathname.replace(/\/(lab|tree|notebooks)(\/.*)?$/, '/');
  if (!prefix.endsWith('/')) prefix += '/';
  return { base: `${u.origin}${prefix}`, token };
}

async function api(server, method, route) {
  const res = await fetch(`${server.base}${route}`, {
    method,
    headers: server.token ? { Authorization: `token ${server.token}` } : {},
  });
  if (!res.ok && res.status !== 204) throw new Error(`${method} ${route}: HTTP ${res.status}`);
  return res.status === 204 ? null : res.json();
}

/** The plotly figures stored in a notebook's outputs, in order, read through the server's contents API. */
async function expectedFigures(server, nbPath) {
  const model = await api(server, 'GET', `api/contents/${nbPath.split('/').map(encodeURIComponent).join('/')}?content=1`);
  const figures = [];
  let mathCells = 0;
  const cells = (model.content.cells || []).length;
  for (const cell of model.content.cells || []) {
    if (cell.cell_type === 'markdown') {
      const src = Array.isArray(cell.source) ? cell.source.join('') : cell.source;
      if (/\$|\\\(|\\\[/.test(src)) mathCells++;
    }
    for (const out of cell.outputs || []) {
      const fig = out.data && out.data['application/vnd.plotly.v1+json'];
      if (fig) figures.push(fig);
    }
  }
  return { figures, mathCells, cells };
}

async function checkLab(serverUrl, notebooks, shotDir, options) {
  const server = parseServerUrl(serverUrl);
  fs.mkdirSync(shotDir, { recursive: true });
  const browser = await launch();
  let passed = 0;
  let failed = 0;
  try {
    for (const nbPath of notebooks) {
      const problems = [];
      let notes = [];
      let reports = [];
      const context = await newContext(browser, { width: 1400, height: 1000 });
      const page = await context.newPage();
      const watch = new PageWatch(page, options);
      await watch.route(context);
      let before = [];
      try {
        before = (await api(server, 'GET', 'api/sessions')).map((s) => s.id);
        const { figures, cells } = await expectedFigures(server, nbPath);
        const deadline = Date.now() + options.timeoutMs;
        await openNotebook(page, server, nbPath, cells, deadline, notes);
        reports = await drawAllCells(page, figures.length, deadline, shotDir, nbPath, notes);
        if (reports.length < figures.length) {
          problems.push(`the notebook stores ${figures.length} plotly figure(s) but ${reports.length} drew`
            + ' (is the plotly JupyterLab extension installed?)');
        }
        figures.forEach((fig, i) => {
          const layout = fig.layout || {};
          for (const [what, value] of [['title', layout.title], ['x-axis title', layout.xaxis && layout.xaxis.title],
            ['y-axis title', layout.yaxis && layout.yaxis.title]]) {
            if (typeof value === 'string' && value !== '') {
              problems.push(`figure ${i + 1}: ${what} is a plain string in the notebook; plotly.js 3+ drops it`);
            }
          }
        });
        await page.evaluate(() => {
          const scroller = document.querySelector('.jp-NotebookPanel .jp-WindowedPanel-outer') || document.querySelector('.jp-NotebookPanel .jp-Notebook');
          if (scroller) scroller.scrollTop = 0;
        });
        await page.waitForTimeout(300);
        await page.screenshot({ path: path.join(shotDir, `${shotName(nbPath)}.png`) });
      } catch (e) {
        problems.push(`could not check the notebook: ${e.message.split('\n')[0]}`);
      }
      for (const r of reports) for (const p of r.problems) problems.push(`${r.name}${r.title ? ` "${r.title}"` : ''}: ${p}`);
      const judged = watch.problems(false);
      problems.push(...judged.problems);
      notes = notes.concat(judged.notes);
      await context.close();
      // Opening a notebook starts its kernel; shut down the sessions this check created.
      try {
        const after = await api(server, 'GET', 'api/sessions');
        for (const s of after) {
          if (!before.includes(s.id)) await api(server, 'DELETE', `api/sessions/${s.id}`);
        }
      } catch (e) {
        notes.push(`could not shut down the kernel session: ${e.message}`);
      }
      const ok = problems.length === 0;
      if (ok) passed++; else failed++;
      printResult(nbPath, ok, reports.length ? summarise(reports) : 'no plots in the notebook', problems, notes);
    }
  } finally {
    await browser.close();
  }
  console.log(`lab: ${passed} passed, ${failed} failed`);
  return failed === 0;
}

/** In the page: the state of every code cell's prompt, the progress lines and the stderr outputs shown now. */
function runState(progressPattern) {
  const re = new RegExp(progressPattern);
  const prompts = [...document.querySelectorAll('.jp-NotebookPanel .jp-CodeCell .jp-InputPrompt')]
    .map((p) => p.textContent.trim());
  const progress = [...document.querySelectorAll('.jp-NotebookPanel .jp-OutputArea-output')]
    .map((o) => o.textContent.trim()).filter((t) => re.test(t));
  const stderr = [...document.querySelectorAll('.jp-NotebookPanel [data-mime-type="application/vnd.jupyter.stderr"]')]
    .map((o) => o.textContent.trim().slice(0, 300));
  return { prompts, progress, stderr };
}

const PROGRESS = '^iteration [0-9,]+ / [0-9,]+ · loss ';

/**
 * Runs one notebook in JupyterLab as a user does (Run → Run All Cells) and checks, while it runs, that its
 * progress line updates in place (at least three different lines before the final one), and at the end
 * that every cell ran, nothing was written to stderr (errors included) and every plot drew.
 */
async function checkRun(serverUrl, nbPath, shotDir, options) {
  const server = parseServerUrl(serverUrl);
  fs.mkdirSync(shotDir, { recursive: true });
  const browser = await launch();
  const problems = [];
  let notes = [];
  let reports = [];
  let detail = '';
  try {
    const context = await newContext(browser, { width: 1400, height: 1000 });
    const page = await context.newPage();
    const watch = new PageWatch(page, options);
    await watch.route(context);
    const before = (await api(server, 'GET', 'api/sessions')).map((s) => s.id);
    try {
      const { figures, cells } = await expectedFigures(server, nbPath);
      const deadline = Date.now() + options.timeoutMs;
      await openNotebook(page, server, nbPath, cells, deadline, notes);
      // The kernel must be up before Run All, or the cells queue behind its start and a slow start looks
      // like a hang.
      for (;;) {
        const sessions = await api(server, 'GET', 'api/sessions');
        const mine = sessions.find((x) => !before.includes(x.id) && x.kernel);
        if (mine && mine.kernel.execution_state === 'idle') break;
        if (Date.now() > deadline) throw new Error('the kernel did not start before the deadline');
        await page.waitForTimeout(500);
      }
      // The stored outputs and execution counts go first, so what the check sees afterwards is this run's.
      await page.locator('.lm-MenuBar-itemLabel', { hasText: /^Edit$/ }).first().click();
      await page.locator('.lm-Menu-itemLabel', { hasText: /^Clear Outputs of All Cells$/ }).first().click();
      for (;;) {
        const cleared = await page.evaluate(runState, PROGRESS);
        if (cleared.prompts.every((p) => !/^\[\d+\]:$/.test(p))) break;
        if (Date.now() > deadline) throw new Error('the stored outputs were not cleared before the deadline');
        await page.waitForTimeout(100);
      }
      await page.locator('.lm-MenuBar-itemLabel', { hasText: /^Run$/ }).first().click();
      await page.locator('.lm-Menu-itemLabel', { hasText: /^Run All Cells$/ }).first().click();
      const started = Date.now();
      const seen = [];
      let state;
      for (;;) {
        state = await page.evaluate(runState, PROGRESS);
        for (const line of state.progress) if (seen[seen.length - 1] !== line && !seen.includes(line)) seen.push(line);
        const done = state.prompts.length > 0 && state.prompts.every((p) => /^\[\d+\]:$/.test(p));
        if (done || Date.now() > deadline) break;
        await page.waitForTimeout(100);
      }
      const seconds = ((Date.now() - started) / 1000).toFixed(1);
      const pending = state.prompts.filter((p) => !/^\[\d+\]:$/.test(p)).length;
      if (pending > 0) problems.push(`${pending} of ${state.prompts.length} cells had not run when the deadline passed`);
      const updates = seen.filter((l) => !/ · done in /.test(l));
      if (updates.length < 3) {
        problems.push(`the progress line showed ${updates.length} state(s) while running (at least 3 expected): ${JSON.stringify(seen)}`);
      }
      if (!seen.some((l) => / · done in /.test(l))) problems.push(`the progress line never showed "done in": ${JSON.stringify(seen.slice(-3))}`);
      for (const e of state.stderr) problems.push(`stderr output: ${e}`);
      reports = await drawAllCells(page, figures.length, Math.max(deadline, Date.now() + 60_000), shotDir, `run-${nbPath}`, notes);
      if (reports.length < figures.length) problems.push(`${figures.length} figure(s) expected after the run but ${reports.length} drew`);
      await scrollBy(page, null);
      await page.screenshot({ path: path.join(shotDir, `run-${shotName(nbPath)}.png`) });
      detail = `ran ${state.prompts.length} cells in ${seconds} s, progress line showed ${updates.length} states`;
    } catch (e) {
      problems.push(`could not run the notebook: ${e.message.split('\n')[0]}`);
    }
    for (const r of reports) for (const p of r.problems) problems.push(`${r.name}${r.title ? ` "${r.title}"` : ''}: ${p}`);
    const judged = watch.problems(false);
    problems.push(...judged.problems);
    notes = notes.concat(judged.notes);
    await context.close();
    try {
      for (const x of await api(server, 'GET', 'api/sessions')) {
        if (!before.includes(x.id)) await api(server, 'DELETE', `api/sessions/${x.id}`);
      }
    } catch (e) {
      notes.push(`could not shut down the kernel session: ${e.message}`);
    }
  } finally {
    await browser.close();
  }
  const ok = problems.length === 0;
  printResult(`Run All ${nbPath}`, ok, `${detail}${reports.length ? `; ${summarise(reports)}` : ''}`, problems, notes);
  console.log(`run: ${ok ? 1 : 0} passed, ${ok ? 0 : 1} failed`);
  return ok;
}

function shotName(nbPath) {
  return nbPath.replace(/\.ipynb$/i, '').replace(/[\\/]+/g, '__').replace(/[^\w.-]+/g, '_');
}

/** Opens a notebook in JupyterLab and waits until all its cells are in the page (or the deadline passes). */
async function openNotebook(page, server, nbPath, cells, deadline, notes) {
  const url = `${server.base}lab/tree/${nbPath.split('/').map(encodeURIComponent).join('/')}`
    + `?reset${server.token ? `&token=${encodeURIComponent(server.token)}` : ''}`;
  await page.goto(url, { waitUntil: 'domcontentloaded', timeout: Math.max(1000, deadline - Date.now()) });
  await page.waitForSelector('.jp-NotebookPanel .jp-Notebook .jp-Cell', { timeout: Math.max(1000, deadline - Date.now()) });
  // Notification toasts ("get notified about Jupyter news?") would cover the screenshots.
  await page.addStyleTag({ content: '.Toastify, .jp-toast-container { display: none !important; }' });
  // On a busy machine JupyterLab attaches the cells over several seconds; scrolling before they are all
  // there ends at a bottom that is not the notebook's.
  let attached = 0;
  for (;;) {
    attached = await page.evaluate(() => document.querySelectorAll('.jp-NotebookPanel .jp-Notebook .jp-Cell').length);
    if (attached >= cells || Date.now() > deadline) break;
    await page.waitForTimeout(250);
  }
  if (attached < cells) notes.push(`only ${attached} of ${cells} cells appeared before the deadline`);
}

/** Scrolls the notebook's scroller by `step` pixels (to the top when step is null); whether it moved. */
async function scrollBy(page, step) {
  return page.evaluate((s) => {
    const scroller = document.querySelector('.jp-NotebookPanel .jp-WindowedPanel-outer')
      || document.querySelector('.jp-NotebookPanel .jp-Notebook');
    if (!scroller) return false;
    const before = scroller.scrollTop;
    scroller.scrollTop = s == null ? 0 : before + s;
    return scroller.scrollTop !== before;
  }, step);
}

/**
 * Scrolls through the notebook so every cell renders (JupyterLab renders off-screen cells lazily),
 * collecting each plot's report once, keyed by its cell and position, and screenshotting it. It keeps
 * going until `expected` plots drew cleanly and the bottom was reached, or the deadline passes: at the
 * bottom with plots missing it waits and starts again from the top, since a busy machine may still be
 * rendering.
 */
async function drawAllCells(page, expected, deadline, shotDir, nbPath, notes) {
  const reports = new Map();
  const dialog = page.locator('.jp-Dialog');
  let screens = 0;
  let passes = 1;
  for (;;) {
    if (await dialog.count()) {
      const header = (await dialog.first().locator('.jp-Dialog-header').textContent().catch(() => '')) || 'a dialog';
      notes.push(`dismissed "${header.trim()}"`);
      await page.keyboard.press('Escape');
    }
    // Wait for the plots now in view to finish drawing.
    await waitForPlots(page, '.jp-NotebookPanel .js-plotly-plot', Math.min(5000, Math.max(0, deadline - Date.now())));
    const keys = await page.evaluate(() => {
      const keys = [];
      document.querySelectorAll('.jp-NotebookPanel .jp-Notebook .jp-Cell').forEach((cell, domIndex) => {
        const index = cell.dataset.windowedListIndex ?? String(domIndex);
        cell.querySelectorAll('.js-plotly-plot').forEach((el, k) => el.setAttribute('data-check-key', `${index}:${k}`));
      });
      document.querySelectorAll('.jp-NotebookPanel .js-plotly-plot').forEach((el) => keys.push(el.getAttribute('data-check-key')));
      return keys;
    });
    const found = await page.evaluate(analysePlots, '.jp-NotebookPanel .js-plotly-plot');
    const visible = found.map((r, i) => ({ ...r, key: keys[i] })).filter((r) => r.key);
    for (const r of visible) {
      const known = reports.get(r.key);
      if (!known || known.problems.length > 0) {
        reports.set(r.key, r);
        if (r.problems.length === 0) {
          const el = page.locator(`[data-check-key="${r.key}"]`).first();
          const [cell, k] = r.key.split(':');
          await el.screenshot({ path: path.join(shotDir, `${shotName(nbPath)}-cell${cell}-${k}.png`) }).catch(() => {});
        }
      }
    }
    const clean = [...reports.values()].filter((r) => r.problems.length === 0).length;
    if (Date.now() > deadline) break;
    const moved = await scrollBy(page, 600);
    screens++;
    if (!moved) {
      if (clean >= expected) break;
      // At the bottom with plots missing: give the page time, then go through it again from the top.
      await page.waitForTimeout(1000);
      await scrollBy(page, null);
      passes++;
    }
    await page.waitForTimeout(200);
  }
  const ordered = [...reports.entries()].sort(([a], [b]) => {
    const [ac, ak] = a.split(':').map(Number);
    const [bc, bk] = b.split(':').map(Number);
    return ac - bc || ak - bk;
  }).map(([key, r]) => ({ ...r, name: `figure in cell ${Number(key.split(':')[0]) + 1}` }));
  if (ordered.length < expected) notes.push(`scrolled ${screens} screens in ${passes} passes until the deadline`);
  return ordered;
}

async function main() {
  const { options, positional } = parseArgs(process.argv.slice(2));
  const [mode, ...rest] = positional;
  let ok;
  if (mode === 'exports') {
    if (rest.length !== 2) usage('exports needs <dir-with-html> <screenshot-dir>');
    ok = await checkExports(rest[0], rest[1], options);
  } else if (mode === 'run') {
    if (rest.length !== 3) usage('run needs <base-url-with-token> <notebook-path> <screenshot-dir>');
    ok = await checkRun(rest[0], rest[1], rest[2], options);
  } else if (mode === 'lab') {
    if (rest.length < 3) usage('lab needs <base-url-with-token> <notebook-path>... <screenshot-dir>');
    ok = await checkLab(rest[0], rest.slice(1, -1), rest[rest.length - 1], options);
  } else {
    usage(mode ? `unknown mode ${mode}` : 'no mode given');
  }
  process.exit(ok ? 0 : 1);
}

main().catch((e) => {
  console.error(`check.mjs: ${e.stack || e}`);
  process.exit(2);
});
