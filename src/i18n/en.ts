// English: every user-facing string of recall, by area. A message with values is a function of
// them, so plurals and word order are the catalog's business. ./zh.ts has the same shape (the
// compiler checks every key and every parameter).

const s = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;
const pad2 = (n: number) => String(n).padStart(2, '0');

export const en = {
  /** Numbers, dates and durations as this language writes them. */
  format: {
    number: (n: number) => n.toLocaleString('en-US'),
    percent: (share: number) => `${Math.round(share * 100)}%`,
    /** A calendar date: 2026-11-29. */
    date: (year: number, month: number, day: number) => `${year}-${pad2(month)}-${pad2(day)}`,
    /** "12s", "3m 05s", "1h 02m". */
    duration: (hours: number, minutes: number, seconds: number) =>
      hours > 0 ? `${hours}h ${pad2(minutes)}m` : minutes > 0 ? `${minutes}m ${pad2(seconds)}s` : `${seconds}s`,
    /** The answer buttons' intervals, Anki's style. */
    interval: {
      underMinute: '<1m',
      minutes: (n: number) => `${n}m`,
      hours: (n: number) => `${n}h`,
      days: (n: number) => `${n}d`,
      months: (n: string) => `${n}mo`,
      years: (n: string) => `${n}y`,
    },
    when: {
      now: 'now',
      inMinutes: (n: number, clock: string) => `in ${n}m (${clock})`,
      inHours: (n: number, clock: string) => `in ${n}h (${clock})`,
      inDays: (n: number, date: string) => `in ${s(n, 'day', 'days')} (${date})`,
    },
    cards: (n: number) => s(n, 'card', 'cards'),
  },

  cli: {
    unknownCommand: (name: string) => `unknown command '${name}'`,
    unexpectedArgument: (arg: string) => `unexpected argument '${arg}'`,
    unknownOption: (option: string) => `unknown option '${option}'`,
    missingValue: (option: string) => `option '${option} <value>' argument missing`,
    usageHint: "Run 'recall --help' for usage.",
    version: (v: string) => `recall ${v}`,
    unexpectedError: (detail: string) => `unexpected error: ${detail}`,
    badLanguage: (value: string) => `--lang must be en or zh, not '${value}'`,
  },

  help: {
    usage: 'Usage: recall [command] [options]',
    commandUsage: (name: string, positionals: string) => `Usage: recall ${name}${positionals ? ` ${positionals}` : ''} [options]`,
    commands: 'Commands:',
    options: 'Options:',
    everyCommand: 'Options of every command:',
    global: {
      decks: 'decks folder (default ./decks, or $RECALL_DECKS)',
      state: 'progress folder (default ./state, or $RECALL_STATE)',
      lang: 'interface language: en or zh (default: language in recall.config.json, else the locale)',
      help: 'show help; `recall COMMAND --help` for the options of a command',
      version: 'show the version',
    },
    deckFilter: 'only this deck and the decks under it (llm-papers matches llm-papers::t5)',
    tagFilter: 'only cards with this tag',
    markedFilter: 'only the cards you marked (m in review)',
    typeAnswers: 'type the answer of clozes and short backs; recall compares and suggests a grade',
    command: {
      review: {
        summary: 'review the cards due today (the default command)',
        limit: 'at most N cards this session',
      },
      cram: {
        summary: 'every matching card, due or not, weakest first; by default no schedule changes',
        limit: 'at most N cards (the weakest)',
        forgotten: 'only the cards you answered Again in the last DAYS days',
        reschedule: 'count the answers as reviews (they move due dates)',
        notes: 'Cram answers are logged as practice: stats count them, and no due date moves unless --reschedule. A card you fail comes back in the session until you pass it once.',
      },
      drill: {
        summary: 'a mock interview: open questions against the clock, weak and important ones more often',
        count: 'how many questions (default 10)',
        time: 'time per question (default 120)',
        passFail: 'grade each answer pass or fail instead of the four grades',
        notes: "Drill answers count as reviews: each is a real attempt at recall, so it moves the card's schedule (cards not yet due are pulled forward; the report lists them).",
      },
      find: {
        summary: 'search the fronts, backs and tags of all cards',
        state: 'new, learning, review, suspended, leech or marked (several: new,learning); the progress folder comes from $RECALL_STATE here',
        dueBefore: 'only cards due before this day (YYYY-MM-DD)',
        regex: 'TEXT is a regular expression (case-insensitive)',
        json: 'the hits as one JSON document',
        notes: 'Every word must match (in any order, case-insensitive; Chinese and Japanese need no spaces). On a terminal the hits are a list: Enter edits a card, s suspends or unsuspends, m marks, r resets to new, u undoes.',
      },
      decks: {
        summary: 'the deck tree with new, learning and due counts, cards and predicted recall',
        json: 'the same as one JSON document',
      },
      stats: {
        summary: 'readiness, retention, forecast and habit at a glance',
        days: 'days of history in the heatmap (default 182)',
        json: 'the same figures as one JSON document',
      },
      add: {
        summary: 'add a card to a deck file (a form on a terminal, or from options or stdin)',
        deck: 'the deck to add to (created if new: llm::rlhf is decks/llm/rlhf.md)',
        front: 'the question of a heading card (with --back), or the heading shown above a --cloze',
        back: 'the answer of a heading card',
        reverse: 'also make the reverse card (answer -> question)',
        cloze: 'a cloze card, e.g. "T5 has {{c1::11B}} parameters"',
        notes: 'Without card options on a terminal, recall add opens a form. Cards in the deck format on stdin are appended as they are.',
      },
      import: {
        summary: 'propose cards from Markdown notes, an Anki package (.apkg, .colpkg) or Anki text, and write the ones you accept',
        deck: 'add the cards to this deck (default: a deck per note, the folders as parent decks)',
        clozes: 'also propose clozes of bold key phrases',
        yes: 'accept every proposal without the list (works without a terminal)',
        dryRun: 'print the deck files that would be written; write nothing',
        json: 'with --yes or --dry-run: print the summary as JSON',
        noHistory: 'an Anki package: its cards without their review history',
      },
      export: {
        summary: 'export cards: an Anki package, Anki text, a cheat sheet (Markdown or printable HTML), or a full JSON backup',
        format: 'apkg (Anki package), csv (Anki text), md (cheat sheet), html (printable cheat sheet) or json (full backup)',
        out: 'where to write (default recall-DATE.EXT; - for stdout)',
        force: 'replace an existing file',
        withProgress: 'apkg: carry scheduling, FSRS memory state and the review log to Anki',
        sort: 'md, html: deck (default) or weakest (lowest predicted recall first)',
        notes:
          "apkg carries the images the cards show; csv writes them to a folder beside the text file (FILE.media/), to copy into Anki's collection.media folder.\nhtml is one self-contained page (formulas, highlighted code and images inside it) to read in a browser or print.",
      },
      optimize: {
        summary: 'fit FSRS parameters to your reviews (or --retention: suggest a desired retention)',
        force: 'apply the fitted parameters even if they predict no better than the defaults',
        reset: 'back to the default parameters',
        retention: 'simulate workload against desired retention and suggest one',
      },
      plan: {
        summary: 'aim a deck or tag at an interview date; no date lists the plans',
        deck: 'the deck the plan is for',
        tag: 'the tag the plan is for',
        clear: 'remove plans: all of them, or the one for --deck, --tag or a date',
      },
      unsuspend: {
        summary: 'list the suspended cards (yours and leeches), or bring them back into review',
        all: 'every suspended card (--deck and --tag narrow it)',
      },
      check: {
        summary: 'validate the decks and report every problem as path:line: message',
        drop: 'forget the history of a card that no longer exists',
        move: 'give that history to another card (an edited one)',
      },
    },
  },

  review: {
    needsTerminal: 'review needs an interactive terminal (stdin and stdout must be a TTY)',
    needsTerminalHint: "run 'recall' in a terminal; for scripts, 'recall check' works without one",
    noCards: (folder: string) => `no cards in ${folder}`,
    noCardsHint: 'write a deck (see "The deck format" in README.md) or point --decks at your decks folder',
    problems: (n: number) => `${s(n, 'problem', 'problems')} in the decks: run 'recall check' to see ${n === 1 ? 'it' : 'them'}; every valid card is in this session.`,
    grades: { 1: 'Again', 2: 'Hard', 3: 'Good', 4: 'Easy' } as Record<1 | 2 | 3 | 4, string>,
    progress: (done: number, left: number) => `${done} done · ${left} left`,
    spaceReveal: 'Space reveal',
    hintBeforeKeys: (reveal: string) => `${reveal} · ? keys · q quit`,
    goodKey: (grade: string) => `Space/Enter ${grade}`,
    goodKeySuggested: (grade: string) => `Space/Enter ${grade} (suggested)`,
    hintAfterKeys: (good: string) => `${good} · u undo · ? keys · q quit`,
    pass: 'Pass',
    fail: 'Fail',
    typeTheAnswer: 'Type the answer: ',
    typeHint: 'Enter check · Esc reveal without typing · Ctrl-C quit',
    buryOnlyInReview: 'Bury is for the daily review: s suspends the card, q ends this session.',
    marked: 'Marked (u to undo).',
    unmarked: 'Unmarked (u to undo).',
    hintSummary: 'u undo the last answer · q close',
    more: '↓ more: j/↓ or PgDn (k/↑, PgUp back)',
    undone: 'Undone.',
    nothingToUndo: 'Nothing to undo.',
    buried: 'Buried until tomorrow (u to undo).',
    suspended: 'Suspended (u to undo).',
    noImage: 'This card has no image.',
    anyKey: 'Press any key to go back to the card.',
    couldNotSave: (why: string) => `Could not save: ${why}`,
    saveFailed: (why: string) => `${why}: this answer was not saved, so the session stops here. Every answer before it is safe. Free some space (or fix the folder) and run recall again.`,
    saveWhy: {
      ENOSPC: 'the disk is full',
      EDQUOT: 'the disk quota is used up',
      EROFS: 'the state folder is on a read-only file system',
      EACCES: 'the state folder is not writable',
      EPERM: 'the state folder is not writable',
      EIO: 'the disk reported an input/output error',
    } as Record<string, string>,
    keysTitle: 'Keys',
    keys: [
      ['Space/Enter', 'reveal the answer; after the reveal, grade Good'],
      ['1 2 3 4', 'Again, Hard, Good, Easy (a pass/fail drill: 1 Fail, 3 Pass)'],
      ['u', 'undo the last answer, bury, suspend or mark'],
      ['b', 'bury: hide this card until tomorrow (daily review only)'],
      ['s', 'suspend: hide this card until `recall unsuspend` brings it back'],
      ['m', 'mark or unmark this card (recall cram --marked, find --state marked)'],
      ['e', "edit this card's file in $EDITOR"],
      ['o', "open this card's images"],
      ['j k ↑ ↓', 'scroll a long answer a line'],
      ['PgDn PgUp', 'scroll a long answer a page'],
      ['Enter / Esc', 'with --type: check what you typed / reveal without typing'],
      ['?', 'show or hide these keys'],
      ['q / Esc / Ctrl-C', 'end the session with a summary'],
    ] as [string, string][],
    image: (alt: string) => `[image: ${alt}]`,
    imageNotFound: (path: string) => `image not found: ${path}`,
    imageOpened: (name: string, viewer: string) => `opened ${name} with ${viewer}`,
    imageNotOpened: (path: string, viewer: string, why: string) => `could not open ${path} with ${viewer}: ${why} (set $BROWSER)`,
    historyMoved: (place: string) => `history moved to the edited card at ${place}`,
    editorFailed: (editor: string, why: string) => `could not start the editor '${editor}': ${why} (set $VISUAL or $EDITOR)`,
    editorStatus: (editor: string, status: number) => `the editor '${editor}' exited with status ${status}`,
  },

  summary: {
    reviewed: (n: number, duration: string, percent: string) => `Reviewed ${s(n, 'card', 'cards')} in ${duration} · ${percent} correct`,
    noneReviewed: 'No cards reviewed.',
    nextDue: (when: string, tomorrow: number) => `Next card due ${when} · ${tomorrow} due by tomorrow`,
    heldBack: (reviews: number, news: number) =>
      `Waiting beyond today's limits: ${[reviews ? s(reviews, 'review', 'reviews') : '', news ? s(news, 'new card', 'new cards') : ''].filter(Boolean).join(', ')}`,
    leech: (place: string) => `Suspended as a leech (forgotten too often): ${place}. Rewrite it or split it into smaller cards; 'recall unsuspend' brings it back.`,
    suspended: (total: number, user: number, leech: number) =>
      `Suspended: ${s(total, 'card', 'cards')} (${[user ? `${user} by you` : '', leech ? `${s(leech, 'leech', 'leeches')} (forgotten too often)` : ''].filter(Boolean).join(', ')}); 'recall unsuspend' lists them and brings them back.`,
    nothingDue: (filtered: boolean) => `Nothing due now${filtered ? ' matching your filters' : ''}.`,
    nextCard: (when: string, tomorrow: number) => `Next card due ${when}; ${tomorrow} due by tomorrow`,
    noReviews: 'No reviews scheduled',
    noReviewsYet: 'No reviews scheduled yet',
    newWaiting: (n: number, perDay: number) => `, plus ${s(n, 'new card', 'new cards')} waiting (up to ${perDay} a day)`,
  },

  filters: {
    noDeck: (name: string) => `no card is in a deck named '${name}'`,
    noTag: (name: string) => `no card has the tag '${name}'`,
    noBoth: (deck: string, tag: string) => `no card is both in deck '${deck}' and tagged '${tag}'`,
    noBothHint: 'leave one of --deck and --tag out',
    didYouMean: (options: string[]) => `did you mean ${options.join(' or ')}?`,
    decksAre: (names: string) => `the decks are: ${names}`,
    tagsAre: (names: string) => `the tags are: ${names}`,
    noTags: "no card has a tag yet (tags come from a deck's front matter)",
    andMore: (shown: string, more: number) => `${shown} and ${more} more`,
  },

  json: {
    expectedObject: 'expected a JSON object',
    expectedKey: 'expected a key in quotes',
    keyNeverEnds: 'a key that never ends',
    expectedColon: (key: string) => `expected ':' after "${key}"`,
    valueNeverEnds: (key: string) => `the value of "${key}" never ends`,
    expectedCommaOrBrace: (key: string) => `expected ',' or '}' after the value of "${key}"`,
    textAfterEnd: 'text after the end of the object',
    elementNeverEnds: 'an array element that never ends',
    expectedCommaOrBracket: "expected ',' or ']' between array elements",
  },

  values: {
    wholeNumber: (option: string, unit: string, min: number, max: number | undefined, value: string) =>
      `${option} must be a whole number${unit ? ` ${unit}` : ''} ${max !== undefined ? `from ${min} to ${max}` : `from ${min} up`}, not '${value}'`,
    ofDays: 'of days',
    ofSeconds: 'of seconds',
  },
};

export type Catalog = typeof en;
