// @ts-check
'use strict';
// The PT extension: the language `pt` (*.ptl) with its TextMate grammar (package.json), and the language server
// `ptc lsp` started over standard input and output by vscode-languageclient. Everything the editor shows beyond
// highlighting (diagnostics, hover, inlay hints, quick fixes, completion, outline, rename...) comes from the server.

const path = require('node:path');
const os = require('node:os');
const vscode = require('vscode');
const { LanguageClient } = require('vscode-languageclient/node');

const LANGUAGE = 'pt';
const NAME = 'PT language server';

/** @type {LanguageClient | undefined} */
let client;
/** @type {vscode.OutputChannel | undefined} */
let output;

/**
 * The command that starts the server: `<pt.server.path> lsp <pt.server.args...>`. A path with a slash that is not
 * absolute (`./ptc`, `pt/ptc`) is taken from the first workspace folder, `~/` from the home folder; a bare name
 * (`ptc`, the default) is looked up on the PATH when it is started.
 * @param {{ get<T>(key: string, fallback: T): T }} settings the `pt` section of the configuration
 * @param {string | undefined} workspaceFolder the first workspace folder's path, if any
 * @returns {{ command: string, args: string[], options: { cwd?: string } }}
 */
function serverCommand(settings, workspaceFolder) {
  const configured = String(settings.get('server.path', 'ptc') || 'ptc').trim();
  const extra = settings.get('server.args', /** @type {string[]} */ ([]));
  let command = configured;
  if (command === '~' || command.startsWith('~/')) {
    command = path.join(os.homedir(), command.slice(1));
  } else if (!path.isAbsolute(command) && command.includes('/') && workspaceFolder !== undefined) {
    command = path.resolve(workspaceFolder, command);
  }
  return {
    command,
    args: ['lsp', ...(Array.isArray(extra) ? extra.map(String) : [])],
    options: workspaceFolder === undefined ? {} : { cwd: workspaceFolder },
  };
}

/**
 * What the client sends the server: every `pt` document on disk, and the changes to `.ptl` files made outside the
 * editor (another branch checked out, a file generated), so that the importers of a changed file are checked again.
 * @param {typeof import('vscode')} code the vscode module
 * @param {vscode.OutputChannel} channel where the server's standard error and the trace go
 */
function clientOptions(code, channel) {
  return {
    documentSelector: [{ scheme: 'file', language: LANGUAGE }],
    synchronize: { fileEvents: code.workspace.createFileSystemWatcher('**/*.ptl') },
    outputChannel: channel,
    traceOutputChannel: channel,
  };
}

function firstWorkspaceFolder() {
  const folders = vscode.workspace.workspaceFolders;
  return folders && folders.length > 0 ? folders[0].uri.fsPath : undefined;
}

/** Creates and starts the client; a server that cannot start is reported with what to set. */
async function start() {
  const channel = /** @type {vscode.OutputChannel} */ (output);
  const server = serverCommand(vscode.workspace.getConfiguration('pt'), firstWorkspaceFolder());
  channel.appendLine(`Starting ${server.command} ${server.args.join(' ')}`);
  client = new LanguageClient('pt', NAME, server, clientOptions(vscode, channel));
  try {
    await client.start();
  } catch (e) {
    const reason = e instanceof Error ? e.message : String(e);
    channel.appendLine(`Could not start ${server.command}: ${reason}`);
    vscode.window.showErrorMessage(
      `PT: could not start '${server.command} lsp' (${reason}). Set 'pt.server.path' to the ptc launcher ` +
        '(the ptc at the root of a PT checkout) and run "PT: Restart the language server".');
  }
}

async function stop() {
  const running = client;
  client = undefined;
  if (running !== undefined && running.needsStop()) {
    await running.stop();
  }
}

async function restart() {
  await stop();
  await start();
}

/** @param {vscode.ExtensionContext} context */
async function activate(context) {
  output = vscode.window.createOutputChannel(NAME);
  context.subscriptions.push(
    output,
    vscode.commands.registerCommand('pt.server.restart', restart),
    vscode.commands.registerCommand('pt.server.output', () => output && output.show(true)),
    vscode.workspace.onDidChangeConfiguration((event) => {
      if (event.affectsConfiguration('pt.server')) {
        return restart();
      }
      return undefined;
    }),
  );
  await start();
}

function deactivate() {
  return stop();
}

module.exports = { activate, deactivate, serverCommand, clientOptions };
