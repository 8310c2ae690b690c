/** Cells list columns share: one line of text, a record link, a date, a time ago. */
import type { ReactNode } from "react";
import { Anchor, Text } from "@mantine/core";
import { Link } from "@tanstack/react-router";
import { useFormat } from "../../lib/session";
import { EmptyValue } from "../record-form";

/** One line of text, cut with an ellipsis; a dash when empty. */
export function TextCell({ value }: { value: string | null | undefined }) {
  return value ? (
    <Text span inherit truncate>
      {value}
    </Text>
  ) : (
    <EmptyValue />
  );
}

/** The row's record, linked (the row itself opens on click and Enter, so the link stays out of the Tab order). */
export function RecordLink({
  to,
  params,
  testId,
  children,
}: {
  to: string;
  params: Record<string, string>;
  testId?: string;
  children: ReactNode;
}) {
  return (
    <Anchor
      renderRoot={(props) => <Link {...({ to, params } as object)} {...props} />}
      fw={500}
      c="inherit"
      inherit
      tabIndex={-1}
      data-testid={testId}
    >
      {children}
    </Anchor>
  );
}

/** A moment as a date; the full date and time on hover. */
export function DateCell({ at }: { at: string }) {
  const format = useFormat();
  return (
    <Text span inherit title={format.dateTime(at)}>
      {format.date(at)}
    </Text>
  );
}

/** A moment as "3 days ago"; the full date and time on hover. */
export function TimeAgoCell({ at }: { at: string }) {
  const format = useFormat();
  return (
    <Text span inherit title={format.dateTime(at)}>
      {format.relative(at)}
    </Text>
  );
}
