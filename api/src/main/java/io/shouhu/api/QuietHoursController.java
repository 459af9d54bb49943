package io.shouhu.api;

import io.shouhu.casework.InvalidCommand;
import io.shouhu.casework.NotFound;
import io.shouhu.notification.QuietHours;
import io.shouhu.notification.QuietHoursPreferences;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * The caller's quiet hours: normal alerts wait for their end and reminders come as one digest;
 * critical and high alerts always go through.
 */
@RestController
@RequestMapping("/api/me/quiet-hours")
class QuietHoursController {

	private final QuietHoursPreferences preferences;

	QuietHoursController(QuietHoursPreferences preferences) {
		this.preferences = preferences;
	}

	/** {@code {"from": "22:00", "to": "07:00", "zone": "Asia/Shanghai"}}; the zone is optional. */
	record QuietHoursBody(String from, String to, String zone) {

		static QuietHoursBody of(QuietHours hours) {
			return new QuietHoursBody(hours.from().toString(), hours.to().toString(), hours.zone().getId());
		}
	}

	@GetMapping
	QuietHoursBody get(@AuthenticationPrincipal Jwt jwt) {
		return preferences.of(Caller.of(jwt).user()).map(QuietHoursBody::of).orElseThrow(() -> new NotFound("quiet hours"));
	}

	@PutMapping
	QuietHoursBody set(@AuthenticationPrincipal Jwt jwt, @RequestBody QuietHoursBody body) {
		QuietHours hours;
		try {
			hours = QuietHours.parse(body.from(), body.to(), body.zone());
		}
		catch (IllegalArgumentException ex) {
			throw new InvalidCommand(ex.getMessage());
		}
		preferences.set(Caller.of(jwt).user(), hours);
		return QuietHoursBody.of(hours);
	}

	@DeleteMapping
	@ResponseStatus(HttpStatus.NO_CONTENT)
	void clear(@AuthenticationPrincipal Jwt jwt) {
		preferences.clear(Caller.of(jwt).user());
	}
}
