// @mixmark-io/domino (turndown's DOM) ships no types: the one call recall makes.
declare module '@mixmark-io/domino' {
  export function createDocument(html?: string): { createElement(name: string): { innerHTML: string; nodeType: number } };
}
