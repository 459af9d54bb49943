package io.shouhu.notification;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Optional;

/**
 * When a member of staff does not want to be woken for what can wait, e.g. 22:00 to 07:00 in
 * Asia/Shanghai. Critical and high alerts always go through.
 * @param from start, local time
 * @param to end, local time; earlier than {@code from} for a night across midnight
 */
public record QuietHours(LocalTime from, LocalTime to, ZoneId zone) {

	public QuietHours {
		if (from == null || to == null || zone == null || from.equals(to)) {
			throw new IllegalArgumentException("quiet hours need a start, a different end and a time zone");
		}
	}

	/**
	 * Reads quiet hours as the app sends them: {@code "22:00"}, {@code "07:00"}, {@code "Asia/Shanghai"}.
	 * @throws IllegalArgumentException for anything else, saying what
	 */
	public static QuietHours parse(String from, String to, String zone) {
		try {
			return new QuietHours(LocalTime.parse(from), LocalTime.parse(to),
					ZoneId.of(zone == null || zone.isBlank() ? "Asia/Shanghai" : zone));
		}
		catch (DateTimeException | NullPointerException ex) {
			throw new IllegalArgumentException("from and to are times like 22:00, zone an IANA zone like Asia/Shanghai");
		}
	}

	/** When the quiet period {@code now} falls in ends, or empty when {@code now} is not quiet. */
	Optional<Instant> endIfQuiet(Instant now) {
		ZonedDateTime local = now.atZone(zone);
		LocalTime time = local.toLocalTime();
		boolean overnight = to.isBefore(from);
		boolean quiet = overnight ? !time.isBefore(from) || time.isBefore(to) : !time.isBefore(from) && time.isBefore(to);
		if (!quiet) {
			return Optional.empty();
		}
		ZonedDateTime end = local.with(to);
		if (!end.isAfter(local)) {
			end = end.plusDays(1);
		}
		return Optional.of(end.toInstant());
	}
}
