'use strict';
// (b) The real `ptc lsp`, started as the extension starts it and spoken to with vscode-languageserver-protocol:
// initialize, open two examples, diagnostics, a hover and the inlay hints, shutdown and exit.
const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const support = require('./support/ptc');
const manifest = require('../package.json');

const { lsp } = support;
const LANGUAGE = manifest.contributes.languages[0].id;
const SEVERITY = { error: 1, warning: 2, note: 3 };
/** ./ptc rebuilds the application first when a source or pom is newer than it (not in the reactor's own build). */
const STARTUP_MS = 300_000;

/** PT's spelling of an address: hexadecimal, an underscore every four digits from the right (0x0040_1008 → 0x40_1008). */
function ptAddress(literal) {
  const digits = BigInt(literal.replaceAll('_', '')).toString(16);
  const groups = [];
  for (let end = digits.length; end > 0; end -= 4) {
    groups.unshift(digits.slice(Math.max(0, end - 4), end));
  }
  return `0x${groups.join('_')}`;
}

/** The `walk ADDRESS expect PA` lines of a spec: 0-based line, the line's length and the expected PA as PT prints it. */
function walkExpectations(text) {
  return text.split('\n').flatMap((line, index) => {
    const m = /^\s*walk .+? expect (0[xX][0-9a-fA-F_]+)/.exec(line);
    return m === null ? [] : [{ line: index, length: line.length, pa: ptAddress(m[1]) }];
  });
}

function open(server, file) {
  server.connection.sendNotification(lsp.DidOpenTextDocumentNotification.type, {
    textDocument: { uri: support.uri(file), languageId: LANGUAGE, version: 1, text: fs.readFileSync(file, 'utf8') },
  });
}

test('ptc lsp over stdio: diagnostics, hover and inlay hints of examples/rust-os.ptl, then shutdown and exit',
  { timeout: STARTUP_MS + 120_000 }, async () => {
    const workspace = support.workspaceWith('rust-os.ptl', 'broken/unknown_unit.ptl');
    const server = support.startServer(workspace);
    try {
      const rustOs = path.join(workspace.folder, 'rust-os.ptl');
      const broken = path.join(workspace.folder, 'unknown_unit.ptl');
      const text = fs.readFileSync(rustOs, 'utf8');
      const lines = text.split('\n');

      const initialized = await support.within(
        server.connection.sendRequest(lsp.InitializeRequest.type, support.initializeParams(workspace.folder)),
        'initialize result', STARTUP_MS);
      const capabilities = initialized.capabilities;
      assert.equal(capabilities.hoverProvider, true);
      assert.ok(capabilities.inlayHintProvider, 'inlay hints are advertised');
      // The token types and modifiers beyond LSP's own that the server's legend has are the ones package.json declares.
      const { legend } = capabilities.semanticTokensProvider;
      const standardTypes = new Set(Object.values(lsp.SemanticTokenTypes));
      const standardModifiers = new Set(Object.values(lsp.SemanticTokenModifiers));
      assert.deepEqual(legend.tokenTypes.filter((t) => !standardTypes.has(t)),
        (manifest.contributes.semanticTokenTypes || []).map((t) => t.id));
      assert.deepEqual(legend.tokenModifiers.filter((m) => !standardModifiers.has(m)),
        manifest.contributes.semanticTokenModifiers.map((m) => m.id));
      server.connection.sendNotification(lsp.InitializedNotification.type, {});

      // The broken example's first line says what the check reports there.
      const brokenDiagnostics = server.nextDiagnostics(support.uri(broken));
      open(server, broken);
      const header = /^\/\/ expect: (\S+) at (\d+):(\d+): (.*)$/.exec(fs.readFileSync(broken, 'utf8').split('\n')[0]);
      const [found] = await brokenDiagnostics.then((d) => { assert.equal(d.length, 1, JSON.stringify(d)); return d; });
      assert.equal(found.code, header[1]);
      assert.deepEqual(found.range.start, { line: Number(header[2]) - 1, character: Number(header[3]) - 1 });
      assert.equal(found.message, header[4]);
      assert.equal(found.severity, SEVERITY.error);

      // rust-os.ptl: what `ptc check` (the command line, another path to the same analysis) prints, finding by finding.
      const diagnostics = server.nextDiagnostics(support.uri(rustOs));
      open(server, rustOs);
      const published = await diagnostics;
      const checked = await support.ptcCheck(rustOs, workspace);
      assert.equal(checked.length, 16, 'ptc check: 3 warnings and 13 notes');
      assert.deepEqual(
        published.map((d) => ({ line: d.range.start.line + 1, column: d.range.start.character + 1,
          severity: Object.keys(SEVERITY).find((k) => SEVERITY[k] === d.severity), message: d.message, code: d.code })),
        checked);
      // ... which the spec's own comment announces: three regions of the kernel in the lower half,
      assert.deepEqual(published.filter((d) => d.severity === SEVERITY.warning)
        .map((d) => [d.code, lines[d.range.start.line].trim().split(/\s+/)[0]]),
      [['pt.region_wrong_half', 'kernel'], ['pt.region_wrong_half', 'kernel_stack'],
        ['pt.region_wrong_half', 'physical_memory']]);
      // ... and every walk's note translates to the PA its `expect` names.
      const walks = walkExpectations(text);
      assert.equal(walks.length, 7);
      for (const walk of walks) {
        const notes = published.filter((d) => d.range.start.line === walk.line);
        assert.equal(notes.length, 1, `one note on line ${walk.line + 1}`);
        assert.equal(notes[0].code, 'pt.walk_result');
        assert.match(notes[0].message, new RegExp(` -> ${walk.pa} \\(`), `line ${walk.line + 1}`);
      }

      // The inlay hint at the end of each walk line is its one-line answer.
      const hints = await support.within(server.connection.sendRequest(lsp.InlayHintRequest.type, {
        textDocument: { uri: support.uri(rustOs) },
        range: { start: { line: 0, character: 0 }, end: { line: lines.length, character: 0 } },
      }), 'inlay hints');
      for (const walk of walks) {
        const at = hints.filter((h) => h.position.line === walk.line);
        assert.equal(at.length, 1, `one hint on line ${walk.line + 1}: ${JSON.stringify(hints)}`);
        assert.deepEqual(at[0].position, { line: walk.line, character: walk.length });
        assert.ok(at[0].label.startsWith(`→ ${walk.pa} `), `${at[0].label} translates to ${walk.pa}`);
      }
      const walk43 = walks.find((w) => lines[w.line].includes('walk 0x0020_1008')); // line 43: the code page
      const hint43 = hints.find((h) => h.position.line === walk43.line);
      assert.equal(hint43.label, '→ 0x40_1008 4 KiB k:r-x u:--- WB', 'a code page: read and execute, kernel only');

      // The hover on that walk: the translation, the four x86_64 levels, the leaf's page base, the expectation met.
      const hover = await support.within(server.connection.sendRequest(lsp.HoverRequest.type, {
        textDocument: { uri: support.uri(rustOs) }, position: { line: walk43.line, character: 6 },
      }), 'hover');
      assert.equal(hover.contents.kind, 'markdown');
      const markdown = hover.contents.value;
      assert.ok(markdown.startsWith('**walk 0x20_1008** → 0x40_1008 4 KiB k:r-x u:--- WB\n\n'), markdown);
      assert.deepEqual(markdown.split('\n').filter((l) => /^\| (PML4|PDPT|PD|PT) \|/.test(l)).map((l) => l.split(' | ')[0]),
        ['| PML4', '| PDPT', '| PD', '| PT']);
      assert.match(markdown, /page base 0x40_1000,/);
      assert.ok(markdown.endsWith('as expected\n'), markdown);
      const statement = lines[walk43.line];
      assert.deepEqual(hover.range, {
        start: { line: walk43.line, character: statement.indexOf('walk') },
        end: { line: walk43.line, character: statement.trimEnd().length },
      });

      await support.within(server.connection.sendRequest(lsp.ShutdownRequest.type), 'shutdown answer');
      server.connection.sendNotification(lsp.ExitNotification.type);
      const exit = await support.within(server.exited, 'exit of ptc lsp');
      assert.deepEqual(exit, { code: 0, signal: null }, `stderr: ${server.stderr()}`);
    } finally {
      server.connection.dispose();
      server.child.kill('SIGKILL');
      fs.rmSync(workspace.dir, { recursive: true, force: true });
    }
  });

test('ptAddress spells addresses as PT does', () => {
  assert.deepEqual(['0x0040_1008', '0x1000', '0x0', '0x0100_0020_1a10', '0o777'].map(ptAddress),
    ['0x40_1008', '0x1000', '0x0', '0x100_0020_1a10', '0x1ff']);
});
