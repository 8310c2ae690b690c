import type { QueryClient } from "@tanstack/react-query";
import type { User } from "@relata/contracts";
import { ApiError } from "../../../lib/api";
import { patchUser, userQuery } from "./users";

/**
 * Team membership lives on the user (`teamIds`): read the user fresh, change the list, save with
 * If-Match. A 412 (someone changed the user in between) is retried once on the newer version.
 */
export async function setMembership(queryClient: QueryClient, userId: string, teamId: string, member: boolean): Promise<User> {
  for (let attempt = 0; ; attempt++) {
    const user = await queryClient.fetchQuery({ ...userQuery(userId), staleTime: 0 });
    const has = user.teamIds.includes(teamId);
    if (has === member) return user;
    const teamIds = member ? [...user.teamIds, teamId] : user.teamIds.filter((id) => id !== teamId);
    try {
      const updated = await patchUser(userId, user.version, { teamIds });
      queryClient.setQueryData(userQuery(userId).queryKey, updated);
      return updated;
    } catch (error) {
      if (error instanceof ApiError && error.status === 412 && attempt === 0) continue;
      throw error;
    }
  }
}
