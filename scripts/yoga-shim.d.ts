/** Resolves when Ink's layout engine (yoga-layout's WASM) is ready to use. */
export declare const yogaReady: Promise<void>;
declare const Yoga: unknown;
export default Yoga;
