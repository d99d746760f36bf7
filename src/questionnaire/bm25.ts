// BM25 ranking over small document sets (library variants, checks, controls), plus an
// idf-weighted coverage score used as the match confidence.

export interface Bm25Doc<T> {
  ref: T
  tokens: string[]
}

export interface Bm25Hit<T> {
  ref: T
  score: number
  /** Share (0–1, idf-weighted) of the query's distinct terms the document contains. */
  queryCoverage: number
  /** Share (0–1, idf-weighted) of the document's distinct terms the query contains. */
  docCoverage: number
}

export class Bm25Index<T> {
  private readonly df = new Map<string, number>()
  private readonly tfs: Map<string, number>[]
  private readonly lens: number[]
  private readonly avgLen: number

  constructor(private readonly docs: Bm25Doc<T>[], private readonly k1 = 1.2, private readonly b = 0.6) {
    this.tfs = docs.map((d) => {
      const tf = new Map<string, number>()
      for (const t of d.tokens) tf.set(t, (tf.get(t) ?? 0) + 1)
      for (const t of tf.keys()) this.df.set(t, (this.df.get(t) ?? 0) + 1)
      return tf
    })
    this.lens = docs.map((d) => d.tokens.length)
    this.avgLen = this.lens.reduce((a, b) => a + b, 0) / Math.max(1, docs.length)
  }

  idf(term: string): number {
    const n = this.docs.length
    const df = this.df.get(term) ?? 0
    // Unknown terms weigh like the rarest known ones: a question full of words we have never seen is not well covered.
    if (df === 0) return Math.log(1 + (n - 0.5) / 1.5)
    return Math.log(1 + (n - df + 0.5) / (df + 0.5))
  }

  search(query: string[], limit = 10): Bm25Hit<T>[] {
    const qTerms = [...new Set(query)]
    const qWeight = qTerms.reduce((s, t) => s + this.idf(t), 0)
    const hits: Bm25Hit<T>[] = []
    this.tfs.forEach((tf, i) => {
      let score = 0
      let covered = 0
      for (const t of qTerms) {
        const f = tf.get(t)
        if (!f) continue
        const idf = this.idf(t)
        covered += idf
        score += idf * ((f * (this.k1 + 1)) / (f + this.k1 * (1 - this.b + (this.b * this.lens[i]!) / this.avgLen)))
      }
      if (score <= 0) return
      let dWeight = 0
      let dCovered = 0
      const qSet = new Set(qTerms)
      for (const t of tf.keys()) {
        const idf = this.idf(t)
        dWeight += idf
        if (qSet.has(t)) dCovered += idf
      }
      hits.push({
        ref: this.docs[i]!.ref,
        score,
        queryCoverage: qWeight > 0 ? covered / qWeight : 0,
        docCoverage: dWeight > 0 ? dCovered / dWeight : 0,
      })
    })
    hits.sort((a, b) => b.score - a.score)
    return hits.slice(0, limit)
  }
}
