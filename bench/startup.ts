// npm run bench:startup — how long the CLI takes to answer before it does any work: `node bin/run.js`
// with --help, --version, `controls list` and `scan --help`, each run N times (BENCH_RUNS, default 7)
// after one discarded warm-up, interleaved so a busy moment on the machine hits every case alike, with
// `node -e 0` measured in the same run as the baseline. Prints median and p90 wall time, the ratio to bare
// node (the figure to compare across machines), and the peak RSS. Goal: `--help` under 300 ms.
//
// BENCH_BEFORE=DIR also measures another built checkout of trustpack (e.g. the commit before a change) in
// the same interleaved run, and prints each case's ratio to it.
import { spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { availableParallelism, loadavg } from 'node:os'
import { join, resolve } from 'node:path'
import { projectRoot } from '../src/core/version.js'

const GOAL_HELP_MS = 300
const TIME = '/usr/bin/time'

interface Case {
  label: string
  root: string | null
  args: string[]
}

const CASES: { label: string; args: string[] }[] = [
  { label: '--help', args: ['--help'] },
  { label: '--version', args: ['--version'] },
  { label: 'controls list', args: ['controls', 'list'] },
  { label: 'scan --help', args: ['scan', '--help'] },
]

function nodeArgs(c: Case): string[] {
  return c.root ? [join(c.root, 'bin', 'run.js'), ...c.args] : ['-e', '0']
}

/** Wall time of one run in ms; a run that fails stops the bench (a timing of an error is no timing). */
function timeOnce(c: Case): number {
  const t0 = process.hrtime.bigint()
  const r = spawnSync(process.execPath, nodeArgs(c), { cwd: c.root ?? process.cwd(), encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } })
  const ms = Number(process.hrtime.bigint() - t0) / 1e6
  if (r.status !== 0) throw new Error(`${c.label} exited ${r.status}: ${r.stderr}`)
  return ms
}

// Without /usr/bin/time the child reports its own peak RSS at exit (a one-line preload, nothing on disk).
const RSS_PRELOAD = `data:text/javascript,process.on('exit',()=>process.stderr.write('\\nTRUSTPACK_RSS_KB='+Math.round(process.resourceUsage().maxRSS)+'\\n'))`

/** Peak resident set of one run, in MB. */
function rssOnce(c: Case): number {
  if (existsSync(TIME)) {
    const r = spawnSync(TIME, ['-f', 'TRUSTPACK_RSS_KB=%M', process.execPath, ...nodeArgs(c)], { cwd: c.root ?? process.cwd(), encoding: 'utf8' })
    const kb = /TRUSTPACK_RSS_KB=(\d+)/.exec(r.stderr)?.[1]
    if (kb) return Number(kb) / 1024
  }
  const r = spawnSync(process.execPath, ['--import', RSS_PRELOAD, ...nodeArgs(c)], { cwd: c.root ?? process.cwd(), encoding: 'utf8' })
  return Number(/TRUSTPACK_RSS_KB=(\d+)/.exec(r.stderr)?.[1] ?? NaN) / 1024
}

function quantile(sorted: readonly number[], q: number): number {
  // Nearest rank: the smallest sample with at least q of the samples at or below it.
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))]!
}

function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b)
  const mid = Math.floor(s.length / 2)
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2
}

function main(): void {
  const runs = Math.max(1, Number(process.env.BENCH_RUNS ?? 7) || 7)
  const root = projectRoot()
  if (!existsSync(join(root, 'oclif.manifest.json'))) console.log('note: no oclif.manifest.json (run `npm run build`): every command is imported to answer --help')
  const before = process.env.BENCH_BEFORE ? resolve(process.env.BENCH_BEFORE) : null
  if (before && !existsSync(join(before, 'bin', 'run.js'))) throw new Error(`BENCH_BEFORE=${before}: no bin/run.js there`)
  const cases: Case[] = [
    { label: 'node -e 0', root: null, args: [] },
    ...CASES.map((c) => ({ ...c, root })),
    ...(before ? CASES.map((c) => ({ label: `${c.label} (before)`, root: before, args: c.args })) : []),
  ]
  const times = new Map<Case, number[]>(cases.map((c) => [c, []]))
  for (const c of cases) timeOnce(c) // warm-up: file cache, compile cache
  for (let i = 0; i < runs; i++) for (const c of cases) times.get(c)!.push(timeOnce(c))
  const rss = new Map<Case, number>(cases.map((c) => [c, median([rssOnce(c), rssOnce(c), rssOnce(c)])]))

  const stat = (c: Case): { med: number; p90: number } => {
    const s = [...times.get(c)!].sort((a, b) => a - b)
    return { med: median(s), p90: quantile(s, 0.9) }
  }
  const bare = stat(cases[0]!).med
  console.log(`trustpack start-up: ${runs} runs each after a warm-up, interleaved; node ${process.version}, ${availableParallelism()} CPUs, load average ${loadavg()[0]!.toFixed(1)}; RSS by ${existsSync(TIME) ? TIME : 'process.resourceUsage() in the child'}`)
  console.log(`${'case'.padEnd(26)}${'median'.padStart(10)}${'p90'.padStart(10)}${'× node -e 0'.padStart(13)}${'peak RSS'.padStart(11)}${before ? '× before'.padStart(10) : ''}`)
  for (const c of cases) {
    const { med, p90 } = stat(c)
    const twin = before && c.root === root ? cases.find((b) => b.root === before && b.args.join(' ') === c.args.join(' ')) : undefined
    const vsBefore = twin ? `${(med / stat(twin).med).toFixed(2)}×`.padStart(10) : before ? ''.padStart(10) : ''
    console.log(`${c.label.padEnd(26)}${`${med.toFixed(0)} ms`.padStart(10)}${`${p90.toFixed(0)} ms`.padStart(10)}${`${(med / bare).toFixed(1)}×`.padStart(13)}${`${rss.get(c)!.toFixed(0)} MB`.padStart(11)}${vsBefore}`)
  }
  const help = stat(cases.find((c) => c.root === root && c.label === '--help')!)
  console.log(`goal: --help under ${GOAL_HELP_MS} ms: ${help.med < GOAL_HELP_MS ? 'met' : 'NOT met'} (median ${help.med.toFixed(0)} ms = ${(help.med / bare).toFixed(1)}× bare node)`)
}

main()
