// The entry of dist/i18n/zh.cjs: the Chinese catalog, loaded only when the interface is Chinese.
export { zh as catalog } from './zh.js';
