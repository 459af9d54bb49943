package io.shouhu.logging;

import java.util.Set;

/**
 * What is taken out of text before it reaches a log line. Anywhere: ID numbers (and any other run of 15
 * or more digits), mainland mobile numbers and e-mail addresses. Exception messages: all of them, except
 * those of the few exception types listed here whose messages never quote request content, because
 * parsers (HAPI, Jackson, XML, Spring's message converters) put the offending input, names and ID
 * numbers included, into theirs. Names and other free text cannot be recognised by pattern; they are kept
 * out by logging ids only and by dropping exception messages.
 */
final class PersonalDataMasks {

	/** What replaces a masked value. */
	static final String MASK = "[masked]";

	/**
	 * The exception types whose messages are kept (and still masked by pattern). Exact classes, never
	 * subclasses: Jackson 2's {@code JsonProcessingException} extends {@code IOException}.
	 */
	private static final Set<String> MESSAGE_KEPT = Set.of("java.io.IOException", "java.net.ConnectException",
			"java.net.SocketException", "java.net.SocketTimeoutException", "java.net.UnknownHostException",
			"java.util.concurrent.TimeoutException", "java.lang.InterruptedException",
			"com.mongodb.MongoTimeoutException", "com.mongodb.MongoSocketOpenException",
			"org.apache.catalina.connector.ClientAbortException");

	/** A run of this many digits or more is masked: ID numbers (18, or 15 of old), bank card numbers. */
	private static final int LONGEST_KEPT_RUN = 14;

	/** The digits of a mobile number. */
	private static final int MOBILE_DIGITS = 11;

	private static final String[] EXCEPTION_SUFFIXES = { "Exception:", "Error:" };

	/** Exception texts masked one by one in one text at most; after them the rest is masked whole. */
	private static final int MOST_MARKERS = 64;

	/** What HAPI's message codes start with ({@code HAPI-1821: }); the message after one quotes content. */
	private static final String HAPI_CODE = "HAPI-";

	private PersonalDataMasks() {
	}

	/**
	 * Whether an exception of this exact class may have its message logged.
	 * @param className the exception's fully qualified class name
	 * @return true for the few types whose messages never carry request content
	 */
	static boolean keepsMessage(String className) {
		return MESSAGE_KEPT.contains(className);
	}

	/**
	 * Free text (a log message, an MDC value) as it may be logged: exception text quoted in it and then
	 * personal data by pattern masked.
	 * @param text the text, may be null
	 * @return the masked text, the same instance when nothing was masked
	 */
	static String mask(String text) {
		return maskPatterns(maskExceptionText(text));
	}

	/**
	 * ID numbers, mobile numbers and e-mail addresses masked, by one pass over the text (no regular
	 * expression: this runs on every log line). Masked are: any run of 15 or more digits (with an X after
	 * it, as ID numbers end); 11 digits {@code 1[3-9]…} standing alone, also as {@code 139 1234 5678} or
	 * {@code 139-1234-5678}, or glued to {@code 86}; and {@code local@domain.tld} with letters of any
	 * script.
	 * @param text the text, may be null
	 * @return the masked text, the same instance when nothing was masked
	 */
	static String maskPatterns(String text) {
		if (text == null) {
			return null;
		}
		StringBuilder masked = null;
		int copied = 0;
		int at = 0;
		while (at < text.length()) {
			char c = text.charAt(at);
			int start = at;
			int end = -1;
			if (isDigit(c) && (at == 0 || !isDigit(text.charAt(at - 1)))) {
				end = numberEnd(text, at);
			}
			else if (c == '@') {
				start = localPartStart(text, at);
				end = (start < at) ? domainEnd(text, at + 1) : -1;
			}
			if (end < 0) {
				at++;
				continue;
			}
			if (masked == null) {
				masked = new StringBuilder(text.length() + 16);
			}
			if (start >= copied) {
				masked.append(text, copied, start).append(MASK);
			}
			// else it runs on from the mask just written (13912345678@example.org): one mask for both.
			copied = end;
			at = end;
		}
		return (masked != null) ? masked.append(text, copied, text.length()).toString() : text;
	}

	/** The end of a personal number starting at this run of digits, or -1. */
	private static int numberEnd(String text, int from) {
		int runEnd = from;
		while (runEnd < text.length() && isDigit(text.charAt(runEnd))) {
			runEnd++;
		}
		int run = runEnd - from;
		if (run > LONGEST_KEPT_RUN) {
			boolean x = runEnd < text.length() && (text.charAt(runEnd) == 'X' || text.charAt(runEnd) == 'x');
			return x ? runEnd + 1 : runEnd;
		}
		if (run == MOBILE_DIGITS + 2 && text.startsWith("86", from) && isMobileStart(text, from + 2)) {
			return runEnd;
		}
		return mobileEnd(text, from);
	}

	/** The end of 11 digits {@code 1[3-9]…} from here, a space or hyphen allowed after the 3rd and 7th. */
	private static int mobileEnd(String text, int from) {
		if (!isMobileStart(text, from)) {
			return -1;
		}
		int digits = 0;
		int at = from;
		while (digits < MOBILE_DIGITS) {
			if (at < text.length() && isDigit(text.charAt(at))) {
				digits++;
				at++;
			}
			else if ((digits == 3 || digits == 7) && at + 1 < text.length()
					&& (text.charAt(at) == ' ' || text.charAt(at) == '-') && isDigit(text.charAt(at + 1))) {
				at++;
			}
			else {
				return -1;
			}
		}
		return (at < text.length() && isDigit(text.charAt(at))) ? -1 : at;
	}

	private static boolean isMobileStart(String text, int at) {
		return at + 1 < text.length() && text.charAt(at) == '1' && text.charAt(at + 1) >= '3'
				&& text.charAt(at + 1) <= '9';
	}

	private static int localPartStart(String text, int at) {
		int start = at;
		while (start > 0 && isLocalPartChar(text.charAt(start - 1))) {
			start--;
		}
		return start;
	}

	/** The end of a domain with at least one dot starting here, or -1. */
	private static int domainEnd(String text, int from) {
		int end = from;
		boolean dotted = false;
		while (end < text.length()) {
			char c = text.charAt(end);
			if (c == '.') {
				if (end == from || text.charAt(end - 1) == '.' || end + 1 == text.length()
						|| !isDomainChar(text.charAt(end + 1))) {
					break;
				}
				dotted = true;
			}
			else if (!isDomainChar(c)) {
				break;
			}
			end++;
		}
		return (dotted && end > from) ? end : -1;
	}

	private static boolean isLocalPartChar(char c) {
		return Character.isLetterOrDigit(c) || c == '.' || c == '_' || c == '%' || c == '+' || c == '-';
	}

	private static boolean isDomainChar(char c) {
		return Character.isLetterOrDigit(c) || c == '-';
	}

	private static boolean isDigit(char c) {
		return c >= '0' && c <= '9';
	}

	/**
	 * Exception text quoted in free text masked: after {@code SomeException: }, {@code SomeError: } or a
	 * HAPI message code ({@code HAPI-1821: }) the message goes, up to the next of these, the next line of
	 * a printed stack trace ({@code \tat }, {@code Caused by: }, {@code Suppressed: }, {@code \t... }) or
	 * the end (a {@code ]} closing what opened before stays), unless the class keeps its message. Catches
	 * {@code "Resolved [" + ex + "]"}, {@code ex.toString()}, HAPI messages repeated in a log message and
	 * stack traces printed into one; messages run over lines (Jackson's add the location).
	 * @param text the text, may be null
	 * @return the masked text, the same instance when nothing was masked
	 */
	static String maskExceptionText(String text) {
		if (text == null) {
			return null;
		}
		StringBuilder masked = null;
		int copied = 0;
		int markers = 0;
		int messageEnd = -1;
		Marker marker = nextMarker(text, 0);
		while (marker != null) {
			int restStart = marker.colon() + 1;
			if (restStart < text.length() && text.charAt(restStart) == ' ') {
				restStart++;
			}
			if (++markers > MOST_MARKERS) {
				// Bounded work on pathological text: the rest goes whole.
				masked = (masked != null) ? masked : new StringBuilder(text.length());
				masked.append(text, copied, restStart).append(MASK);
				copied = text.length();
				break;
			}
			if (messageEnd < restStart) {
				// The same for every marker up to the next stack trace line.
				messageEnd = messageEnd(text, restStart);
			}
			Marker next = nextMarker(text, restStart);
			int restEnd;
			if (next != null && next.start() < messageEnd) {
				restEnd = next.start();
				while (restEnd > restStart && Character.isWhitespace(text.charAt(restEnd - 1))) {
					restEnd--;
				}
			}
			else {
				next = nextMarker(text, messageEnd);
				restEnd = closesBracketOpenedBefore(text, restStart, messageEnd) ? messageEnd - 1 : messageEnd;
			}
			if (restEnd > restStart
					&& (marker.hapi() || !keepsMessage(text.substring(marker.start(), marker.colon())))) {
				if (masked == null) {
					masked = new StringBuilder(text.length());
				}
				masked.append(text, copied, restStart).append(MASK);
				copied = restEnd;
			}
			marker = next;
		}
		return (masked != null) ? masked.append(text, copied, text.length()).toString() : text;
	}

	/**
	 * Where exception text starts: {@code SomeException:}, {@code SomeError:} or {@code HAPI-1234:}.
	 * @param start where the class name or code starts
	 * @param colon the colon after it
	 * @param hapi whether it is a HAPI message code
	 */
	private record Marker(int start, int colon, boolean hapi) {
	}

	private static Marker nextMarker(String text, int from) {
		Marker next = null;
		for (String suffix : EXCEPTION_SUFFIXES) {
			int at = text.indexOf(suffix, from);
			if (at >= 0 && (next == null || at + suffix.length() - 1 < next.colon())) {
				int colon = at + suffix.length() - 1;
				int start = at;
				while (start > from && isNameChar(text.charAt(start - 1))) {
					start--;
				}
				next = new Marker(start, colon, false);
			}
		}
		int hapi = text.indexOf(HAPI_CODE, from);
		while (hapi >= 0 && (next == null || hapi < next.start())) {
			int colon = hapi + HAPI_CODE.length();
			while (colon < text.length() && isDigit(text.charAt(colon))) {
				colon++;
			}
			if (colon > hapi + HAPI_CODE.length() && colon < text.length() && text.charAt(colon) == ':') {
				return new Marker(hapi, colon, true);
			}
			hapi = text.indexOf(HAPI_CODE, colon);
		}
		return next;
	}

	/** Where an exception message starting here ends: before the line break of a stack trace line, or the end. */
	private static int messageEnd(String text, int from) {
		int end = lineEnd(text, from);
		while (end < text.length()) {
			int next = end + 1;
			if (text.charAt(end) == '\r' && next < text.length() && text.charAt(next) == '\n') {
				next++;
			}
			if (startsStackTraceLine(text, next)) {
				return end;
			}
			end = lineEnd(text, next);
		}
		return end;
	}

	private static boolean startsStackTraceLine(String text, int from) {
		int at = from;
		while (at < text.length() && (text.charAt(at) == '\t' || text.charAt(at) == ' ')) {
			at++;
		}
		boolean tabbed = at > from && text.charAt(from) == '\t';
		return (tabbed && (text.startsWith("at ", at) || text.startsWith("... ", at)))
				|| text.startsWith("Caused by: ", at) || text.startsWith("Suppressed: ", at)
				|| text.startsWith("Wrapped by: ", at);
	}

	/** Whether the rest ends in a {@code ]} it did not open ({@code "Resolved [" + ex + "]"}): it stays. */
	private static boolean closesBracketOpenedBefore(String text, int from, int to) {
		if (to <= from || text.charAt(to - 1) != ']') {
			return false;
		}
		int depth = 0;
		for (int i = from; i < to; i++) {
			char c = text.charAt(i);
			if (c == '[') {
				depth++;
			}
			else if (c == ']') {
				depth--;
			}
		}
		return depth < 0;
	}

	private static boolean isNameChar(char c) {
		return c == '.' || c == '$' || c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')
				|| (c >= '0' && c <= '9');
	}

	private static int lineEnd(String text, int from) {
		for (int i = from; i < text.length(); i++) {
			char c = text.charAt(i);
			if (c == '\n' || c == '\r') {
				return i;
			}
		}
		return text.length();
	}

}
