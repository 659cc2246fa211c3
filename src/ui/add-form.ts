// The `recall add` form as a state machine over keys: pick a deck, pick a form, type the card,
// preview it with its duplicate check, save. No React here, so a key never sees stale state.
import { draftMarkdown, draftProblem, type CardDraft } from '../core/deck-edit.js';
import type { Card } from '../core/types.js';
import { editBuffer, emptyBuffer, type EditKey, type TextBuffer } from './text-buffer.js';
import { m } from '../i18n/index.js';

export interface DeckChoice {
  deck: string;
  file: string;
  cards: number;
}

export type CardForm = 'basic' | 'reverse' | 'cloze';

/** The forms a card can take, each with its key; the screen names them (m.add.form.forms). */
export const FORMS: { form: CardForm; key: string }[] = [
  { form: 'basic', key: 'b' },
  { form: 'reverse', key: 'r' },
  { form: 'cloze', key: 'c' },
];

/** What the form needs from outside: a dry run of the append, and the write itself. */
export interface AddActions {
  /** The cards the snippet would add, with its file and any similar cards; throws a message on a problem. */
  plan(deck: string, snippet: string): { file: string; created: boolean; cards: Card[]; duplicate?: string; similar: string[] };
  /** Writes it; returns the line to show. */
  save(deck: string, snippet: string): string;
}

export type Field = 'front' | 'back' | 'text' | 'heading';
export type Step = 'deck' | 'newDeck' | 'form' | Field | 'preview' | 'saved' | 'closed' | 'cancelled';

const FIELDS: Record<CardForm, Field[]> = { basic: ['front', 'back'], reverse: ['front', 'back'], cloze: ['text', 'heading'] };

export class AddForm {
  step: Step;
  deckIndex = 0;
  deck = '';
  newDeck = emptyBuffer();
  formIndex = 0;
  fields: Record<Field, TextBuffer> = { front: emptyBuffer(), back: emptyBuffer(), text: emptyBuffer(), heading: emptyBuffer() };
  preview?: ReturnType<AddActions['plan']>;
  error?: string;
  message?: string;
  /** Cards saved while the form was open: after each save, Enter starts another card, Esc closes. */
  saved = 0;

  constructor(
    readonly decks: DeckChoice[],
    private readonly actions: AddActions,
    deck?: string,
  ) {
    if (deck) {
      this.deck = deck;
      this.step = 'form';
    } else {
      this.step = 'deck';
    }
  }

  get form(): CardForm {
    return FORMS[this.formIndex]!.form;
  }

  get done(): boolean {
    return this.step === 'closed' || this.step === 'cancelled';
  }

  /** True when the field takes several lines (Enter is a line break there, Tab moves on). */
  multiline(field: Field): boolean {
    return field === 'text' || field === 'back';
  }

  draft(): CardDraft {
    const f = this.fields;
    if (this.form === 'cloze') return { form: 'cloze', text: f.text.text, heading: f.heading.text.trim() || undefined };
    return { form: this.form, front: f.front.text, back: f.back.text };
  }

  key(input: string, key: EditKey & { shift?: boolean }): void {
    if (this.done) return;
    // Keys typed while a frame renders can arrive as one chunk ("b" then the question): in a
    // list each character is a key, and in a text field a Tab still moves to the next field.
    if (input.length > 1 && !key.ctrl && !key.meta) {
      const chooser = this.step === 'deck' || this.step === 'form' || this.step === 'preview';
      if (chooser) {
        for (const ch of input) this.key(ch === '\r' ? '' : ch, ch === '\r' ? { return: true } : ch === '\t' ? { tab: true } : {});
        return;
      }
      const tab = input.indexOf('\t');
      if (tab !== -1) {
        if (tab > 0) this.key(input.slice(0, tab), {});
        this.key('', { tab: true });
        if (tab < input.length - 1) this.key(input.slice(tab + 1), {});
        return;
      }
    }
    if (key.escape) {
      this.step = this.saved > 0 ? 'closed' : 'cancelled';
      return;
    }
    this.error = undefined;
    switch (this.step) {
      case 'deck':
        return this.deckKey(key);
      case 'newDeck': {
        if (key.return) {
          const name = this.newDeck.text.trim();
          if (name === '') this.error = m.add.form.typeDeckName;
          else {
            this.deck = name;
            this.step = 'form';
          }
          return;
        }
        this.newDeck = editBuffer(this.newDeck, input, key, false) ?? this.newDeck;
        return;
      }
      case 'form':
        return this.formKey(input, key);
      case 'preview':
        return this.previewKey(input, key);
      case 'saved':
        if (key.return) this.another();
        return;
      case 'closed':
      case 'cancelled':
        return;
      default:
        return this.fieldKey(this.step, input, key);
    }
  }

  private deckKey(key: EditKey) {
    const count = this.decks.length + 1; // the last row is "new deck"
    if (key.upArrow) this.deckIndex = (this.deckIndex + count - 1) % count;
    else if (key.downArrow) this.deckIndex = (this.deckIndex + 1) % count;
    else if (key.return) {
      if (this.deckIndex === this.decks.length) this.step = 'newDeck';
      else {
        this.deck = this.decks[this.deckIndex]!.deck;
        this.step = 'form';
      }
    }
  }

  private formKey(input: string, key: EditKey) {
    const byKey = FORMS.findIndex((f) => f.key === input);
    if (byKey !== -1) this.formIndex = byKey;
    else if (key.upArrow) this.formIndex = (this.formIndex + FORMS.length - 1) % FORMS.length;
    else if (key.downArrow) this.formIndex = (this.formIndex + 1) % FORMS.length;
    else if (!key.return) return;
    this.step = FIELDS[this.form][0]!;
  }

  private fieldKey(field: Field, input: string, key: EditKey & { shift?: boolean }) {
    const order = FIELDS[this.form];
    const at = order.indexOf(field);
    if (key.tab && key.shift) {
      this.step = at === 0 ? 'form' : order[at - 1]!;
      return;
    }
    const next = key.tab || (key.return && !this.multiline(field));
    if (next) {
      if (at < order.length - 1) this.step = order[at + 1]!;
      else this.toPreview();
      return;
    }
    this.fields[field] = editBuffer(this.fields[field], input, key, this.multiline(field)) ?? this.fields[field];
  }

  private toPreview() {
    const problem = draftProblem(this.draft());
    if (problem) {
      this.error = problem;
      return;
    }
    try {
      this.preview = this.actions.plan(this.deck, draftMarkdown(this.draft()));
      this.step = 'preview';
    } catch (error) {
      this.error = (error as Error).message;
    }
  }

  /** The next card: same deck and form, empty fields. */
  private another() {
    this.fields = { front: emptyBuffer(), back: emptyBuffer(), text: emptyBuffer(), heading: emptyBuffer() };
    this.preview = undefined;
    this.message = undefined;
    this.step = FIELDS[this.form][0]!;
  }

  private previewKey(input: string, key: EditKey & { shift?: boolean }) {
    if (input === 'e' || (key.tab && key.shift)) {
      this.step = FIELDS[this.form][0]!;
      return;
    }
    if (!(key.return || input === 'y')) return;
    if (this.preview?.duplicate) {
      this.error = m.add.form.cannotSaveDuplicate;
      return;
    }
    try {
      this.message = this.actions.save(this.deck, draftMarkdown(this.draft()));
      this.saved += this.preview?.cards.length ?? 1;
      this.step = 'saved';
    } catch (error) {
      this.error = (error as Error).message;
    }
  }
}
