package io.shouhu.api;

import io.shouhu.casework.Reporter;
import io.shouhu.casework.ReporterIdentity;
import org.springframework.http.CacheControl;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * The one way to the sealed identity of a reporter: the supervisor of the report's jurisdiction,
 * stating why. A POST, so the reason travels in the body (not in a URL that proxies log), and the
 * answer is never stored by a cache.
 */
@RestController
class ReporterController {

	private final ReporterIdentity reporters;

	ReporterController(ReporterIdentity reporters) {
		this.reporters = reporters;
	}

	/** {@code reason}: why the identity is opened, at least ten characters. */
	record RevealBody(String reason) {
	}

	@PostMapping("/api/reports/{id}/reporter")
	ResponseEntity<ReporterView> reveal(@AuthenticationPrincipal Jwt jwt, @PathVariable String id,
			@RequestBody RevealBody body) {
		Reporter reporter = reporters.reveal(Caller.of(jwt).actor(), Parse.report(id), body.reason());
		return ResponseEntity.ok()
			.cacheControl(CacheControl.noStore())
			.body(new ReporterView(id, reporter.name(), reporter.identifierSystem() == null
					&& reporter.identifierValue() == null ? null
							: new Identifier(reporter.identifierSystem(), reporter.identifierValue())));
	}

	record ReporterView(String report, String name, Identifier identifier) {
	}

	record Identifier(String system, String value) {
	}
}
