import type { ReactNode } from "react";
import { Button, Card, Stack, Table, VisuallyHidden } from "@mantine/core";
import { IconPlus } from "@tabler/icons-react";
import { useQueryClient, type QueryClient, type QueryKey } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import type { AccessAction, AccessObject } from "@relata/contracts";
import { i18next } from "../../../i18n";
import { can, useMe } from "../../../lib/session";
import { confirm } from "../../../components/dialogs";
import { EmptyState, ErrorState, LoadingBlock } from "../../../components/states";
import { PageHeader } from "../../../components/page-header";
import { notifyError, notifySuccess } from "./feedback";
import { useIsPhone } from "./Responsive";

/**
 * What an administration screen knows before it draws anything: what the reader may do with the
 * screen's object (the route guard has already checked that they may open it), what they may
 * read elsewhere (for names and counts), and whether it is drawn for a phone.
 */
export function useAdminScreen(object: AccessObject) {
  const me = useMe();
  const queryClient = useQueryClient();
  const phone = useIsPhone();
  const may = (other: AccessObject, action: AccessAction = "read") => can(me, other, action);
  return {
    queryClient,
    phone,
    may,
    canCreate: may(object, "create"),
    canUpdate: may(object, "update"),
    canDelete: may(object, "delete"),
  };
}

/**
 * Asks before deleting, deletes, refreshes the lists that showed the record and says it is done.
 * True once deleted; false when the reader changed their mind or the server refused (they are told why).
 */
export async function confirmDelete(
  queryClient: QueryClient,
  {
    title,
    message,
    done,
    remove,
    invalidate,
  }: { title: string; message: string; done: string; remove: () => Promise<unknown>; invalidate: QueryKey[] },
): Promise<boolean> {
  const ok = await confirm({ title, message, danger: true, confirmLabel: i18next.t("common:action.delete") });
  if (!ok) return false;
  try {
    await remove();
    await Promise.all(invalidate.map((queryKey) => queryClient.invalidateQueries({ queryKey })));
    notifySuccess(done);
    return true;
  } catch (error) {
    notifyError(error);
    return false;
  }
}

type ListQuery = { isPending: boolean; isError: boolean; error: unknown; data?: readonly unknown[]; refetch: () => unknown };

/**
 * The frame of an administration list: header with the create button, then loading, error or
 * empty state until there is something to show, then the content. Dialogs go in `overlays`.
 */
export function AdminScreen({
  title,
  description,
  create,
  query,
  loadingRows = 5,
  empty,
  overlays,
  children,
}: {
  title: string;
  description: string;
  /** The create button, for readers who may create. */
  create?: { label: string; onClick: () => void; testId: string };
  query: ListQuery;
  loadingRows?: number;
  empty: { title: string; description?: string };
  overlays?: ReactNode;
  children: ReactNode;
}) {
  return (
    <Stack>
      <PageHeader
        title={title}
        description={description}
        actions={
          create && (
            <Button leftSection={<IconPlus size={16} />} onClick={create.onClick} data-testid={create.testId}>
              {create.label}
            </Button>
          )
        }
      />
      {query.isPending ? (
        <LoadingBlock rows={loadingRows} />
      ) : query.isError ? (
        <ErrorState error={query.error} onRetry={() => void query.refetch()} />
      ) : (query.data ?? []).length === 0 ? (
        <Card withBorder>
          <EmptyState
            title={empty.title}
            description={empty.description}
            action={
              create && (
                <Button variant="light" onClick={create.onClick}>
                  {create.label}
                </Button>
              )
            }
          />
        </Card>
      ) : (
        children
      )}
      {overlays}
    </Stack>
  );
}

/**
 * The wide-screen list of an administration screen: a bordered table that scrolls sideways when
 * narrow, with a last column for each row's actions menu.
 */
export function AdminTable({
  minWidth,
  testId,
  head,
  children,
}: {
  minWidth: number;
  testId: string;
  head: ReactNode;
  children: ReactNode;
}) {
  const { t } = useTranslation("common");
  return (
    <Card withBorder padding={0}>
      <Table.ScrollContainer minWidth={minWidth}>
        <Table verticalSpacing="sm" highlightOnHover data-testid={testId}>
          <Table.Thead>
            <Table.Tr>
              {head}
              <Table.Th w={48}>
                <VisuallyHidden>{t("action.edit")}</VisuallyHidden>
              </Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>{children}</Table.Tbody>
        </Table>
      </Table.ScrollContainer>
    </Card>
  );
}
