// Stands in for yoga-layout, whose entry waits for its WASM with a top-level await, which a
// CommonJS bundle cannot hold. Ink reads Yoga.* only while laying out, so the object is filled
// in when the WASM is ready; the review screen awaits yogaReady before its first render.
import loadYoga from '../node_modules/yoga-layout/dist/binaries/yoga-wasm-base64-esm.js';
import wrapAssembly from '../node_modules/yoga-layout/dist/src/wrapAssembly.js';

export * from '../node_modules/yoga-layout/dist/src/generated/YGEnums.js';

const Yoga = {};
export default Yoga;
export const yogaReady = loadYoga().then((lib) => {
  Object.assign(Yoga, wrapAssembly(lib));
});
