// The FSRS optimizer (fsrs-rs through @open-spaced-repetition/binding, a native addon loaded
// from node_modules). It trains on the libuv thread pool, so the terminal stays responsive.
import { createRequire } from 'node:module';
import type { ItemSpec } from '../core/optimizer-data.js';

type Binding = typeof import('@open-spaced-repetition/binding');

let binding: Binding | undefined;
function load(): Binding {
  binding ??= createRequire(import.meta.url)('@open-spaced-repetition/binding') as Binding;
  return binding;
}

function toBindingItems(items: readonly ItemSpec[]) {
  const b = load();
  return items
    .map((i) => new b.FSRSBindingItem(i.reviews.map((r) => new b.FSRSBindingReview(r.rating, r.deltaT))))
    .filter((item) => item.includeLongTermReviews());
}

/** Fits FSRS-6 parameters (21 numbers) to the items. */
export async function fitParameters(items: readonly ItemSpec[], onProgress?: (done: number, total: number) => void): Promise<number[]> {
  return load().computeParameters(toBindingItems(items), {
    enableShortTerm: true,
    timeout: 50,
    progress: onProgress ? (current, total) => void onProgress(current, total) : undefined,
  });
}

/**
 * Log loss and RMSE (binned, as FSRS reports it) of the parameters' predictions on the items.
 * Only predictions a day or more after the previous answer count: fsrs-rs refuses to evaluate a
 * same-day answer (InvalidInput), and those are the long-term recalls scheduling is about.
 */
export function evaluateParameters(items: readonly ItemSpec[], w?: readonly number[]): { logLoss: number; rmse: number } {
  const b = load();
  const fsrs = new b.FSRSBinding(w ? [...w] : undefined);
  const r = fsrs.evaluate(toBindingItems(items.filter((i) => i.reviews[i.reviews.length - 1]!.deltaT > 0)));
  return { logLoss: r.logLoss, rmse: r.rmseBins };
}
