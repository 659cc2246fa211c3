// What `recall export` says about formulas, images and the HTML sheet, in English and Chinese:
// a catalog section with the shape of the others (a message with values is a function of them).

import { language } from './index.js';

const s = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

export const exportEn = {
  /** `--format` help, one entry per format. */
  formats: {
    apkg: 'apkg (Anki package)',
    csv: 'csv (Anki text)',
    md: 'md (cheat sheet)',
    html: 'html (printable cheat sheet)',
    json: 'json (full backup)',
  },
  sheetTitle: 'recall cheat sheet',
  /** The `wrote FILE: …` line. */
  summary: {
    apkg: (notes: number, cards: number, reviews: number | undefined, images: number) =>
      [`${notes} notes, ${cards} cards`, reviews !== undefined ? `${reviews} reviews` : '', images ? s(images, 'image', 'images') : ''].filter(Boolean).join(', '),
    csv: (notes: number, images: number) => [`${notes} notes`, images ? s(images, 'image', 'images') : ''].filter(Boolean).join(', '),
    sheet: (entries: number, embedded: number) => [`${entries} entries`, embedded ? `${s(embedded, 'image', 'images')} embedded` : ''].filter(Boolean).join(', '),
    backup: (files: number, cards: number, lines: number) => `${files} deck files, ${cards} cards, ${lines} log lines`,
  },
  backupWhole: 'a JSON backup holds everything: --deck, --tag and --marked do not apply',
  backupWholeHint: 'leave them out, or use --format csv or apkg for part of the decks',
  imageMissing: (place: string, src: string, path: string, front: string) => `${place}: image ${src} is missing (no file ${path}): the card "${front}" is exported without it`,
  mediaFolderIsFile: (folder: string) => `${folder} is a file, and the images of the export go into a folder of that name`,
  mediaFolderIsFileHint: 'move it away, or choose another --out',
  mediaNotWritten: (images: number) =>
    `the cards show ${s(images, 'image', 'images')}, which a text export cannot carry: export to a file (--out FILE.txt) to get them in a folder beside it, or use --format apkg`,
  mediaWritten: (images: number, folder: string) =>
    `${s(images, 'image', 'images')} in ${folder}/: copy ${images === 1 ? 'it' : 'them'} into your Anki profile's collection.media folder before importing, or the notes show broken images (--format apkg carries them itself)`,
  /** In the HTML sheet. */
  sheet: {
    entries: (n: number, date: string) => `${s(n, 'entry', 'entries')} · ${date}`,
    webImage: (alt: string) => `[image: ${alt}]`,
    missingImage: (src: string) => `[missing image: ${src}]`,
    recall: (percent: number) => `${percent}% predicted recall`,
    weakestFirst: 'Weakest first',
    notReviewed: 'Not reviewed yet',
  },
  /** `recall export` itself. */
  command: {
    exporting: 'Exporting',
    progress: (done: number, total: number) => `${done}/${total} cards`,
    insideFolder: (out: string, name: 'decks' | 'state', folder: string) => `--out ${out} is inside the ${name} folder (${folder})`,
    insideFolderHint: (name: 'decks' | 'state') => `an export could replace your ${name === 'decks' ? 'deck files' : 'progress'} there: write it somewhere else`,
    binary: (extension: string) => `an .${extension} is binary and cannot go to the terminal`,
    binaryHint: (extension: string) => `give --out FILE.${extension}`,
    isFolder: (path: string) => `${path} is a folder`,
    isFolderHint: 'choose a file name with --out',
    exists: (path: string) => `${path} already exists`,
    existsHint: 'choose another --out, or add --force to replace it',
    noFolder: (folder: string) => `folder ${folder} does not exist`,
    noFolderHint: 'create it first, or choose another --out',
    noFormat: '--format is missing',
    oneOf: (names: string[]) => `one of: ${names.join(', ')}`,
    unknownFormat: (name: string) => `unknown format '${name}'`,
    badSort: (sort: string) => `--sort must be deck or weakest, not '${sort}'`,
    sortFor: (formats: string[]) => `--sort is for --format ${formats.join(' or ')}`,
    progressFor: (formats: string[]) => `--with-progress is for --format ${formats.join(' or ')} (json always carries progress)`,
    problems: (n: number) => `the decks have ${n} problem(s) ('recall check' lists them); cards with problems are left out`,
    noCards: (decks: string) => `no cards in ${decks}`,
    noMarked: 'no marked cards to export',
    noMarkedHint: "m on the review screen marks a card; 'recall find --state marked' lists the marked ones",
  },
};

export type ExportCatalog = typeof exportEn;

export const exportZh: ExportCatalog = {
  formats: {
    apkg: 'apkg（Anki 卡包）',
    csv: 'csv（Anki 文本）',
    md: 'md（速查表）',
    html: 'html（可打印的速查表）',
    json: 'json（完整备份）',
  },
  sheetTitle: 'recall 速查表',
  summary: {
    apkg: (notes, cards, reviews, images) =>
      [`${notes} 条笔记，${cards} 张卡片`, reviews !== undefined ? `${reviews} 次复习` : '', images ? `${images} 张图片` : ''].filter(Boolean).join('，'),
    csv: (notes, images) => [`${notes} 条笔记`, images ? `${images} 张图片` : ''].filter(Boolean).join('，'),
    sheet: (entries, embedded) => [`${entries} 条`, embedded ? `内嵌 ${embedded} 张图片` : ''].filter(Boolean).join('，'),
    backup: (files, cards, lines) => `${files} 个卡组文件，${cards} 张卡片，${lines} 行复习记录`,
  },
  backupWhole: 'JSON 备份包含全部内容：--deck、--tag 和 --marked 不适用',
  backupWholeHint: '去掉它们，或用 --format csv 或 apkg 导出部分卡组',
  imageMissing: (place, src, path, front) => `${place}：图片 ${src} 不存在（没有文件 ${path}）：卡片“${front}”导出时不带这张图`,
  mediaFolderIsFile: (folder) => `${folder} 是一个文件，而导出的图片要放进同名文件夹`,
  mediaFolderIsFileHint: '把它移走，或换一个 --out',
  mediaNotWritten: (images) => `卡片用到 ${images} 张图片，文本导出带不了它们：导出到文件（--out 文件.txt）会把图片放在旁边的文件夹里，或者用 --format apkg`,
  mediaWritten: (images, folder) => `${images} 张图片在 ${folder}/：导入前请把它们复制到你的 Anki 配置文件夹的 collection.media 里，否则笔记里的图片会显示不出来（--format apkg 会自带图片）`,
  sheet: {
    entries: (n, date) => `${n} 条 · ${date}`,
    webImage: (alt) => `[图片：${alt}]`,
    missingImage: (src) => `[缺少图片：${src}]`,
    recall: (percent) => `预测回忆率 ${percent}%`,
    weakestFirst: '最弱的在前',
    notReviewed: '还没有复习过',
  },
  command: {
    exporting: '正在导出',
    progress: (done, total) => `${done}/${total} 张卡片`,
    insideFolder: (out, name, folder) => `--out ${out} 在${name === 'decks' ? '卡组' : '进度'}文件夹（${folder}）里`,
    insideFolderHint: (name) => `导出可能会替换那里的${name === 'decks' ? '卡组文件' : '进度'}：请写到别的地方`,
    binary: (extension) => `.${extension} 是二进制文件，不能输出到终端`,
    binaryHint: (extension) => `请用 --out 文件.${extension}`,
    isFolder: (path) => `${path} 是一个文件夹`,
    isFolderHint: '请用 --out 指定一个文件名',
    exists: (path) => `${path} 已经存在`,
    existsHint: '换一个 --out，或加上 --force 覆盖它',
    noFolder: (folder) => `文件夹 ${folder} 不存在`,
    noFolderHint: '请先创建它，或换一个 --out',
    noFormat: '缺少 --format',
    oneOf: (names) => `可选：${names.join('、')}`,
    unknownFormat: (name) => `没有 '${name}' 这种格式`,
    badSort: (sort) => `--sort 只能是 deck 或 weakest，不能是 '${sort}'`,
    sortFor: (formats) => `--sort 只用于 --format ${formats.join(' 或 ')}`,
    progressFor: (formats) => `--with-progress 只用于 --format ${formats.join(' 或 ')}（json 总是带着进度）`,
    problems: (n) => `卡组里有 ${n} 个问题（'recall check' 会列出来）；有问题的卡片不导出`,
    noCards: (decks) => `${decks} 里没有卡片`,
    noMarked: '没有已标记的卡片可以导出',
    noMarkedHint: "复习时按 m 标记卡片；'recall find --state marked' 列出已标记的卡片",
  },
};

/** The messages the export speaks, in the interface language. */
export const exportText: ExportCatalog = language() === 'zh' ? exportZh : exportEn;
