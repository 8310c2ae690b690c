/** The reminder defaults (an administrator setting, If-Match); a change reschedules every open invoice's steps. */
import { eq, sql } from "drizzle-orm";
import type { ReminderSettingsPut } from "@relata/contracts";
import type { Platform } from "../../platform/context";
import { unitOfWork, type UnitOfWorkContext } from "../../platform/events/unit-of-work";
import { PreconditionFailed } from "../../platform/errors";
import type { Executor } from "../../platform/rollups";
import { invoices } from "../billing/billing.schema";
import { reminderSettings } from "./reminders.schema";
import { planSubject } from "./reminders";

async function settingsRow(db: Executor, lock = false) {
  const query = db.select().from(reminderSettings).where(eq(reminderSettings.id, 1));
  const [row] = lock ? await query.for("update") : await query;
  return row!;
}

const present = (row: typeof reminderSettings.$inferSelect) => ({
  contractLeadDays: row.contractLeadDays,
  invoiceLeadDays: row.invoiceLeadDays,
  collectionSteps: row.collectionSteps,
  version: row.version,
});

export const getReminderSettings = async (platform: Platform) => present(await settingsRow(platform.db));

export async function putReminderSettings(platform: Platform, context: UnitOfWorkContext, version: number, input: ReminderSettingsPut) {
  return unitOfWork(platform.db, platform.projections, context, async (uow) => {
    const current = await settingsRow(uow.tx, true);
    if (current.version !== version) throw PreconditionFailed();
    await uow.tx
      .update(reminderSettings)
      .set({ ...input, updatedAt: sql`now()`, version: version + 1 })
      .where(eq(reminderSettings.id, 1));
    const changedInvoiceSteps =
      current.invoiceLeadDays !== input.invoiceLeadDays || current.collectionSteps.join() !== input.collectionSteps.join();
    if (changedInvoiceSteps) {
      const open = await uow.tx
        .select({ id: invoices.id })
        .from(invoices)
        .where(sql`${invoices.status} = 'issued' AND ${invoices.total} - ${invoices.paid} - ${invoices.credited} > 0`);
      for (const { id } of open) await planSubject(uow, { type: "invoice", id });
    }
    await uow.emit({ name: "setting.reminders_changed", object: "setting", recordId: null, topics: ["list:reminder-settings"] });
    return present(await settingsRow(uow.tx));
  });
}
