// The entry of dist/render/matter.cjs: gray-matter, loaded when a deck file is first parsed (see core/matter.ts).
export { default as matter } from 'gray-matter';
