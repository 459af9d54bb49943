package io.shouhu.api;

import java.net.URI;

import io.shouhu.casework.CaseRuleViolated;
import io.shouhu.casework.InvalidCommand;
import io.shouhu.casework.NotFound;
import io.shouhu.casework.NotPermitted;
import io.shouhu.casework.StaleVersion;
import io.shouhu.notification.InvalidDevice;
import jakarta.servlet.http.HttpServletRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * Every error of the app's API as RFC 9457 problem details, with the {@code type} URIs listed in
 * {@code docs/api/problems.md}. Messages name the rule, never personal data.
 */
// Not limited to this package's controllers: errors raised before a controller is chosen (an unknown
// route, a wrong method) must be problems too. The MVC surfaces of the server are the app's API and
// the CDS Hooks services (io.shouhu.fhir), which answer their own errors as problems and meet this
// advice only for what they did not foresee.
@RestControllerAdvice
class ApiProblems extends ResponseEntityExceptionHandler {

	private static final Logger log = LoggerFactory.getLogger(ApiProblems.class);

	static final String BASE = "https://shouhu.io/problems/";

	@ExceptionHandler(TriageController.ReportNotFound.class)
	ProblemDetail notFound(TriageController.ReportNotFound ex) {
		return problem(HttpStatus.NOT_FOUND, "not-found", "Not found", ex.getMessage());
	}

	@ExceptionHandler(Caller.NotStaff.class)
	ProblemDetail notStaff(Caller.NotStaff ex) {
		return problem(HttpStatus.FORBIDDEN, "forbidden", "Forbidden", ex.getMessage());
	}

	@ExceptionHandler(Caller.NotAllowed.class)
	ProblemDetail notAllowed(Caller.NotAllowed ex) {
		return problem(HttpStatus.FORBIDDEN, "forbidden", "Forbidden", ex.getMessage());
	}

	@ExceptionHandler(NotFound.class)
	ProblemDetail notFound(NotFound ex, HttpServletRequest request) {
		return problem(HttpStatus.NOT_FOUND, "not-found", request, ex.getMessage());
	}

	@ExceptionHandler(NotPermitted.class)
	ProblemDetail notPermitted(NotPermitted ex, HttpServletRequest request) {
		return problem(HttpStatus.FORBIDDEN, "forbidden", request, ex.getMessage());
	}

	@ExceptionHandler(InvalidCommand.class)
	ProblemDetail invalid(InvalidCommand ex, HttpServletRequest request) {
		return problem(HttpStatus.BAD_REQUEST, "invalid-request", request, ex.getMessage());
	}

	@ExceptionHandler(StaleVersion.class)
	ProblemDetail stale(StaleVersion ex, HttpServletRequest request) {
		return problem(HttpStatus.PRECONDITION_FAILED, "stale-version", request, ex.getMessage());
	}

	@ExceptionHandler(Versions.PreconditionRequired.class)
	ProblemDetail preconditionRequired(Versions.PreconditionRequired ex, HttpServletRequest request) {
		return problem(HttpStatus.PRECONDITION_REQUIRED, "precondition-required", request, ex.getMessage());
	}

	/** A broken casework rule: 409, with a problem type per rule, e.g. {@code .../rules/track-has-pending-tasks}. */
	@ExceptionHandler(CaseRuleViolated.class)
	ProblemDetail ruleViolated(CaseRuleViolated ex, HttpServletRequest request) {
		ProblemDetail problem = problem(HttpStatus.CONFLICT, "rules/" + ex.rule().code(),
				ProblemTitles.of(ex.rule(), Language.english(request)), ex.getMessage());
		problem.setProperty("rule", ex.rule().code());
		return problem;
	}

	@ExceptionHandler(InvalidDevice.class)
	ProblemDetail invalidDevice(InvalidDevice ex) {
		return problem(HttpStatus.BAD_REQUEST, "invalid-device", "Invalid device registration", ex.getMessage());
	}

	/** The last resort: a 500 that says nothing of the cause (which may quote personal data). */
	@ExceptionHandler(Exception.class)
	ProblemDetail unexpected(Exception ex) {
		// Class and frames only: an exception's message can quote stored data.
		StackTraceElement[] frames = ex.getStackTrace();
		log.error("Unexpected error answering a request: {} at {}", ex.getClass().getName(),
				java.util.Arrays.asList(frames).subList(0, Math.min(5, frames.length)));
		return problem(HttpStatus.INTERNAL_SERVER_ERROR, "internal-error", "Internal error",
				"Something went wrong on our side; it has been logged. Please try again.");
	}

	@Override
	protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException ex,
			HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		// The parser's own message may echo the body; say what is wrong without it.
		return ResponseEntity.badRequest()
			.body(problem(HttpStatus.BAD_REQUEST, "malformed-request", "Malformed request",
					"The request body is not valid JSON of the expected shape."));
	}

	@Override
	protected ResponseEntity<Object> handleExceptionInternal(Exception ex, Object body, HttpHeaders headers,
			HttpStatusCode statusCode, WebRequest request) {
		if (body instanceof ProblemDetail detail && detail.getType() != null
				&& "about:blank".equals(detail.getType().toString())) {
			detail.setType(URI.create(BASE + "http-" + statusCode.value()));
		}
		return super.handleExceptionInternal(ex, body, headers, statusCode, request);
	}

	static ProblemDetail problem(HttpStatus status, String type, HttpServletRequest request, String detail) {
		return problem(status, type, ProblemTitles.of(type, Language.english(request), type), detail);
	}

	static ProblemDetail problem(HttpStatus status, String type, String title, String detail) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
		problem.setType(URI.create(BASE + type));
		problem.setTitle(title);
		return problem;
	}
}
