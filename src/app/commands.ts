// Every command and option, declared once. The CLI parses with these specs, `--help` is made from
// them, the build bundles one file per command, and each command receives its values typed.
// Plain data with no imports of the commands themselves, so nothing here closes an import cycle.

export interface OptionSpec {
  readonly type: 'string' | 'boolean';
  readonly short?: string;
  readonly multiple?: boolean;
  /** The placeholder of a string option's value in the help: `--deck NAME`. */
  readonly value?: string;
  readonly help: string;
}

export interface CommandSpec {
  readonly summary: string;
  /** What follows `recall NAME` besides the options, e.g. `FILE-OR-FOLDER`; absent when none. */
  readonly positionals?: string;
  readonly options: Readonly<Record<string, OptionSpec>>;
  /** Lines after the options in `recall NAME --help`. */
  readonly notes?: readonly string[];
}

export const GLOBAL_OPTIONS = {
  decks: { type: 'string', value: 'DIR', help: 'decks folder (default ./decks, or $RECALL_DECKS)' },
  state: { type: 'string', value: 'DIR', help: 'progress folder (default ./state, or $RECALL_STATE)' },
  help: { type: 'boolean', short: 'h', help: 'show help; `recall COMMAND --help` for the options of a command' },
  version: { type: 'boolean', short: 'v', help: 'show the version' },
} as const satisfies Record<string, OptionSpec>;

const DECK = { type: 'string', value: 'NAME', help: 'only this deck and the decks under it (llm-papers matches llm-papers::t5)' } as const;
const TAG = { type: 'string', value: 'TAG', help: 'only cards with this tag' } as const;
const TYPE = { type: 'boolean', help: 'type the answer of clozes and short backs; recall compares and suggests a grade' } as const;

export const COMMANDS = {
  review: {
    summary: 'review the cards due today (the default command)',
    options: { deck: DECK, tag: TAG, limit: { type: 'string', value: 'N', help: 'at most N cards this session' }, type: TYPE },
  },
  cram: {
    summary: 'every matching card, due or not, weakest first; by default no schedule changes',
    options: {
      deck: DECK,
      tag: TAG,
      limit: { type: 'string', value: 'N', help: 'at most N cards (the weakest)' },
      marked: { type: 'boolean', help: 'only the cards you marked (m in review)' },
      forgotten: { type: 'string', value: 'DAYS', help: 'only the cards you answered Again in the last DAYS days' },
      reschedule: { type: 'boolean', help: 'count the answers as reviews (they move due dates)' },
      type: TYPE,
    },
    notes: ['Cram answers are logged as practice: stats count them, and no due date moves unless --reschedule. A card you fail comes back in the session until you pass it once.'],
  },
  drill: {
    summary: 'a mock interview: open questions against the clock, weak and important ones more often',
    options: {
      deck: DECK,
      tag: TAG,
      count: { type: 'string', value: 'N', help: 'how many questions (default 10)' },
      time: { type: 'string', value: 'SECONDS', help: 'time per question (default 120)' },
      'pass-fail': { type: 'boolean', help: 'grade each answer pass or fail instead of the four grades' },
    },
    notes: ['Drill answers count as reviews: each is a real attempt at recall, so it moves the card\'s schedule (cards not yet due are pulled forward; the report lists them).'],
  },
  find: {
    summary: 'search the fronts, backs and tags of all cards',
    positionals: '[TEXT ...]',
    options: {
      deck: DECK,
      tag: TAG,
      state: { type: 'string', value: 'STATE', help: 'new, learning, review, suspended, leech or marked (several: new,learning); the progress folder comes from $RECALL_STATE here' },
      'due-before': { type: 'string', value: 'DATE', help: 'only cards due before this day (YYYY-MM-DD)' },
      regex: { type: 'boolean', help: 'TEXT is a regular expression (case-insensitive)' },
      json: { type: 'boolean', help: 'the hits as one JSON document' },
    },
    notes: ['Every word must match (in any order, case-insensitive; Chinese and Japanese need no spaces). On a terminal the hits are a list: Enter edits a card, s suspends or unsuspends, m marks, r resets to new, u undoes.'],
  },
  decks: {
    summary: 'the deck tree with new, learning and due counts, cards and predicted recall',
    options: { json: { type: 'boolean', help: 'the same as one JSON document' } },
  },
  stats: {
    summary: 'readiness, retention, forecast and habit at a glance',
    options: {
      deck: DECK,
      tag: TAG,
      days: { type: 'string', value: 'N', help: 'days of history in the heatmap (default 182)' },
      json: { type: 'boolean', help: 'the same figures as one JSON document' },
    },
  },
  add: {
    summary: 'add a card to a deck file (a form on a terminal, or from options or stdin)',
    options: {
      deck: { type: 'string', value: 'NAME', help: 'the deck to add to (created if new: llm::rlhf is decks/llm/rlhf.md)' },
      front: { type: 'string', value: 'TEXT', help: 'the question of a heading card (with --back), or the heading shown above a --cloze' },
      back: { type: 'string', value: 'TEXT', help: 'the answer of a heading card' },
      reverse: { type: 'boolean', help: 'also make the reverse card (answer -> question)' },
      cloze: { type: 'string', value: 'TEXT', help: 'a cloze card, e.g. "T5 has {{c1::11B}} parameters"' },
    },
    notes: ['Without card options on a terminal, recall add opens a form. Cards in the deck format on stdin are appended as they are.'],
  },
  import: {
    summary: 'propose cards from Markdown notes, an Anki package (.apkg, .colpkg) or Anki text, and write the ones you accept',
    positionals: 'FILE-OR-FOLDER',
    options: {
      deck: { type: 'string', value: 'NAME', help: 'add the cards to this deck (default: a deck per note, the folders as parent decks)' },
      clozes: { type: 'boolean', help: 'also propose clozes of bold key phrases' },
      yes: { type: 'boolean', short: 'y', help: 'accept every proposal without the list (works without a terminal)' },
      'dry-run': { type: 'boolean', help: 'print the deck files that would be written; write nothing' },
      json: { type: 'boolean', help: 'with --yes or --dry-run: print the summary as JSON' },
      'no-history': { type: 'boolean', help: 'an Anki package: its cards without their review history' },
    },
  },
  export: {
    summary: 'export cards: an Anki package, Anki text, a printable cheat sheet, or a full JSON backup',
    options: {
      format: { type: 'string', value: 'F', help: 'apkg (Anki package), csv (Anki text), md (cheat sheet) or json (full backup)' },
      deck: DECK,
      tag: TAG,
      out: { type: 'string', value: 'FILE', help: 'where to write (default recall-DATE.EXT; - for stdout)' },
      force: { type: 'boolean', help: 'replace an existing file' },
      'with-progress': { type: 'boolean', help: 'apkg: carry scheduling, FSRS memory state and the review log to Anki' },
      sort: { type: 'string', value: 'ORDER', help: 'md: deck (default) or weakest (lowest predicted recall first)' },
      marked: { type: 'boolean', help: 'only the cards you marked (m in review)' },
    },
  },
  optimize: {
    summary: 'fit FSRS parameters to your reviews (or --retention: suggest a desired retention)',
    options: {
      force: { type: 'boolean', help: 'apply the fitted parameters even if they predict no better than the defaults' },
      reset: { type: 'boolean', help: 'back to the default parameters' },
      retention: { type: 'boolean', help: 'simulate workload against desired retention and suggest one' },
    },
  },
  plan: {
    summary: 'aim a deck or tag at an interview date; no date lists the plans',
    positionals: '[YYYY-MM-DD]',
    options: {
      deck: { type: 'string', value: 'NAME', help: 'the deck the plan is for' },
      tag: { type: 'string', value: 'TAG', help: 'the tag the plan is for' },
      clear: { type: 'boolean', help: 'remove plans: all of them, or the one for --deck, --tag or a date' },
    },
  },
  unsuspend: {
    summary: 'list the suspended cards (yours and leeches), or bring them back into review',
    positionals: '[ID ...]',
    options: { deck: DECK, tag: TAG, all: { type: 'boolean', help: 'every suspended card (--deck and --tag narrow it)' } },
  },
  check: {
    summary: 'validate the decks and report every problem as path:line: message',
    options: {
      drop: { type: 'string', multiple: true, value: 'OLD_ID', help: 'forget the history of a card that no longer exists' },
      move: { type: 'string', multiple: true, value: 'OLD_ID=NEW_ID', help: 'give that history to another card (an edited one)' },
    },
  },
} as const satisfies Record<string, CommandSpec>;

export type CommandName = keyof typeof COMMANDS;

type ValueOf<S> = S extends { type: 'boolean' } ? boolean : S extends { multiple: true } ? string[] : string;

/** The parsed values of a set of option specs: each optional, typed by its spec. */
export type OptionValues<O> = { -readonly [K in keyof O]?: ValueOf<O[K]> };

export type ValuesOf<N extends CommandName> = OptionValues<(typeof COMMANDS)[N]['options']>;

/** Where the workspace is: both folders resolved once, from the options, the environment or the defaults. */
export interface WorkspacePaths {
  decks: string;
  state: string;
}

export interface CommandContext<N extends CommandName = CommandName> {
  paths: WorkspacePaths;
  values: ValuesOf<N>;
  positionals: string[];
}

/** What each command bundle exports. */
export interface CommandModule<N extends CommandName = CommandName> {
  run(context: CommandContext<N>): Promise<number>;
}

function optionLines(options: Readonly<Record<string, OptionSpec>>): string[] {
  const left = Object.entries(options).map(([name, o]) => `${o.short ? `-${o.short}, ` : ''}--${name}${o.value ? ` ${o.value}` : ''}`);
  const width = Math.max(...left.map((l) => l.length));
  return Object.values(options).map((o, i) => `  ${left[i]!.padEnd(width)}  ${o.help}`);
}

/** `recall --help`: the commands and the global options. */
export function mainHelp(): string {
  const width = Math.max(...Object.keys(COMMANDS).map((c) => c.length));
  return [
    'Usage: recall [command] [options]',
    '',
    'Commands:',
    ...Object.entries(COMMANDS).map(([name, c]) => `  ${name.padEnd(width)}  ${c.summary}`),
    '',
    'Options of every command:',
    ...optionLines(GLOBAL_OPTIONS),
  ].join('\n');
}

/** `recall NAME --help`: its usage line, summary and options. */
export function commandHelp(name: CommandName): string {
  const c: CommandSpec = COMMANDS[name];
  return [
    `Usage: recall ${name}${c.positionals ? ` ${c.positionals}` : ''} [options]`,
    '',
    c.summary,
    '',
    'Options:',
    ...optionLines(c.options),
    '',
    'Options of every command:',
    ...optionLines(Object.fromEntries(Object.entries(GLOBAL_OPTIONS).filter(([option]) => !Object.hasOwn(c.options, option)))),
    ...(c.notes ? ['', ...c.notes] : []),
  ].join('\n');
}
