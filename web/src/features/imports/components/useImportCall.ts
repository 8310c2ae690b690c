import { useState } from "react";
import { useQueryClient } from "@tanstack/react-query";
import type { ImportJob } from "@relata/contracts";
import { ApiError } from "../../../lib/api";
import { toast } from "../../../components/dialogs";
import { importKey } from "../api/imports";

/**
 * Runs one call that answers with the import (save a step, start, resume, cancel) and shows the
 * answer at once. A failure is said unless `handled` deals with it; when the import changed or
 * moved on meanwhile (409, 412) it is loaded again, so the screen shows where it really is.
 * `pending` names the call in progress.
 */
export function useImportCall<Name extends string = string>(id: string) {
  const queryClient = useQueryClient();
  const [pending, setPending] = useState<Name | null>(null);

  async function run(name: Name, call: () => Promise<ImportJob>, handled?: (error: unknown) => boolean): Promise<boolean> {
    setPending(name);
    try {
      queryClient.setQueryData(importKey(id), await call());
      return true;
    } catch (error) {
      if (!handled?.(error)) toast.error(error);
      if (error instanceof ApiError && (error.status === 409 || error.status === 412))
        void queryClient.invalidateQueries({ queryKey: importKey(id) });
      return false;
    } finally {
      setPending(null);
    }
  }

  return { pending, run };
}
