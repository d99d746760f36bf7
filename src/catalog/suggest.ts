// "Did you mean" for mistyped IDs, keys and operators.

export function editDistance(a: string, b: string): number {
  const prev = Array.from({ length: b.length + 1 }, (_, j) => j)
  for (let i = 1; i <= a.length; i++) {
    let diag = prev[0]!
    prev[0] = i
    for (let j = 1; j <= b.length; j++) {
      const up = prev[j]!
      prev[j] = Math.min(prev[j]! + 1, prev[j - 1]! + 1, diag + (a[i - 1] === b[j - 1] ? 0 : 1))
      diag = up
    }
  }
  return prev[b.length]!
}

/** The closest option if it is close enough to be a typo, else undefined. */
export function closest(word: string, options: Iterable<string>): string | undefined {
  let best: string | undefined
  let bestD = Infinity
  const w = word.toLowerCase()
  for (const o of options) {
    const d = editDistance(w, o.toLowerCase())
    if (d < bestD || (d === bestD && best !== undefined && o < best)) {
      best = o
      bestD = d
    }
  }
  const limit = Math.max(2, Math.floor(word.length / 3))
  return best !== undefined && bestD <= limit ? best : undefined
}

export function didYouMean(word: string, options: Iterable<string>): string {
  const c = closest(word, options)
  return c ? `; did you mean "${c}"?` : ''
}
