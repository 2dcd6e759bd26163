// The three roles, lowest first (docs/domain/auth.md#roles): each may do what the ones below it
// may. The schema's CHECK, the route table and the pages all use this list.
export const ROLES = ['user', 'staff', 'admin'] as const;
export type Role = (typeof ROLES)[number];

/** A role's place in the order: compare two with >= to ask "at least". */
export function roleRank(role: Role): number {
  return ROLES.indexOf(role);
}
