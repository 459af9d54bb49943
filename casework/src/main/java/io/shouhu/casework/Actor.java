package io.shouhu.casework;

import java.util.Objects;
import java.util.Set;

/**
 * Who acts: a member of staff with their jurisdiction and roles, as their token says.
 */
public record Actor(UserId user, JurisdictionId jurisdiction, Set<Role> roles) {

	public Actor {
		Objects.requireNonNull(user, "user");
		Objects.requireNonNull(jurisdiction, "jurisdiction");
		roles = Set.copyOf(roles);
	}

	public boolean has(Role role) {
		return roles.contains(role);
	}

	public boolean hasAny(Role... any) {
		for (Role role : any) {
			if (roles.contains(role)) {
				return true;
			}
		}
		return false;
	}

	/** Whether the actor works whole cases (intake, prosecutor, supervisor) rather than tasks. */
	public boolean worksCases() {
		return roles.stream().anyMatch(Role::worksCases);
	}
}
