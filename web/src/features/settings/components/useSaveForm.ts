import { useState } from "react";
import { useQueryClient, type QueryKey } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { ApiError, newIdempotencyKey } from "../../../lib/api";
import { notifyFailure } from "../lib/feedback";
import { problemsByField, unplacedProblems } from "../lib/problems";

type Errors = Record<string, string | undefined>;

/**
 * What a settings dialog keeps while saving: field errors (its own checks and the server's 400 /
 * 409 problems, on the fields they concern), a note for problems no field shows, "changed
 * elsewhere" after a 412 (the definitions are reloaded; saving again applies on top), one
 * idempotency key for every retry of a create.
 */
export function useSaveForm({
  reload,
  shows,
  onReloaded,
}: {
  reload: QueryKey;
  shows: (field: string) => boolean;
  /** After a 412, once the newest version is loaded: the form takes it as the version its next save is based on. */
  onReloaded?: () => void;
}) {
  const { t } = useTranslation("settings");
  const queryClient = useQueryClient();
  const [errors, setErrors] = useState<Errors>({});
  const [unplaced, setUnplaced] = useState<string[]>([]);
  const [saving, setSaving] = useState(false);
  const [stale, setStale] = useState(false);
  const [idempotencyKey] = useState(newIdempotencyKey);

  /** Shows the problems found before sending; true when there are none. */
  function check(found: Errors): boolean {
    setErrors(found);
    setUnplaced([]);
    return Object.values(found).every((message) => !message);
  }

  /** Runs the save; true when it went through. */
  async function save(work: () => Promise<unknown>): Promise<boolean> {
    setSaving(true);
    try {
      await work();
      return true;
    } catch (error) {
      if (error instanceof ApiError && error.status === 412) {
        setStale(true);
        await queryClient.invalidateQueries({ queryKey: reload });
        onReloaded?.();
      } else if (error instanceof ApiError && (error.status === 400 || error.status === 409) && error.details.length > 0) {
        const byField = problemsByField(error.details, (key, options) => t(key, options ?? {}) as string);
        setErrors(Object.fromEntries(Object.entries(byField).filter(([field]) => shows(field))));
        setUnplaced(unplacedProblems(byField, shows));
      } else {
        notifyFailure(error);
      }
      return false;
    } finally {
      setSaving(false);
    }
  }

  /** Clears the problem of one field once it is edited. */
  function clear(field: string) {
    if (errors[field]) setErrors((current) => ({ ...current, [field]: undefined }));
  }

  /** Clears the problems of several fields (a list edited as a whole, e.g. the options). */
  function clearWhere(match: (field: string) => boolean) {
    if (Object.entries(errors).some(([field, message]) => message && match(field)))
      setErrors((current) => Object.fromEntries(Object.entries(current).filter(([field]) => !match(field))));
  }

  return { errors, unplaced, saving, stale, idempotencyKey, check, save, clear, clearWhere, queryClient };
}
