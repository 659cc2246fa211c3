// Parses the command line and routes to a command. Each command is its own bundle, loaded on
// demand (see bundle-loader.ts): `recall check` never pays for Ink and React.
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { resolve } from 'node:path';
import pkg from '../package.json' with { type: 'json' };
import { loadBundle } from './bundle-loader.js';
import { isUserError } from './errors.js';

type Options = NonNullable<ParseArgsConfig['options']>;

export interface GlobalOptions {
  decks: string;
  state: string;
}

interface Command {
  summary: string;
  usage: string;
  options: Options;
  /** Takes positional arguments (a file); other commands refuse them. */
  positionals?: boolean;
  run: (global: GlobalOptions, values: Record<string, unknown>, positionals: string[]) => Promise<number>;
}

const FILTERS: Options = {
  deck: { type: 'string' },
  tag: { type: 'string' },
};

const COMMANDS: Record<string, Command> = {
  review: {
    summary: 'review the cards due today (the default command)',
    usage: 'recall review [--deck NAME] [--tag TAG] [--limit N]',
    options: { ...FILTERS, limit: { type: 'string' } },
    run: (global, values) => loadBundle<typeof import('./commands/review.js')>('review').review(global, values),
  },
  stats: {
    summary: 'readiness, retention, forecast and habit at a glance',
    usage: 'recall stats [--deck NAME] [--tag TAG] [--days N] [--json]',
    options: { ...FILTERS, days: { type: 'string' }, json: { type: 'boolean' } },
    run: (global, values) => loadBundle<typeof import('./commands/stats.js')>('stats').stats(global, values),
  },
  add: {
    summary: 'add a card to a deck file (a form on a terminal, or from options or stdin)',
    usage: 'recall add [--deck NAME] [--front TEXT --back TEXT [--reverse] | --cloze TEXT [--front HEADING]] [< card.md]',
    options: { deck: { type: 'string' }, front: { type: 'string' }, back: { type: 'string' }, cloze: { type: 'string' }, reverse: { type: 'boolean' } },
    run: (global, values) => loadBundle<typeof import('./commands/add.js')>('add').add(global, values),
  },
  import: {
    summary: 'propose cards from Markdown notes or an Anki text export, and write the ones you accept',
    usage: 'recall import FILE-OR-FOLDER [--deck NAME] [--clozes] [--yes | --dry-run] [--json]',
    options: { deck: { type: 'string' }, yes: { type: 'boolean', short: 'y' }, 'dry-run': { type: 'boolean' }, clozes: { type: 'boolean' }, json: { type: 'boolean' } },
    positionals: true,
    run: (global, values, positionals) => loadBundle<typeof import('./commands/import.js')>('import').importNotes(global, values, positionals),
  },
  export: {
    summary: 'export cards: an Anki package, Anki text, a printable cheat sheet, or a full JSON backup',
    usage: 'recall export --format apkg|csv|md|json [--deck NAME] [--tag TAG] [--out FILE] [--force] [--with-progress] [--sort weakest]',
    options: { ...FILTERS, format: { type: 'string' }, out: { type: 'string' }, force: { type: 'boolean' }, 'with-progress': { type: 'boolean' }, sort: { type: 'string' } },
    run: (global, values) => loadBundle<typeof import('./commands/export.js')>('export').exportDecks(global, values),
  },
  optimize: {
    summary: 'fit FSRS parameters to your reviews (or --retention: suggest a desired retention)',
    usage: 'recall optimize [--force] [--reset] [--retention]',
    options: { force: { type: 'boolean' }, reset: { type: 'boolean' }, retention: { type: 'boolean' } },
    run: (global, values) => loadBundle<typeof import('./commands/optimize.js')>('optimize').optimize(global, values),
  },
  plan: {
    summary: 'aim a deck or tag at an interview date; no date lists the plans',
    usage: 'recall plan [YYYY-MM-DD [--deck NAME | --tag TAG]] [--clear]',
    options: { ...FILTERS, clear: { type: 'boolean' } },
    positionals: true,
    run: (global, values, positionals) => loadBundle<typeof import('./commands/plan.js')>('plan').plan(global, values, positionals),
  },
  unsuspend: {
    summary: 'list the suspended cards (yours and leeches), or bring them back into review',
    usage: 'recall unsuspend [ID ...] | --all [--deck NAME] [--tag TAG]',
    options: { ...FILTERS, all: { type: 'boolean' } },
    positionals: true,
    run: (global, values, positionals) => loadBundle<typeof import('./commands/unsuspend.js')>('unsuspend').unsuspend(global, values, positionals),
  },
  check: {
    summary: 'validate the decks and report every problem as path:line: message',
    usage: 'recall check [--drop OLD_ID] [--move OLD_ID=NEW_ID]',
    options: { drop: { type: 'string', multiple: true }, move: { type: 'string', multiple: true } },
    run: (global, values) => loadBundle<typeof import('./commands/check.js')>('check').check(global, values),
  },
};

const GLOBAL: Options = {
  decks: { type: 'string' },
  state: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
  version: { type: 'boolean', short: 'v' },
};

function usage(): string {
  const width = Math.max(...Object.keys(COMMANDS).map((c) => c.length));
  return [
    'Usage: recall [command] [options]',
    '',
    'Commands:',
    ...Object.entries(COMMANDS).map(([name, c]) => `  ${name.padEnd(width)}  ${c.summary}`),
    '',
    'Options:',
    '  --decks DIR    decks folder (default ./decks, or $RECALL_DECKS)',
    '  --state DIR    progress folder (default ./state, or $RECALL_STATE)',
    '  -h, --help     show help; `recall COMMAND --help` for a command',
    '  -v, --version  show the version',
    '',
    'Check options:',
    '  --drop OLD_ID         forget the history of a card that no longer exists',
    '  --move OLD_ID=NEW_ID  give that history to another card (an edited one)',
    '',
    'Stats options:',
    '  --deck NAME, --tag TAG  only these cards',
    '  --days N               days of history in the heatmap (default 182)',
    '  --json                 the same figures as one JSON document',
    '',
    'Add options (without them, on a terminal, recall add opens a form):',
    '  --deck NAME            the deck to add to (created if new: llm::rlhf is decks/llm/rlhf.md)',
    '  --front TEXT --back TEXT  a heading card; with --reverse, also the reverse card',
    '  --cloze TEXT           a cloze card, e.g. "T5 has {{c1::11B}} parameters"',
    '  < card.md              cards in the deck format, appended as they are',
    '',
    'Import options:',
    '  --deck NAME    add the cards to this deck (default: a deck per note, the folders as parent decks)',
    '  --clozes       also propose clozes of bold key phrases',
    '  --yes, -y      accept every proposal without the list (works without a terminal)',
    '  --dry-run      print the deck files that would be written; write nothing',
    '  --json         with --yes or --dry-run: print the summary as JSON',
    '',
    'Export options:',
    '  --format F     apkg (Anki package), csv (Anki text), md (cheat sheet) or json (full backup)',
    '  --out FILE     where to write (default recall-DATE.EXT; - for stdout); --force replaces a file',
    '  --with-progress  apkg: carry scheduling, FSRS memory state and the review log to Anki',
    '  --sort weakest   md: lowest predicted recall first',
    '',
    'Optimize and plan:',
    '  recall optimize             fit FSRS to your reviews; applied only if it predicts better (--force anyway)',
    '  recall optimize --reset     back to the default parameters',
    '  recall optimize --retention simulate workload against desired retention and suggest one',
    '  recall plan DATE --deck NAME  aim that deck at an interview on DATE (YYYY-MM-DD); --clear removes plans',
    '',
    'Unsuspend:',
    '  recall unsuspend            list the suspended cards, why, and their ids',
    '  recall unsuspend ID ...     bring these back into review; --all for every one (--deck, --tag narrow it)',
    '',
    'Review options:',
    '  --deck NAME    only this deck and the decks under it (llm-papers matches llm-papers::t5)',
    '  --tag TAG      only cards with this tag',
    '  --limit N      at most N cards this session',
  ].join('\n');
}

function fail(message: string): number {
  process.stderr.write(`recall: ${message}\nRun 'recall --help' for usage.\n`);
  return 2;
}

export async function main(argv: string[]): Promise<number> {
  // no-color.org: NO_COLOR, when set and not empty, turns colour off. chalk (inside Ink) only
  // reads FORCE_COLOR, so translate before any command bundle loads it.
  if (process.env.NO_COLOR) process.env.FORCE_COLOR = '0';
  const first = argv[0];
  const named = first !== undefined && !first.startsWith('-');
  const name = named ? first : 'review';
  const command = COMMANDS[name];
  if (!command) return fail(`unknown command '${name}'`);

  let parsed;
  try {
    parsed = parseArgs({ args: named ? argv.slice(1) : argv, options: { ...GLOBAL, ...command.options }, allowPositionals: true, strict: true });
  } catch (error) {
    const message = (error as Error).message.replace(/\. To specify a positional argument.*$/s, '');
    return fail(message.charAt(0).toLowerCase() + message.slice(1));
  }
  const { values, positionals } = parsed;
  if (values.version) {
    process.stdout.write(`recall ${pkg.version}\n`);
    return 0;
  }
  if (values.help) {
    process.stdout.write((named ? `Usage: ${command.usage}\n\n${command.summary}\n` : usage()) + '\n');
    return 0;
  }
  if (positionals.length > 0 && !command.positionals) return fail(`unexpected argument '${positionals[0]}'`);

  const global: GlobalOptions = {
    decks: resolve((values.decks as string | undefined) ?? process.env.RECALL_DECKS ?? 'decks'),
    state: resolve((values.state as string | undefined) ?? process.env.RECALL_STATE ?? 'state'),
  };
  try {
    return await command.run(global, values, positionals);
  } catch (error) {
    if (isUserError(error)) {
      process.stderr.write(`recall: ${error.message}\n${error.hint ? `  ${error.hint}\n` : ''}`);
      return error.exitCode;
    }
    throw error;
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`recall: unexpected error: ${(error as Error)?.stack ?? String(error)}\n`);
    process.exitCode = 70;
  },
);
