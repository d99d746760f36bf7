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
  private readonly idfs = new Map<string, number>()
  /** Per document: the sum of idf over its distinct terms (the denominator of docCoverage). */
  private readonly weights: number[]
  private readonly postings = new Map<string, number[]>()

  constructor(private readonly docs: Bm25Doc<T>[], private readonly k1 = 1.2, private readonly b = 0.6) {
    this.tfs = docs.map((d) => {
      const tf = new Map<string, number>()
      for (const t of d.tokens) tf.set(t, (tf.get(t) ?? 0) + 1)
      for (const t of tf.keys()) this.df.set(t, (this.df.get(t) ?? 0) + 1)
      return tf
    })
    this.lens = docs.map((d) => d.tokens.length)
    this.avgLen = this.lens.reduce((a, b) => a + b, 0) / Math.max(1, docs.length)
    for (const t of this.df.keys()) this.idfs.set(t, this.computeIdf(t))
    this.weights = this.tfs.map((tf) => [...tf.keys()].reduce((sum, t) => sum + this.idf(t), 0))
    this.tfs.forEach((tf, i) => {
      for (const t of tf.keys()) {
        const list = this.postings.get(t) ?? []
        list.push(i)
        this.postings.set(t, list)
      }
    })
  }

  idf(term: string): number {
    return this.idfs.get(term) ?? this.computeIdf(term)
  }

  private computeIdf(term: string): number {
    const n = this.docs.length
    const df = this.df.get(term) ?? 0
    // Unknown terms weigh like the rarest known ones: a question full of words we have never seen is not well covered.
    if (df === 0) return Math.log(1 + (n - 0.5) / 1.5)
    return Math.log(1 + (n - df + 0.5) / (df + 0.5))
  }

  search(query: string[], limit = 10): Bm25Hit<T>[] {
    const qTerms = [...new Set(query)]
    const qWeight = qTerms.reduce((s, t) => s + this.idf(t), 0)
    const score = new Map<number, number>()
    const covered = new Map<number, number>()
    for (const t of qTerms) {
      const idf = this.idf(t)
      for (const i of this.postings.get(t) ?? []) {
        const f = this.tfs[i]!.get(t)!
        score.set(i, (score.get(i) ?? 0) + idf * ((f * (this.k1 + 1)) / (f + this.k1 * (1 - this.b + (this.b * this.lens[i]!) / this.avgLen))))
        covered.set(i, (covered.get(i) ?? 0) + idf)
      }
    }
    const hits: Bm25Hit<T>[] = []
    for (const [i, sc] of score) {
      if (sc <= 0) continue
      const c = covered.get(i)!
      hits.push({
        ref: this.docs[i]!.ref,
        score: sc,
        queryCoverage: qWeight > 0 ? c / qWeight : 0,
        docCoverage: this.weights[i]! > 0 ? c / this.weights[i]! : 0,
      })
    }
    hits.sort((a, b) => b.score - a.score)
    return hits.slice(0, limit)
  }
}
