import type { ImportJob, ImportObject } from "@relata/contracts";
import { ApiError, apiFailure, csrf, safeJson, toQueryString } from "../../../lib/api";

export type UploadProgress = { loaded: number; total: number };

/**
 * Sends a CSV file as it is (text/csv) to start a new import. `api` cannot report upload
 * progress, so this one call goes through XMLHttpRequest, with the same CSRF token and errors.
 */
export function uploadImport(
  input: { object: ImportObject; file: File },
  onProgress: (progress: UploadProgress) => void,
  signal?: AbortSignal,
): Promise<ImportJob> {
  const path = "/api/imports";
  return new Promise((resolve, reject) => {
    const request = new XMLHttpRequest();
    request.open("POST", `${path}${toQueryString({ object: input.object, fileName: input.file.name })}`);
    request.setRequestHeader("accept", "application/json");
    request.setRequestHeader("content-type", "text/csv; charset=utf-8");
    const token = csrf.get();
    if (token) request.setRequestHeader("x-csrf-token", token);
    request.withCredentials = true;
    request.upload.onprogress = (event) =>
      onProgress({ loaded: event.loaded, total: event.lengthComputable ? event.total : input.file.size });
    request.onload = () => {
      if (request.status >= 200 && request.status < 300) resolve(safeJson(request.responseText) as ImportJob);
      else reject(apiFailure(path, request.status, request.responseText));
    };
    request.onerror = () => reject(new ApiError(0, { message: "network error" }));
    request.onabort = () => reject(new DOMException("The upload was cancelled", "AbortError"));
    signal?.addEventListener("abort", () => request.abort(), { once: true });
    request.send(input.file);
  });
}
