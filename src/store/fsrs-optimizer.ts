// The FSRS optimizer: fsrs-rs, the native addon of @open-spaced-repetition/binding, loaded
// from node_modules. It trains on the libuv thread pool, so the terminal stays responsive.
//
// The addon is required directly from its Linux x64 package, an optional dependency: the
// binding's wrapper lists a package per platform, and the registry this project installs from
// has no 0.5 build of the others, which left package-lock.json unable to satisfy `npm ci`.
import { createRequire } from 'node:module';
import type { ItemRange, TrainingSet } from '../core/optimizer-data.js';
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
/** The addon, loaded on first use; a UserError where it is not installed. */
export function loadBinding(): Binding {
  if (binding) return binding;
  try {
    binding = createRequire(import.meta.url)(ADDON) as Binding;
  } catch {
    throw new UserError(m.state.noOptimizer(`${process.platform}-${process.arch}`), m.state.noOptimizerHint);
  }
  return binding;
}

/**
 * The binding's items of a training set, each made once however many fits and evaluations use
 * it (a million answers make almost as many items; making them is most of the optimizer's
 * time). A review is a grade and a day count, few distinct pairs: each pair is made into a
 * binding object once and shared by every item that holds it (the binding copies them).
 */
const madeItems = new WeakMap<TrainingSet, (Item | null | undefined)[]>();
const madeReviews = new WeakMap<Binding, Map<number, Review>>();

function toBindingItems({ set, from, to }: ItemRange, keep: (k: number) => boolean = () => true): Item[] {
  const b = loadBinding();
  let items = madeItems.get(set);
  if (!items) madeItems.set(set, (items = new Array(set.itemAt.length)));
  let reviews = madeReviews.get(b);
  if (!reviews) madeReviews.set(b, (reviews = new Map()));
  const out: Item[] = [];
  for (let k = from; k < to; k++) {
    if (!keep(k)) continue;
    let item = items[k];
    if (item === undefined) {
      const s = set.itemStart[k]!;
      const list = new Array<Review>(set.itemLength[k]!);
      for (let j = 0; j < list.length; j++) {
        const rating = set.rating[s + j]!;
        const deltaT = set.deltaT[s + j]!;
        const key = deltaT * 8 + rating;
        let review = reviews.get(key);
        if (!review) reviews.set(key, (review = new b.FSRSBindingReview(rating, deltaT)));
        list[j] = review;
      }
      const made = new b.FSRSBindingItem(list);
      items[k] = item = made.includeLongTermReviews() ? made : null;
    }
    if (item) out.push(item);
  }
  return out;
}

/** Fits FSRS-6 parameters (21 numbers) to the items. */
export async function fitParameters(items: ItemRange, onProgress?: (done: number, total: number) => void): Promise<number[]> {
  return loadBinding().computeParameters(toBindingItems(items), {
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
export function evaluateParameters(items: ItemRange, w?: readonly number[]): { logLoss: number; rmse: number } {
  const b = loadBinding();
  const { set } = items;
  const fsrs = new b.FSRSBinding(w ? [...w] : undefined);
  const r = fsrs.evaluate(toBindingItems(items, (k) => set.deltaT[set.itemStart[k]! + set.itemLength[k]! - 1]! > 0));
  return { logLoss: r.logLoss, rmse: r.rmseBins };
}
