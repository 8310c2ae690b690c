/** Which companies of the subtree a row of a "view by" holds, from the group structure. Pure (unit-tested). */
import type { GroupDimension, GroupNode, GroupStructure } from "@relata/contracts";
import { shareBand } from "./values";
import { subtreeIds } from "./subtree";

/**
 * The companies of `companyId`'s subtree in the bucket `key` of a company dimension (country,
 * line of business, client unit, ownership: `<relation>/<band>`, or `root` for the company
 * itself), in tree order. Contact dimensions hold people, not companies: none here.
 */
export function bucketMembers(
  structure: Pick<GroupStructure, "nodes" | "edges">,
  companyId: string,
  dimension: GroupDimension,
  key: string | null,
): GroupNode[] {
  const byId = new Map(structure.nodes.map((node) => [node.id, node]));
  const subtree = subtreeIds(structure.nodes, companyId)
    .map((id) => byId.get(id))
    .filter((node): node is GroupNode => node !== undefined);
  const edgeTo = new Map(structure.edges.map((edge) => [edge.target, edge]));
  switch (dimension) {
    case "country":
      return subtree.filter((node) => node.country === key);
    case "lineOfBusiness":
      return subtree.filter((node) => node.lineOfBusiness === key);
    case "clientUnit":
      return subtree.filter((node) => node.clientUnit === key);
    case "ownership":
      if (key === "root") return subtree.filter((node) => node.id === companyId);
      return subtree.filter((node) => {
        const edge = edgeTo.get(node.id);
        // Under a hidden company the link's relation is not known here.
        if (node.id === companyId || !edge || edge.indirect || !edge.relation) return false;
        return `${edge.relation}/${shareBand(edge.share)}` === key;
      });
    default:
      return [];
  }
}
