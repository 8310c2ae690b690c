import type { AccessObject } from "@relata/contracts";
import type { Actor } from "../access/actor";
import { canUse } from "../access/policy";

type RecordAuthorizer = (actor: Actor, id: string) => Promise<boolean>;

/**
 * Which live topics exist and who may subscribe: `list:<name>` needs read permission on its
 * object; `<kind>:<id>` needs the record to be visible (modules register their kinds).
 */
export class TopicRegistry {
  private readonly lists = new Map<string, AccessObject>();
  private readonly records = new Map<string, RecordAuthorizer>();

  list(name: string, object: AccessObject): this {
    this.lists.set(name, object);
    return this;
  }

  record(kind: string, authorize: RecordAuthorizer): this {
    this.records.set(kind, authorize);
    return this;
  }

  async mayWatch(actor: Actor, topic: string): Promise<boolean> {
    const separator = topic.indexOf(":");
    if (separator < 1) return false;
    const kind = topic.slice(0, separator);
    const rest = topic.slice(separator + 1);
    if (kind === "list") {
      const object = this.lists.get(rest);
      return object !== undefined && canUse(actor, object, "read");
    }
    const authorize = this.records.get(kind);
    if (!authorize || !/^[0-9a-f-]{36}$/i.test(rest)) return false;
    return authorize(actor, rest).catch(() => false);
  }
}
