'use strict';
// A small stand-in for the `vscode` module and for vscode-languageclient's LanguageClient, enough for the extension's
// activate(): it records what the extension asks of the editor (output channels, commands, watchers, messages) and
// the clients it creates. VS Code itself cannot run here.
const Module = require('node:module');
const path = require('node:path');

const EXTENSION = path.join(__dirname, '..', '..', 'src', 'extension.js');

/**
 * Loads a fresh copy of src/extension.js against a fake editor with the given `pt` settings and workspace folders.
 * `failStart` makes every client's start() reject as a missing command does.
 */
function loadExtension({ settings = {}, folders = ['/work/project'], failStart = false } = {}) {
  const editor = {
    channels: [],
    commands: new Map(),
    watchers: [],
    errors: [],
    clients: [],
    configurationListeners: [],
  };
  const disposable = { dispose() {} };
  const vscode = {
    window: {
      createOutputChannel(name) {
        const channel = { name, lines: [], shown: false, appendLine(l) { this.lines.push(l); }, append() {},
          show() { this.shown = true; }, dispose() {} };
        editor.channels.push(channel);
        return channel;
      },
      showErrorMessage(message) {
        editor.errors.push(message);
        return Promise.resolve(undefined);
      },
    },
    commands: {
      registerCommand(id, callback) {
        editor.commands.set(id, callback);
        return disposable;
      },
    },
    workspace: {
      workspaceFolders: folders.map((folder) => ({ uri: { fsPath: folder } })),
      getConfiguration(section) {
        if (section !== 'pt') {
          throw new Error(`the extension reads only its own section, not '${section}'`);
        }
        return { get: (key, fallback) => (key in settings ? settings[key] : fallback) };
      },
      createFileSystemWatcher(glob) {
        const watcher = { glob, dispose() {} };
        editor.watchers.push(watcher);
        return watcher;
      },
      onDidChangeConfiguration(listener) {
        editor.configurationListeners.push(listener);
        return disposable;
      },
    },
  };
  class LanguageClient {
    constructor(id, name, serverOptions, clientOptions) {
      Object.assign(this, { id, name, serverOptions, clientOptions, started: 0, stopped: 0, running: false });
      editor.clients.push(this);
    }
    async start() {
      this.started++;
      if (failStart) {
        throw new Error(`spawn ${this.serverOptions.command} ENOENT`);
      }
      this.running = true;
    }
    needsStop() {
      return this.running;
    }
    async stop() {
      this.stopped++;
      this.running = false;
    }
  }
  const fakes = { vscode, 'vscode-languageclient/node': { LanguageClient } };
  const load = Module._load;
  Module._load = function (request, ...rest) {
    return Object.hasOwn(fakes, request) ? fakes[request] : load.call(this, request, ...rest);
  };
  try {
    delete require.cache[require.resolve(EXTENSION)];
    const extension = require(EXTENSION);
    return { extension, editor };
  } finally {
    Module._load = load;
  }
}

/** An ExtensionContext that keeps what the extension registers. */
function context() {
  return { subscriptions: [] };
}

module.exports = { loadExtension, context };
