// The interface in Simplified Chinese, as a person meets it: chosen by --lang, by "language" in
// recall.config.json or by the locale; the review screen, its keys help and summary, the CLI's
// messages, `recall stats` at 40 columns, and a newcomer's first session on the shipped decks
// (the Chinese edition, chosen by the locale) in a real terminal. --json keys stay English.
process.env.TZ = 'Asia/Shanghai';

import { cpSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { render } from 'ink-testing-library';
import stringWidth from 'string-width';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { en } from '../src/i18n/en.js';
import { localeLanguage, useCatalog } from '../src/i18n/index.js';
import { zh } from '../src/i18n/zh.js';
import { planImport } from '../src/import/notes-folder.js';
import { loadCollection } from '../src/store/deck-files.js';
import { AddForm } from '../src/ui/add-form.js';
import { AddApp } from '../src/ui/AddApp.js';
import { ImportApp } from '../src/ui/ImportApp.js';
import { ImportList } from '../src/ui/import-list.js';
import { ReviewApp } from '../src/ui/ReviewApp.js';
import { deckChoices } from '../src/ui/run-add.js';
import { eventually, FakeClock, middayTz, openSession, tempDir, writeDecks } from './helpers.js';
import { Pty, runCli } from './pty.js';
import { Screen } from './terminal.js';

const SHIPPED_DECKS = fileURLToPath(new URL('../decks/', import.meta.url));
/** The locale of a Chinese desktop, with nothing else set that could decide first. */
const CHINESE = { LANG: 'zh_CN.UTF-8', LC_ALL: '', LC_MESSAGES: '' };
const ENGLISH = { LANG: 'en_US.UTF-8', LC_ALL: '', LC_MESSAGES: '' };

const RLHF = ['# 对齐', '', '## 什么是对齐税？', '对齐之后模型在公开 NLP 基准上的性能下降（alignment tax）。', '', '## 奖励模型输出什么？', '一个标量分数。', ''].join('\n');

const pause = () => new Promise((r) => setTimeout(r, 30));

/** The end column (in display columns) of every word of a line: where right-aligned cells end. */
function wordEnds(line: string): number[] {
  const ends: number[] = [];
  for (const match of line.matchAll(/\S+/g)) ends.push(stringWidth(line.slice(0, match.index + match[0].length)));
  return ends;
}

describe('choosing the interface language', () => {
  it('follows LC_ALL, then LC_MESSAGES, then LANG: zh_CN, zh_TW and zh are Chinese, anything else English', () => {
    expect(localeLanguage({ LANG: 'zh_CN.UTF-8' })).toBe('zh');
    expect(localeLanguage({ LANG: 'zh_TW' })).toBe('zh');
    expect(localeLanguage({ LANG: 'zh' })).toBe('zh');
    expect(localeLanguage({ LANG: 'en_US.UTF-8' })).toBe('en');
    expect(localeLanguage({ LANG: 'C.UTF-8' })).toBe('en');
    expect(localeLanguage({})).toBe('en');
    expect(localeLanguage({ LC_ALL: 'en_US.UTF-8', LANG: 'zh_CN.UTF-8' })).toBe('en');
    expect(localeLanguage({ LC_MESSAGES: 'zh_CN.UTF-8', LANG: 'en_US.UTF-8' })).toBe('zh');
  });

  it('takes --lang before the config, and the config before the locale, wherever --lang stands', () => {
    const decks = writeDecks({ 'a.md': RLHF });
    const cwd = dirname(decks);
    const help = (args: string[], env: Record<string, string>) => runCli([...args, '--decks', decks], { cwd, env }).stdout.split('\n')[0];
    expect(help(['--help'], CHINESE)).toBe('用法：recall [命令] [选项]');
    expect(help(['--help'], ENGLISH)).toBe('Usage: recall [command] [options]');
    expect(help(['--help', '--lang', 'zh'], ENGLISH)).toBe('用法：recall [命令] [选项]');
    expect(help(['--lang=en', '--help'], CHINESE)).toBe('Usage: recall [command] [options]');
    // Before the command's name, as every command's option.
    expect(runCli(['--lang', 'zh', 'check', '--decks', decks], { cwd, env: ENGLISH }).stdout).toBe('正常：1 个卡组文件，2 张卡片，没有问题\n');
    writeFileSync(join(decks, 'recall.config.json'), '{ "language": "zh" }\n');
    expect(help(['--help'], ENGLISH)).toBe('用法：recall [命令] [选项]');
    expect(help(['--help', '--lang', 'en'], CHINESE)).toBe('Usage: recall [command] [options]');
    const bad = runCli(['--lang', 'fr', 'check'], { cwd, env: CHINESE });
    expect(bad).toMatchObject({ code: 2, stderr: "recall: --lang must be en or zh, not 'fr'\nRun 'recall --help' for usage.\n" });
  });

  it('reads only the catalog of the chosen language (English is built in; Chinese is a bundle of its own)', () => {
    const decks = writeDecks({ 'a.md': RLHF });
    const dir = tempDir();
    const probe = join(dir, 'probe.cjs');
    const report = join(dir, 'read.json');
    writeFileSync(probe, `
      const fs = require('node:fs');
      const read = fs.readFileSync, seen = [];
      fs.readFileSync = function (path, ...rest) { if (/[\\\\/]i18n[\\\\/]/.test(String(path))) seen.push(String(path)); return read.call(this, path, ...rest); };
      process.on('exit', () => fs.writeFileSync(${JSON.stringify(report)}, JSON.stringify(seen)));
    `);
    const catalogs = (env: Record<string, string>) => {
      runCli(['check', '--decks', decks, '--state', join(dir, 'state')], { cwd: dir, env: { ...env, NODE_OPTIONS: `--require ${probe}` } });
      const read = JSON.parse(readFileSync(report, 'utf8')) as string[];
      return read.filter((p) => p.endsWith('.cjs')).map((p) => p.replace(/^.*[\\/](i18n[\\/])/, '$1'));
    };
    expect(catalogs(ENGLISH)).toEqual([]);
    expect(catalogs(CHINESE)).toEqual(['i18n/zh.cjs']);
  });
});

describe('the CLI in Chinese', () => {
  it('reports deck problems, their count and its errors in Chinese, under LANG=zh_CN.UTF-8 and under --lang zh', () => {
    const decks = writeDecks({ 'a.md': `${RLHF}\n## 空的问题？\n\n## \n没有问题\n` });
    const cwd = dirname(decks);
    const expected = [
      'decks/a.md:9: 标题卡片 "空的问题？" 没有背面：在标题下面写上答案',
      'decks/a.md:11: "##" 标题卡片的正面是空的：在 "## " 后面写上问题',
      '',
      '1 个卡组文件中有 2 个问题（有效卡片 2 张）',
      '',
    ].join('\n');
    for (const [args, env] of [[[], CHINESE], [['--lang', 'zh'], ENGLISH]] as const) {
      const check = runCli(['check', ...args], { cwd, env });
      expect(check).toMatchObject({ code: 1, stdout: expected });
      expect(runCli(['bogus', ...args], { cwd, env })).toMatchObject({ code: 2, stderr: "recall: 没有 'bogus' 这个命令\n运行 'recall --help' 查看用法。\n" });
      expect(runCli(['stats', '--days', '3', ...args], { cwd, env }).stderr).toBe("recall: --days 必须是 7 到 3660 之间的整数（天数），不能是 '3'\n");
      expect(runCli(['add', '--deck', 'a', '--front', '什么是对齐税？', '--back', 'x', ...args], { cwd, env }).stderr).toBe(
        'recall: 重复："什么是对齐税？" 已经是 a.md:3 处的一张卡片\n  没有写入任何内容；请改写正面，或用 <!-- id: some-name --> 指定不同的 id\n',
      );
    }
  });

  it('lists decks and finds cards in Chinese, the deck list lined up by display width', async () => {
    const { cwd } = await reviewedProject();
    const env = { ...CHINESE, TZ: middayTz() };
    const decks = runCli(['decks'], { cwd, env }).stdout.trimEnd().split('\n');
    expect(decks[0]).toMatch(/^卡组 +新 +学习 +到期 +卡片 +回忆率$/);
    expect(decks.at(-1)).toMatch(/^全部卡组 /);
    // Every row's numbers end where the headings end, whatever the width of the deck's name.
    const ends = wordEnds(decks[0]!).slice(1);
    for (const row of decks.slice(1)) expect(wordEnds(row).slice(-ends.length), decks.join('\n')).toEqual(ends);
    const found = runCli(['find', '气泡'], { cwd, env });
    expect(found.stderr).toBe('1 张卡片匹配 "气泡"。\n');
    expect(found.stdout).toMatch(/^训练::流水线并行 · decks\/训练\/流水线并行\.md:\d+ · (新卡片|学习中|复习)/);
    expect(runCli(['find', '没有这个词'], { cwd, env })).toMatchObject({ code: 1, stdout: '没有卡片匹配 "没有这个词"。\n' });
  });

  it('keeps the keys of --json English', async () => {
    const { cwd, decks } = await reviewedProject();
    const stats = JSON.parse(runCli(['stats', '--json'], { cwd, env: { ...CHINESE, TZ: middayTz() } }).stdout);
    expect(Object.keys(stats)).toEqual(['generatedAt', 'rolloverHour', 'desiredRetention', 'totals', 'today', 'heatmap', 'forecast', 'retention', 'readiness', 'weakest', 'knowledge', 'plans', 'practice']);
    expect(Object.keys(stats.today)).toEqual(['date', 'dueNow', 'dueToday', 'newLeft', 'reviewed', 'streak']);
    writeFileSync(join(cwd, 'note.md'), '# 笔记\n\n## 什么是 RLHF？\n基于人类反馈的强化学习。\n\n## 参考资料\n- 一篇论文\n');
    const dry = runCli(['import', 'note.md', '--dry-run', '--json', '--decks', decks], { cwd, env: CHINESE });
    const summary = JSON.parse(dry.stdout);
    expect(Object.keys(summary)).toEqual(['dryRun', 'notes', 'proposals', 'outcome', 'skipped', 'headingsWithoutCard', 'files', 'cardsAdded', 'media', 'perNote']);
    expect(summary.headingsWithoutCard).toEqual({ 'reference section': 1 });
    expect(summary.perNote[0].headingsWithoutCard[0].reason).toBe('reference section');
    // The same run said to a person: the reason in Chinese.
    expect(runCli(['import', 'note.md', '--dry-run', '--decks', decks], { cwd, env: CHINESE }).stderr).toContain('1 个标题没有生成卡片：参考资料部分 1');
  });
});

/** A project whose decks have Chinese names and a day of reviews behind them. */
async function reviewedProject() {
  const cwd = tempDir();
  const decks = writeDecks(
    {
      '训练/流水线并行.md': '---\ntags: [并行]\n---\n## 什么是流水线并行？\n把模型按层切开。\n\n## 什么是气泡？\n流水线里空闲的时间。\n',
      'llm-papers/instructgpt.md': '---\ntags: [rlhf]\n---\n## What is the alignment tax?\nThe drop after RLHF.\n\n## 奖励模型输出什么？\n一个标量分数。\n',
    },
    join(cwd, 'decks'),
  );
  const s = openSession(decks, join(cwd, 'state'), new FakeClock(Date.now() - 3_600_000), { settings: { learningSteps: [] } });
  for (const grade of [3, 1, 3] as const) s.review.answer(grade);
  s.close();
  return { cwd, decks };
}

describe('recall stats in Chinese', () => {
  for (const columns of [40, 100]) {
    it(`fits ${columns} columns, its tables lined up by display width`, async () => {
      const { cwd } = await reviewedProject();
      const r = runCli(['stats'], { cwd, env: { ...CHINESE, TZ: middayTz(), COLUMNS: String(columns) } });
      expect(r.code).toBe(0);
      const lines = r.stdout.trimEnd().split('\n');
      const over = lines.filter((l) => stringWidth(l) > columns);
      expect(over, r.stdout).toEqual([]);
      for (const title of ['今天', '未来 30 天到期', '掌握程度，最弱的在前', '最弱的卡片', '知识量']) expect(lines, r.stdout).toContain(title);
      expect(r.stdout).toMatch(/^recall 统计 · \d{4}年\d{1,2}月\d{1,2}日/);
      // The heatmap's weekday labels in Chinese, its grid starting in one column.
      const grid = lines.filter((l) => /^[一三五日 ] +[·░▒▓█]+$/.test(l) && l.includes('·'));
      expect(grid.map((l) => l.charAt(0))).toEqual(['一', ' ', '三', ' ', '五', ' ', '日']);
      expect(new Set(grid.map((l) => stringWidth(l.trimEnd()))).size).toBeLessThanOrEqual(2);
      expect(lines.find((l) => /\d+月/.test(l) && !/日/.test(l))).toBeDefined();
      // Readiness: each number column ends where its heading ends, the deck names in Chinese too.
      for (const heading of ['  卡组', '  标签']) {
        const at = lines.findIndex((l) => l.startsWith(heading));
        const head = wordEnds(lines[at]!).slice(1);
        const after = lines.slice(at + 1);
        const rows = after.slice(0, after.findIndex((l) => l.trim() === '') === -1 ? after.length : after.findIndex((l) => l.trim() === ''));
        expect(rows.length, r.stdout).toBeGreaterThan(0);
        for (const row of rows) expect(wordEnds(row).slice(-head.length), `${row}\n${r.stdout}`).toEqual(head);
      }
      if (columns === 100) expect(r.stdout).toContain('训练::流水线并行');
      // Retention: every heading's end is the end of a cell in every row.
      const at = lines.findIndex((l) => /新近 +成熟 +全部/.test(l));
      const head = wordEnds(lines[at]!);
      for (const row of lines.slice(at + 1, at + 5)) for (const end of head) expect(wordEnds(row), `${row}\n${r.stdout}`).toContain(end);
      expect(lines.slice(at + 1, at + 5).map((l) => l.trim().split(/\s+/)[0])).toEqual(['今天', '7', '30', '365']);
    });
  }
});

describe('screens in Chinese', () => {
  beforeEach(() => useCatalog('zh', zh));
  afterEach(() => useCatalog('en', en));

  function mountReview(columns = 100) {
    const clock = new FakeClock(Date.UTC(2026, 4, 1, 12));
    const session = openSession(writeDecks({ 'rlhf.md': RLHF }), tempDir(), clock);
    const app = render(<ReviewApp session={session.review} clock={clock.tick} onExit={() => undefined} />);
    if (columns !== 100) {
      Object.defineProperty(app.stdout, 'columns', { value: columns, configurable: true });
      app.stdout.emit('resize');
    }
    const keys = async (...sequence: string[]) => {
      for (const key of sequence) {
        clock.advance(4000);
        app.stdin.write(key);
        await pause();
      }
    };
    return { app, clock, keys, close: () => session.close() };
  }

  it('shows the card, the keys help, the buttons and the summary as expected', async () => {
    const { app, keys, close } = mountReview();
    try {
      await eventually(() => expect(app.lastFrame()).toContain('什么是对齐税？'));
      const header = [
        'rlhf › 对齐                                                                                    2 0 0',
        '░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░ 已完成 0 · 还剩 2',
        '',
      ];
      expect(app.lastFrame()).toBe([...header, '什么是对齐税？', '', '空格 显示答案 · ? 按键 · q 退出'].join('\n'));
      await keys('?');
      expect(app.lastFrame()).toBe(
        [
          ...header,
          '╭──────────────────────────────────────────────────────────────────────────────────────────────────╮',
          '│ 按键                                                                                             │',
          '│ 空格/回车         显示答案；显示后评为“良好”                                                     │',
          '│ 1 2 3 4           重来、困难、良好、简单（通过/未通过的模拟面试：1 未通过，3 通过）              │',
          '│ u                 撤销最后一次回答、搁置、暂停或标记                                             │',
          '│ b                 搁置：这张卡片明天再出现（仅每日复习）                                         │',
          '│ s                 暂停：直到 `recall unsuspend` 让它回来                                         │',
          '│ m                 标记或取消标记这张卡片（recall cram --marked、find --state marked）            │',
          '│ e                 用 $EDITOR 编辑这张卡片所在的文件                                              │',
          '│ o                 打开这张卡片的图片                                                             │',
          '│ j k ↑ ↓           长答案滚动一行                                                                 │',
          '│ PgDn PgUp         长答案滚动一页                                                                 │',
          '│ Enter / Esc       使用 --type 时：检查输入的答案 / 不输入直接显示答案                            │',
          '│ ?                 显示或隐藏这些按键                                                             │',
          '│ q / Esc / Ctrl-C  结束复习并显示汇总                                                             │',
          '╰──────────────────────────────────────────────────────────────────────────────────────────────────╯',
          '',
          '空格 显示答案 · ? 按键 · q 退出',
        ].join('\n'),
      );
      await keys('?', ' ');
      expect(app.lastFrame()).toBe(
        [
          ...header,
          '什么是对齐税？',
          '',
          '────────────────────────────────────────',
          '对齐之后模型在公开 NLP 基准上的性能下降（alignment tax）。',
          '',
          '1 重来 1分钟  2 困难 6分钟  3 良好 10分钟  4 简单 6天',
          '空格/回车 良好 · u 撤销 · ? 按键 · q 退出',
        ].join('\n'),
      );
      await keys('3', ' ', '1', 'q');
      expect(app.lastFrame()).toBe(['复习了 2 张卡片，用时 24秒 · 正确率 50%', '下一张卡片到期：1 分钟后（20:01） · 明天之前到期 2 张'].join('\n'));
    } finally {
      close();
    }
  });

  it('keeps the keys help box square at 40 columns, each description in one column', async () => {
    const { app, keys, close } = mountReview(40);
    try {
      await eventually(() => expect(app.lastFrame()).toContain('什么是对齐税？'));
      await keys('?');
      const box = app.lastFrame()!.split('\n').filter((l) => l.startsWith('│') || l.startsWith('╭') || l.startsWith('╰'));
      expect(box.length).toBeGreaterThan(12);
      expect(new Set(box.map((l) => stringWidth(l)))).toEqual(new Set([40]));
      // Every description (and every wrapped line of one) starts in the same display column.
      const starts = box.slice(2, -1).map((l) => stringWidth(/^│ \S*(?: \S+)*? {2,}|^│ +/.exec(l)![0]));
      expect(new Set(starts)).toEqual(new Set([20]));
      expect(box.join('\n')).toContain('q / Esc / Ctrl-C  结束复习并显示汇总');
    } finally {
      close();
    }
  });

  it('lines up the add form\'s decks and the import list\'s fronts by display width', async () => {
    const decks = writeDecks({ '训练/流水线并行.md': '## 什么是流水线并行？\n切开模型。\n', 'llm/t5.md': '## What is T5?\nA model.\n\n## Why?\nBecause.\n' });
    const collection = loadCollection(decks);
    const form = new AddForm(deckChoices(collection), { plan: () => { throw new Error('unused'); }, save: () => '' });
    for (const columns of [100, 40]) {
      const app = render(<AddApp form={form} onDone={() => undefined} />);
      Object.defineProperty(app.stdout, 'columns', { value: columns, configurable: true });
      app.stdout.emit('resize');
      await pause();
      const rows = app.lastFrame()!.split('\n').filter((l) => l.includes('张卡片，'));
      expect(rows).toHaveLength(2);
      expect(new Set(rows.map((l) => stringWidth(l.slice(0, l.indexOf('（')))))).toEqual(new Set([stringWidth('❯ 训练::流水线并行  ')]));
      expect(app.lastFrame()).toContain('+ 新建卡组…');
      app.unmount();
    }

    const dir = tempDir();
    cpSync(decks, join(dir, 'decks'), { recursive: true });
    writeFileSync(join(dir, 'note.md'), '# 笔记\n\n**气泡**：流水线里空闲的时间。\n\n## 什么是张量并行？\n把矩阵切开。\n\nQ: 什么是数据并行？\nA: 每张卡一份完整的模型。\n');
    const cwd = process.cwd();
    process.chdir(dir);
    try {
      const { notes } = planImport(loadCollection(join(dir, 'decks')), join(dir, 'decks'), 'note.md');
      const app = render(<ImportApp list={new ImportList(notes)} />);
      await eventually(() => expect(app.lastFrame()).toMatch(/3 个候选 · 已接受 0 · 已跳过 0/));
      const rows = app.lastFrame()!.split('\n').filter((l) => /^[❯ ] [ ✓✗] \[/.test(l));
      expect(rows.map((l) => /\[(\S+)\]/.exec(l)![1])).toEqual(['术语', '问题', '问题']);
      // The fronts start in one column, whatever the width of the tag before them.
      const fronts = rows.map((l) => stringWidth(/^[❯ ] [ ✓✗] \[\S+\] +/.exec(l)![0]));
      expect(new Set(fronts)).toEqual(new Set([fronts[0]]));
      expect(app.lastFrame()).toContain('a 接受 · s 跳过 · e 编辑 · A 全部接受');
      app.unmount();
    } finally {
      process.chdir(cwd);
    }
  });
});

describe('a newcomer in a Chinese locale, in a terminal', () => {
  it('reviews a card of the Chinese edition of the shipped decks, reads the keys help and the summary in Chinese', async () => {
    const cwd = tempDir();
    const state = join(cwd, 'state');
    const pty = new Pty(['--decks', SHIPPED_DECKS, '--state', state], { cwd, env: { ...CHINESE, TZ: middayTz() }, columns: 100, rows: 30 });
    const screen = new Screen(100, 30);
    const settle = async () => {
      await new Promise((r) => setTimeout(r, 150));
      await screen.feed(pty.raw());
    };
    await pty.waitFor('空格 显示答案');
    await settle();
    // The first card is a question of the Chinese edition.
    const front = screen.lines().slice(3, 8).join('\n');
    expect(front, screen.text()).toMatch(/[\u4e00-\u9fff]/);
    let mark = pty.text().length;
    await pty.type('?');
    await pty.waitFor('q / Esc / Ctrl-C', 5000, mark);
    await settle();
    const help = screen.lines().filter((l) => l.startsWith('│'));
    expect(help[0]).toMatch(/^│ 按键 +│$/);
    expect(help.find((l) => l.includes('重来'))).toMatch(/^│ 1 2 3 4 {11}重来、困难、良好、简单（[^│]+） +│$/);
    expect(new Set(help.map((l) => stringWidth(l)))).toEqual(new Set([100]));
    mark = pty.text().length;
    await pty.type('?');
    await pty.type(' ');
    await pty.waitFor('3 良好', 5000, mark);
    mark = pty.text().length;
    await pty.type('3');
    await pty.waitFor('已完成 1', 5000, mark);
    mark = pty.text().length;
    await pty.type('q');
    await pty.waitFor('复习了 1 张卡片', 5000, mark);
    expect(await pty.wait()).toBe(0);
    await settle();
    expect(screen.text()).toMatch(/复习了 1 张卡片，用时 \d+秒 · 正确率 100%/);
    expect(screen.text()).toMatch(/下一张卡片到期：10 分钟后（\d\d:\d\d） · 明天之前到期 \d+ 张/);

    // The answer is logged against a card of the Chinese edition.
    const [event] = readFileSync(join(state, 'reviews.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { card: string; grade: number });
    const card = loadCollection(SHIPPED_DECKS).cards.find((c) => c.id === event!.card);
    expect(card?.file).toMatch(/^zh\//);
    expect(existsSync(join(state, 'lock'))).toBe(false);
  });
});
