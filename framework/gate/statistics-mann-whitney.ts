/**
 * The Mann-Whitney U test (Wilcoxon rank-sum), as Kayenta's judge uses it to
 * compare a canary's metric samples with its baseline's: it asks whether one
 * sample tends to be larger than the other without assuming a distribution,
 * which latency never follows. Normal approximation with tie and continuity
 * corrections; fine from about 4 samples a side.
 */

export interface MannWhitneyResult {
  /** U of the first sample: how often one of its values beats one of the second's (ties count half). */
  u: number;
  /** z of U under the null hypothesis. */
  z: number;
  /** One-sided p-value for "the first sample tends to be greater". */
  pGreater: number;
  /** One-sided p-value for "the first sample tends to be smaller". */
  pLess: number;
  /** Two-sided p-value. */
  pTwoSided: number;
  /** U / (n1 * n2): the probability that a value of the first beats one of the second (0.5 = no difference). */
  commonLanguageEffect: number;
}

export function mannWhitneyU(first: readonly number[], second: readonly number[]): MannWhitneyResult {
  const n1 = first.length;
  const n2 = second.length;
  if (n1 === 0 || n2 === 0) throw new Error(`mannWhitneyU needs samples on both sides, got ${n1} and ${n2}`);
  const all = [...first.map((value) => ({ value, first: true })), ...second.map((value) => ({ value, first: false }))].sort((a, b) => a.value - b.value);
  // 1. Ranks, averaged over ties; 2. the tie term for the variance.
  let rankSumFirst = 0;
  let tieTerm = 0;
  for (let i = 0; i < all.length; ) {
    let j = i;
    while (j + 1 < all.length && all[j + 1]!.value === all[i]!.value) j++;
    const rank = (i + j + 2) / 2;
    const tied = j - i + 1;
    for (let k = i; k <= j; k++) if (all[k]!.first) rankSumFirst += rank;
    tieTerm += tied ** 3 - tied;
    i = j + 1;
  }
  const u = rankSumFirst - (n1 * (n1 + 1)) / 2;
  const n = n1 + n2;
  const mean = (n1 * n2) / 2;
  const variance = ((n1 * n2) / 12) * (n + 1 - tieTerm / (n * (n - 1)));
  if (variance <= 0) return { u, z: 0, pGreater: 1, pLess: 1, pTwoSided: 1, commonLanguageEffect: u / (n1 * n2) };
  const sd = Math.sqrt(variance);
  // 3. Continuity correction toward the mean for each one-sided test.
  const zGreater = (u - mean - 0.5) / sd;
  const zLess = (u - mean + 0.5) / sd;
  const pGreater = clamp01(1 - normalCdf(zGreater));
  const pLess = clamp01(normalCdf(zLess));
  return { u, z: (u - mean) / sd, pGreater, pLess, pTwoSided: Math.min(1, 2 * Math.min(pGreater, pLess)), commonLanguageEffect: u / (n1 * n2) };
}

/** The standard normal CDF (Abramowitz-Stegun 7.1.26 for erf; absolute error below 1.5e-7). */
export function normalCdf(z: number): number {
  const x = Math.abs(z) / Math.SQRT2;
  const t = 1 / (1 + 0.3275911 * x);
  const erf = 1 - ((((1.061405429 * t - 1.453152027) * t + 1.421413741) * t - 0.284496736) * t + 0.254829592) * t * Math.exp(-x * x);
  return z >= 0 ? (1 + erf) / 2 : (1 - erf) / 2;
}

function clamp01(p: number): number {
  return Math.min(1, Math.max(0, p));
}

export function median(values: readonly number[]): number {
  if (!values.length) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}
