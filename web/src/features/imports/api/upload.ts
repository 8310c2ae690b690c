import type { QueryClient } from "@tanstack/react-query";
import type { ImportJob, ImportObject, SessionBody } from "@relata/contracts";
import { ApiError, toQueryString } from "../../../lib/api";
import { sessionQueryKey } from "../../../lib/session";

export type UploadProgress = { loaded: number; total: number };

/**
 * Sends a CSV file as it is (text/csv) to start a new import. The JSON client cannot report
 * upload progress, so this one call goes through XMLHttpRequest with the session's CSRF token.
 */
export function uploadImport(
  queryClient: QueryClient,
  input: { object: ImportObject; file: File },
  onProgress: (progress: UploadProgress) => void,
  signal?: AbortSignal,
): Promise<ImportJob> {
  const session = queryClient.getQueryData<SessionBody | null>(sessionQueryKey);
  return new Promise((resolve, reject) => {
    const request = new XMLHttpRequest();
    request.open("POST", `/api/imports${toQueryString({ object: input.object, fileName: input.file.name })}`);
    request.setRequestHeader("accept", "application/json");
    request.setRequestHeader("content-type", "text/csv; charset=utf-8");
    if (session?.csrfToken) request.setRequestHeader("x-csrf-token", session.csrfToken);
    request.withCredentials = true;
    request.upload.onprogress = (event) =>
      onProgress({ loaded: event.loaded, total: event.lengthComputable ? event.total : input.file.size });
    request.onload = () => {
      let body: unknown;
      try {
        body = request.responseText ? JSON.parse(request.responseText) : undefined;
      } catch {
        body = undefined;
      }
      if (request.status >= 200 && request.status < 300) resolve(body as ImportJob);
      else reject(new ApiError(request.status, body as ConstructorParameters<typeof ApiError>[1]));
    };
    request.onerror = () => reject(new ApiError(0, { message: "network error" }));
    request.onabort = () => reject(new DOMException("The upload was cancelled", "AbortError"));
    signal?.addEventListener("abort", () => request.abort(), { once: true });
    request.send(input.file);
  });
}
