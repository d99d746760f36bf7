// Where SARIF points: the baseline (or config) file relative to the repository root that holds it,
// whatever folder trustpack check ran in and however the path was given.
import { mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, relative } from 'node:path'
import { pathToFileURL } from 'node:url'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { artifactUriOf, findRepositoryRoot } from '../../src/report/ci/location.js'

let dir: string
beforeEach(() => {
  // realpath: the temporary folder may sit behind a symlink (macOS /tmp), and the URI is computed on real paths
  dir = realpathSync(mkdtempSync(join(tmpdir(), 'tp-loc-')))
})
afterEach(() => { rmSync(dir, { recursive: true, force: true }) })

function file(path: string): string {
  const abs = join(dir, path)
  mkdirSync(join(abs, '..'), { recursive: true })
  writeFileSync(abs, '{}\n')
  return abs
}

describe('artifactUriOf', () => {
  it('is relative to the repository root, not the working folder, for a relative or absolute path', () => {
    mkdirSync(join(dir, 'repo', '.git'), { recursive: true })
    const baseline = file('repo/compliance/trustpack-baseline.json')
    const cwd = join(dir, 'repo', 'infra', 'prod')
    mkdirSync(cwd, { recursive: true })
    expect(artifactUriOf(baseline, cwd)).toBe('compliance/trustpack-baseline.json')
    expect(artifactUriOf(relative(cwd, baseline), cwd)).toBe('compliance/trustpack-baseline.json')
    expect(artifactUriOf('trustpack-baseline.json', join(dir, 'repo', 'compliance'))).toBe('compliance/trustpack-baseline.json')
    expect(findRepositoryRoot(baseline)).toBe(join(dir, 'repo'))
  })

  it('finds a worktree or submodule root, where .git is a file', () => {
    mkdirSync(join(dir, 'outer', '.git'), { recursive: true })
    const baseline = file('outer/inner/ci/trustpack-baseline.json')
    writeFileSync(join(dir, 'outer', 'inner', '.git'), 'gitdir: ../.git/worktrees/inner\n')
    // the nearest root wins
    expect(artifactUriOf(baseline, join(dir, 'outer'))).toBe('ci/trustpack-baseline.json')
  })

  it('falls back to the working folder when no repository holds the file', () => {
    const baseline = file('work/ci/trustpack-baseline.json')
    expect(artifactUriOf(baseline, join(dir, 'work'))).toBe('ci/trustpack-baseline.json')
  })

  it('is an absolute file: URI when the file is outside both the repository and the working folder', () => {
    const baseline = file('elsewhere/trustpack-baseline.json')
    mkdirSync(join(dir, 'work'), { recursive: true })
    expect(artifactUriOf(baseline, join(dir, 'work'))).toBe(pathToFileURL(baseline).href)
  })

  it('percent-encodes each path segment and uses forward slashes', () => {
    mkdirSync(join(dir, 'repo', '.git'), { recursive: true })
    const baseline = file('repo/ci gates/base#1 100%.json')
    expect(artifactUriOf(baseline, join(dir, 'repo'))).toBe('ci%20gates/base%231%20100%25.json')
  })

  it('works for a file that does not exist yet (a baseline this run creates)', () => {
    mkdirSync(join(dir, 'repo', '.git'), { recursive: true })
    expect(artifactUriOf(join(dir, 'repo', 'new', 'trustpack-baseline.json'), join(dir, 'repo'))).toBe('new/trustpack-baseline.json')
  })
})
