import type { SavedView, SavedViewObject } from "@relata/contracts";
import type { SavedViewRow } from "./views.repository";

export function presentView(row: SavedViewRow): SavedView {
  return {
    id: row.id,
    object: row.object as SavedViewObject,
    name: row.name,
    state: row.state,
    isDefault: row.isDefault,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
    version: row.version,
  };
}
