// 简体中文：recall 界面上的每一句话，与 ./en.ts 键为键、参数为参数一一对应（编译器检查）。
// 术语：card 卡片、deck 卡组、review 复习、due 到期、suspend 暂停、bury 搁置、leech 顽固卡片、
// cloze 填空、retention 记忆保持率、state folder 进度文件夹。数字用阿拉伯数字；日期写作 2026年11月29日。
import type { Catalog } from './en.js';

const pad2 = (n: number) => String(n).padStart(2, '0');

export const zh: Catalog = {
  format: {
    number: (n: number) => n.toLocaleString('zh-CN'),
    percent: (share: number) => `${Math.round(share * 100)}%`,
    date: (year: number, month: number, day: number) => `${year}年${month}月${day}日`,
    duration: (hours: number, minutes: number, seconds: number) =>
      hours > 0 ? `${hours}小时${pad2(minutes)}分` : minutes > 0 ? `${minutes}分${pad2(seconds)}秒` : `${seconds}秒`,
    interval: {
      underMinute: '<1分钟',
      minutes: (n: number) => `${n}分钟`,
      hours: (n: number) => `${n}小时`,
      days: (n: number) => `${n}天`,
      months: (n: string) => `${n}个月`,
      years: (n: string) => `${n}年`,
    },
    when: {
      now: '现在',
      inMinutes: (n: number, clock: string) => `${n} 分钟后（${clock}）`,
      inHours: (n: number, clock: string) => `${n} 小时后（${clock}）`,
      inDays: (n: number, date: string) => `${n} 天后（${date}）`,
    },
    cards: (n: number) => `${n} 张卡片`,
  },

  cli: {
    unknownCommand: (name: string) => `没有 '${name}' 这个命令`,
    unexpectedArgument: (arg: string) => `多余的参数 '${arg}'`,
    unknownOption: (option: string) => `没有 '${option}' 这个选项`,
    missingValue: (option: string) => `选项 '${option}' 缺少取值`,
    usageHint: "运行 'recall --help' 查看用法。",
    version: (v: string) => `recall ${v}`,
    unexpectedError: (detail: string) => `意外错误：${detail}`,
    badLanguage: (value: string) => `--lang 只能是 en 或 zh，不能是 '${value}'`,
  },

  help: {
    usage: '用法：recall [命令] [选项]',
    commandUsage: (name: string, positionals: string) => `用法：recall ${name}${positionals ? ` ${positionals}` : ''} [选项]`,
    commands: '命令：',
    options: '选项：',
    everyCommand: '所有命令通用的选项：',
    global: {
      decks: '卡组文件夹（默认 ./decks，或 $RECALL_DECKS）',
      state: '进度文件夹（默认 ./state，或 $RECALL_STATE）',
      lang: '界面语言：en 或 zh（默认取 recall.config.json 中的 language，否则跟随系统语言环境）',
      help: '显示帮助；`recall 命令 --help` 查看某个命令的选项',
      version: '显示版本',
    },
    deckFilter: '只看这个卡组及其下的卡组（llm-papers 包括 llm-papers::t5）',
    tagFilter: '只看带这个标签的卡片',
    command: {
      review: {
        summary: '复习今天到期的卡片（默认命令）',
        limit: '本次最多复习 N 张卡片',
      },
      stats: {
        summary: '一览掌握程度、记忆保持率、到期预测和复习习惯',
        days: '热力图显示的天数（默认 182）',
        json: '以一个 JSON 文档输出同样的数据',
      },
      add: {
        summary: '往卡组文件里添加卡片（在终端里用表单，或用选项、标准输入）',
        deck: '要添加到的卡组（没有则新建：llm::rlhf 对应 decks/llm/rlhf.md）',
        front: '标题卡片的问题（配合 --back），或显示在 --cloze 上方的标题',
        back: '标题卡片的答案',
        reverse: '同时生成反向卡片（由答案问问题）',
        cloze: '一张填空卡片，例如 "T5 有 {{c1::110 亿}} 个参数"',
        notes: '在终端里且不带卡片选项时，recall add 打开表单。从标准输入传入的卡组格式文本会原样追加。',
      },
      import: {
        summary: '从 Markdown 笔记、Anki 卡包（.apkg、.colpkg）或 Anki 文本生成候选卡片，写入你接受的那些',
        deck: '把卡片加到这个卡组（默认每篇笔记一个卡组，文件夹成为上级卡组）',
        clozes: '同时把加粗的关键词做成填空卡片',
        yes: '不经列表，接受全部候选（无需终端）',
        dryRun: '打印将要写入的卡组文件，但不写入',
        json: '配合 --yes 或 --dry-run：以 JSON 输出汇总',
        noHistory: 'Anki 卡包：只导入卡片，不导入复习记录',
      },
      export: {
        summary: '导出卡片：Anki 卡包、Anki 文本、速查表（Markdown 或可打印的 HTML），或完整的 JSON 备份',
        format: 'apkg（Anki 卡包）、csv（Anki 文本）、md（速查表）、html（可打印的速查表）或 json（完整备份）',
        out: '写到哪里（默认 recall-日期.扩展名；- 表示标准输出）',
        force: '覆盖已有文件',
        withProgress: 'apkg：把排程、FSRS 记忆状态和复习记录带到 Anki',
        sort: 'md、html：deck（默认，按卡组）或 weakest（预测回忆率最低的在前）',
        notes: 'apkg 自带卡片用到的图片；csv 把图片写到文本文件旁边的文件夹（文件名.media/），需复制到 Anki 的 collection.media 文件夹。\nhtml 是一个自成一体的页面（公式、高亮代码和图片都在里面），可在浏览器里阅读或打印。',
      },
      optimize: {
        summary: '按你的复习记录拟合 FSRS 参数（或 --retention：建议一个目标保持率）',
        force: '即使拟合结果不比默认参数好，也使用拟合参数',
        reset: '恢复默认参数',
        retention: '模拟不同目标保持率下的工作量，并给出建议',
      },
      plan: {
        summary: '让一个卡组或标签对准面试日期；不给日期则列出所有计划',
        deck: '计划针对的卡组',
        tag: '计划针对的标签',
        clear: '删除计划：全部，或 --deck、--tag、某个日期对应的那一个',
      },
      unsuspend: {
        summary: '列出被暂停的卡片（你暂停的和顽固卡片），或让它们重新参加复习',
        all: '所有被暂停的卡片（可用 --deck、--tag 缩小范围）',
      },
      check: {
        summary: '检查卡组，把每个问题报告为 路径:行号: 说明',
        drop: '丢弃一张已不存在的卡片的复习记录',
        move: '把这段复习记录交给另一张卡片（编辑过的那张）',
      },
    },
  },

  review: {
    needsTerminal: '复习需要交互式终端（标准输入和标准输出都必须是 TTY）',
    needsTerminalHint: "请在终端里运行 'recall'；脚本里可以用不需要终端的 'recall check'",
    noCards: (folder: string) => `${folder} 里没有卡片`,
    noCardsHint: '写一个卡组（见 README.zh-CN.md 的“卡组格式”），或用 --decks 指向你的卡组文件夹',
    problems: (n: number) => `卡组里有 ${n} 个问题：运行 'recall check' 查看；所有有效的卡片都在本次复习中。`,
    grades: { 1: '重来', 2: '困难', 3: '良好', 4: '简单' },
    progress: (done: number, left: number) => `已完成 ${done} · 还剩 ${left}`,
    hintBefore: '空格 显示答案 · ? 按键 · q 退出',
    hintAfter: '空格/回车 良好 · u 撤销 · ? 按键 · q 退出',
    hintSummary: 'u 撤销最后一次回答 · q 关闭',
    more: '↓ 还有：j/↓ 或 PgDn（k/↑、PgUp 向上）',
    undone: '已撤销。',
    nothingToUndo: '没有可以撤销的。',
    buried: '已搁置到明天（u 撤销）。',
    suspended: '已暂停（u 撤销）。',
    noImage: '这张卡片没有图片。',
    anyKey: '按任意键回到卡片。',
    couldNotSave: (why: string) => `无法保存：${why}`,
    saveFailed: (why: string) => `${why}：这次回答没有保存，本次复习到此为止。之前的每一次回答都已保存。腾出空间（或修好文件夹）后再运行 recall。`,
    saveWhy: {
      ENOSPC: '磁盘已满',
      EDQUOT: '磁盘配额已用完',
      EROFS: '进度文件夹在只读文件系统上',
      EACCES: '进度文件夹不可写',
      EPERM: '进度文件夹不可写',
      EIO: '磁盘报告了输入/输出错误',
    },
    keysTitle: '按键',
    keys: [
      ['空格/回车', '显示答案；显示后评为“良好”'],
      ['1 2 3 4', '重来、困难、良好、简单'],
      ['u', '撤销最后一次回答、搁置或暂停'],
      ['b', '搁置：这张卡片明天再出现'],
      ['s', '暂停：直到 `recall unsuspend` 让它回来'],
      ['e', '用 $EDITOR 编辑这张卡片所在的文件'],
      ['o', '打开这张卡片的图片'],
      ['j k ↑ ↓', '长答案滚动一行'],
      ['PgDn PgUp', '长答案滚动一页'],
      ['?', '显示或隐藏这些按键'],
      ['q / Esc / Ctrl-C', '结束复习并显示汇总'],
    ],
    image: (alt: string) => `[图片：${alt}]`,
    imageNotFound: (path: string) => `找不到图片：${path}`,
    imageOpened: (name: string, viewer: string) => `已用 ${viewer} 打开 ${name}`,
    imageNotOpened: (path: string, viewer: string, why: string) => `无法用 ${viewer} 打开 ${path}：${why}（请设置 $BROWSER）`,
    historyMoved: (place: string) => `复习记录已转到编辑后的卡片 ${place}`,
    editorFailed: (editor: string, why: string) => `无法启动编辑器 '${editor}'：${why}（请设置 $VISUAL 或 $EDITOR）`,
    editorStatus: (editor: string, status: number) => `编辑器 '${editor}' 退出，状态码 ${status}`,
  },

  summary: {
    reviewed: (n: number, duration: string, percent: string) => `复习了 ${n} 张卡片，用时 ${duration} · 正确率 ${percent}`,
    noneReviewed: '没有复习卡片。',
    nextDue: (when: string, tomorrow: number) => `下一张卡片 ${when} 到期 · 明天之前到期 ${tomorrow} 张`,
    heldBack: (reviews: number, news: number) =>
      `超出今日上限、留待以后：${[reviews ? `${reviews} 张复习卡片` : '', news ? `${news} 张新卡片` : ''].filter(Boolean).join('，')}`,
    leech: (place: string) => `已作为顽固卡片暂停（忘得太多次）：${place}。改写它或拆成更小的卡片；'recall unsuspend' 可以让它回来。`,
    suspended: (total: number, user: number, leech: number) =>
      `已暂停：${total} 张卡片（${[user ? `你暂停的 ${user} 张` : '', leech ? `顽固卡片 ${leech} 张（忘得太多次）` : ''].filter(Boolean).join('，')}）；'recall unsuspend' 可以列出它们并让它们回来。`,
    nothingDue: (filtered: boolean) => `${filtered ? '符合条件的卡片' : ''}现在没有到期的。`,
    nextCard: (when: string, tomorrow: number) => `下一张卡片 ${when} 到期；明天之前到期 ${tomorrow} 张`,
    noReviews: '没有安排复习',
    noReviewsYet: '还没有安排复习',
    newWaiting: (n: number, perDay: number) => `，另有 ${n} 张新卡片等待学习（每天最多 ${perDay} 张）`,
  },

  filters: {
    noDeck: (name: string) => `没有卡片在名为 '${name}' 的卡组里`,
    noTag: (name: string) => `没有卡片带有标签 '${name}'`,
    noBoth: (deck: string, tag: string) => `没有卡片既在卡组 '${deck}' 里又带有标签 '${tag}'`,
    noBothHint: '去掉 --deck 和 --tag 中的一个',
    didYouMean: (options: string[]) => `你是不是想用 ${options.join(' 或 ')}？`,
    decksAre: (names: string) => `现有卡组：${names}`,
    tagsAre: (names: string) => `现有标签：${names}`,
    noTags: '还没有卡片带标签（标签写在卡组的 front matter 里）',
    andMore: (shown: string, more: number) => `${shown} 等另外 ${more} 个`,
  },

  values: {
    wholeNumber: (option: string, unit: string, min: number, max: number | undefined, value: string) =>
      `${option} 必须是${max !== undefined ? ` ${min} 到 ${max} 之间` : `不小于 ${min} `}的整数${unit ? `（${unit}）` : ''}，不能是 '${value}'`,
    ofDays: '天数',
  },
};
