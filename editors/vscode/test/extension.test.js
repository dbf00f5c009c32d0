'use strict';
// (a) The extension's activate() against a fake editor: which server it starts, for which documents, with which
// watchers, and what its commands and settings do.
const test = require('node:test');
const assert = require('node:assert/strict');
const path = require('node:path');
const { loadExtension, context } = require('./support/fake-vscode');
const manifest = require('../package.json');

const LANGUAGE = manifest.contributes.languages[0].id;

test('activate starts "ptc lsp" from the PATH for the pt documents on disk and watches the .ptl files', async () => {
  const { extension, editor } = loadExtension();
  const ctx = context();
  await extension.activate(ctx);

  assert.equal(editor.clients.length, 1);
  const [client] = editor.clients;
  assert.equal(client.id, 'pt');
  assert.deepEqual(client.serverOptions, { command: 'ptc', args: ['lsp'], options: { cwd: '/work/project' } });
  assert.equal(client.serverOptions.transport, undefined, 'stdio without the --stdio argument the client would add');
  assert.deepEqual(client.clientOptions.documentSelector, [{ scheme: 'file', language: 'pt' }]);
  assert.equal(LANGUAGE, 'pt', 'the selector names the language package.json contributes');
  assert.deepEqual(editor.watchers.map((w) => w.glob), ['**/*.ptl']);
  assert.equal(client.clientOptions.synchronize.fileEvents, editor.watchers[0]);
  assert.equal(client.started, 1);
  assert.deepEqual(editor.channels.map((c) => c.name), ['PT language server']);
  assert.equal(client.clientOptions.outputChannel, editor.channels[0]);
  assert.deepEqual(editor.channels[0].lines, ['Starting ptc lsp']);
  assert.deepEqual(editor.errors, []);
  assert.ok(ctx.subscriptions.includes(editor.channels[0]), 'the channel is disposed with the extension');
});

test('the commands it registers are the ones package.json contributes', async () => {
  const { extension, editor } = loadExtension();
  await extension.activate(context());
  assert.deepEqual([...editor.commands.keys()].sort(),
    manifest.contributes.commands.map((c) => c.command).sort());
  editor.commands.get('pt.server.output')();
  assert.equal(editor.channels[0].shown, true);
});

test('pt.server.path relative to the workspace, ~/ from home, and pt.server.args after lsp', async () => {
  const relative = loadExtension({ settings: { 'server.path': './ptc', 'server.args': ['--stdio'] } });
  await relative.extension.activate(context());
  assert.deepEqual(relative.editor.clients[0].serverOptions,
    { command: '/work/project/ptc', args: ['lsp', '--stdio'], options: { cwd: '/work/project' } });

  const home = loadExtension({ settings: { 'server.path': '~/pt/ptc' }, folders: [] });
  await home.extension.activate(context());
  assert.deepEqual(home.editor.clients[0].serverOptions,
    { command: path.join(require('node:os').homedir(), 'pt', 'ptc'), args: ['lsp'], options: {} });

  const absolute = loadExtension({ settings: { 'server.path': '/opt/pt/ptc' } });
  await absolute.extension.activate(context());
  assert.equal(absolute.editor.clients[0].serverOptions.command, '/opt/pt/ptc');
});

test('the restart command and a change of pt.server stop the client and start a new one', async () => {
  const { extension, editor } = loadExtension();
  await extension.activate(context());
  await editor.commands.get('pt.server.restart')();
  assert.equal(editor.clients.length, 2);
  assert.deepEqual(editor.clients.map((c) => [c.started, c.stopped]), [[1, 1], [1, 0]]);

  const [listener] = editor.configurationListeners;
  await listener({ affectsConfiguration: (section) => section === 'editor.fontSize' });
  assert.equal(editor.clients.length, 2, 'another setting changes nothing');
  await listener({ affectsConfiguration: (section) => section === 'pt.server' });
  assert.equal(editor.clients.length, 3);
  assert.deepEqual(editor.clients.map((c) => c.stopped), [1, 1, 0]);

  await extension.deactivate();
  assert.deepEqual(editor.clients.map((c) => c.stopped), [1, 1, 1]);
});

test('a server that cannot start is reported with the setting to change', async () => {
  const { extension, editor } = loadExtension({ settings: { 'server.path': 'no-such-ptc' }, failStart: true });
  await extension.activate(context());
  assert.deepEqual(editor.errors, [
    "PT: could not start 'no-such-ptc lsp' (spawn no-such-ptc ENOENT). Set 'pt.server.path' to the ptc launcher " +
      '(the ptc at the root of a PT checkout) and run "PT: Restart the language server".',
  ]);
  assert.equal(editor.channels[0].lines.at(-1), 'Could not start no-such-ptc: spawn no-such-ptc ENOENT');
  await extension.deactivate(); // nothing runs, nothing to stop
  assert.equal(editor.clients[0].stopped, 0);
});
