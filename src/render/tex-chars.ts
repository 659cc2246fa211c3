// The characters formulas are drawn with in a terminal: Unicode sub- and superscripts, the classes
// of operators (for spacing), accents as combining marks, and the pieces of tall brackets. Temml
// has already turned every TeX command into its character; these tables only say how to place it.

const SUPERSCRIPT: Record<string, string> = {};
const SUBSCRIPT: Record<string, string> = {};
function table(into: Record<string, string>, from: string, to: string) {
  const a = [...from];
  const b = [...to];
  a.forEach((ch, i) => (into[ch] = b[i]!));
}
table(SUPERSCRIPT, '0123456789+-−=() ', '⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻⁻⁼⁽⁾ ');
table(SUPERSCRIPT, 'abcdefghijklmnoprstuvwxyz', 'ᵃᵇᶜᵈᵉᶠᵍʰⁱʲᵏˡᵐⁿᵒᵖʳˢᵗᵘᵛʷˣʸᶻ');
table(SUPERSCRIPT, 'ABDEGHIJKLMNOPRTUVW⊤', 'ᴬᴮᴰᴱᴳᴴᴵᴶᴷᴸᴹᴺᴼᴾᴿᵀᵁⱽᵂᵀ');
table(SUPERSCRIPT, 'αβγδεϵθιφϕχ', 'ᵅᵝᵞᵟᵋᵋᶿᶥᵠᵠᵡ');
table(SUBSCRIPT, '0123456789+-−=() ', '₀₁₂₃₄₅₆₇₈₉₊₋₋₌₍₎ ');
table(SUBSCRIPT, 'aehijklmnoprstuvx', 'ₐₑₕᵢⱼₖₗₘₙₒₚᵣₛₜᵤᵥₓ');
table(SUBSCRIPT, 'βγρφϕχ', 'ᵦᵧᵨᵩᵩᵪ');
/** Written after the base as they are: x′, x*, A†, 90°. */
const RAISED = new Set([...'′″‴⁗\'*∗†‡∘°']);

export const BIG_OPERATORS = new Set([...'∑∏∐∫∬∭∮∯∰⋃⋂⨁⨂⨀⨄⋁⋀']);
export const LIMIT_NAMES = /^(lim|lim inf|lim sup|liminf|limsup|max|min|sup|inf|arg ?max|arg ?min|det|gcd|Pr|plim)$/;
export const RELATIONS = new Set([...'=<>≤≥≦≧≠≈≉≡≢∼≃≅≊≍∝∈∉∋∌⊂⊃⊆⊇⊊⊋⊏⊐⊑⊒≺≻⪯⪰≼≽≪≫≲≳∣∤∥∦⊢⊣⊨⊩⊥≔≕≜≝≐≗:∷⋈⊲⊳⊴⊵']);
export const BINARY = new Set([...'+−-±∓×÷⋅·∘∙∗⋆⊕⊖⊗⊘⊙⊚⊛⊞⊟⊠⊡∪∩⊎⊓⊔∧∨∖≀⋄⋉⋊⋋⋌⊻⊼⊽']);
export const OPENING = new Set([...'([{⟨⌊⌈⟦⦃⟮']);
export const CLOSING = new Set([...')]}⟩⌋⌉⟧⦄⟯']);
export const INVISIBLE = /[\u2061-\u2064]/g;

export function isArrow(ch: string): boolean {
  const c = ch.codePointAt(0)!;
  return (c >= 0x2190 && c <= 0x21ff) || (c >= 0x27f0 && c <= 0x27ff) || (c >= 0x2900 && c <= 0x297f);
}

/** Combining marks for accents over one character; bars and underlines go over every character. */
export const ACCENTS: Record<string, { mark: string; name: string; each?: boolean }> = {
  'ˆ': { mark: '\u0302', name: 'hat' },
  '^': { mark: '\u0302', name: 'hat' },
  '˜': { mark: '\u0303', name: 'tilde' },
  '~': { mark: '\u0303', name: 'tilde' },
  '‾': { mark: '\u0304', name: 'bar', each: true },
  '¯': { mark: '\u0304', name: 'bar', each: true },
  'ˉ': { mark: '\u0304', name: 'bar', each: true },
  'ˇ': { mark: '\u030c', name: 'check' },
  '˘': { mark: '\u0306', name: 'breve' },
  '˙': { mark: '\u0307', name: 'dot' },
  '¨': { mark: '\u0308', name: 'ddot' },
  '⃛': { mark: '\u20db', name: 'dddot' },
  '→': { mark: '\u20d7', name: 'vec' },
  '⃗': { mark: '\u20d7', name: 'vec' },
  '´': { mark: '\u0301', name: 'acute' },
  '`': { mark: '\u0300', name: 'grave' },
  '˚': { mark: '\u030a', name: 'mathring' },
};
export const UNDER_ACCENTS: Record<string, { mark: string; name: string; each?: boolean }> = {
  _: { mark: '\u0332', name: 'underline', each: true },
  '‾': { mark: '\u0332', name: 'underline', each: true },
  '̲': { mark: '\u0332', name: 'underline', each: true },
};

/** Characters drawn as tall as a multi-row box: top, middle (repeated), bottom, and the centre piece. */
export const TALL: Record<string, { top: string; mid: string; bottom: string; centre?: string }> = {
  '(': { top: '⎛', mid: '⎜', bottom: '⎝' },
  ')': { top: '⎞', mid: '⎟', bottom: '⎠' },
  '[': { top: '⎡', mid: '⎢', bottom: '⎣' },
  ']': { top: '⎤', mid: '⎥', bottom: '⎦' },
  '⌈': { top: '⎡', mid: '⎢', bottom: '⎢' },
  '⌉': { top: '⎤', mid: '⎥', bottom: '⎥' },
  '⌊': { top: '⎢', mid: '⎢', bottom: '⎣' },
  '⌋': { top: '⎥', mid: '⎥', bottom: '⎦' },
  '{': { top: '⎧', mid: '⎪', bottom: '⎩', centre: '⎨' },
  '}': { top: '⎫', mid: '⎪', bottom: '⎭', centre: '⎬' },
  '|': { top: '│', mid: '│', bottom: '│' },
  '∣': { top: '│', mid: '│', bottom: '│' },
  '‖': { top: '‖', mid: '‖', bottom: '‖' },
  '∥': { top: '‖', mid: '‖', bottom: '‖' },
};

/** A brace or arrow drawn across `w` columns, under or over what it spans. */
export function stretched(ch: string, w: number): string {
  if (w < 3) return ch.repeat(Math.max(1, w));
  const middle = (left: string, joint: string, right: string) => {
    const half = w - 2;
    return left + '─'.repeat(Math.floor((half - 1) / 2)) + joint + '─'.repeat(Math.ceil((half - 1) / 2)) + right;
  };
  if (ch === '⏞' || ch === '⎴') return middle('┌', '┴', '┐');
  if (ch === '⏟' || ch === '⎵') return middle('└', '┬', '┘');
  if (ch === '→' || ch === '⟶') return '─'.repeat(w - 1) + '→';
  if (ch === '←' || ch === '⟵') return '←' + '─'.repeat(w - 1);
  if (ch === '↔' || ch === '⟷') return '←' + '─'.repeat(w - 2) + '→';
  if (ch === '⇒' || ch === '⟹') return '═'.repeat(w - 1) + '⇒';
  return ch.repeat(w);
}

/** Spaces for a TeX length: \, and \; are one, \quad two, \qquad four. */
export function spacesFor(length: string | undefined, script: boolean): number {
  const m = /^(-?[\d.]+)(em|ex|pt|mu|px)?$/.exec((length ?? '').trim());
  if (!m) return 0;
  const value = Number(m[1]);
  const em = m[2] === 'pt' || m[2] === 'px' ? value / 10 : m[2] === 'mu' ? value / 18 : m[2] === 'ex' ? value / 2 : value;
  if (em < 0.1) return 0;
  if (script) return em >= 0.9 ? 1 : 0;
  return em < 0.9 ? 1 : Math.round(em * 2);
}

/** One-line text as a sub- or superscript: Unicode where every character has one, else _{…}/^{…}. */
export function script(text: string, which: 'sub' | 'sup'): string {
  const chars = [...text];
  if (which === 'sup' && chars.every((c) => RAISED.has(c))) return text.replace(/'/g, '′');
  const map = which === 'sup' ? SUPERSCRIPT : SUBSCRIPT;
  if (chars.every((c) => map[c] !== undefined) && text.trim() !== '') return chars.map((c) => map[c]).join('');
  const mark = which === 'sup' ? '^' : '_';
  return chars.length === 1 ? mark + text : `${mark}{${text}}`;
}
