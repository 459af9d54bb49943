package io.shouhu.api;

import io.shouhu.casework.InvalidCommand;
import io.shouhu.casework.NotFound;
import io.shouhu.notification.Inbox;
import io.shouhu.notification.InboxPage;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * The caller's alerts, whether or not their push arrived: the app shows them when it opens and uses
 * the ids in each to fetch the report, case or task over the API.
 */
@RestController
@RequestMapping("/api/inbox")
class InboxController {

	private final Inbox inbox;

	InboxController(Inbox inbox) {
		this.inbox = inbox;
	}

	/** Newest first, {@code limit} 1–200 (50); {@code cursor} = the {@code next} of the page before. */
	@GetMapping
	InboxPage page(@AuthenticationPrincipal Jwt jwt, @RequestParam(required = false) String cursor,
			@RequestParam(defaultValue = "50") int limit) {
		try {
			return inbox.page(Caller.of(jwt).user(), cursor, limit);
		}
		catch (IllegalArgumentException ex) {
			throw new InvalidCommand("cursor is not one this API gave out.");
		}
	}

	@PostMapping("/{id}/read")
	@ResponseStatus(HttpStatus.NO_CONTENT)
	void read(@AuthenticationPrincipal Jwt jwt, @PathVariable String id) {
		if (!inbox.markRead(Caller.of(jwt).user(), id)) {
			throw new NotFound("alert");
		}
	}

	/** The caller has seen to it: it stops asking for attention. */
	@PostMapping("/{id}/ack")
	@ResponseStatus(HttpStatus.NO_CONTENT)
	void acknowledge(@AuthenticationPrincipal Jwt jwt, @PathVariable String id) {
		if (!inbox.acknowledge(Caller.of(jwt).user(), id)) {
			throw new NotFound("alert");
		}
	}
}
