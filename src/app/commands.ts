// Every command and option, declared once. The CLI parses with these specs, `--help` is made from
// them, the build bundles one file per command, and each command receives its values typed.
// Plain data with no imports of the commands themselves, so nothing here closes an import cycle.
// Help texts are read from the catalog when shown, in the interface language.
import type { Lang } from '../i18n/index.js';
import { m } from '../i18n/index.js';

export interface OptionSpec {
  readonly type: 'string' | 'boolean';
  readonly short?: string;
  readonly multiple?: boolean;
  /** The placeholder of a string option's value in the help: `--deck NAME`. */
  readonly value?: string;
  readonly help: () => string;
}

export interface CommandSpec {
  readonly summary: () => string;
  /** What follows `recall NAME` besides the options, e.g. `FILE-OR-FOLDER`; absent when none. */
  readonly positionals?: string;
  readonly options: Readonly<Record<string, OptionSpec>>;
  /**
   * A study screen whose first card `npm run bench` times: its young generation is let grow
   * fast as its bundle loads (see loadBundle).
   */
  readonly screen?: true;
  /** Lines after the options in `recall NAME --help`. */
  readonly notes?: () => string;
}

export const GLOBAL_OPTIONS = {
  decks: { type: 'string', value: 'DIR', help: () => m.help.global.decks },
  state: { type: 'string', value: 'DIR', help: () => m.help.global.state },
  lang: { type: 'string', value: 'en|zh', help: () => m.help.global.lang },
  help: { type: 'boolean', short: 'h', help: () => m.help.global.help },
  version: { type: 'boolean', short: 'v', help: () => m.help.global.version },
} as const satisfies Record<string, OptionSpec>;

const DECK = { type: 'string', value: 'NAME', help: () => m.help.deckFilter } as const;
const TAG = { type: 'string', value: 'TAG', help: () => m.help.tagFilter } as const;
const TYPE = { type: 'boolean', help: () => m.help.typeAnswers } as const;

export const COMMANDS = {
  review: {
    summary: () => m.help.command.review.summary,
    screen: true,
    options: { deck: DECK, tag: TAG, limit: { type: 'string', value: 'N', help: () => m.help.command.review.limit }, type: TYPE },
  },
  cram: {
    summary: () => m.help.command.cram.summary,
    screen: true,
    options: {
      deck: DECK,
      tag: TAG,
      limit: { type: 'string', value: 'N', help: () => m.help.command.cram.limit },
      marked: { type: 'boolean', help: () => m.help.markedFilter },
      forgotten: { type: 'string', value: 'DAYS', help: () => m.help.command.cram.forgotten },
      reschedule: { type: 'boolean', help: () => m.help.command.cram.reschedule },
      type: TYPE,
    },
    notes: () => m.help.command.cram.notes,
  },
  drill: {
    summary: () => m.help.command.drill.summary,
    screen: true,
    options: {
      deck: DECK,
      tag: TAG,
      count: { type: 'string', value: 'N', help: () => m.help.command.drill.count },
      time: { type: 'string', value: 'SECONDS', help: () => m.help.command.drill.time },
      'pass-fail': { type: 'boolean', help: () => m.help.command.drill.passFail },
    },
    notes: () => m.help.command.drill.notes,
  },
  find: {
    summary: () => m.help.command.find.summary,
    positionals: '[TEXT ...]',
    options: {
      deck: DECK,
      tag: TAG,
      state: { type: 'string', value: 'STATE', help: () => m.help.command.find.state },
      'due-before': { type: 'string', value: 'DATE', help: () => m.help.command.find.dueBefore },
      regex: { type: 'boolean', help: () => m.help.command.find.regex },
      json: { type: 'boolean', help: () => m.help.command.find.json },
    },
    notes: () => m.help.command.find.notes,
  },
  decks: {
    summary: () => m.help.command.decks.summary,
    options: { json: { type: 'boolean', help: () => m.help.command.decks.json } },
  },
  stats: {
    summary: () => m.help.command.stats.summary,
    options: {
      deck: DECK,
      tag: TAG,
      days: { type: 'string', value: 'N', help: () => m.help.command.stats.days },
      json: { type: 'boolean', help: () => m.help.command.stats.json },
    },
  },
  add: {
    summary: () => m.help.command.add.summary,
    screen: true,
    options: {
      deck: { type: 'string', value: 'NAME', help: () => m.help.command.add.deck },
      front: { type: 'string', value: 'TEXT', help: () => m.help.command.add.front },
      back: { type: 'string', value: 'TEXT', help: () => m.help.command.add.back },
      reverse: { type: 'boolean', help: () => m.help.command.add.reverse },
      cloze: { type: 'string', value: 'TEXT', help: () => m.help.command.add.cloze },
    },
    notes: () => m.help.command.add.notes,
  },
  import: {
    summary: () => m.help.command.import.summary,
    positionals: 'FILE-OR-FOLDER',
    options: {
      deck: { type: 'string', value: 'NAME', help: () => m.help.command.import.deck },
      clozes: { type: 'boolean', help: () => m.help.command.import.clozes },
      yes: { type: 'boolean', short: 'y', help: () => m.help.command.import.yes },
      'dry-run': { type: 'boolean', help: () => m.help.command.import.dryRun },
      json: { type: 'boolean', help: () => m.help.command.import.json },
      'no-history': { type: 'boolean', help: () => m.help.command.import.noHistory },
    },
  },
  export: {
    summary: () => m.help.command.export.summary,
    options: {
      format: { type: 'string', value: 'F', help: () => m.help.command.export.format },
      deck: DECK,
      tag: TAG,
      out: { type: 'string', value: 'FILE', help: () => m.help.command.export.out },
      force: { type: 'boolean', help: () => m.help.command.export.force },
      'with-progress': { type: 'boolean', help: () => m.help.command.export.withProgress },
      sort: { type: 'string', value: 'ORDER', help: () => m.help.command.export.sort },
      marked: { type: 'boolean', help: () => m.help.markedFilter },
    },
    notes: () => m.help.command.export.notes,
  },
  optimize: {
    summary: () => m.help.command.optimize.summary,
    options: {
      force: { type: 'boolean', help: () => m.help.command.optimize.force },
      reset: { type: 'boolean', help: () => m.help.command.optimize.reset },
      retention: { type: 'boolean', help: () => m.help.command.optimize.retention },
    },
  },
  plan: {
    summary: () => m.help.command.plan.summary,
    positionals: '[YYYY-MM-DD]',
    options: {
      deck: { type: 'string', value: 'NAME', help: () => m.help.command.plan.deck },
      tag: { type: 'string', value: 'TAG', help: () => m.help.command.plan.tag },
      clear: { type: 'boolean', help: () => m.help.command.plan.clear },
    },
  },
  unsuspend: {
    summary: () => m.help.command.unsuspend.summary,
    positionals: '[ID ...]',
    options: { deck: DECK, tag: TAG, all: { type: 'boolean', help: () => m.help.command.unsuspend.all } },
  },
  check: {
    summary: () => m.help.command.check.summary,
    options: {
      drop: { type: 'string', multiple: true, value: 'OLD_ID', help: () => m.help.command.check.drop },
      move: { type: 'string', multiple: true, value: 'OLD_ID=NEW_ID', help: () => m.help.command.check.move },
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
  /** The interface language (the edition of the shipped decks follows it, unless configured). */
  lang: Lang;
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
  return Object.values(options).map((o, i) => `  ${left[i]!.padEnd(width)}  ${o.help()}`);
}

/** `recall --help`: the commands and the global options. */
export function mainHelp(): string {
  const width = Math.max(...Object.keys(COMMANDS).map((c) => c.length));
  return [
    m.help.usage,
    '',
    m.help.commands,
    ...Object.entries(COMMANDS).map(([name, c]) => `  ${name.padEnd(width)}  ${c.summary()}`),
    '',
    m.help.everyCommand,
    ...optionLines(GLOBAL_OPTIONS),
  ].join('\n');
}

/** `recall NAME --help`: its usage line, summary and options. */
export function commandHelp(name: CommandName): string {
  const c: CommandSpec = COMMANDS[name];
  return [
    m.help.commandUsage(name, c.positionals ?? ''),
    '',
    c.summary(),
    '',
    m.help.options,
    ...optionLines(c.options),
    '',
    m.help.everyCommand,
    // A command's own option of the same name (find's --state) hides the global one.
    ...optionLines(Object.fromEntries(Object.entries(GLOBAL_OPTIONS).filter(([option]) => !Object.hasOwn(c.options, option)))),
    ...(c.notes ? ['', c.notes()] : []),
  ].join('\n');
}
