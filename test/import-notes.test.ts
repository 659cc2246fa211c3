// Proposing cards from notes as people write them for interviews: the heading forms that ask,
// atomic cards from long sections, context in fronts that would not stand alone, conservative
// clozes, and where each note's deck goes. Pure functions; the CLI path is in import-folder.test.ts.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { placeNotes } from '../src/core/note-places.js';
import { clozeOf, termOf } from '../src/core/note-items.js';
import { cleanHeading, questionOf } from '../src/core/note-outline.js';
import { LONG_BACK, MAX_BACK, needsContext, proposeCards } from '../src/core/propose.js';

const fronts = (text: string, options = {}) => proposeCards('note.md', text, options).proposals.map((p) => p.cards[0]!.front);
/** A paragraph of about n characters of Chinese prose. */
const prose = (n: number, word = '模型在训练时按批处理数据并更新参数') => word.repeat(Math.ceil(n / word.length)).slice(0, n) + '。';

describe('headings that ask', () => {
  it('are found in bold, behind QA/Q1 prefixes and every kind of numbering, and without a question mark', () => {
    const asked: [string, string][] = [
      ['#### **1.1 讲讲对Attention的理解？**', '讲讲对Attention的理解？'],
      ['**2-4** QA：请简述数据并行的流程', '请简述数据并行的流程'],
      ['Q1: DP 和 DDP 的区别', 'DP 和 DDP 的区别'],
      ['6.2 梯度同步会成为瓶颈吗', '梯度同步会成为瓶颈吗'],
      ['1.14 如何选择学习率', '如何选择学习率'],
      ['（3）为什么要做缩放', '为什么要做缩放'],
      ['一、LoRA 的原理是什么', 'LoRA 的原理是什么'],
      ['3.2 注意力的作用', '注意力的作用'],
      ['5.1 技术原理', '技术原理'],
      ['Pre-Norm 和 Post-Norm 有什么区别', 'Pre-Norm 和 Post-Norm 有什么区别'],
      ['## Q01 · Transformer 整体架构', 'Transformer 整体架构'],
      ['What is self-attention', 'What is self-attention'],
      ['How does LoRA reduce memory', 'How does LoRA reduce memory'],
      ['Why scale by √d_k?', 'Why scale by √d_k?'],
      ['🪤 为什么用 softmax 而不是 sigmoid？', '为什么用 softmax 而不是 sigmoid？'],
    ];
    for (const [heading, question] of asked) expect([heading, questionOf(heading.replace(/^#+\s*/, ''))]).toEqual([heading, question]);
    for (const heading of ['对齐税', 'Flash Attention', '技术原理', 'How', 'What it is', 'How it works', 'List of papers', '2.jieba分词用法', '《T5：Exploring the Limits》', '3D 卷积']) {
      expect([heading, questionOf(heading)]).toEqual([heading, undefined]);
    }
  });

  it('lose their numbering completely, so numbered fronts do not collide as "2 X"', () => {
    expect(['6.2 梯度', '1.14 学习率', '2-4 流程', '（3）原理', '一、背景', '1.attention', '4训练门控网络', '第二章 训练'].map(cleanHeading)).toEqual([
      '梯度',
      '学习率',
      '流程',
      '原理',
      '背景',
      'attention',
      '训练门控网络',
      '训练',
    ]);
    expect(['3 种方法', '3D 卷积', '2024 年回顾', '7B 模型'].map(cleanHeading)).toEqual(['3 种方法', '3D 卷积', '2024 年回顾', '7B 模型']);
  });
});

describe('fronts that stand alone', () => {
  it('give a heading that does not ask, or a question that needs it, the context above it', () => {
    const note = ['# 2.数据并行', '', '### 1.简述', '', '每张卡持有完整的模型，各自处理一部分数据。', '', '### 2.优缺点有哪些？', '', '实现简单；显存占用大。', ''].join('\n');
    expect(fronts(note)).toEqual(['数据并行 · 简述', '数据并行 · 优缺点有哪些？']);
    expect(needsContext('优缺点有哪些？')).toBe(true);
    expect(needsContext('它的作用是什么？')).toBe(true);
    expect(needsContext('LoRA 的原理是什么？')).toBe(false);
    expect(needsContext('为什么要对大模型做对齐？')).toBe(false);
  });

  it('take **Term**: lines as cards with the heading above them, and only names as terms', () => {
    const note = ['# Attention', '', '注意力按相关程度加权。', '', '**优点**：并行计算。', '', '- **缺点**：计算量平方增长。', '', '**效率问题，主卡容易成为瓶颈**：句子不是名字。', ''].join('\n');
    expect(fronts(note)).toEqual(['Attention · 优点', 'Attention · 缺点']);
    expect(termOf('[**vLLM**](https://github.com/vllm-project/vllm)：适用于大批量推理')).toEqual({ term: 'vLLM', definition: '适用于大批量推理' });
  });

  it('take Q:/A: pairs as question cards', () => {
    const note = ['# 追问', '', '- **Q：为什么用 softmax 而不是 sigmoid？**', '  A：softmax 让权重和为 1。', '', 'Q1: DP 和 DDP 哪个更快？', 'A1: DDP，每张卡一个进程。', ''].join('\n');
    const r = proposeCards('note.md', note);
    expect(r.proposals.map((p) => [p.cards[0]!.front, p.cards[0]!.back])).toEqual([
      ['为什么用 softmax 而不是 sigmoid？', 'softmax 让权重和为 1。'],
      ['DP 和 DDP 哪个更快？', 'DDP，每张卡一个进程。'],
    ]);
  });
});

describe('atomic cards', () => {
  it('never make the note title one card: a numbered title that asks is the note, not a question', () => {
    const note = ['# 2.jieba分词用法及原理', '', '## 1.概述', '', prose(100), '', '## 2.分词的原理是什么？', '', prose(120), ''].join('\n');
    expect(fronts(note)).toEqual(['jieba分词用法及原理 · 概述', '分词的原理是什么？']);
  });

  it(`cut a question longer than ${LONG_BACK} characters by its sub-headings; an "answer" sub-heading answers the question itself`, () => {
    const note = ['## 分词的原理是什么？', '', '### 一句话答案', '', '查词典与统计模型结合。', '', '### 词典匹配', '', prose(300), '', '### 统计模型', '', prose(300), '', '### 参考资料', '', '- [论文](https://example.com)', ''].join('\n');
    const r = proposeCards('note.md', note);
    expect(r.proposals.map((p) => [p.cards[0]!.front, p.cards[0]!.back.length])).toEqual([
      ['分词的原理是什么？', '查词典与统计模型结合。'.length],
      ['分词的原理是什么 · 词典匹配', 301],
      ['分词的原理是什么 · 统计模型', 301],
    ]);
    expect(r.skipped).toContainEqual({ line: 15, text: '参考资料', reason: 'reference section' });
  });

  it('cut a long list-shaped answer into an overview and a card per labelled item', () => {
    const items = ['jieba', 'HanLP', 'pkuseg'].map((t) => `- **${t}**：${prose(220)}`);
    const note = ['## 常见的分词工具有哪些？', '', '常用的有三种：', '', ...items, ''].join('\n');
    const r = proposeCards('note.md', note);
    expect(r.proposals.map((p) => p.cards[0]!.front)).toEqual(['常见的分词工具有哪些？', '常见的分词工具有哪些 · jieba', '常见的分词工具有哪些 · HanLP', '常见的分词工具有哪些 · pkuseg']);
    expect(r.proposals[0]!.cards[0]!.back).toBe('常用的有三种：\n\n1. jieba\n2. HanLP\n3. pkuseg');
  });

  it('cut by bold lines that stand as headings', () => {
    const note = ['## 常见的分布式训练框架有哪些？', '', '**1、Megatron-LM**', '', prose(350), '', '**2、DeepSpeed**', '', prose(350), ''].join('\n');
    expect(fronts(note)).toEqual(['常见的分布式训练框架有哪些 · Megatron-LM', '常见的分布式训练框架有哪些 · DeepSpeed']);
  });

  it('keep a long code listing as a reference to the note line, and a short one as the answer', () => {
    const code = ['```python', ...Array.from({ length: 30 }, (_, i) => `x${i} = ${i}`), '```'];
    const note = ['## 如何实现分词？', '', prose(500), '', ...code, '', '## 如何查看显卡型号？', '', '```bash', 'nvidia-smi -L', '```', ''].join('\n');
    const r = proposeCards('note.md', note, { note: { name: 'note.md', href: '../notes/note.md' } });
    expect(r.proposals[0]!.cards[0]!.back).toBe(`${prose(500)}\n\n*(30 lines of python: see [note.md:5](../notes/note.md))*`);
    expect(r.proposals[1]!.cards[0]!.back).toBe('```bash\nnvidia-smi -L\n```');
  });

  it(`leave out, with the reason, an answer that cannot be cut and is longer than ${MAX_BACK} characters`, () => {
    const note = ['## 为什么要做对齐？', '', prose(1200), '', prose(1200), ''].join('\n');
    const r = proposeCards('note.md', note);
    expect(r.proposals).toEqual([]);
    expect(r.skipped).toEqual([{ line: 1, text: '为什么要做对齐？', reason: 'too long for one card' }]);
  });

  it(`never propose a back longer than ${MAX_BACK} characters, whatever the note`, () => {
    const piece = fc.oneof(
      fc.constantFrom('## 为什么要这样做？', '### 原理是什么？', '#### **1.2 作用**', '# 标题', '- **要点**：', '1. 第一步', '```python', '```', '| a | b |', '$$', '**优点**：快'),
      fc.nat({ max: 1500 }).map((n) => prose(n)),
      fc.nat({ max: 40 }).map((n) => `- ${prose(n * 10)}`),
    );
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 40 }), (parts) => {
        for (const p of proposeCards('note.md', parts.join('\n\n')).proposals) for (const c of p.cards) expect(c.back.length).toBeLessThanOrEqual(MAX_BACK);
      }),
      { numRuns: 200 },
    );
  });
});

describe('clozes', () => {
  it('are proposed only on request', () => {
    const text = '预训练用的数据集是 **C4**，模型有 **110 亿** 个参数，结构是 encoder-decoder。';
    expect(proposeCards('n.md', text).proposals).toEqual([]);
    expect(proposeCards('n.md', text, { clozes: true }).proposals.map((p) => p.snippet)).toEqual(['预训练用的数据集是 {{c1::C4}}，模型有 {{c2::110 亿}} 个参数，结构是 encoder-decoder。']);
  });

  it('never hide two CJK characters or fewer, a stop word, text starting with punctuation, more than 30 characters, a fragment cut by math or code, or a link label', () => {
    const none = [
      '当模型 **过拟合** 时，训练误差很低而验证误差很高，需要正则化。', // 3 CJK characters are fine: see below
      '如果 **因为** 数据不足，模型就会记住训练集的噪声而不是规律。',
      '在状态**在状态**$s_t$**采取动作**时得到的回报，就是这一步的即时奖励。',
      '推理时用 **`vllm serve`** 启动服务，再用 OpenAI 兼容的接口访问。',
      '部署推荐使用 [**vLLM**](https://github.com/vllm-project/vllm) 这个框架，吞吐量高很多。',
      '这句话的重点是 **，标点开头的片段** 不能成为挖空的答案，因为它不是一个短语。',
      '模型 **在一个非常非常长的句子里面被加粗的这一整段超过了三十个字的文字内容** 不适合挖空。',
      '结果 **好** 的时候说明模型学到了规律，而不是记住了训练集。',
    ];
    expect(clozeOf(none[0]!)).toBe('当模型 {{c1::过拟合}} 时，训练误差很低而验证误差很高，需要正则化。');
    for (const text of none.slice(1)) expect([text, clozeOf(text)]).toEqual([text, undefined]);
  });
});

describe('where each note goes', () => {
  it('mirrors the folders under a deck named after the folder imported, with readable names', () => {
    const places = placeNotes('llm-notes', [
      '01.大语言模型基础/1.attention/1.attention.md',
      '01.大语言模型基础/README.md',
      '01.大语言模型基础/2.jieba分词用法及原理/2.jieba分词用法及原理.md',
      '04.分布式训练/5.总结/5.总结.md',
      '05.有监督微调/5.总结/5.总结.md',
      '02.架构/解码策略（Top-k & Top-p & Temperatu/解码策略（Top-k & Top-p & Temperature）.md',
      'README.md',
    ]);
    expect(places.map((p) => [p.deck, p.file, p.source])).toEqual([
      ['llm-notes::大语言模型基础::attention', 'llm-notes/大语言模型基础/attention.md', 'llm-notes/01.大语言模型基础/1.attention/1.attention.md'],
      ['llm-notes::大语言模型基础', 'llm-notes/大语言模型基础.md', 'llm-notes/01.大语言模型基础/README.md'],
      ['llm-notes::大语言模型基础::jieba分词用法及原理', 'llm-notes/大语言模型基础/jieba分词用法及原理.md', 'llm-notes/01.大语言模型基础/2.jieba分词用法及原理/2.jieba分词用法及原理.md'],
      ['llm-notes::分布式训练::总结', 'llm-notes/分布式训练/总结.md', 'llm-notes/04.分布式训练/5.总结/5.总结.md'],
      ['llm-notes::有监督微调::总结', 'llm-notes/有监督微调/总结.md', 'llm-notes/05.有监督微调/5.总结/5.总结.md'],
      ['llm-notes::架构::解码策略-top-k-top-p-temperature', 'llm-notes/架构/解码策略-top-k-top-p-temperature.md', 'llm-notes/02.架构/解码策略（Top-k & Top-p & Temperatu/解码策略（Top-k & Top-p & Temperature）.md'],
      ['llm-notes', 'llm-notes.md', 'llm-notes/README.md'],
    ]);
  });

  it('keeps two notes apart when their readable names would meet, and names a lone note by its own name', () => {
    expect(placeNotes('notes', ['1.激活函数.md', '6.激活函数.md']).map((p) => p.file)).toEqual(['notes/1-激活函数.md', 'notes/6-激活函数.md']);
    expect(placeNotes('notes', ['a/readme/x.md']).map((p) => p.file)).toEqual(['notes/a/readme-notes/x.md']);
    expect(placeNotes('rlhf', ['RLHF 面试题.md'], true)).toEqual([{ path: 'RLHF 面试题.md', source: 'RLHF 面试题.md', deck: 'rlhf-面试题', file: 'rlhf-面试题.md' }]);
    expect(placeNotes('week-3', ['README.md'], true).map((p) => p.deck)).toEqual(['week-3']);
  });
});
