package io.shouhu.api;

import java.time.Instant;
import java.time.format.DateTimeParseException;

import io.shouhu.casework.CaseId;
import io.shouhu.casework.InvalidCommand;
import io.shouhu.casework.JurisdictionId;
import io.shouhu.casework.Milestone;
import io.shouhu.casework.NotFound;
import io.shouhu.casework.RejectionReason;
import io.shouhu.casework.ReportId;
import io.shouhu.casework.Role;
import io.shouhu.casework.SuitType;
import io.shouhu.casework.TaskId;
import io.shouhu.casework.TrackType;
import io.shouhu.casework.UserId;

/**
 * Reads the app's path segments, query parameters and body fields into casework's types: an id in
 * a path that cannot be one is simply not found; a malformed field is a 400 naming the field.
 */
final class Parse {

	private Parse() {
	}

	static ReportId report(String id) {
		return ReportId.parse(id).orElseThrow(() -> new NotFound("report"));
	}

	static CaseId kase(String id) {
		return CaseId.parse(id).orElseThrow(() -> new NotFound("case"));
	}

	static TaskId task(String id) {
		return TaskId.parse(id).orElseThrow(() -> new NotFound("task"));
	}

	static TrackType track(String code) {
		TrackType track = code == null ? null : TrackType.ofCode(code);
		if (track == null) {
			throw new NotFound("track");
		}
		return track;
	}

	static TrackType trackField(String field, String code) {
		if (code == null) {
			return null;
		}
		TrackType track = TrackType.ofCode(code);
		if (track == null) {
			throw new InvalidCommand(field + " must be one of criminal, civil-support, psychological-aid, legal-aid, "
					+ "judicial-aid, parenting-guidance.");
		}
		return track;
	}

	static UserId user(String field, String value) {
		if (value == null) {
			return null;
		}
		try {
			return new UserId(value);
		}
		catch (RuntimeException ex) {
			throw new InvalidCommand(field + " is not a user id.");
		}
	}

	static Role team(String field, String code) {
		if (code == null) {
			return null;
		}
		Role role = Role.ofCode(code);
		if (role == null) {
			throw new InvalidCommand(field + " is not a role: prosecutor, supervisor, social-worker, psychologist or "
					+ "aid-officer.");
		}
		return role;
	}

	static Milestone milestone(String code) {
		Milestone milestone = code == null ? null : Milestone.ofCode(code);
		if (milestone == null) {
			throw new InvalidCommand("milestone is missing or not one of the track milestones.");
		}
		return milestone;
	}

	static SuitType suitType(String code) {
		if (code == null) {
			return null;
		}
		SuitType type = SuitType.ofCode(code);
		if (type == null) {
			throw new InvalidCommand("suitType must be revoke-guardianship, damages or other.");
		}
		return type;
	}

	static RejectionReason rejectionReason(String code) {
		RejectionReason reason = code == null ? null : RejectionReason.ofCode(code);
		if (reason == null) {
			throw new InvalidCommand("reason must be one of not-reportable, duplicate, insufficient-information, "
					+ "not-a-minor, other.");
		}
		return reason;
	}

	static CaseId caseField(String field, String value) {
		return CaseId.parse(value).orElseThrow(() -> new InvalidCommand(field + " is missing or not a case id."));
	}

	static TaskId taskField(String field, String value) {
		if (value == null) {
			return null;
		}
		return TaskId.parse(value).orElseThrow(() -> new InvalidCommand(field + " is not a task id."));
	}

	static JurisdictionId jurisdiction(String field, String value) {
		try {
			return new JurisdictionId(value);
		}
		catch (RuntimeException ex) {
			throw new InvalidCommand(field + " is missing or not a jurisdiction id.");
		}
	}

	static Instant instant(String field, String value) {
		if (value == null || value.isBlank()) {
			return null;
		}
		try {
			return Instant.parse(value);
		}
		catch (DateTimeParseException ex) {
			throw new InvalidCommand(field + " must be a UTC timestamp such as 2026-11-29T08:00:00Z.");
		}
	}

	static <E extends Enum<E>> E code(Class<E> type, String field, String value) {
		if (value == null || value.isBlank()) {
			return null;
		}
		for (E constant : type.getEnumConstants()) {
			if (constant.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-').equals(value)) {
				return constant;
			}
		}
		throw new InvalidCommand(field + " has no value \"" + value.replaceAll("[^a-z0-9\\-]", "?") + "\".");
	}

	static String lower(Enum<?> value) {
		return value == null ? null : value.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
	}
}
