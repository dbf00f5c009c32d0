'use strict';
// The real language server for the protocol-level tests: the repository's ./ptc launcher (which runs the application
// org.pt.cli/target/ptc/ptc.jar that the reactor built before this module), spoken to with
// vscode-languageserver-protocol, the library vscode-languageclient is built on.
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { spawn, execFile } = require('node:child_process');
const { pathToFileURL } = require('node:url');
const lsp = require('vscode-languageserver-protocol/node');

const ROOT = path.resolve(__dirname, '..', '..', '..', '..');
const PTC = path.join(ROOT, 'ptc');
const APPLICATION = path.join(ROOT, 'org.pt.cli', 'target', 'ptc', 'ptc.jar');
const EXAMPLES = path.join(ROOT, 'examples');
/** How long one answer may take (the first includes the JVM's start and the first check). */
const WAIT_MS = 60_000;

function requireApplication() {
  if (!fs.existsSync(APPLICATION)) {
    throw new Error(`${APPLICATION} is missing: build org.pt.cli first (./mvnw -pl org.pt.cli -am install)`);
  }
}

/** A fresh folder with copies of the given files of examples/ (relative paths), and a cache folder for the library. */
function workspaceWith(...examples) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pt-vscode-'));
  const folder = path.join(dir, 'workspace');
  for (const example of examples) {
    const copy = path.join(folder, path.basename(example));
    fs.mkdirSync(path.dirname(copy), { recursive: true });
    fs.copyFileSync(path.join(EXAMPLES, example), copy);
  }
  return { dir, folder, cache: path.join(dir, 'cache') };
}

function uri(file) {
  return pathToFileURL(file).href;
}

/** Rejects after `ms` with `what` in the message, unless `promise` settles first. */
function within(promise, what, ms = WAIT_MS) {
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no ${what} within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/**
 * Starts `ptc lsp` as the extension does (the command `<path> lsp`, standard input and output) and connects to it.
 * Diagnostics are recorded per URI as they are published.
 */
function startServer(workspace) {
  requireApplication();
  const child = spawn(PTC, ['lsp'], {
    cwd: workspace.folder,
    env: { ...process.env, XDG_CACHE_HOME: workspace.cache },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (data) => { stderr += data; });
  const exited = new Promise((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
  const connection = lsp.createProtocolConnection(
    new lsp.StreamMessageReader(child.stdout), new lsp.StreamMessageWriter(child.stdin));
  const published = new Map();
  const waiting = new Map();
  connection.onNotification(lsp.PublishDiagnosticsNotification.type, (params) => {
    published.set(params.uri, params.diagnostics);
    const waiters = waiting.get(params.uri) || [];
    waiting.delete(params.uri);
    waiters.forEach((resolve) => resolve(params.diagnostics));
  });
  // Requests a client must answer: configuration (none), work-done progress and registrations (accepted).
  connection.onRequest(lsp.ConfigurationRequest.type, (params) => params.items.map(() => null));
  connection.onRequest(lsp.WorkDoneProgressCreateRequest.type, () => null);
  connection.onRequest(lsp.RegistrationRequest.type, () => null);
  connection.listen();
  return {
    child,
    connection,
    exited,
    stderr: () => stderr,
    /** The next diagnostics published for `fileUri` (after this call). */
    nextDiagnostics(fileUri) {
      return within(new Promise((resolve) => {
        waiting.set(fileUri, [...(waiting.get(fileUri) || []), resolve]);
      }), `diagnostics for ${fileUri}`);
    },
    published,
  };
}

/** The `initialize` an editor sends for one workspace folder. */
function initializeParams(folder) {
  return {
    processId: process.pid,
    rootUri: uri(folder),
    workspaceFolders: [{ uri: uri(folder), name: path.basename(folder) }],
    capabilities: {
      textDocument: {
        hover: { contentFormat: ['markdown', 'plaintext'] },
        inlayHint: {},
        publishDiagnostics: {},
        synchronization: { didSave: true },
      },
      workspace: { workspaceFolders: true, didChangeWatchedFiles: { dynamicRegistration: true } },
    },
  };
}

/** Runs `./ptc check FILE` and returns its findings: `FILE:LINE:COLUMN: SEVERITY: MESSAGE [CODE]` lines. */
function ptcCheck(file, workspace) {
  return new Promise((resolve, reject) => {
    execFile(PTC, ['check', file], { env: { ...process.env, XDG_CACHE_HOME: workspace.cache } },
      (error, stdout, stderr) => {
        if (error && error.code !== 1) {
          reject(new Error(`ptc check ${file}: ${error.message}\n${stderr}`));
          return;
        }
        const finding = /^(.*):(\d+):(\d+): (error|warning|note): (.*) \[([\w.]+)\]$/;
        resolve(stdout.split('\n').map((line) => finding.exec(line)).filter((m) => m !== null).map((m) => ({
          line: Number(m[2]), column: Number(m[3]), severity: m[4], message: m[5], code: m[6],
        })));
      });
  });
}

module.exports = { ROOT, PTC, EXAMPLES, WAIT_MS, workspaceWith, uri, within, startServer, initializeParams, ptcCheck, lsp };
