// The real pipeline on the bundled sample estate (emulator -> scan -> evaluate -> answer): the sample
// buyer questionnaire must never get a favourable answer on a drifted setting.
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { evaluateSnapshot } from '../../src/app/evaluate.js'
import { answerQuestionnaire } from '../../src/app/answer.js'
import { loadConfig } from '../../src/core/config.js'
import { projectRoot } from '../../src/core/version.js'
import type { Results } from '../../src/snapshot/results.js'
import type { Answer } from '../../src/questionnaire/types.js'
import { scanEmulator, withEmulator } from '../collect/helpers.js'
import { buildSampleEstate } from '../../src/emulator/estates/sample.js'
import { FIXTURES, NOW, tmp } from './helpers.js'

describe('answering from the sample estate', () => {
  let results: Results
  let answers: Answer[]
  let review: string

  beforeAll(async () => {
    const dir = tmp()
    const scan = await withEmulator({ estate: await buildSampleEstate() }, (emu) => scanEmulator(emu))
    const config = loadConfig(join(projectRoot(), 'src', 'emulator', 'demo', 'trustpack.yaml'))
    results = evaluateSnapshot({ snapshot: scan.snapshot, snapshotSha256: scan.sha256, config, now: NOW })
    const resultsPath = join(dir, 'results.json')
    writeFileSync(resultsPath, JSON.stringify(results))
    const r = await answerQuestionnaire({ questionnairePath: join(FIXTURES, 'sample-buyer-questionnaire.xlsx'), resultsPath, outPath: join(dir, 'filled.xlsx'), now: NOW })
    answers = r.answers
    review = readFileSync(r.reviewPath!, 'utf8')
  })

  it('gives no yes citing a check that fails or could not be read', () => {
    const bad = new Set(results.findings.filter((f) => f.status === 'fail' || f.status === 'error').map((f) => f.checkId))
    expect(bad.size).toBeGreaterThan(0)
    for (const a of answers) {
      if (a.answer !== 'yes') continue
      for (const c of a.citations) expect(bad.has(c), `Q${a.questionId} "${a.question}" is yes but cites failing ${c}`).toBe(false)
    }
  })

  it('does not answer yes to questions about the drifted settings, and names the resources for the reviewer only', () => {
    const byId = new Map(answers.map((a) => [a.questionId, a]))
    for (const [id, check] of [['5', 'storage-min-tls'], ['12', 'keyvault-key-rotation'], ['17', 'sql-db-pitr-retention'], ['25', 'nsg-no-open-admin-ports'], ['30', 'servicebus-local-auth-disabled']] as const) {
      const a = byId.get(id)!
      // Q17 asks for a value ("for how many days…"): a value that does not hold everywhere goes to a person,
      // or is given with where it falls short ("on 3 of 5 databases; not everywhere…").
      expect(id === '17' ? ['unknown', 'text'] : ['partial', 'no'], `Q${id}`).toContain(a.answer)
      if (a.answer === 'text') expect(a.value, `Q${id}`).toMatch(/ of \d+ .*not everywhere/)
      const failing = results.findings.filter((f) => f.checkId === check && f.status === 'fail')
      expect(failing.length, check).toBeGreaterThan(0)
      const name = failing[0]!.resourceId.split('/').pop()!
      if (id !== '17') expect(review.split('\n').filter((l) => l.startsWith(`| ${id} |`)).join('\n'), `Q${id}`).toContain(name)
      expect(a.rationale, `Q${id}`).not.toContain(name)
    }
    // and the settings that hold are answered
    expect(byId.get('8')!.answer).toBe('yes')
    expect(byId.get('23')!.answer).toBe('no') // databases not reachable from the internet
    expect(byId.get('47')!.answer).toBe('yes') // incident response plan: attested for soc2:CC7.4
  })
})
