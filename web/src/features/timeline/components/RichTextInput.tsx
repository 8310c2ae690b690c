import { useEffect, useRef, useState, useSyncExternalStore } from "react";
import { createPortal } from "react-dom";
import { Input, Paper, Stack, Text, UnstyledButton } from "@mantine/core";
import { RichTextEditor } from "@mantine/tiptap";
import "@mantine/tiptap/styles.css";
import { useEditor, type Editor } from "@tiptap/react";
import StarterKit from "@tiptap/starter-kit";
import Mention from "@tiptap/extension-mention";
import type { SuggestionKeyDownProps, SuggestionProps } from "@tiptap/suggestion";
import { useTranslation } from "react-i18next";
import { useUserDirectory } from "../../../components/record-form/directory";
import { mentionCandidates, type Person } from "../lib/timeline";
import classes from "./timeline.module.css";

/** What the mention popup shows while the user types after "@": a small store the editor plugin writes and React reads. */
type SuggestionState = { items: Person[]; index: number; rect: DOMRect | null; select: (person: Person) => void } | null;

function createSuggestionStore() {
  let state: SuggestionState = null;
  const listeners = new Set<() => void>();
  return {
    get: () => state,
    set(next: SuggestionState) {
      state = next;
      for (const listener of listeners) listener();
    },
    subscribe(listener: () => void) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
type SuggestionStore = ReturnType<typeof createSuggestionStore>;

function suggestionState(props: SuggestionProps<Person, { id: string; label: string }>, index = 0): SuggestionState {
  return {
    items: props.items,
    index: Math.min(index, Math.max(0, props.items.length - 1)),
    rect: props.clientRect?.() ?? null,
    select: (person) => props.command({ id: person.id, label: person.name }),
  };
}

/** The suggestion plugin's side: it fills the store; arrows, Enter and Escape act on it. */
function mentionRender(store: SuggestionStore) {
  return () => ({
    onStart: (props: SuggestionProps<Person, { id: string; label: string }>) => store.set(suggestionState(props)),
    onUpdate: (props: SuggestionProps<Person, { id: string; label: string }>) => store.set(suggestionState(props, store.get()?.index ?? 0)),
    onExit: () => store.set(null),
    onKeyDown: ({ event }: SuggestionKeyDownProps) => {
      const state = store.get();
      if (!state) return false;
      if (event.key === "Escape") {
        store.set(null);
        return true;
      }
      if (state.items.length === 0) return false;
      if (event.key === "ArrowDown" || event.key === "ArrowUp") {
        const step = event.key === "ArrowDown" ? 1 : -1;
        store.set({ ...state, index: (state.index + step + state.items.length) % state.items.length });
        return true;
      }
      if (event.key === "Enter" || event.key === "Tab") {
        state.select(state.items[state.index]!);
        return true;
      }
      return false;
    },
  });
}

/** The colleagues to mention, under the caret (a fixed layer, so dialogs and scrolling containers do not clip it). */
function MentionSuggestions({ store }: { store: SuggestionStore }) {
  const { t } = useTranslation("timeline");
  const state = useSyncExternalStore(store.subscribe, store.get);
  if (!state || !state.rect) return null;
  const top = Math.min(state.rect.bottom + 4, window.innerHeight - 48);
  const left = Math.max(8, Math.min(state.rect.left, window.innerWidth - 328));
  return createPortal(
    <Paper withBorder shadow="md" p={4} className={classes.suggestions} style={{ top, left }} data-testid="mention-suggestions">
      {state.items.length === 0 ? (
        <Text size="sm" c="dimmed" px="xs" py={4}>
          {t("mention.none")}
        </Text>
      ) : (
        <Stack gap={0} role="listbox" aria-label={t("mention.label")}>
          {state.items.map((person, index) => (
            <UnstyledButton
              key={person.id}
              role="option"
              aria-selected={index === state.index}
              onMouseDown={(event) => {
                // Keeps the editor's selection: the mention goes where the caret is.
                event.preventDefault();
                state.select(person);
              }}
              px="xs"
              py={4}
              style={{
                borderRadius: 4,
                background: index === state.index ? "var(--mantine-color-default-hover)" : undefined,
              }}
              data-testid="mention-option"
            >
              <Text size="sm">{person.name}</Text>
              {person.email && (
                <Text size="xs" c="dimmed">
                  {person.email}
                </Text>
              )}
            </UnstyledButton>
          ))}
        </Stack>
      )}
    </Paper>,
    document.body,
  );
}

export type RichTextInputProps = {
  /** HTML the editor starts from (an entry's stored HTML); later changes of this prop are ignored. */
  initialHtml?: string | null;
  onChange: (html: string, isEmpty: boolean) => void;
  label?: string;
  description?: string;
  error?: string;
  required?: boolean;
  autoFocus?: boolean;
  /** Lets the owner clear the editor after a save. */
  editorRef?: (editor: Editor | null) => void;
  testId: string;
};

/**
 * Rich text with the formatting the server keeps (bold, italic, underline, strike, lists, quote,
 * code, headings, links) and @mentions of active colleagues from the staff directory. What it
 * makes is only a proposal: the server sanitizes it and the timeline shows the stored result.
 */
export function RichTextInput({
  initialHtml,
  onChange,
  label,
  description,
  error,
  required,
  autoFocus,
  editorRef,
  testId,
}: RichTextInputProps) {
  const { t } = useTranslation("timeline");
  const directory = useUserDirectory();
  // The editor's plugins are made once: they read the newest directory and callback through refs.
  const people = useRef<Person[]>([]);
  const changed = useRef(onChange);
  useEffect(() => {
    people.current = directory.data ?? [];
    changed.current = onChange;
  });
  const [store] = useState(createSuggestionStore);
  const [labelId] = useState(() => `rich-text-${Math.random().toString(36).slice(2)}`);

  const editor = useEditor({
    extensions: [
      StarterKit.configure({
        heading: { levels: [3, 4] },
        horizontalRule: false,
        link: { openOnClick: false, autolink: true, protocols: ["mailto"], defaultProtocol: "https" },
      }),
      Mention.configure({
        HTMLAttributes: { "data-type": "mention" },
        suggestion: {
          char: "@",
          items: ({ query }) => mentionCandidates(people.current, query),
          render: mentionRender(store),
        },
      }),
    ],
    content: initialHtml ?? "",
    autofocus: autoFocus ? "end" : false,
    editorProps: {
      attributes: { "aria-labelledby": labelId, "aria-multiline": "true", role: "textbox", "data-testid": `${testId}-input` },
    },
    onUpdate: ({ editor: current }) => changed.current(current.getHTML(), current.isEmpty),
  });

  useEffect(() => {
    editorRef?.(editor);
    return () => editorRef?.(null);
  }, [editor, editorRef]);

  return (
    <Input.Wrapper
      label={label}
      description={description}
      error={error}
      required={required}
      labelProps={{ id: labelId }}
      data-testid={testId}
    >
      <RichTextEditor
        editor={editor}
        className={classes.editor}
        labels={{
          boldControlLabel: t("editor.bold"),
          italicControlLabel: t("editor.italic"),
          underlineControlLabel: t("editor.underline"),
          strikeControlLabel: t("editor.strike"),
          bulletListControlLabel: t("editor.bulletList"),
          orderedListControlLabel: t("editor.orderedList"),
          h3ControlLabel: t("editor.heading"),
          blockquoteControlLabel: t("editor.quote"),
          codeControlLabel: t("editor.code"),
          linkControlLabel: t("editor.link"),
          unlinkControlLabel: t("editor.unlink"),
          linkEditorInputLabel: t("editor.linkAddress"),
          linkEditorInputPlaceholder: t("editor.linkPlaceholder"),
          linkEditorExternalLink: t("editor.linkNewTab"),
          linkEditorInternalLink: t("editor.linkSameTab"),
          linkEditorSave: t("editor.linkSave"),
        }}
        style={error ? { borderColor: "var(--mantine-color-error)" } : undefined}
      >
        <RichTextEditor.Toolbar>
          <RichTextEditor.ControlsGroup>
            <RichTextEditor.Bold />
            <RichTextEditor.Italic />
            <RichTextEditor.Underline />
            <RichTextEditor.Strikethrough />
            <RichTextEditor.Code />
          </RichTextEditor.ControlsGroup>
          <RichTextEditor.ControlsGroup>
            <RichTextEditor.H3 />
            <RichTextEditor.BulletList />
            <RichTextEditor.OrderedList />
            <RichTextEditor.Blockquote />
          </RichTextEditor.ControlsGroup>
          <RichTextEditor.ControlsGroup>
            <RichTextEditor.Link />
            <RichTextEditor.Unlink />
          </RichTextEditor.ControlsGroup>
        </RichTextEditor.Toolbar>
        <RichTextEditor.Content />
      </RichTextEditor>
      <MentionSuggestions store={store} />
    </Input.Wrapper>
  );
}
