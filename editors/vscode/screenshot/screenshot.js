'use strict';
// Makes docs/images/vscode-monaco.png: the editor VS Code is built on (Monaco) showing a PT example with what
// `ptc lsp` answers — semantic highlighting, diagnostics as squiggles, walk results as inlay hints and a walk's
// hover — in headless Chromium. VS Code itself cannot run here; the extension's client speaks the same protocol.
// Run `npm ci && npm run screenshot` in this folder (Chromium at /usr/bin/chromium, or CHROMIUM=...).
const fs = require('node:fs');
const http = require('node:http');
const os = require('node:os');
const path = require('node:path');
const { chromium } = require('playwright-core');
const support = require('../test/support/ptc');

const { lsp } = support;
const MONACO = path.join(__dirname, 'node_modules', 'monaco-editor', 'min');
const OUTPUT = path.join(support.ROOT, 'docs', 'images', 'vscode-monaco.png');
const EXAMPLE = 'rust-os.ptl';
const FIRST_LINE = 18; // 1-based: the machine, the layout (with its warnings) and both spaces
const HOVER_LINE = 43; // walk 0x0020_1008 expect 0x0040_1008

/** Serves index.html and Monaco's files on 127.0.0.1. */
function serve() {
  const server = http.createServer((request, response) => {
    const url = new URL(request.url, 'http://127.0.0.1');
    const file = url.pathname === '/' ? path.join(__dirname, 'index.html')
      : url.pathname.startsWith('/monaco/') ? path.join(MONACO, path.normalize(url.pathname.slice('/monaco/'.length)))
        : undefined;
    if (file === undefined || !file.startsWith(__dirname) || !fs.existsSync(file)) {
      response.writeHead(404).end();
      return;
    }
    const type = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css', '.ttf': 'font/ttf' }[path.extname(file)];
    response.writeHead(200, { 'content-type': type || 'application/octet-stream' });
    fs.createReadStream(file).pipe(response);
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

async function main() {
  const workspace = support.workspaceWith(EXAMPLE);
  const file = path.join(workspace.folder, EXAMPLE);
  const uri = support.uri(file);
  const text = fs.readFileSync(file, 'utf8');
  const server = support.startServer(workspace);
  const web = await serve();
  // A fresh profile (playwright's --user-data-dir) each time.
  const browser = await chromium.launchPersistentContext(fs.mkdtempSync(path.join(os.tmpdir(), 'pt-chromium-')), {
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    headless: true,
    viewport: { width: 1400, height: 1010 },
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  try {
    const init = await support.within(server.connection.sendRequest(lsp.InitializeRequest.type,
      support.initializeParams(workspace.folder)), 'initialize', 300_000);
    server.connection.sendNotification(lsp.InitializedNotification.type, {});
    const diagnostics = server.nextDiagnostics(uri);
    server.connection.sendNotification(lsp.DidOpenTextDocumentNotification.type,
      { textDocument: { uri, languageId: 'pt', version: 1, text } });
    const published = await diagnostics;

    const page = await browser.newPage();
    page.on('console', (m) => console.log(`page: ${m.text()}`));
    await page.exposeFunction('documentToShow', () => ({ uri, text, legend: init.capabilities.semanticTokensProvider.legend }));
    await page.exposeFunction('lspRequest', (method, params) => server.connection.sendRequest(method, params));
    await page.goto(`http://127.0.0.1:${web.address().port}/`);
    await page.waitForFunction(() => window.editorReady === true, null, { timeout: 60_000 });
    await page.evaluate((d) => window.showDiagnostics(d), published);
    await page.evaluate(([first, hover]) => {
      window.editor.setScrollTop(window.editor.getTopForLineNumber(first));
      window.editor.setPosition({ lineNumber: hover, column: 7 });
      window.editor.focus();
    }, [FIRST_LINE, HOVER_LINE]);
    await page.waitForTimeout(2000); // semantic tokens and inlay hints arrive
    await page.evaluate(() => window.editor.trigger('screenshot', 'editor.action.showHover', {}));
    await page.waitForSelector('.monaco-hover-content', { timeout: 20_000 });
    await page.waitForTimeout(1000);
    fs.mkdirSync(path.dirname(OUTPUT), { recursive: true });
    await page.screenshot({ path: OUTPUT });
    console.log(`screenshot: ${path.relative(support.ROOT, OUTPUT)} (${published.length} diagnostics shown)`);

    await server.connection.sendRequest(lsp.ShutdownRequest.type);
    server.connection.sendNotification(lsp.ExitNotification.type);
    await support.within(server.exited, 'exit of ptc lsp');
  } finally {
    await browser.close();
    web.close();
    server.connection.dispose();
    server.child.kill('SIGKILL');
    fs.rmSync(workspace.dir, { recursive: true, force: true });
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
