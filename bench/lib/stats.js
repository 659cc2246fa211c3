// Order statistics for the bench's tables.

/** The q-quantile (0..1) with linear interpolation between order statistics (numpy's default). */
export function quantile(xs, q) {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  const at = (s.length - 1) * q;
  const lo = Math.floor(at);
  const hi = Math.ceil(at);
  return s[lo] + (s[hi] - s[lo]) * (at - lo);
}

/** Median and the p10–p90 spread of a sample. */
export function spread(xs) {
  return { n: xs.length, median: quantile(xs, 0.5), p10: quantile(xs, 0.1), p90: quantile(xs, 0.9) };
}

/** Run i of the case over run i of its baseline, for every i. */
export function pairedRatios(cases, baselines) {
  if (cases.length !== baselines.length) throw new Error('paired ratios need as many baseline runs as case runs');
  return cases.map((c, i) => c / baselines[i]);
}
