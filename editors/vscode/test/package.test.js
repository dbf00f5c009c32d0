'use strict';
// (c) The package: package.json's contributions agree with the grammar, the language configuration and the server;
// the .vsix that `npm run package` made holds what VS Code loads; every locked package runs on the Node.js versions
// the build supports (Debian 12's 18 and 20).
const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const yauzl = require('yauzl');
const semver = require('semver');
const manifest = require('../package.json');
const lock = require('../package-lock.json');

const HERE = path.join(__dirname, '..');
const GRAMMAR = path.join(HERE, '..', 'textmate', 'pt.tmLanguage.json');
const VSIX = path.join(HERE, 'target', `${manifest.name}-${manifest.version}.vsix`);
/** Debian 12's Node.js (CI installs it where no node is) and the Node.js 20 of the developers' machines. */
const NODES = ['18.20.4', '20.0.0'];

const readJson = (file) => JSON.parse(fs.readFileSync(file, 'utf8'));

test('the language, its grammar and its configuration agree', () => {
  const [language] = manifest.contributes.languages;
  const [grammar] = manifest.contributes.grammars;
  const tm = readJson(GRAMMAR);
  assert.equal(language.id, 'pt');
  assert.deepEqual(language.extensions, ['.ptl']);
  assert.deepEqual(tm.fileTypes.map((t) => `.${t}`), language.extensions);
  assert.equal(grammar.language, language.id);
  assert.equal(grammar.scopeName, tm.scopeName);
  const copy = path.join(HERE, grammar.path);
  assert.ok(fs.existsSync(copy), `${grammar.path} (npm run build copies it)`);
  assert.equal(fs.readFileSync(copy, 'utf8'), fs.readFileSync(GRAMMAR, 'utf8'), 'the copy is the grammar');

  const configuration = readJson(path.join(HERE, language.configuration));
  const comments = tm.repository.comments.patterns;
  assert.ok(new RegExp(comments.find((p) => p.name.startsWith('comment.line')).match)
    .test(`${configuration.comments.lineComment} a note`), 'the grammar colours the comment the editor toggles');
  assert.deepEqual(configuration.comments.blockComment,
    [comments.find((p) => p.name.startsWith('comment.block')).begin, comments.find((p) => p.name.startsWith('comment.block')).end]
      .map((re) => re.replaceAll('\\', '')));
  assert.deepEqual(configuration.brackets, [['{', '}']]);
  assert.ok(new RegExp(configuration.indentationRules.increaseIndentPattern).test('space kernel uses blog_os {'));
  assert.ok(new RegExp(configuration.indentationRules.decreaseIndentPattern).test('    }'));
  const word = new RegExp(`^(?:${configuration.wordPattern})$`);
  for (const w of ['kernel_stack', '0x0020_1008', '0o777', '512', '^map']) {
    assert.ok(word.test(w), `${w} is one word`);
  }
});

test('the token modifiers address and size of the server are declared and the settings have their defaults', () => {
  const { semanticTokenModifiers, configuration } = manifest.contributes;
  assert.deepEqual(semanticTokenModifiers.map((t) => t.id), ['address', 'size']);
  // A theme without rules for an address or a size number colours it as the grammar's scope named here.
  const grammarScopes = new Set(JSON.stringify(readJson(GRAMMAR)).match(/[a-z.-]+\.ptl/g));
  const [scopes] = manifest.contributes.semanticTokenScopes;
  assert.equal(scopes.language, 'pt');
  assert.deepEqual(Object.keys(scopes.scopes), semanticTokenModifiers.map((t) => `number.${t.id}`));
  for (const [type, names] of Object.entries(scopes.scopes)) {
    assert.deepEqual(names.filter((n) => !grammarScopes.has(n)), [], `${type}'s scopes are the grammar's`);
  }
  assert.equal(configuration.properties['pt.server.path'].default, 'ptc');
  assert.deepEqual(configuration.properties['pt.server.args'].default, []);
  assert.equal(manifest.main, './src/extension.js');
  assert.ok(fs.existsSync(path.join(HERE, manifest.main)));
});

/** The entries of a zip file: name → content. */
function unzip(file) {
  return new Promise((resolve, reject) => {
    yauzl.open(file, { lazyEntries: true }, (error, zip) => {
      if (error) {
        reject(error);
        return;
      }
      const entries = new Map();
      zip.on('entry', (entry) => {
        zip.openReadStream(entry, (e, stream) => {
          if (e) {
            reject(e);
            return;
          }
          const chunks = [];
          stream.on('data', (c) => chunks.push(c));
          stream.on('end', () => {
            entries.set(entry.fileName, Buffer.concat(chunks));
            zip.readEntry();
          });
        });
      });
      zip.on('end', () => resolve(entries));
      zip.on('error', reject);
      zip.readEntry();
    });
  });
}

/** What is wrong with a .vsix's entries for VS Code to load this extension; empty when nothing is. */
function vsixProblems(entries) {
  const problems = [];
  const text = (name) => (entries.has(name) ? entries.get(name).toString('utf8') : undefined);
  const packaged = text('extension/package.json');
  if (packaged === undefined) {
    return ['no extension/package.json'];
  }
  const json = JSON.parse(packaged);
  if (json.name !== manifest.name || json.version !== manifest.version) {
    problems.push(`extension/package.json is ${json.name} ${json.version}`);
  }
  const wanted = [json.main, json.contributes.languages[0].configuration, ...json.contributes.grammars.map((g) => g.path)]
    .map((p) => `extension/${path.posix.normalize(p)}`);
  for (const name of [...wanted, 'extension/node_modules/vscode-languageclient/node.js', 'extension.vsixmanifest']) {
    if (!entries.has(name)) {
      problems.push(`${name} is missing`);
    }
  }
  const grammar = text(`extension/${path.posix.normalize(json.contributes.grammars[0].path)}`);
  if (grammar !== undefined && grammar !== fs.readFileSync(GRAMMAR, 'utf8')) {
    problems.push('the packaged grammar is not editors/textmate/pt.tmLanguage.json');
  }
  const client = text('extension/node_modules/vscode-languageclient/package.json');
  if (client !== undefined && JSON.parse(client).version !== manifest.dependencies['vscode-languageclient']) {
    problems.push(`vscode-languageclient ${JSON.parse(client).version} packaged`);
  }
  for (const name of entries.keys()) {
    if (/^extension\/(test|target|scripts|screenshot)\/|^extension\/node_modules\/(@vscode\/vsce|yauzl)\//.test(name)) {
      problems.push(`${name} should not be packaged`);
    }
  }
  const identity = /<Identity [^>]*Id="([^"]+)"[^>]*Version="([^"]+)"[^>]*Publisher="([^"]+)"/.exec(text('extension.vsixmanifest') || '');
  if (identity === null || identity[1] !== manifest.name || identity[2] !== manifest.version || identity[3] !== manifest.publisher) {
    problems.push(`the vsixmanifest's identity is ${identity && identity.slice(1).join(' ')}`);
  }
  return problems;
}

test('the .vsix holds the extension, its grammar and its runtime dependencies, and neither tests nor build tools', async () => {
  assert.ok(fs.existsSync(VSIX), `${VSIX} (npm run package makes it)`);
  const entries = await unzip(VSIX);
  assert.deepEqual(vsixProblems(entries), []);
  assert.ok(entries.get('extension/src/extension.js').equals(fs.readFileSync(path.join(HERE, 'src', 'extension.js'))));

  // The checker sees a broken package: the grammar left out, another grammar, a test packaged.
  const broken = new Map(entries);
  broken.delete('extension/syntaxes/pt.tmLanguage.json');
  assert.deepEqual(vsixProblems(broken), ['extension/syntaxes/pt.tmLanguage.json is missing']);
  broken.set('extension/syntaxes/pt.tmLanguage.json', Buffer.from('{}'));
  broken.set('extension/test/server.test.js', Buffer.from(''));
  assert.deepEqual(vsixProblems(broken), ['the packaged grammar is not editors/textmate/pt.tmLanguage.json',
    'extension/test/server.test.js should not be packaged']);
});

/** The locked packages whose `engines.node` refuses one of `nodes`. */
function refusedNodes(packages, nodes) {
  return Object.entries(packages).flatMap(([name, p]) => (p.engines && p.engines.node
    ? nodes.filter((n) => !semver.satisfies(n, p.engines.node)).map((n) => `${name || 'pt-vscode'} ${p.version} refuses node ${n}`)
    : []));
}

test('every locked package accepts Node.js 18 (Debian 12) and 20', () => {
  assert.deepEqual(refusedNodes(lock.packages, NODES), []);
  assert.ok(semver.satisfies(process.version, manifest.engines.node), `this node, ${process.version}`);
  assert.deepEqual(refusedNodes({ 'node_modules/undici': { version: '7.0.0', engines: { node: '>=20' } } }, NODES),
    ['node_modules/undici 7.0.0 refuses node 18.20.4']);
});
