package io.shouhu.fhir;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.hl7.fhir.r4.model.OperationOutcome.IssueType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.server.exceptions.BaseServerResponseException;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;

/**
 * Keeps request values out of logs and error responses. HAPI's parse errors quote the offending
 * value (a birth date, an ID number), and HAPI logs every client error that has no OperationOutcome
 * with its message. This gives such errors an OperationOutcome whose text has the quoted values
 * blanked, element names kept, so HAPI neither logs them nor echoes the values back.
 */
@Interceptor
final class RequestErrorRedaction {

	private static final Logger log = LoggerFactory.getLogger(RequestErrorRedaction.class);

	/**
	 * A quoted element name ({@code element="birthDate"}), kept, or any other quoted text, blanked:
	 * in double quotes, or in single quotes as some parse errors put the value ({@code code 'girl'}).
	 */
	private static final Pattern QUOTED = Pattern.compile("(element=\"[^\"]*\")|\"[^\"]*\"|'[^']*'");

	/**
	 * Redacts a client error that carries no OperationOutcome of its own.
	 * @param exception what the request failed with
	 * @return the same exception with a redacted OperationOutcome, or {@code null} to leave it as is
	 */
	@Hook(Pointcut.SERVER_PRE_PROCESS_OUTGOING_EXCEPTION)
	public BaseServerResponseException redact(Throwable exception) {
		if (fromTheParser(exception)) {
			// HAPI's parser fails on some malformed bodies with an unchecked exception (a null in an
			// array, a null entry resource) or an Error (a body nested so deep its answer cannot be
			// written): that is the request's fault, not the server's
			String message = "The body is not a FHIR resource this server can read (e.g. a null in a list, or nesting too deep).";
			log.info("FHIR request failed with HTTP 400: {}", message);
			return new InvalidRequestException(message, Issues.outcome(null, IssueType.STRUCTURE, message));
		}
		if (!(exception instanceof BaseServerResponseException error) || error.getStatusCode() >= 500
				|| error.getOperationOutcome() != null) {
			return null;
		}
		String message = redact(error.getMessage());
		log.info("FHIR request failed with HTTP {}: {}", error.getStatusCode(), message);
		error.setOperationOutcome(Issues.outcome(null, issueType(error.getStatusCode()), message));
		return error;
	}

	/** A server error whose cause was thrown inside HAPI's parser (reading the body or writing the answer). */
	static boolean fromTheParser(Throwable exception) {
		if (exception instanceof BaseServerResponseException error && error.getStatusCode() < 500) {
			return false;
		}
		for (Throwable cause = exception; cause != null; cause = cause.getCause()) {
			StackTraceElement[] stack = cause.getStackTrace();
			for (int i = 0; i < Math.min(stack.length, 8); i++) {
				if (stack[i].getClassName().startsWith("ca.uhn.fhir.parser.")) {
					return true;
				}
			}
		}
		return false;
	}

	static String redact(String message) {
		return message == null ? null
				: QUOTED.matcher(message).replaceAll(m -> m.group(1) != null ? Matcher.quoteReplacement(m.group(1))
						: m.group().startsWith("'") ? "'…'" : "\"…\"");
	}

	private static IssueType issueType(int status) {
		return switch (status) {
			case 401 -> IssueType.LOGIN;
			case 403 -> IssueType.FORBIDDEN;
			case 404 -> IssueType.NOTFOUND;
			case 405 -> IssueType.NOTSUPPORTED;
			default -> IssueType.INVALID;
		};
	}
}
