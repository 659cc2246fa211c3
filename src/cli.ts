// Parses the command line and routes to a command. Each command is its own bundle, loaded on
// demand (see bundle-loader.ts): `recall check` never pays for Ink and React.
import { parseArgs } from 'node:util';
import { resolve } from 'node:path';
import pkg from '../package.json' with { type: 'json' };
import { COMMANDS, GLOBAL_OPTIONS, commandHelp, mainHelp, type CommandModule, type CommandName, type OptionSpec } from './app/commands.js';
import { describeFileError } from './app/file-errors.js';
import { loadBundle } from './bundle-loader.js';
import { isUserError } from './errors.js';

function fail(message: string): number {
  process.stderr.write(`recall: ${message}\nRun 'recall --help' for usage.\n`);
  return 2;
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

export async function main(argv: string[]): Promise<number> {
  // no-color.org: NO_COLOR, when set and not empty, turns colour off. chalk (inside Ink) only
  // reads FORCE_COLOR, so translate before any command bundle loads it.
  if (process.env.NO_COLOR) process.env.FORCE_COLOR = '0';
  const first = argv[0];
  const named = first !== undefined && !first.startsWith('-');
  const name = (named ? first : 'review') as CommandName;
  if (!Object.hasOwn(COMMANDS, name)) return fail(`unknown command '${name}'`);
  const command = COMMANDS[name];
  const options: Record<string, OptionSpec> = { ...GLOBAL_OPTIONS, ...command.options };

  let parsed;
  try {
    const args = joinNegativeValues(named ? argv.slice(1) : argv, options);
    parsed = parseArgs({ args, options: parseConfig(options), allowPositionals: true, strict: true });
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
    process.stdout.write((named ? commandHelp(name) : mainHelp()) + '\n');
    return 0;
  }
  if (positionals.length > 0 && !('positionals' in command)) return fail(`unexpected argument '${positionals[0]}'`);

  // A command with an option of a global option's name (find's --state, a card state) takes
  // that folder from the environment or the default only.
  const folder = (name: 'decks' | 'state') => (Object.hasOwn(command.options, name) ? undefined : (values[name] as string | undefined));
  const paths = {
    decks: resolve(folder('decks') ?? process.env.RECALL_DECKS ?? 'decks'),
    state: resolve(folder('state') ?? process.env.RECALL_STATE ?? 'state'),
  };
  try {
    return await loadBundle<CommandModule>(name).run({ paths, values, positionals });
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
    process.stderr.write(`recall: unexpected error: ${(error as Error)?.stack ?? String(error)}\n`);
    process.exitCode = 70;
  },
);
