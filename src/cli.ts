// Parses the command line and routes to a command. Each command is its own bundle, loaded on
// demand (see bundle-loader.ts): `recall check` never pays for Ink and React.
import { parseArgs } from 'node:util';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import pkg from '../package.json' with { type: 'json' };
import { COMMANDS, GLOBAL_OPTIONS, commandHelp, mainHelp, type CommandModule, type CommandName, type OptionSpec } from './app/commands.js';
import { describeFileError } from './app/file-errors.js';
import { loadBundle, loadBundleFile } from './bundle-loader.js';
import { closestNames } from './core/suggest.js';
import { isUserError } from './errors.js';
import { isLang, localeLanguage, m, useCatalog, type Catalog, type Lang } from './i18n/index.js';

function fail(message: string, suggestions: string[] = []): number {
  const hint = suggestions.length ? `  ${m.filters.didYouMean(suggestions)}\n` : '';
  process.stderr.write(`recall: ${message}\n${hint}${m.cli.usageHint}\n`);
  return 2;
}

/** `--lang X` or `--lang=X` and `--decks D`, read before the command line is checked (its errors are said in that language). */
function peek(argv: string[], name: string): string | undefined {
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === `--${name}`) return argv[i + 1];
    if (argv[i]!.startsWith(`--${name}=`)) return argv[i]!.slice(name.length + 3);
  }
  return undefined;
}

/** The interface language: --lang, else "language" in recall.config.json, else the locale. */
function chooseLanguage(argv: string[]): Lang | { bad: string } {
  const flag = peek(argv, 'lang');
  if (flag !== undefined) return isLang(flag) ? flag : { bad: flag };
  try {
    const decks = resolve(peek(argv, 'decks') ?? process.env.RECALL_DECKS ?? 'decks');
    const language = (JSON.parse(readFileSync(join(decks, 'recall.config.json'), 'utf8')) as { language?: unknown }).language;
    if (isLang(language)) return language;
  } catch {
    // No config, or one `recall check` will explain: the locale decides.
  }
  return localeLanguage();
}

/** Loads the catalog of the language: English is built in, the others are bundles of their own. */
function loadLanguage(lang: Lang): void {
  if (lang === 'en') return;
  useCatalog(lang, loadBundleFile<{ catalog: Catalog }>(join(__dirname, 'i18n', `${lang}.cjs`)).catalog);
}

/** parseArgs takes only its own keys of an option. */
function parseConfig(options: Record<string, OptionSpec>) {
  return Object.fromEntries(
    Object.entries(options).map(([name, { type, short, multiple }]) => [name, { type, ...(short ? { short } : {}), ...(multiple ? { multiple } : {}) }]),
  );
}

/**
 * `--days -5` would read as an option `-5`: a value that looks like a negative number is joined
 * to its option, so the command's own check can say what is wrong with it.
 */
function joinNegativeValues(args: string[], options: Record<string, OptionSpec>): string[] {
  const out: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    const next = args[i + 1];
    const name = arg.startsWith('--') ? arg.slice(2) : undefined;
    if (name !== undefined && options[name]?.type === 'string' && next !== undefined && /^-\d/.test(next)) {
      out.push(`${arg}=${next}`);
      i++;
    } else out.push(arg);
  }
  return out;
}

/** parseArgs' errors in recall's words (and language). */
function parseError(error: Error & { code?: string }, options: Record<string, OptionSpec>): [string, string[]] {
  const option = /'(-[^' ]+)/.exec(error.message)?.[1];
  if (error.code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION' && option) {
    const near = closestNames(option.replace(/^-+/, '').split('=')[0]!, Object.keys(options)).map((name) => `--${name}`);
    return [m.cli.unknownOption(option), near];
  }
  return [parseMessage(error, option), []];
}

function parseMessage(error: Error & { code?: string }, option: string | undefined): string {
  if (error.code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE' && option && /argument missing/.test(error.message)) return m.cli.missingValue(option);
  if (error.code === 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL') return m.cli.unexpectedArgument(/'([^']*)'/.exec(error.message)?.[1] ?? '');
  const message = error.message.replace(/\. To specify a positional argument.*$/s, '');
  return message.charAt(0).toLowerCase() + message.slice(1);
}

/**
 * Where the command's name is: the first argument, or the first after the options every command
 * takes (`recall --lang zh check`). -1 when there is none (the review).
 */
function commandIndex(argv: string[]): number {
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (!arg.startsWith('-')) return i;
    const [name = '', value] = arg.replace(/^--/, '').split('=');
    if (!Object.hasOwn(GLOBAL_OPTIONS, name)) return -1;
    if (GLOBAL_OPTIONS[name as keyof typeof GLOBAL_OPTIONS].type === 'string' && value === undefined) i++;
  }
  return -1;
}

export async function main(argv: string[]): Promise<number> {
  // no-color.org: NO_COLOR, when set and not empty, turns colour off. chalk (inside Ink) only
  // reads FORCE_COLOR, so translate before any command bundle loads it.
  if (process.env.NO_COLOR) process.env.FORCE_COLOR = '0';
  const lang = chooseLanguage(argv);
  if (typeof lang !== 'string') return fail(m.cli.badLanguage(lang.bad));
  loadLanguage(lang);
  const at = commandIndex(argv);
  const named = at !== -1;
  const name = (named ? argv[at] : 'review') as CommandName;
  if (!Object.hasOwn(COMMANDS, name)) return fail(m.cli.unknownCommand(name), closestNames(name, Object.keys(COMMANDS)));
  const command = COMMANDS[name];
  const options: Record<string, OptionSpec> = { ...GLOBAL_OPTIONS, ...command.options };

  let parsed;
  try {
    const args = joinNegativeValues(named ? [...argv.slice(0, at), ...argv.slice(at + 1)] : argv, options);
    parsed = parseArgs({ args, options: parseConfig(options), allowPositionals: true, strict: true });
  } catch (error) {
    return fail(...parseError(error as Error & { code?: string }, options));
  }
  const { values, positionals } = parsed;
  if (values.version) {
    process.stdout.write(`${m.cli.version(pkg.version)}\n`);
    return 0;
  }
  if (values.help) {
    process.stdout.write((named ? commandHelp(name) : mainHelp()) + '\n');
    return 0;
  }
  if (positionals.length > 0 && !('positionals' in command)) return fail(m.cli.unexpectedArgument(positionals[0]!));

  // A command with an option of a global option's name (find's --state, a card state) takes
  // that folder from the environment or the default only.
  const folder = (name: 'decks' | 'state') => (Object.hasOwn(command.options, name) ? undefined : (values[name] as string | undefined));
  const paths = {
    decks: resolve(folder('decks') ?? process.env.RECALL_DECKS ?? 'decks'),
    state: resolve(folder('state') ?? process.env.RECALL_STATE ?? 'state'),
  };
  try {
    return await loadBundle<CommandModule>(name, { screen: 'screen' in command }).run({ paths, lang, values, positionals });
  } catch (error) {
    const known = isUserError(error) ? error : describeFileError(error);
    if (known) {
      process.stderr.write(`recall: ${known.message}\n${known.hint ? `  ${known.hint}\n` : ''}`);
      return known.exitCode;
    }
    throw error;
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`recall: ${m.cli.unexpectedError((error as Error)?.stack ?? String(error))}\n`);
    process.exitCode = 70;
  },
);
