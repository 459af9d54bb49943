package io.shouhu.notification;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.shouhu.casework.Role;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The escalation policy (PagerDuty-style): a critical or high alert nobody acknowledged within its
 * timeout goes to the next level of people, level after level, repeating the levels up to
 * {@code loops} times. Per jurisdiction where it differs: {@code
 * shouhu.notification.escalation.jurisdictions.<id>.levels=intake,supervisor}. See docs/notifications.md.
 * @param critical timeout of a critical alert
 * @param high timeout of a high one
 * @param levels the roles, in order, by their codes
 * @param loops how many times the levels are gone through before the chain gives up (and says so)
 */
@ConfigurationProperties("shouhu.notification.escalation")
record EscalationProperties(@DefaultValue("10m") Duration critical, @DefaultValue("30m") Duration high,
		@DefaultValue({ "intake", "supervisor", "deputy-chief" }) List<String> levels, @DefaultValue("2") int loops,
		Map<String, Override> jurisdictions) {

	EscalationProperties {
		jurisdictions = jurisdictions == null ? Map.of() : Map.copyOf(jurisdictions);
		check(critical, high, levels, loops, "shouhu.notification.escalation");
		jurisdictions.forEach((id, o) -> check(o.critical() != null ? o.critical() : critical,
				o.high() != null ? o.high() : high, o.levels() != null ? o.levels() : levels,
				o.loops() != null ? o.loops() : loops, "shouhu.notification.escalation.jurisdictions." + id));
	}

	/** What a jurisdiction sets apart from the default; {@code null} where it does not. */
	record Override(Duration critical, Duration high, List<String> levels, Integer loops) {
	}

	/** The policy of one jurisdiction. */
	record Policy(Duration critical, Duration high, List<Role> levels, int loops) {

		Duration timeout(String priority) {
			return AlertDocument.CRITICAL.equals(priority) ? critical : high;
		}
	}

	Policy policy(String jurisdiction) {
		Override o = jurisdictions.getOrDefault(jurisdiction, new Override(null, null, null, null));
		return new Policy(o.critical() != null ? o.critical() : critical, o.high() != null ? o.high() : high,
				(o.levels() != null ? o.levels() : levels).stream().map(Role::ofCode).toList(),
				o.loops() != null ? o.loops() : loops);
	}

	private static void check(Duration critical, Duration high, List<String> levels, int loops, String where) {
		if (critical == null || high == null || critical.isNegative() || critical.isZero() || high.isNegative()
				|| high.isZero()) {
			throw new IllegalArgumentException(where + ": critical and high must be positive durations");
		}
		if (levels == null || levels.isEmpty() || levels.stream().anyMatch(code -> Role.ofCode(code) == null)) {
			throw new IllegalArgumentException(where + ".levels: one or more role codes, e.g. intake,supervisor,"
					+ "deputy-chief; got " + levels);
		}
		if (loops < 1) {
			throw new IllegalArgumentException(where + ".loops must be at least 1");
		}
	}
}
