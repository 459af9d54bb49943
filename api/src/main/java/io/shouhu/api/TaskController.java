package io.shouhu.api;

import java.util.List;

import io.shouhu.api.CaseViews.TaskView;
import io.shouhu.api.CaseViews.WorkerTaskView;
import io.shouhu.casework.Actor;
import io.shouhu.casework.CaseManagement;
import io.shouhu.casework.InvalidCommand;
import io.shouhu.casework.TaskDetails;
import io.shouhu.casework.TaskId;
import io.shouhu.casework.WorkerTask;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The caller's tasks and what they do with them. A task's ETag is its own revision, so two people
 * working two tasks of one case do not get in each other's way.
 */
@RestController
@RequestMapping("/api/tasks")
class TaskController {

	private final CaseManagement cases;

	TaskController(CaseManagement cases) {
		this.cases = cases;
	}

	/** The caller's own tasks (by name, or their team's not yet taken up), soonest due first. */
	@GetMapping
	List<WorkerTaskView> mine(@AuthenticationPrincipal Jwt jwt, @RequestParam(defaultValue = "true") boolean mine,
			@RequestParam(defaultValue = "false") boolean includeFinished, HttpServletRequest request) {
		if (!mine) {
			throw new InvalidCommand("Only your own tasks are listed here (mine=true); a case lists all of its tasks.");
		}
		Actor actor = Caller.of(jwt).actor();
		boolean english = Language.english(request);
		return cases.tasksOf(actor, includeFinished).stream().map(t -> WorkerTaskView.of(t, english)).toList();
	}

	@GetMapping("/{id}")
	ResponseEntity<WorkerTaskView> one(@AuthenticationPrincipal Jwt jwt, @PathVariable String id,
			HttpServletRequest request) {
		WorkerTask task = cases.task(Caller.of(jwt).actor(), Parse.task(id));
		return ResponseEntity.ok()
			.eTag(Versions.etag(task.task().revision()))
			.body(WorkerTaskView.of(task, Language.english(request)));
	}

	@PostMapping("/{id}/ack")
	ResponseEntity<TaskView> acknowledge(@AuthenticationPrincipal Jwt jwt, @PathVariable String id,
			@RequestHeader(value = HttpHeaders.IF_MATCH, required = false) String ifMatch, HttpServletRequest request) {
		TaskId task = Parse.task(id);
		return view(cases.acknowledgeTask(Caller.of(jwt).actor(), task, Versions.required(ifMatch)), request);
	}

	/** {@code outcome} (or {@code note}, {@code outcomeNote}): what was done. */
	record OutcomeBody(String outcome, String note, String outcomeNote) {

		String given() {
			return outcome != null ? outcome : note != null ? note : outcomeNote;
		}
	}

	@PostMapping("/{id}/complete")
	ResponseEntity<TaskView> complete(@AuthenticationPrincipal Jwt jwt, @PathVariable String id,
			@RequestHeader(value = HttpHeaders.IF_MATCH, required = false) String ifMatch,
			@RequestBody OutcomeBody body, HttpServletRequest request) {
		TaskId task = Parse.task(id);
		return view(cases.completeTask(Caller.of(jwt).actor(), task, Versions.required(ifMatch), body.given()),
				request);
	}

	record ReasonBody(String reason) {
	}

	@PostMapping("/{id}/cancel")
	ResponseEntity<TaskView> cancel(@AuthenticationPrincipal Jwt jwt, @PathVariable String id,
			@RequestHeader(value = HttpHeaders.IF_MATCH, required = false) String ifMatch,
			@RequestBody ReasonBody body, HttpServletRequest request) {
		TaskId task = Parse.task(id);
		return view(cases.cancelTask(Caller.of(jwt).actor(), task, Versions.required(ifMatch), body.reason()),
				request);
	}

	record ReassignBody(String assignee, String team) {
	}

	@PostMapping("/{id}/reassign")
	ResponseEntity<TaskView> reassign(@AuthenticationPrincipal Jwt jwt, @PathVariable String id,
			@RequestHeader(value = HttpHeaders.IF_MATCH, required = false) String ifMatch,
			@RequestBody ReassignBody body, HttpServletRequest request) {
		TaskId task = Parse.task(id);
		return view(cases.reassignTask(Caller.of(jwt).actor(), task, Versions.required(ifMatch),
				Parse.user("assignee", body.assignee()), Parse.team("team", body.team())), request);
	}

	private static ResponseEntity<TaskView> view(TaskDetails task, HttpServletRequest request) {
		return ResponseEntity.ok().eTag(Versions.etag(task.revision())).body(TaskView.of(task, Language.english(request)));
	}
}
