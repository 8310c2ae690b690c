import type { ReactNode } from "react";
import { Radio, SimpleGrid, Stack, Text } from "@mantine/core";
import { useMediaQuery } from "@mantine/hooks";
import { useTranslation } from "react-i18next";
import { FieldValue, useFieldLabel } from "./renderers";
import type { MergeRow } from "./diff";
import type { FieldSpec } from "./schema-fields";

const rule = { borderBottom: "1px solid var(--mantine-color-default-border)" };

/**
 * A merge's field-by-field choice: per differing field (`mergeRows`) the kept record's value or the
 * other's. A field the kept record has no value in is filled from the other in any case, so its
 * "keep" is disabled. `chosen` holds the fields taken by choice; `mergeTake` gives what to send.
 */
export function MergeFields({
  rows,
  specs,
  keptName,
  sourceName,
  keptHead = keptName,
  sourceHead = sourceName,
  chosen,
  onChange,
}: {
  rows: readonly MergeRow[];
  specs: ReadonlyMap<string, FieldSpec>;
  /** The two records' names (in the radios' accessible names) */
  keptName: string;
  sourceName: string;
  /** Column heads (default: the names) */
  keptHead?: ReactNode;
  sourceHead?: ReactNode;
  chosen: ReadonlySet<string>;
  onChange: (chosen: Set<string>) => void;
}) {
  const { t } = useTranslation("components");
  const phone = useMediaQuery("(max-width: 48em)", false, { getInitialValueInEffect: false });
  const label = useFieldLabel();
  const choose = (field: string, fromSource: boolean) => {
    const next = new Set(chosen);
    if (fromSource) next.add(field);
    else next.delete(field);
    onChange(next);
  };
  return (
    <Stack gap={0} data-testid="merge-fields">
      {!phone && (
        <SimpleGrid cols={3} spacing="sm" pb={6} style={rule}>
          <Text size="xs" c="dimmed" fw={600}>
            {t("merge.field")}
          </Text>
          <Text size="xs" c="dimmed" fw={600} component="div" style={{ minWidth: 0 }}>
            {keptHead}
          </Text>
          <Text size="xs" c="dimmed" fw={600} component="div" style={{ minWidth: 0 }}>
            {sourceHead}
          </Text>
        </SimpleGrid>
      )}
      {rows.map((row) => {
        const spec = specs.get(row.name);
        if (!spec) return null;
        const fromSource = row.filled || chosen.has(row.name);
        const field = label(spec);
        return (
          <Radio.Group
            key={row.name}
            value={fromSource ? "source" : "kept"}
            onChange={(value) => choose(row.name, value === "source")}
            label={phone ? field : undefined}
            data-testid={`merge-row-${row.name}`}
            data-from={fromSource ? "source" : "kept"}
          >
            <SimpleGrid cols={{ base: 1, sm: 3 }} spacing={phone ? 4 : "sm"} py="xs" style={{ ...rule, alignItems: "start" }}>
              {!phone && (
                <Text size="sm" c="dimmed">
                  {field}
                </Text>
              )}
              <Radio
                value="kept"
                disabled={row.filled}
                label={<FieldValue field={spec} value={row.kept} />}
                aria-label={t("merge.keepValueOf", { field, name: keptName })}
                data-testid={`merge-keep-${row.name}`}
              />
              <Radio
                value="source"
                label={<FieldValue field={spec} value={row.source} />}
                aria-label={t("merge.takeValueOf", { field, name: sourceName })}
                data-testid={`merge-take-${row.name}`}
              />
            </SimpleGrid>
          </Radio.Group>
        );
      })}
    </Stack>
  );
}
