// The `recall add` screen: renders an AddForm and hands it the keys.
import { Box, Text } from 'ink';
import { AddForm, FORMS, type Field } from './add-form.js';
import { CardFaces } from './CardFaces.js';
import { TextField } from './TextField.js';
import { useKeyMachine } from './use-key-machine.js';
import { useWidth } from './use-width.js';

const LABELS: Record<Field, string> = { front: 'Front', back: 'Back', text: 'Cloze text', heading: 'Heading shown above it (optional)' };

function Chooser({ rows, index }: { rows: string[]; index: number }) {
  return (
    <Box flexDirection="column">
      {rows.map((row, i) => (
        <Text key={i} color={i === index ? 'cyan' : undefined}>
          {i === index ? '❯ ' : '  '}
          {row}
        </Text>
      ))}
    </Box>
  );
}

function Preview({ form, width }: { form: AddForm; width: number }) {
  const p = form.preview!;
  return (
    <Box flexDirection="column">
      <Text>
        {p.cards.length} card{p.cards.length === 1 ? '' : 's'} for <Text bold>{form.deck}</Text> in {p.file}
        {p.created ? ' (a new file)' : ''}:
      </Text>
      {p.cards.map((card, i) => {
        return (
          <Box key={i} borderStyle="round" paddingX={1} width={Math.min(width, 100)}>
            <CardFaces card={card} width={Math.min(width, 100) - 4} />
          </Box>
        );
      })}
      {p.duplicate ? <Text color="red">Duplicate: {p.duplicate}</Text> : <Text color="green">Not a duplicate of any card.</Text>}
      {p.similar.map((s) => (
        <Text key={s} color="yellow">Note: {s}</Text>
      ))}
    </Box>
  );
}

function hint(form: AddForm): string {
  switch (form.step) {
    case 'deck':
    case 'form':
      return '↑↓ choose · Enter select · Esc cancel';
    case 'newDeck':
      return 'Enter continue · Esc cancel';
    case 'preview':
      return form.preview?.duplicate ? 'e edit · Esc cancel' : 'Enter save · e edit · Esc cancel';
    default:
      return form.multiline(form.step as Field)
        ? 'Enter new line · Tab next · Shift+Tab back · Esc cancel'
        : 'Enter/Tab next · Shift+Tab back · Esc cancel';
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
        <Text dimColor>Enter add another card to {form.deck} · Esc done</Text>
      </Box>
    );
  }
  if (form.step === 'closed') return <Text>{form.saved} card{form.saved === 1 ? '' : 's'} added to {form.deck}.</Text>;
  if (form.step === 'cancelled') return <Text>Cancelled: nothing was written.</Text>;
  const fields: Field[] = form.form === 'cloze' ? ['text', 'heading'] : ['front', 'back'];
  const editing = fields.includes(form.step as Field);
  return (
    <Box flexDirection="column" width={width}>
      <Text bold>Add a card{form.deck ? <Text> to {form.deck}</Text> : null}</Text>
      {form.step === 'deck' ? (
        <Chooser rows={[...form.decks.map((d) => `${d.deck}  (${d.cards} cards, ${d.file})`), '+ a new deck…']} index={form.deckIndex} />
      ) : null}
      {form.step === 'newDeck' ? (
        <Box flexDirection="column">
          <Text>New deck name (parts joined by ::, e.g. llm::rlhf):</Text>
          <TextField buffer={form.newDeck} active />
        </Box>
      ) : null}
      {form.step === 'form' ? <Chooser rows={FORMS.map((f) => `${f.key}  ${f.label}`)} index={form.formIndex} /> : null}
      {editing || form.step === 'preview'
        ? fields.map((f) => (
            <Box key={f} flexDirection="column" marginTop={1}>
              <Text color={form.step === f ? 'cyan' : undefined} dimColor={form.step !== f}>{LABELS[f]}</Text>
              <TextField buffer={form.fields[f]} active={form.step === f} placeholder={f === 'text' ? 'e.g. T5 has {{c1::11 billion}} parameters' : undefined} />
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
