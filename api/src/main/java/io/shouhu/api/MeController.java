package io.shouhu.api;

import java.util.List;

import io.shouhu.casework.Actor;
import io.shouhu.casework.CaseManagement;
import io.shouhu.casework.ReferenceData;
import io.shouhu.casework.Role;
import io.shouhu.casework.Triage;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** Who the app's user is, and what waits for them: the first call the app makes after login. */
@RestController
class MeController {

	private final ReferenceData referenceData;

	private final CaseManagement cases;

	private final Triage triage;

	MeController(ReferenceData referenceData, CaseManagement cases, Triage triage) {
		this.referenceData = referenceData;
		this.cases = cases;
		this.triage = triage;
	}

	record Me(String user, String jurisdiction, String jurisdictionName, List<String> roles, int pendingTasks,
			int overdueTasks, Integer triageQueue) {
	}

	@GetMapping("/api/me")
	Me me(@AuthenticationPrincipal Jwt jwt) {
		Actor actor = Caller.of(jwt).actor();
		var tasks = cases.taskCounts(actor);
		Integer queue = actor.hasAny(Role.INTAKE, Role.SUPERVISOR) ? triage.waiting(actor.jurisdiction()) : null;
		return new Me(actor.user().value(), actor.jurisdiction().value(),
				referenceData.jurisdiction(actor.jurisdiction()).map(j -> j.name()).orElse(null),
				actor.roles().stream().sorted().map(Role::code).toList(), tasks.pending(),
				tasks.overdue(), queue);
	}
}
