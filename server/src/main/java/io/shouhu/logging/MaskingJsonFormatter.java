package io.shouhu.logging;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.StackTraceElementProxy;
import org.slf4j.Marker;
import org.slf4j.event.KeyValuePair;

import org.springframework.boot.logging.structured.StructuredLogFormatter;

/**
 * The log format ({@code logging.structured.format.console} and {@code .file}): one JSON object a line
 * with {@code @timestamp}, {@code level}, {@code logger}, {@code thread}, {@code message}, the MDC and
 * SLF4J key-value pairs as members of their own, marker names as {@code tags}, and for a throwable an
 * {@code error} object with its {@code type}, {@code message} and {@code stack_trace} (causes and
 * suppressed exceptions included). For example (one line, wrapped here):
 *
 * <pre>
 * {"@timestamp":"2026-11-29T08:00:00.123Z","level":"WARN","logger":"io.shouhu.fhir.Intake","thread":"main",
 *  "message":"report r-123 refused","report":"r-123","error":{"type":"ca.uhn.fhir.parser.DataFormatException",
 *  "message":"[masked]","stack_trace":"ca.uhn.fhir.parser.DataFormatException: [masked]\n\tat ..."}}
 * </pre>
 *
 * Everything is masked by {@link PersonalDataMasks}: ID numbers, mobile numbers and e-mail addresses in
 * the message, MDC and key-value pairs; exception messages dropped except for types that never quote
 * request content, in the {@code error} object, in exception text quoted in the message, and wherever
 * the message repeats a dropped exception message. Class names and stack frames stay. Non-ASCII text is
 * written as is (UTF-8), so a search of the log for a name finds it if it ever got through.
 * <p>
 * Boot creates it by name ({@code Instantiator} makes the constructor accessible), hence no
 * {@code public}.
 */
final class MaskingJsonFormatter implements StructuredLogFormatter<ILoggingEvent> {

	/** Members of our own: an MDC entry or key-value pair by one of these names is left out. */
	private static final Set<String> RESERVED = Set.of("@timestamp", "level", "logger", "thread", "message", "tags",
			"error");

	/** Exceptions printed for one event at most, against cause chains of pathological length. */
	private static final int MOST_THROWABLES = 64;

	/** Dropped exception messages shorter than this are not searched for in the log message. */
	private static final int SHORTEST_SCRUBBED = 3;

	private static final char[] HEX = "0123456789abcdef".toCharArray();

	@Override
	public String format(ILoggingEvent event) {
		StringBuilder json = new StringBuilder(256).append('{');
		member(json, "@timestamp");
		Instant instant = event.getInstant();
		string(json, ((instant != null) ? instant : Instant.ofEpochMilli(event.getTimeStamp())).toString());
		member(json, "level");
		string(json, String.valueOf(event.getLevel()));
		member(json, "logger");
		string(json, event.getLoggerName());
		member(json, "thread");
		string(json, event.getThreadName());
		member(json, "message");
		IThrowableProxy thrown = event.getThrowableProxy();
		string(json, message(event.getFormattedMessage(), thrown));
		pairs(json, event);
		tags(json, event.getMarkerList());
		if (thrown != null) {
			error(json, thrown);
		}
		return json.append("}\n").toString();
	}

	private static String message(String message, IThrowableProxy thrown) {
		if (message == null) {
			return "";
		}
		return PersonalDataMasks.mask((thrown != null) ? withoutDroppedMessages(message, thrown) : message);
	}

	/** Masks the dropped exception messages a log message repeats ({@code log.warn("{}", ex.getMessage(), ex)}). */
	private static String withoutDroppedMessages(String original, IThrowableProxy thrown) {
		String message = original;
		List<String> dropped = new ArrayList<>();
		for (IThrowableProxy each : chain(thrown)) {
			String text = each.getMessage();
			if (text != null && !PersonalDataMasks.keepsMessage(each.getClassName())) {
				// Each line too: Jackson's getOriginalMessage() is its message's first line.
				addIfRepeated(original, text, dropped);
				text.lines().forEach((line) -> addIfRepeated(original, line, dropped));
			}
		}
		// Longest first: a wrapper's message often contains its cause's.
		dropped.sort(Comparator.comparingInt(String::length).reversed());
		for (String text : dropped) {
			message = message.replace(text, PersonalDataMasks.MASK);
		}
		return message;
	}

	private static void addIfRepeated(String message, String text, List<String> dropped) {
		if (text.length() >= SHORTEST_SCRUBBED && message.contains(text)) {
			dropped.add(text);
		}
	}

	/** The throwable, its causes and suppressed exceptions, each once. */
	private static List<IThrowableProxy> chain(IThrowableProxy thrown) {
		List<IThrowableProxy> chain = new ArrayList<>();
		Set<IThrowableProxy> seen = Collections.newSetFromMap(new IdentityHashMap<>());
		List<IThrowableProxy> pending = new ArrayList<>();
		pending.add(thrown);
		while (!pending.isEmpty() && chain.size() < MOST_THROWABLES) {
			IThrowableProxy each = pending.remove(pending.size() - 1);
			if (each == null || !seen.add(each)) {
				continue;
			}
			chain.add(each);
			pending.add(each.getCause());
			IThrowableProxy[] suppressed = each.getSuppressed();
			if (suppressed != null) {
				Collections.addAll(pending, suppressed);
			}
		}
		return chain;
	}

	private static void pairs(StringBuilder json, ILoggingEvent event) {
		Map<String, String> mdc = event.getMDCPropertyMap();
		List<KeyValuePair> keyValues = event.getKeyValuePairs();
		boolean hasMdc = mdc != null && !mdc.isEmpty();
		boolean hasKeyValues = keyValues != null && !keyValues.isEmpty();
		if (!hasMdc && !hasKeyValues) {
			return;
		}
		Set<String> written = new HashSet<>(RESERVED);
		if (hasMdc) {
			for (Map.Entry<String, String> entry : mdc.entrySet()) {
				pair(json, written, entry.getKey(), entry.getValue());
			}
		}
		if (hasKeyValues) {
			for (KeyValuePair pair : keyValues) {
				if (pair != null) {
					pair(json, written, pair.key, (pair.value != null) ? String.valueOf(pair.value) : null);
				}
			}
		}
	}

	private static void pair(StringBuilder json, Set<String> written, String key, String value) {
		if (key != null && value != null && written.add(key)) {
			member(json, key);
			string(json, PersonalDataMasks.mask(value));
		}
	}

	private static void tags(StringBuilder json, List<Marker> markers) {
		if (markers == null || markers.isEmpty()) {
			return;
		}
		member(json, "tags");
		json.append('[');
		for (Marker marker : markers) {
			if (json.charAt(json.length() - 1) != '[') {
				json.append(',');
			}
			string(json, marker.getName());
		}
		json.append(']');
	}

	private static void error(StringBuilder json, IThrowableProxy thrown) {
		member(json, "error");
		json.append('{');
		member(json, "type");
		string(json, thrown.getClassName());
		String message = exceptionMessage(thrown);
		if (message != null) {
			member(json, "message");
			string(json, message);
		}
		StringBuilder trace = new StringBuilder(2048);
		stackTrace(trace, thrown, "", "", Collections.newSetFromMap(new IdentityHashMap<>()));
		member(json, "stack_trace");
		string(json, trace.toString().stripTrailing());
		json.append('}');
	}

	/** As {@link Throwable#printStackTrace()} prints it, but with messages as {@link #exceptionMessage}. */
	private static void stackTrace(StringBuilder trace, IThrowableProxy thrown, String caption, String indent,
			Set<IThrowableProxy> seen) {
		trace.append(indent).append(caption);
		if (thrown.isCyclic() || !seen.add(thrown)) {
			trace.append("[CIRCULAR REFERENCE: ").append(thrown.getClassName()).append("]\n");
			return;
		}
		if (seen.size() > MOST_THROWABLES) {
			trace.append("[more exceptions omitted]\n");
			return;
		}
		trace.append(thrown.getClassName());
		String message = exceptionMessage(thrown);
		if (message != null) {
			trace.append(": ").append(message);
		}
		trace.append('\n');
		StackTraceElementProxy[] frames = thrown.getStackTraceElementProxyArray();
		if (frames != null) {
			int common = Math.max(0, Math.min(thrown.getCommonFrames(), frames.length));
			for (int i = 0; i < frames.length - common; i++) {
				trace.append(indent).append('\t').append(frames[i].getSTEAsString()).append('\n');
			}
			if (common > 0) {
				trace.append(indent).append("\t... ").append(common).append(" more\n");
			}
		}
		IThrowableProxy[] suppressed = thrown.getSuppressed();
		if (suppressed != null) {
			for (IThrowableProxy each : suppressed) {
				if (each != null) {
					stackTrace(trace, each, "Suppressed: ", indent + "\t", seen);
				}
			}
		}
		if (thrown.getCause() != null) {
			stackTrace(trace, thrown.getCause(), "Caused by: ", indent, seen);
		}
	}

	/** Null without a message, the mask unless the type keeps its message, else the message masked. */
	private static String exceptionMessage(IThrowableProxy thrown) {
		String message = thrown.getMessage();
		if (message == null) {
			return null;
		}
		return PersonalDataMasks.keepsMessage(thrown.getClassName()) ? PersonalDataMasks.mask(message)
				: PersonalDataMasks.MASK;
	}

	/** A member's name, after a comma unless it is the first of its object. */
	private static void member(StringBuilder json, String name) {
		char last = json.charAt(json.length() - 1);
		if (last != '{' && last != '[') {
			json.append(',');
		}
		string(json, name);
		json.append(':');
	}

	/** A JSON string; control characters escaped (no terminal escapes, no forged lines), the rest as is. */
	private static void string(StringBuilder json, String value) {
		json.append('"');
		if (value != null) {
			for (int i = 0; i < value.length(); i++) {
				char c = value.charAt(i);
				switch (c) {
					case '"' -> json.append("\\\"");
					case '\\' -> json.append("\\\\");
					case '\n' -> json.append("\\n");
					case '\r' -> json.append("\\r");
					case '\t' -> json.append("\\t");
					default -> {
						if (c < 0x20 || (c >= 0x7f && c <= 0x9f) || c == '\u2028' || c == '\u2029') {
							json.append("\\u")
								.append(HEX[(c >> 12) & 0xf])
								.append(HEX[(c >> 8) & 0xf])
								.append(HEX[(c >> 4) & 0xf])
								.append(HEX[c & 0xf]);
						}
						else {
							json.append(c);
						}
					}
				}
			}
		}
		json.append('"');
	}

}
