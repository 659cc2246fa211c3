// `recall import --dry-run` on a folder of 100 generated interview notes (about 2 MB, nested
// folders, numbered and bold question headings, long sections, code, formulas, tables, images):
// the whole run of the real binary, median of several. Target: under 2 s.
//
//   npm run build && node bench/import.js [--runs N] [FOLDER]
//   FOLDER: time a folder of your own notes instead of the generated one.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const BIN = fileURLToPath(new URL('../bin/recall.js', import.meta.url));
const TARGET_MS = 2000;
const args = process.argv.slice(2);
const runs = args.includes('--runs') ? Number(args[args.indexOf('--runs') + 1]) : 5;
const given = args.find((a, i) => !a.startsWith('--') && args[i - 1] !== '--runs');

// A fixed pseudo-random sequence, so every run times the same notes.
let seed = 20261201;
const random = () => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32);
const pick = (list) => list[Math.floor(random() * list.length)];

const TOPICS = ['注意力', '位置编码', '归一化', '分词', '数据并行', '张量并行', '流水线并行', 'LoRA', 'RLHF', 'DPO', 'KV Cache', '量化', '解码策略', 'MoE', 'RAG'];
const SENTENCES = [
  '它把输入按相关程度加权求和，远距离的位置也能一步交互。',
  '训练时显存主要花在参数、梯度、优化器状态和激活值上。',
  'The method trades a little accuracy for a large saving in memory and time.',
  '每张卡只保存一部分状态，需要时再通过集合通信取回。',
  'In practice the choice depends on sequence length, batch size and the hardware at hand.',
  '这样做的代价是更多的通信，但单卡的显存压力明显降低。',
];
const paragraph = (n) => Array.from({ length: n }, () => pick(SENTENCES)).join('');
const code = (n) => ['```python', ...Array.from({ length: n }, (_, i) => `    x${i} = layer_${i % 7}(x${Math.max(0, i - 1)})  # step ${i}`), '```'].join('\n');
const HEADINGS = [
  (t, i) => `#### **${i}.1 讲讲对${t}的理解？**`,
  (t, i) => `### ${i}.2 ${t}的作用`,
  (t, i) => `### **${i}-4** QA：请简述${t}的流程`,
  (t) => `### ${t}和其他方法有什么区别`,
  (t) => `## Why does ${t} matter?`,
  (t, i) => `### （${i}）${t}技术原理`,
  (t) => `### ${t}`,
  () => '### 总结',
];

function note(topic, k) {
  const parts = [`# ${k}.${topic}`, ''];
  for (let i = 1; Buffer.byteLength(parts.join('\n')) < 20_000; i++) {
    parts.push(pick(HEADINGS)(topic, i), '', paragraph(4 + Math.floor(random() * 8)), '');
    const extra = random();
    if (extra < 0.15) parts.push(code(10 + Math.floor(random() * 30)), '');
    else if (extra < 0.3) parts.push('$$', '\\text{softmax}\\left(\\frac{QK^T}{\\sqrt{d_k}}\\right)V \\\\', 'd_k = d / h', '$$', '');
    else if (extra < 0.45) parts.push('| 方法 | 显存 |', '| --- | --- |', '| A | $O(n)$ |', '| B | $O(n^2)$ |', '');
    else if (extra < 0.6) parts.push(`![示意图](image/fig${i % 5}.png)`, '');
    else if (extra < 0.8) parts.push(...['优点', '缺点', '适用场景'].map((l) => `- **${l}**：${paragraph(2)}`), '');
    if (random() < 0.2) parts.push(`#### ${i}.3 细节`, '', paragraph(6), '');
  }
  return parts.join('\n');
}

function generate() {
  const root = join(mkdtempSync(join(tmpdir(), 'recall-bench-import-')), 'notes');
  for (let n = 0; n < 100; n++) {
    const dir = join(root, `${String((n % 10) + 1).padStart(2, '0')}.第${(n % 10) + 1}章`, `${n}.${TOPICS[n % TOPICS.length]}`);
    mkdirSync(join(dir, 'image'), { recursive: true });
    writeFileSync(join(dir, `${n}.${TOPICS[n % TOPICS.length]}.md`), note(TOPICS[n % TOPICS.length], n));
    for (let f = 0; f < 5; f++) writeFileSync(join(dir, 'image', `fig${f}.png`), Buffer.alloc(64, f));
  }
  return root;
}

function size(dir) {
  let notes = 0;
  let bytes = 0;
  const walk = (d) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.name.endsWith('.md')) {
        notes++;
        bytes += statSync(p).size;
      }
    }
  };
  walk(dir);
  return { notes, bytes };
}

const folder = given ?? generate();
const decks = mkdtempSync(join(tmpdir(), 'recall-bench-decks-'));
const { notes, bytes } = size(folder);
const times = [];
let last;
for (let r = 0; r < runs; r++) {
  const start = process.hrtime.bigint();
  last = spawnSync(process.execPath, [BIN, 'import', folder, '--dry-run', '--json', '--decks', join(decks, 'decks'), '--state', join(decks, 'state')], { encoding: 'utf8', maxBuffer: 1 << 28 });
  times.push(Number(process.hrtime.bigint() - start) / 1e6);
  if (last.status !== 0) {
    process.stderr.write(last.stderr);
    process.exit(1);
  }
}
const summary = JSON.parse(last.stdout);
const median = [...times].sort((a, b) => a - b)[Math.floor(times.length / 2)];
console.log(`recall import --dry-run: ${notes} notes, ${(bytes / 1e6).toFixed(2)} MB -> ${summary.proposals.total} proposals, ${summary.media.copied} images to copy`);
console.log(`  median ${median.toFixed(0)} ms of ${runs} runs (${times.map((t) => t.toFixed(0)).join(', ')}); target under ${TARGET_MS} ms: ${median < TARGET_MS ? 'met' : 'MISSED'}`);
if (!given) rmSync(join(folder, '..'), { recursive: true, force: true });
rmSync(decks, { recursive: true, force: true });
process.exitCode = median < TARGET_MS ? 0 : 1;
