'use strict';
// The extension's build step (`npm run build`, and `vscode:prepublish` before `vsce package`): copies the TextMate
// grammar, kept once in editors/textmate/, into syntaxes/ (not committed), where package.json's
// `contributes.grammars` and the .vsix find it, and makes target/, where `npm run package` writes the .vsix.
const fs = require('node:fs');
const path = require('node:path');

const here = path.join(__dirname, '..');
const source = path.join(here, '..', 'textmate', 'pt.tmLanguage.json');
const target = path.join(here, 'syntaxes', 'pt.tmLanguage.json');
if (!fs.existsSync(source)) {
  console.error(`build: ${source} is missing (the extension is built inside a PT checkout)`);
  process.exit(1);
}
JSON.parse(fs.readFileSync(source, 'utf8')); // a grammar that is no JSON stops the build here, not in the editor
fs.mkdirSync(path.dirname(target), { recursive: true });
fs.copyFileSync(source, target);
fs.mkdirSync(path.join(here, 'target'), { recursive: true });
console.log(`build: copied ${path.relative(here, source)} to ${path.relative(here, target)}`);
