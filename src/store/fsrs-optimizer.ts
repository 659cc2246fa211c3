// The FSRS optimizer: fsrs-rs, the native addon of @open-spaced-repetition/binding, loaded
// from node_modules. It trains on the libuv thread pool, so the terminal stays responsive.
//
// The addon is required directly from its Linux x64 package, an optional dependency: the
// binding's wrapper lists a package per platform, and the registry this project installs from
// has no 0.5 build of the others, which left package-lock.json unable to satisfy `npm ci`.
import { createRequire } from 'node:module';
import type { ItemSpec } from '../core/optimizer-data.js';
import { UserError } from '../errors.js';
import { m } from '../i18n/index.js';

interface Review {
  readonly rating: number;
  readonly deltaT: number;
}
interface Item {
  includeLongTermReviews(): boolean;
}
/** The part of the binding's API recall uses (its index.d.ts, version 0.5). */
interface Binding {
  FSRSBindingReview: new (rating: number, deltaT: number) => Review;
  FSRSBindingItem: new (reviews: Review[]) => Item;
  FSRSBinding: new (parameters?: number[]) => { evaluate(items: Item[]): { logLoss: number; rmseBins: number } };
  computeParameters(
    items: Item[],
    options: { enableShortTerm: boolean; timeout?: number; progress?: (current: number, total: number) => boolean | undefined | void },
  ): Promise<number[]>;
}

const ADDON = '@open-spaced-repetition/binding-linux-x64-gnu';

let binding: Binding | undefined;
function load(): Binding {
  if (binding) return binding;
  try {
    binding = createRequire(import.meta.url)(ADDON) as Binding;
  } catch {
    throw new UserError(m.state.noOptimizer(`${process.platform}-${process.arch}`), m.state.noOptimizerHint);
  }
  return binding;
}

/**
 * The binding's items, each made once however many fits and evaluations use it (a million
 * answers make as many items; making them was most of the optimizer's time), and a card's
 * answers made into binding objects once for all its items.
 */
const bindingItems = new WeakMap<ItemSpec, Item | null>();
const bindingReviews = new WeakMap<ItemSpec['reviews'], Review[]>();

function toBindingItems(items: readonly ItemSpec[]) {
  const b = load();
  const out: Item[] = [];
  for (const i of items) {
    let item = bindingItems.get(i);
    if (item === undefined) {
      let reviews = bindingReviews.get(i.reviews);
      if (!reviews) bindingReviews.set(i.reviews, (reviews = i.reviews.map((r) => new b.FSRSBindingReview(r.rating, r.deltaT))));
      const made = new b.FSRSBindingItem(reviews.slice(0, i.length));
      item = made.includeLongTermReviews() ? made : null;
      bindingItems.set(i, item);
    }
    if (item) out.push(item);
  }
  return out;
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
  const r = fsrs.evaluate(toBindingItems(items.filter((i) => i.reviews[i.length - 1]!.deltaT > 0)));
  return { logLoss: r.logLoss, rmse: r.rmseBins };
}
