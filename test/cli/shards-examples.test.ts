// The sharded CI examples (docs/examples/*-shards.yml) are valid YAML, fan out with the CI system's own
// matrix / parallel jobs, and run only real trustpack commands and flags (checked against the CLI's oclif
// command list), in the order scan --shard → merge → evaluate → check.
import { describe, expect, it } from 'vitest'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { parse } from 'yaml'
import { Config } from '@oclif/core'
import { projectRoot } from '../../src/core/version.js'
import { parseShard } from '../../src/app/shard.js'

interface Invocation { command: string; flags: Map<string, string | true>; args: string[]; line: string }

/** Every `npx trustpack …` in a shell script, CI expressions replaced by what they are at run time for shard 2 of 4. */
function invocations(script: string): string[] {
  return script
    .replace(/\\\n/g, ' ')
    .replace(/\$\{\{\s*matrix\.shard\s*\}\}/g, '2')
    .replace(/\$\(System\.JobPositionInPhase\)/g, '2')
    .replace(/\$\(System\.TotalJobsInPhase\)/g, '4')
    .replace(/\$\([A-Za-z.]+\)/g, '/agent')
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l.includes('npx trustpack'))
    .map((l) => l.slice(l.indexOf('npx trustpack') + 'npx trustpack'.length).trim())
}

async function loadCli(): Promise<Config> {
  return Config.load(projectRoot())
}

function resolve(cli: Config, line: string): Invocation {
  const tokens = line.split(/\s+/).map((t) => t.replace(/^"(.*)"$/, '$1'))
  let words = 0
  while (words < tokens.length && !tokens[words]!.startsWith('-') && cli.findCommand(tokens.slice(0, words + 1).join(':'))) words++
  const command = tokens.slice(0, words).join(':')
  const cmd = cli.findCommand(command)
  if (!cmd) throw new Error(`not a trustpack command: ${line}`)
  const flags = new Map<string, string | true>()
  const args: string[] = []
  for (let i = words; i < tokens.length; i++) {
    const t = tokens[i]!
    if (!t.startsWith('-')) {
      args.push(t)
      continue
    }
    const name = t.startsWith('--') ? t.slice(2).split('=')[0]! : Object.values(cmd.flags).find((f) => f.char === t.slice(1))?.name
    const flag = name ? cmd.flags[name] : undefined
    if (!flag) throw new Error(`trustpack ${command} has no flag ${t}: ${line}`)
    if (flag.type === 'option') flags.set(flag.name, t.includes('=') ? t.split('=')[1]! : tokens[++i]!)
    else flags.set(flag.name, true)
  }
  if (cmd.strict !== false && args.length > Object.keys(cmd.args).length) throw new Error(`trustpack ${command} takes ${Object.keys(cmd.args).length} argument(s): ${line}`)
  return { command, flags, args, line }
}

function githubScripts(doc: { jobs: Record<string, { steps: { run?: string }[] }> }, job: string): string[] {
  return doc.jobs[job]!.steps.flatMap((s) => (s.run ? [s.run] : []))
}

interface AzureStep { script?: string; inputs?: { inlineScript?: string } }
function azureScripts(doc: { stages: { jobs: { job: string; steps: AzureStep[] }[] }[] }, job: string): string[] {
  const j = doc.stages.flatMap((s) => s.jobs).find((x) => x.job === job)!
  return j.steps.flatMap((s) => [s.script, s.inputs?.inlineScript].filter((x): x is string => typeof x === 'string'))
}

function checkPipeline(cli: Config, scan: Invocation[], gate: Invocation[]): void {
  expect(scan.map((i) => i.command)).toEqual(['scan'])
  const shard = parseShard(String(scan[0]!.flags.get('shard')))
  expect(shard).toEqual({ index: 2, count: 4 })
  const shardOut = String(scan[0]!.flags.get('out'))
  expect(gate.map((i) => i.command)).toEqual(['merge', 'evaluate', 'check'])
  const [merge, evaluate, check] = gate as [Invocation, Invocation, Invocation]
  // merge's glob picks up the file name each shard wrote.
  const glob = merge.args[0]!
  const pattern = new RegExp(`${glob.split('/').pop()!.replace(/[.]/g, '\\.').replace(/\*/g, '[^/]*')}$`)
  expect(shardOut.split('/').pop()).toMatch(pattern)
  const merged = String(merge.flags.get('out'))
  expect(evaluate.flags.get('snapshot')).toBe(merged)
  expect(check.flags.get('snapshot')).toBe(merged)
  expect(check.flags.get('baseline')).toBe('trustpack-baseline.json')
  expect(check.flags.has('require-baseline')).toBe(true)
  expect(cli.findCommand('merge')).toBeDefined()
}

describe('sharded CI examples', () => {
  it('GitHub Actions: a 4-way matrix scans shards, one gate job merges, evaluates and checks', async () => {
    const cli = await loadCli()
    const doc = parse(readFileSync(join(projectRoot(), 'docs/examples/github-actions-shards.yml'), 'utf8')) as {
      jobs: Record<string, { needs?: string; strategy?: { matrix: { shard: number[] } }; steps: { run?: string; uses?: string; with?: Record<string, unknown> }[] }>
    }
    expect(doc.jobs.scan!.strategy!.matrix.shard).toEqual([1, 2, 3, 4])
    expect(doc.jobs.gate!.needs).toBe('scan')
    expect(doc.jobs.scan!.steps.some((s) => s.uses?.startsWith('azure/login@'))).toBe(true)
    expect(doc.jobs.scan!.steps.some((s) => s.uses?.startsWith('actions/upload-artifact@'))).toBe(true)
    expect(doc.jobs.gate!.steps.find((s) => s.uses?.startsWith('actions/download-artifact@'))?.with).toMatchObject({ pattern: 'trustpack-shard-*', 'merge-multiple': true })
    const scan = githubScripts(doc, 'scan').flatMap(invocations).map((l) => resolve(cli, l))
    const gate = githubScripts(doc, 'gate').flatMap(invocations).map((l) => resolve(cli, l))
    checkPipeline(cli, scan, gate)
  })

  it('Azure Pipelines: a parallel: 4 job scans its position\'s shard, the gate job merges, evaluates and checks', async () => {
    const cli = await loadCli()
    const doc = parse(readFileSync(join(projectRoot(), 'docs/examples/azure-pipelines-shards.yml'), 'utf8')) as {
      stages: { jobs: { job: string; dependsOn?: string; strategy?: { parallel: number }; steps: (AzureStep & { task?: string })[] }[] }[]
    }
    const jobs = doc.stages.flatMap((s) => s.jobs)
    expect(jobs.find((j) => j.job === 'scan')!.strategy).toEqual({ parallel: 4 })
    expect(jobs.find((j) => j.job === 'gate')!.dependsOn).toBe('scan')
    expect(jobs.find((j) => j.job === 'scan')!.steps.some((s) => s.task === 'AzureCLI@2')).toBe(true)
    expect(jobs.find((j) => j.job === 'gate')!.steps.some((s) => s.task === 'DownloadPipelineArtifact@2')).toBe(true)
    const scan = azureScripts(doc, 'scan').flatMap(invocations).map((l) => resolve(cli, l))
    const gate = azureScripts(doc, 'gate').flatMap(invocations).map((l) => resolve(cli, l))
    checkPipeline(cli, scan, gate)
  })

  it('finds a flag the CLI does not have', async () => {
    const cli = await loadCli()
    expect(() => resolve(cli, 'merge a.json --output x.json')).toThrow(/has no flag --output/)
    expect(() => resolve(cli, 'scan --shards 1/4')).toThrow(/has no flag --shards/)
    expect(() => resolve(cli, 'gate --snapshot x')).toThrow(/not a trustpack command/)
  })
})
