import { useMemo } from "react";
import { Select, Text, type ComboboxItem, type OptionsFilter, type SelectProps } from "@mantine/core";
import { useTranslation } from "react-i18next";
import type { User } from "@relata/contracts";

type Props = Omit<SelectProps, "data" | "value" | "onChange" | "filter" | "renderOption"> & {
  users: User[] | undefined;
  value: string | null;
  onChange: (value: string | null) => void;
  /** Not offered (e.g. current members, the user themselves). */
  exclude?: ReadonlySet<string>;
  /** Deactivated people are offered too (marked). */
  includeInactive?: boolean;
};

/** A person from the staff directory, searchable by name or email. */
export function PersonSelect({ users, value, onChange, exclude, includeInactive = false, ...props }: Props) {
  const { t } = useTranslation("admin");
  const options = useMemo(
    () =>
      (users ?? [])
        .filter((user) => (includeInactive || user.active || user.id === value) && (!exclude?.has(user.id) || user.id === value))
        .map((user) => ({
          value: user.id,
          label: user.active ? user.name : t("users.inactiveName", { name: user.name }),
          email: user.email,
        })),
    [users, includeInactive, value, exclude, t],
  );
  const emails = useMemo(() => new Map(options.map((option) => [option.value, option.email])), [options]);
  const filter: OptionsFilter = ({ options: items, search }) => {
    const needle = search.trim().toLocaleLowerCase();
    if (!needle) return items;
    return (items as ComboboxItem[]).filter(
      (item) => item.label.toLocaleLowerCase().includes(needle) || (emails.get(item.value) ?? "").toLocaleLowerCase().includes(needle),
    );
  };
  return (
    <Select
      {...props}
      data={options.map(({ value: id, label }) => ({ value: id, label }))}
      value={value}
      onChange={onChange}
      searchable
      limit={60}
      filter={filter}
      nothingFoundMessage={users ? t("common:state.nothingFound") : t("common:state.loading")}
      renderOption={({ option }) => (
        <div>
          <Text size="sm">{option.label}</Text>
          <Text size="xs" c="dimmed">
            {emails.get(option.value)}
          </Text>
        </div>
      )}
    />
  );
}
