package io.shouhu.identity;

import java.util.List;
import java.util.Optional;
import java.util.Set;

import io.shouhu.casework.JurisdictionId;
import io.shouhu.casework.Role;
import io.shouhu.casework.StaffMember;
import io.shouhu.casework.UserId;

/**
 * The demo identity provider's staff accounts (password {@value #PASSWORD} for all), which are also
 * registered as staff members at start. Six in Longwan, one for each role, and a prosecutor and a
 * supervisor in Ouhai to show that jurisdictions are kept apart (and to accept a transfer).
 */
public final class DemoUsers {

	/** The password of every demo account. Demo only. */
	public static final String PASSWORD = "demo";

	private static final JurisdictionId LONGWAN = new JurisdictionId("longwan");

	private static final JurisdictionId OUHAI = new JurisdictionId("ouhai");

	private static final List<DemoUser> ALL = List.of(new DemoUser("intake", LONGWAN, Role.INTAKE),
			new DemoUser("prosecutor", LONGWAN, Role.PROSECUTOR), new DemoUser("supervisor", LONGWAN, Role.SUPERVISOR),
			new DemoUser("deputy-chief", LONGWAN, Role.DEPUTY_CHIEF),
			new DemoUser("social-worker", LONGWAN, Role.SOCIAL_WORKER),
			new DemoUser("psychologist", LONGWAN, Role.PSYCHOLOGIST), new DemoUser("aid-officer", LONGWAN, Role.AID_OFFICER),
			new DemoUser("prosecutor-b", OUHAI, Role.PROSECUTOR), new DemoUser("supervisor-b", OUHAI, Role.SUPERVISOR));

	private DemoUsers() {
	}

	/** Every demo account. */
	public static List<DemoUser> all() {
		return ALL;
	}

	/** The demo account with this login name. */
	public static Optional<DemoUser> find(String username) {
		return ALL.stream().filter(user -> user.username().equals(username)).findFirst();
	}

	/** A demo account: login name, jurisdiction and roles. */
	public record DemoUser(String username, JurisdictionId jurisdiction, Set<Role> roles) {

		public DemoUser {
			roles = Set.copyOf(roles);
		}

		DemoUser(String username, JurisdictionId jurisdiction, Role role) {
			this(username, jurisdiction, Set.of(role));
		}

		/** The role codes as they appear in the {@code roles} claim, in a stable order. */
		public List<String> roleCodes() {
			return roles.stream().sorted().map(Role::code).toList();
		}

		/** This account as a member of staff. */
		public StaffMember staffMember() {
			return new StaffMember(new UserId(username), jurisdiction, roles);
		}
	}
}
