import { Badge, Card, Group, NativeSelect, SimpleGrid, Stack, Table, Text, Tooltip } from "@mantine/core";
import { IconInfoCircle } from "@tabler/icons-react";
import { useTranslation } from "react-i18next";
import {
  accessActions,
  accessObjects,
  accessScopes,
  type AccessAction,
  type AccessObject,
  type AccessScope,
  type PermissionSet,
} from "@relata/contracts";
import { allowedScopes, isRecordObject } from "../lib/permissions";
import { useIsPhone } from "./Responsive";

type Props = {
  value: PermissionSet;
  /** The saved state: cells that differ are marked as changed. */
  base: PermissionSet;
  /** The editor's own permissions: wider scopes cannot be handed out. */
  own: PermissionSet;
  readOnly?: boolean;
  /** Server problems by cell, keyed `permissions.<object>.<action>`. */
  errors?: Record<string, string>;
  onChange: (object: AccessObject, action: AccessAction, scope: AccessScope) => void;
};

const scopeColor: Record<AccessScope, string> = { none: "gray", own: "cyan", team: "teal", org_unit: "indigo", all: "blue" };

/** Objects × actions; each cell the scope in which the role may do that action. */
export function PermissionMatrix({ value, base, own, readOnly, errors = {}, onChange }: Props) {
  const { t } = useTranslation("admin");
  const phone = useIsPhone();

  const cell = (object: AccessObject, action: AccessAction, withLabel: boolean) => {
    const scope = value[object][action];
    const changed = scope !== base[object][action];
    const allowed = allowedScopes(own, { object, action });
    const error = errors[`permissions.${object}.${action}`];
    return (
      <NativeSelect
        size="xs"
        label={withLabel ? t(`action.${action}`) : undefined}
        aria-label={
          withLabel ? undefined : t("permissions.cellLabel", { object: t(`common:object.${object}`), action: t(`action.${action}`) })
        }
        value={scope}
        disabled={readOnly}
        onChange={(event) => onChange(object, action, event.currentTarget.value as AccessScope)}
        data={accessScopes.map((option) => ({
          value: option,
          label:
            allowed.includes(option) || option === scope
              ? t(`scope.${option}`)
              : t("permissions.beyondYours", { scope: t(`scope.${option}`) }),
          disabled: !allowed.includes(option) && option !== scope,
        }))}
        error={error}
        data-testid={`perm-${object}-${action}`}
        data-scope={scope}
        data-changed={changed || undefined}
        styles={{
          input: {
            fontWeight: scope === "none" ? 400 : 600,
            color: scope === "none" ? "var(--mantine-color-dimmed)" : `var(--mantine-color-${scopeColor[scope]}-light-color)`,
            backgroundColor: changed ? "var(--mantine-color-yellow-light)" : undefined,
            borderColor: changed ? "var(--mantine-color-yellow-filled)" : undefined,
          },
        }}
      />
    );
  };

  // Every object says what it covers; the ones without owner, team and org unit also that their scopes are all or nothing.
  const objectHelp = (object: AccessObject) =>
    isRecordObject(object)
      ? t(`permissions.objectHint.${object}`)
      : `${t(`permissions.objectHint.${object}`)} ${t("permissions.flatScopes")}`;

  const objectLabel = (object: AccessObject) => (
    <Group gap={6} wrap="nowrap">
      <Text size="sm" fw={500}>
        {t(`common:object.${object}`)}
      </Text>
      {!phone && (
        <Tooltip label={objectHelp(object)} multiline w={280} withArrow events={{ hover: true, focus: true, touch: true }}>
          <IconInfoCircle
            size={15}
            color="var(--mantine-color-dimmed)"
            aria-label={objectHelp(object)}
            role="img"
            style={{ flexShrink: 0 }}
            data-testid={`perm-help-${object}`}
          />
        </Tooltip>
      )}
    </Group>
  );

  if (phone) {
    return (
      <Stack gap="xs" data-testid="permission-matrix">
        {accessObjects.map((object) => (
          <Card key={object} withBorder padding="sm">
            <Stack gap={6}>
              <div>
                {objectLabel(object)}
                <Text size="xs" c="dimmed" data-testid={`perm-help-${object}`}>
                  {objectHelp(object)}
                </Text>
              </div>
              <SimpleGrid cols={2} spacing="xs" verticalSpacing={6}>
                {accessActions.map((action) => (
                  <div key={action}>{cell(object, action, true)}</div>
                ))}
              </SimpleGrid>
            </Stack>
          </Card>
        ))}
      </Stack>
    );
  }

  return (
    <Table.ScrollContainer minWidth={620}>
      <Table verticalSpacing={6} data-testid="permission-matrix" withRowBorders>
        <Table.Thead>
          <Table.Tr>
            <Table.Th w="24%">{t("permissions.object")}</Table.Th>
            {accessActions.map((action) => (
              <Table.Th key={action}>{t(`action.${action}`)}</Table.Th>
            ))}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {accessObjects.map((object) => (
            <Table.Tr key={object} data-testid={`perm-row-${object}`}>
              <Table.Th scope="row" fw={400}>
                {objectLabel(object)}
              </Table.Th>
              {accessActions.map((action) => (
                <Table.Td key={action}>{cell(object, action, false)}</Table.Td>
              ))}
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

/** What each scope means, next to the matrix. */
export function ScopeLegend() {
  const { t } = useTranslation("admin");
  return (
    <Stack gap={6} data-testid="scope-legend">
      {accessScopes.map((scope) => (
        <Group key={scope} gap="xs" wrap="nowrap" align="flex-start">
          <Badge variant="light" color={scopeColor[scope]} w={96} style={{ flexShrink: 0 }}>
            {t(`scope.${scope}`)}
          </Badge>
          <Text size="sm">{t(`scopeHint.${scope}`)}</Text>
        </Group>
      ))}
      <Text size="xs" c="dimmed">
        {t("permissions.functionObject")}
      </Text>
    </Stack>
  );
}
