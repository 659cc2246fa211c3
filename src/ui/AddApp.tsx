// The `recall add` screen: renders an AddForm and hands it the keys.
import { Box, Text } from 'ink';
import stringWidth from 'string-width';
import { m } from '../i18n/index.js';
import { AddForm, FORMS, type DeckChoice, type Field } from './add-form.js';
import { CardFaces } from './CardFaces.js';
import { TextField } from './TextField.js';
import { useKeyMachine } from './use-key-machine.js';
import { useWidth } from './use-width.js';

/** Rows whose first column is padded to the widest one by display width (a CJK character takes two columns). */
function columns(rows: [string, string][]): string[] {
  const first = Math.max(0, ...rows.map(([a]) => stringWidth(a)));
  return rows.map(([a, b]) => (b ? a + ' '.repeat(first - stringWidth(a) + 2) + b : a));
}

function deckRows(decks: DeckChoice[]): string[] {
  return [...columns(decks.map((d) => [d.deck, m.add.form.deckRow(d.cards, d.file)])), m.add.form.newDeckRow];
}

function Chooser({ rows, index }: { rows: string[]; index: number }) {
  return (
    <Box flexDirection="column">
      {rows.map((row, i) => (
        <Text key={i} color={i === index ? 'cyan' : undefined} wrap="truncate-end">
          {i === index ? '❯ ' : '  '}
          {row}
        </Text>
      ))}
    </Box>
  );
}

function Preview({ form, width }: { form: AddForm; width: number }) {
  const p = form.preview!;
  const [before, after] = m.add.form.previewHead(p.cards.length, p.file, p.created);
  return (
    <Box flexDirection="column">
      <Text>
        {before}
        <Text bold>{form.deck}</Text>
        {after}
      </Text>
      {p.cards.map((card, i) => {
        return (
          <Box key={i} borderStyle="round" paddingX={1} width={Math.min(width, 100)}>
            <CardFaces card={card} width={Math.min(width, 100) - 4} />
          </Box>
        );
      })}
      {p.duplicate ? <Text color="red">{m.add.form.duplicate(p.duplicate)}</Text> : <Text color="green">{m.add.form.notDuplicate}</Text>}
      {p.similar.map((s) => (
        <Text key={s} color="yellow">
          {m.add.form.note(s)}
        </Text>
      ))}
    </Box>
  );
}

function hint(form: AddForm): string {
  const said = m.add.form;
  switch (form.step) {
    case 'deck':
    case 'form':
      return said.hintChoose;
    case 'newDeck':
      return said.hintNewDeck;
    case 'preview':
      return form.preview?.duplicate ? said.hintPreviewDuplicate : said.hintPreview;
    default:
      return form.multiline(form.step as Field) ? said.hintMultiline : said.hintLine;
  }
}

export function AddApp({ form, onDone }: { form: AddForm; onDone: () => void }) {
  const width = useWidth();
  useKeyMachine(
    (input, key) => {
      form.key(input, key);
      if (form.done) onDone();
    },
    () => form.done,
  );

  if (form.step === 'saved') {
    return (
      <Box flexDirection="column">
        <Text color="green">{form.message}</Text>
        <Text dimColor>{m.add.form.another(form.deck)}</Text>
      </Box>
    );
  }
  if (form.step === 'closed') return <Text>{m.add.form.closed(form.saved, form.deck)}</Text>;
  if (form.step === 'cancelled') return <Text>{m.add.form.cancelled}</Text>;
  const fields: Field[] = form.form === 'cloze' ? ['text', 'heading'] : ['front', 'back'];
  const editing = fields.includes(form.step as Field);
  return (
    <Box flexDirection="column" width={width}>
      <Text bold>
        {m.add.form.title}
        {form.deck ? m.add.form.titleTo(form.deck) : ''}
      </Text>
      {form.step === 'deck' ? <Chooser rows={deckRows(form.decks)} index={form.deckIndex} /> : null}
      {form.step === 'newDeck' ? (
        <Box flexDirection="column">
          <Text>{m.add.form.newDeckPrompt}</Text>
          <TextField buffer={form.newDeck} active />
        </Box>
      ) : null}
      {form.step === 'form' ? <Chooser rows={FORMS.map((f) => `${f.key}  ${m.add.form.forms[f.form]}`)} index={form.formIndex} /> : null}
      {editing || form.step === 'preview'
        ? fields.map((f) => (
            <Box key={f} flexDirection="column" marginTop={1}>
              <Text color={form.step === f ? 'cyan' : undefined} dimColor={form.step !== f}>{m.add.form.labels[f]}</Text>
              <TextField buffer={form.fields[f]} active={form.step === f} placeholder={f === 'text' ? m.add.form.clozePlaceholder : undefined} />
            </Box>
          ))
        : null}
      {form.step === 'preview' ? (
        <Box marginTop={1}>
          <Preview form={form} width={width} />
        </Box>
      ) : null}
      {form.error ? <Text color="red">{form.error}</Text> : null}
      <Text dimColor>{hint(form)}</Text>
    </Box>
  );
}
