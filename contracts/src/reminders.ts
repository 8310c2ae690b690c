import { z } from "zod";

/**
 * Reminder defaults (an administrator setting, If-Match): the lead time a new contract or
 * competitor contract starts with, the days before an invoice's due date, and the collection
 * steps (days after the due date; the last one escalates to the owner's manager).
 */
export const reminderSettings = z.object({
  contractLeadDays: z.number().int(),
  invoiceLeadDays: z.number().int(),
  collectionSteps: z.array(z.number().int()),
  version: z.number().int(),
});
export type ReminderSettings = z.infer<typeof reminderSettings>;

export const reminderSettingsPut = z
  .object({
    contractLeadDays: z.number().int().min(0).max(365),
    invoiceLeadDays: z.number().int().min(0).max(60),
    collectionSteps: z
      .array(z.number().int().min(0).max(365))
      .min(1)
      .max(6)
      .refine((steps) => steps.every((step, index) => index === 0 || step > steps[index - 1]!), "must be distinct days in ascending order"),
  })
  .strict();
export type ReminderSettingsPut = z.output<typeof reminderSettingsPut>;
