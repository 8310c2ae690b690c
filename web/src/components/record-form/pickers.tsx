import { useMemo, useState, type ReactNode } from "react";
import { Badge, Group, Loader, Select, Text, type ComboboxItem, type OptionsFilter } from "@mantine/core";
import { useDebouncedValue } from "@mantine/hooks";
import { queryOptions, useQuery } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { securityLevels } from "@relata/contracts";
import { useSession } from "../../lib/session";
import { useUserDirectory } from "./directory";

export type PickerOption = { value: string; label: string; description?: string };

type CommonProps = {
  value: string | null;
  onChange: (value: string | null) => void;
  label?: ReactNode;
  description?: ReactNode;
  placeholder?: string;
  error?: ReactNode;
  required?: boolean;
  disabled?: boolean;
  readOnly?: boolean;
  clearable?: boolean;
  autoFocus?: boolean;
  "data-testid"?: string;
  "aria-label"?: string;
  size?: "xs" | "sm" | "md";
  comboboxProps?: { withinPortal?: boolean };
};

const keepAll: OptionsFilter = ({ options }) => options;

/** Picks a person from the staff directory (GET /api/users), searching by name or email. */
export function UserPicker({ includeInactive = false, ...props }: CommonProps & { includeInactive?: boolean }) {
  const { t } = useTranslation("components");
  const directory = useUserDirectory();
  const data = useMemo(() => {
    const users = directory.data ?? [];
    return users
      .filter((user) => includeInactive || user.active || user.id === props.value)
      .map((user) => ({
        value: user.id,
        label: user.active ? user.name : t("picker.inactiveUser", { name: user.name }),
        email: user.email,
      }));
  }, [directory.data, includeInactive, props.value, t]);
  const emails = useMemo(() => new Map(data.map((item) => [item.value, item.email])), [data]);
  const filter: OptionsFilter = ({ options, search }) => {
    const needle = search.trim().toLocaleLowerCase();
    if (!needle) return options;
    return (options as ComboboxItem[]).filter(
      (option) =>
        option.label.toLocaleLowerCase().includes(needle) || (emails.get(option.value) ?? "").toLocaleLowerCase().includes(needle),
    );
  };
  return (
    <Select
      {...props}
      data={data.map(({ value, label }) => ({ value, label }))}
      searchable
      limit={50}
      filter={filter}
      nothingFoundMessage={
        directory.isError ? t("picker.directoryFailed") : directory.isPending ? t("picker.loading") : t("picker.nothingFound")
      }
      rightSection={directory.isFetching && !directory.data ? <Loader size={14} /> : undefined}
      renderOption={({ option }) => (
        <div>
          <Text size="sm">{option.label}</Text>
          <Text size="xs" c="dimmed">
            {emails.get(option.value)}
          </Text>
        </div>
      )}
      placeholder={props.placeholder ?? t("picker.searchPeople")}
    />
  );
}

export type ReferenceLoader = {
  /** Cache key of these lookups, e.g. ["companies", "picker"] */
  queryKey: readonly unknown[];
  /** Best matches for what the user typed (empty string: a first few). */
  search: (q: string) => Promise<PickerOption[]>;
  /** The label of a chosen value (for a value that is not among the search results). */
  resolve?: (value: string) => Promise<PickerOption | null>;
};

/** The one query of a chosen value's label, shared by pickers, read-only values and filter chips. */
export const referenceOptionQuery = (loader: Pick<ReferenceLoader, "queryKey" | "resolve"> | undefined, id: string | null | undefined) =>
  queryOptions({
    queryKey: [...(loader?.queryKey ?? ["reference"]), "resolve", id ?? null],
    queryFn: () => (id && loader?.resolve ? loader.resolve(id) : null),
    enabled: !!id && !!loader?.resolve,
    staleTime: 5 * 60_000,
  });

/** Picks a record through a caller-provided search (server-side), e.g. a company for a contact. */
export function ReferencePicker({ loader, ...props }: CommonProps & { loader: ReferenceLoader }) {
  const { t } = useTranslation("components");
  const [search, setSearch] = useState("");
  const [debounced] = useDebouncedValue(search, 250);
  const results = useQuery({
    queryKey: [...loader.queryKey, "search", debounced],
    queryFn: () => loader.search(debounced),
    staleTime: 30_000,
  });
  const selected = useQuery(referenceOptionQuery(loader, props.value));
  const data = useMemo(() => {
    const options = [...(results.data ?? [])];
    const current = selected.data;
    if (current && !options.some((option) => option.value === current.value)) options.unshift(current);
    return options.map(({ value, label }) => ({ value, label }));
  }, [results.data, selected.data]);
  const descriptions = useMemo(() => new Map((results.data ?? []).map((option) => [option.value, option.description])), [results.data]);
  return (
    <Select
      {...props}
      data={data}
      searchable
      searchValue={search}
      onSearchChange={setSearch}
      filter={keepAll}
      nothingFoundMessage={results.isError ? t("picker.searchFailed") : results.isFetching ? t("picker.loading") : t("picker.nothingFound")}
      rightSection={results.isFetching ? <Loader size={14} /> : undefined}
      renderOption={({ option }) => (
        <div>
          <Text size="sm">{option.label}</Text>
          {descriptions.get(option.value) && (
            <Text size="xs" c="dimmed">
              {descriptions.get(option.value)}
            </Text>
          )}
        </div>
      )}
      placeholder={props.placeholder ?? t("picker.search")}
    />
  );
}

const levelColors = ["gray", "blue", "orange", "red"] as const;

/** The security level as a coloured badge: 0 open … 3 strictly confidential. */
export function SecurityLevelBadge({ level, size = "sm" }: { level: number; size?: "xs" | "sm" | "md" }) {
  const { t } = useTranslation("components");
  return (
    <Badge color={levelColors[level] ?? "gray"} variant="light" size={size} radius="sm" style={{ textTransform: "none" }}>
      {t(`securityLevel.${level}`)}
    </Badge>
  );
}

/** Security level 0–3; levels above the user's clearance cannot be chosen. */
export function SecurityLevelSelect(
  props: Omit<CommonProps, "value" | "onChange" | "clearable"> & {
    value: number | null;
    onChange: (value: number | null) => void;
    clearable?: boolean;
  },
) {
  const { t } = useTranslation("components");
  const { me } = useSession();
  const clearance = me?.role.clearance ?? 3;
  const { value, onChange, ...rest } = props;
  return (
    <Select
      {...rest}
      data={securityLevels.map((level) => ({
        value: String(level),
        label: t(`securityLevel.${level}`),
        disabled: level > clearance && level !== value,
      }))}
      value={value === null || value === undefined ? null : String(value)}
      onChange={(next) => onChange(next === null ? null : Number(next))}
      allowDeselect={!!props.clearable}
      renderOption={({ option }) => (
        <Group gap="xs" wrap="nowrap">
          <SecurityLevelBadge level={Number(option.value)} size="xs" />
          <Text size="xs" c="dimmed">
            {t(`securityLevel.hint${option.value}`)}
          </Text>
        </Group>
      )}
    />
  );
}
