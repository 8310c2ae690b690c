import { useState } from "react";
import { ActionIcon, Badge, Button, Card, Group, Menu, Stack, Switch, Text, Textarea } from "@mantine/core";
import { IconCheck, IconDots, IconMapPin, IconPencil, IconRotate, IconTrash } from "@tabler/icons-react";
import { useQueryClient } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { documentLimits, type CommentAnchor, type DocumentComment } from "@relata/contracts";
import { ApiError } from "../../../lib/api";
import { useFormat } from "../../../lib/session";
import { confirm, toast } from "../../../components/dialogs";
import { EmptyState } from "../../../components/states";
import { addComment, deleteComment, patchComment } from "../api";

type Props = {
  documentId: string;
  revisionId: string;
  revisionNumber: number;
  /** This revision's comments, oldest first (numbered like their pins). */
  comments: DocumentComment[];
  activeId: string | null;
  onSelect: (comment: DocumentComment) => void;
  /** A pin placed on the preview for the comment being written. */
  anchor: CommentAnchor | null;
  placing: boolean;
  onPlacingChange: (placing: boolean) => void;
  onAnchorClear: () => void;
  canPin: boolean;
};

/** Comments on one revision beside its preview: write one (optionally pinned), resolve, reopen, edit, remove. */
export function CommentsPanel({
  documentId,
  revisionId,
  revisionNumber,
  comments,
  activeId,
  onSelect,
  anchor,
  placing,
  onPlacingChange,
  onAnchorClear,
  canPin,
}: Props) {
  const { t } = useTranslation("documents");
  const queryClient = useQueryClient();
  const [text, setText] = useState("");
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const reload = () => queryClient.invalidateQueries({ queryKey: ["documents"] });

  async function submit() {
    if (text.trim() === "") return;
    setSaving(true);
    setError(null);
    try {
      await addComment(documentId, revisionId, { body: text.trim(), anchor });
      setText("");
      onAnchorClear();
      onPlacingChange(false);
      await reload();
    } catch (failure) {
      if (failure instanceof ApiError && failure.status === 400) setError(failure.fieldError("body") ?? failure.message);
      else toast.error(failure);
    } finally {
      setSaving(false);
    }
  }

  return (
    <Stack gap="sm" data-testid="comments-panel">
      <Card withBorder padding="sm">
        <Stack gap="xs">
          <Textarea
            label={t("comments.new", { number: revisionNumber })}
            placeholder={t("comments.placeholder")}
            autosize
            minRows={2}
            maxRows={8}
            maxLength={documentLimits.commentMax}
            value={text}
            onChange={(event) => setText(event.currentTarget.value)}
            error={error}
            data-testid="comment-text"
          />
          <Group justify="space-between" gap="xs" wrap="wrap">
            {canPin ? (
              <Switch
                checked={placing}
                onChange={(event) => onPlacingChange(event.currentTarget.checked)}
                label={anchor ? t("comments.pinned", { page: anchor.page }) : t("comments.placePin")}
                size="sm"
                data-testid="comment-place-pin"
              />
            ) : (
              <span />
            )}
            <Group gap="xs">
              {anchor && (
                <Button size="xs" variant="subtle" color="gray" onClick={onAnchorClear}>
                  {t("comments.removePin")}
                </Button>
              )}
              <Button size="xs" onClick={() => void submit()} loading={saving} disabled={text.trim() === ""} data-testid="comment-submit">
                {t("comments.submit")}
              </Button>
            </Group>
          </Group>
          {placing && (
            <Text size="xs" c="dimmed" data-testid="comment-pin-hint">
              {t("comments.placeHint")}
            </Text>
          )}
        </Stack>
      </Card>
      {comments.length === 0 ? (
        <EmptyState title={t("comments.empty", { number: revisionNumber })} />
      ) : (
        <Stack gap={6} component="ol" style={{ listStyle: "none", margin: 0, padding: 0 }} data-testid="comments">
          {comments.map((comment, index) => (
            <CommentItem
              key={comment.id}
              documentId={documentId}
              comment={comment}
              number={index + 1}
              active={comment.id === activeId}
              onSelect={onSelect}
              onChanged={reload}
            />
          ))}
        </Stack>
      )}
    </Stack>
  );
}

function CommentItem({
  documentId,
  comment,
  number,
  active,
  onSelect,
  onChanged,
}: {
  documentId: string;
  comment: DocumentComment;
  number: number;
  active: boolean;
  onSelect: (comment: DocumentComment) => void;
  onChanged: () => Promise<void>;
}) {
  const { t } = useTranslation("documents");
  const format = useFormat();
  const [editing, setEditing] = useState(false);
  const [text, setText] = useState(comment.body);

  async function run(action: () => Promise<unknown>) {
    try {
      await action();
    } catch (error) {
      toast.error(error, error instanceof ApiError && error.status === 412 ? t("comments.changedElsewhere") : undefined);
    } finally {
      await onChanged();
    }
  }
  const remove = async () => {
    if (
      await confirm({
        title: t("comments.deleteTitle"),
        message: t("comments.deleteMessage"),
        confirmLabel: t("comments.delete"),
        danger: true,
      })
    )
      await run(() => deleteComment(documentId, comment.id, comment.version));
  };

  return (
    <Card
      component="li"
      withBorder
      padding="sm"
      data-testid="comment"
      data-resolved={comment.resolved ? "true" : "false"}
      style={{ borderColor: active ? "var(--mantine-color-blue-5)" : undefined }}
    >
      <Stack gap={4}>
        <Group justify="space-between" wrap="nowrap" gap="xs" align="flex-start">
          <Group gap={6} wrap="wrap" style={{ minWidth: 0 }}>
            <Badge size="sm" circle color={comment.resolved ? "gray" : "orange"}>
              {number}
            </Badge>
            <Text size="sm" fw={600} style={{ overflowWrap: "anywhere" }}>
              {comment.authorName}
            </Text>
            <Text size="xs" c="dimmed">
              {format.dateTime(comment.createdAt)}
            </Text>
            {comment.anchor && (
              <Button
                size="compact-xs"
                variant="subtle"
                leftSection={<IconMapPin size={12} />}
                onClick={() => onSelect(comment)}
                data-testid="comment-show-pin"
              >
                {t("comments.onPage", { page: comment.anchor.page })}
              </Button>
            )}
            {comment.resolved && (
              <Badge size="sm" color="teal" variant="light" style={{ textTransform: "none" }}>
                {t("comments.resolved")}
              </Badge>
            )}
          </Group>
          <Group gap={2} wrap="nowrap">
            <ActionIcon
              variant="subtle"
              color={comment.resolved ? "gray" : "teal"}
              onClick={() => void run(() => patchComment(documentId, comment.id, comment.version, { resolved: !comment.resolved }))}
              aria-label={comment.resolved ? t("comments.reopen") : t("comments.resolve")}
              data-testid="comment-resolve"
            >
              {comment.resolved ? <IconRotate size={16} /> : <IconCheck size={16} />}
            </ActionIcon>
            {(comment.canEdit || comment.canDelete) && (
              <Menu position="bottom-end" withinPortal>
                <Menu.Target>
                  <ActionIcon variant="subtle" color="gray" aria-label={t("comments.actions", { number })}>
                    <IconDots size={16} />
                  </ActionIcon>
                </Menu.Target>
                <Menu.Dropdown>
                  {comment.canEdit && (
                    <Menu.Item leftSection={<IconPencil size={14} />} onClick={() => setEditing(true)}>
                      {t("comments.edit")}
                    </Menu.Item>
                  )}
                  {comment.canDelete && (
                    <Menu.Item color="red" leftSection={<IconTrash size={14} />} onClick={() => void remove()}>
                      {t("comments.delete")}
                    </Menu.Item>
                  )}
                </Menu.Dropdown>
              </Menu>
            )}
          </Group>
        </Group>
        {editing ? (
          <Stack gap={4}>
            <Textarea
              autosize
              minRows={2}
              maxLength={documentLimits.commentMax}
              value={text}
              onChange={(event) => setText(event.currentTarget.value)}
              aria-label={t("comments.edit")}
            />
            <Group justify="flex-end" gap="xs">
              <Button size="xs" variant="default" onClick={() => setEditing(false)}>
                {t("common:action.cancel")}
              </Button>
              <Button
                size="xs"
                disabled={text.trim() === ""}
                onClick={() =>
                  void run(async () => {
                    await patchComment(documentId, comment.id, comment.version, { body: text.trim() });
                    setEditing(false);
                  })
                }
              >
                {t("common:action.save")}
              </Button>
            </Group>
          </Stack>
        ) : (
          <Text size="sm" style={{ whiteSpace: "pre-wrap", overflowWrap: "anywhere" }} data-testid="comment-body">
            {comment.body}
          </Text>
        )}
      </Stack>
    </Card>
  );
}
