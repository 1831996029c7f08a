// Reference for the npm SemVer differential test (tests/version_lang.rs).
// Reads JSON lines ["a", "b"] on stdin; prints one line per pair: -1, 0 or 1
// (semver.compare, strict mode), or invalid:a / invalid:b / invalid:ab naming
// the side(s) semver.valid rejects. The first line is `semver <version>`.
'use strict'
const path = require('path')
const readline = require('readline')
const dir = path.join(__dirname, 'node', 'node_modules', 'semver')
const semver = require(dir)
const version = require(path.join(dir, 'package.json')).version

const out = [`semver ${version}`]
const rl = readline.createInterface({ input: process.stdin, crlfDelay: Infinity })
rl.on('line', (line) => {
  const [a, b] = JSON.parse(line)
  const va = semver.valid(a) !== null
  const vb = semver.valid(b) !== null
  if (!va || !vb) {
    out.push('invalid:' + (va ? '' : 'a') + (vb ? '' : 'b'))
  } else {
    out.push(String(semver.compare(a, b)))
  }
})
rl.on('close', () => process.stdout.write(out.join('\n') + '\n'))
