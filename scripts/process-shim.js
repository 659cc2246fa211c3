// `import process from 'node:process'` in a CommonJS bundle becomes a copy of every property
// of process, made again in each of the eleven Ink modules that import it (about 5 ms at every
// start). The global is the same object.
export default process;
export const cwd = () => process.cwd();
