import {
  IconAlignLeft,
  IconAt,
  IconCalendar,
  IconCash,
  IconCircleDot,
  IconHash,
  IconLetterT,
  IconLink,
  IconListCheck,
  IconPhone,
  IconToggleLeft,
  IconUser,
  type Icon,
} from "@tabler/icons-react";
import { customFieldTypes, type CustomFieldType } from "@relata/contracts";

/** Every custom field type, in the order the type picker offers them. */
export const fieldTypes: readonly CustomFieldType[] = customFieldTypes;

/** The icon of each type (pickers, field rows). */
export const fieldTypeIcons: Record<CustomFieldType, Icon> = {
  text: IconLetterT,
  long_text: IconAlignLeft,
  number: IconHash,
  money: IconCash,
  date: IconCalendar,
  choice: IconCircleDot,
  multi_choice: IconListCheck,
  yes_no: IconToggleLeft,
  url: IconLink,
  email: IconAt,
  phone: IconPhone,
  user: IconUser,
};

/** The i18n key of a type's name. */
export const fieldTypeLabelKey = (type: CustomFieldType) => `settings:fieldType.${type}`;

/** Whether fields of the type pick from options defined with the field. */
export const hasOptions = (type: CustomFieldType) => type === "choice" || type === "multi_choice";
