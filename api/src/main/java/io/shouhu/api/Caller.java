package io.shouhu.api;

import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

import io.shouhu.casework.Actor;
import io.shouhu.casework.JurisdictionId;
import io.shouhu.casework.Role;
import io.shouhu.casework.UserId;
import org.springframework.security.oauth2.jwt.Jwt;

/**
 * The member of staff making a request, as their access token says: who, in which jurisdiction, in
 * which roles.
 */
record Caller(UserId user, JurisdictionId jurisdiction, Set<Role> roles) {

	static Caller of(Jwt jwt) {
		String jurisdiction = jwt.getClaimAsString("jurisdiction");
		if (jurisdiction == null || jurisdiction.isBlank()) {
			throw new NotStaff();
		}
		Set<Role> roles = EnumSet.noneOf(Role.class);
		List<String> codes = jwt.getClaimAsStringList("roles");
		if (codes != null) {
			codes.stream().map(Role::ofCode).filter(Objects::nonNull).forEach(roles::add);
		}
		try {
			return new Caller(new UserId(jwt.getSubject()), new JurisdictionId(jurisdiction), roles);
		}
		catch (RuntimeException malformed) {
			throw new NotStaff();
		}
	}

	/** The caller as casework knows them. */
	Actor actor() {
		return new Actor(user, jurisdiction, roles);
	}

	boolean hasAnyRole(Role... any) {
		for (Role role : any) {
			if (roles.contains(role)) {
				return true;
			}
		}
		return false;
	}

	/** The token is not a member of staff's (e.g. a hospital's). */
	static class NotStaff extends RuntimeException {

		NotStaff() {
			super("This API is for procuratorate staff.");
		}
	}

	/** The caller's roles do not allow this. */
	static class NotAllowed extends RuntimeException {

		NotAllowed(String message) {
			super(message);
		}
	}
}
