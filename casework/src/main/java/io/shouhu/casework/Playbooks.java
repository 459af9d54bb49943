package io.shouhu.casework;

import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.core.io.Resource;
import org.springframework.core.io.ResourceLoader;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads the playbook named by {@code shouhu.casework.playbook} (a Spring resource location, by
 * default the one shipped in {@code playbooks/playbook.json}) once at start. A playbook that does not
 * read stops the start with a message naming the place: a case must never open on half a plan.
 *
 * <p>The file: {@code {"version": "...", "situations": {"S1": [{"track": "criminal", "kind":
 * "refer-to-police", "title": {"zh": "...", "en": "..."}, "role": "prosecutor", "due": "PT24H"}]}}}.
 * {@code due} is an ISO-8601 duration, or an object with one per urgency code and an optional
 * {@code default}. {@code role} may be left out: the track's own team.
 */
@Component
public class Playbooks {

	private static final Logger log = LoggerFactory.getLogger(Playbooks.class);

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final Playbook current;

	Playbooks(ResourceLoader resources,
			@Value("${shouhu.casework.playbook:classpath:playbooks/playbook.json}") String location) {
		this.current = read(resources.getResource(location));
		log.info("Casework playbook {} in use ({} situations)", current.version(), current.steps().size());
	}

	/** The playbook new cases open with. */
	public Playbook current() {
		return current;
	}

	/**
	 * Reads one playbook.
	 * @throws IllegalStateException naming the file and the place that is wrong
	 */
	public static Playbook read(Resource resource) {
		try (InputStream in = resource.getInputStream()) {
			return parse(JSON.readTree(in));
		}
		catch (IOException | RuntimeException ex) {
			throw new IllegalStateException("Playbook " + resource.getDescription() + " cannot be used: "
					+ ex.getMessage(), ex);
		}
	}

	static Playbook parse(JsonNode root) {
		String version = text(root, "version", "");
		JsonNode situations = root.path("situations");
		if (!situations.isObject()) {
			throw new IllegalArgumentException("\"situations\" must be an object keyed by S1…S9");
		}
		Map<Situation, List<Playbook.Step>> steps = new EnumMap<>(Situation.class);
		for (Map.Entry<String, JsonNode> entry : situations.properties()) {
			Situation situation = Situation.ofCode(entry.getKey());
			if (situation == null) {
				throw new IllegalArgumentException("unknown situation \"" + entry.getKey() + "\"");
			}
			if (!entry.getValue().isArray()) {
				throw new IllegalArgumentException("situations." + entry.getKey() + " must be a list of tasks");
			}
			List<Playbook.Step> list = new ArrayList<>();
			Set<String> kinds = new HashSet<>();
			int i = 0;
			for (JsonNode node : entry.getValue()) {
				String at = "situations." + entry.getKey() + "[" + i++ + "]";
				Playbook.Step step = step(node, at);
				if (!kinds.add(step.track() + "/" + step.kind())) {
					throw new IllegalArgumentException(at + ": task " + step.kind() + " twice on one track");
				}
				list.add(step);
			}
			steps.put(situation, list);
		}
		for (Situation situation : Situation.values()) {
			if (!steps.containsKey(situation)) {
				throw new IllegalArgumentException("no plan for situation " + situation
						+ ": every situation must open at least one track");
			}
			if (steps.get(situation).isEmpty()) {
				throw new IllegalArgumentException("situations." + situation + " opens no track");
			}
		}
		return new Playbook(version, steps);
	}

	private static Playbook.Step step(JsonNode node, String at) {
		TrackType track = TrackType.ofCode(text(node, "track", at));
		if (track == null) {
			throw new IllegalArgumentException(at + ".track: unknown track \"" + node.path("track").asString() + "\"");
		}
		String kind = text(node, "kind", at);
		if (!kind.matches("[a-z0-9\\-]{1,60}")) {
			throw new IllegalArgumentException(at + ".kind: lower-case letters, digits and hyphens only");
		}
		String chinese = text(node.path("title"), "zh", at + ".title");
		String english = text(node.path("title"), "en", at + ".title");
		Role team = track.team();
		if (node.has("role")) {
			team = Role.ofCode(node.path("role").asString());
			if (team == null || team == Role.INTAKE) {
				throw new IllegalArgumentException(at + ".role: not a role that works tasks: \""
						+ node.path("role").asString() + "\"");
			}
		}
		return new Playbook.Step(track, kind, chinese, english, team, due(node.path("due"), at + ".due"));
	}

	private static Map<Urgency, Duration> due(JsonNode node, String at) {
		Map<Urgency, Duration> due = new EnumMap<>(Urgency.class);
		if (node.isString()) {
			Duration offset = duration(node.asString(), at);
			for (Urgency urgency : Urgency.values()) {
				due.put(urgency, offset);
			}
			return due;
		}
		if (!node.isObject()) {
			throw new IllegalArgumentException(at + ": a duration such as \"PT24H\", or one per urgency");
		}
		Duration fallback = node.has("default") ? duration(node.path("default").asString(), at + ".default") : null;
		for (Map.Entry<String, JsonNode> entry : node.properties()) {
			if (!"default".equals(entry.getKey()) && Urgency.ofCode(entry.getKey()) == null) {
				throw new IllegalArgumentException(at + ": unknown urgency \"" + entry.getKey() + "\"");
			}
		}
		for (Urgency urgency : Urgency.values()) {
			JsonNode value = node.path(urgency.code());
			Duration offset = value.isMissingNode() ? fallback : duration(value.asString(), at + "." + urgency.code());
			if (offset == null) {
				throw new IllegalArgumentException(at + ": no due offset for " + urgency.code() + " and no default");
			}
			due.put(urgency, offset);
		}
		return due;
	}

	private static Duration duration(String text, String at) {
		try {
			Duration offset = Duration.parse(text);
			if (offset.isNegative() || offset.isZero()) {
				throw new IllegalArgumentException(at + ": a due offset must be positive");
			}
			return offset;
		}
		catch (DateTimeParseException ex) {
			throw new IllegalArgumentException(at + ": \"" + text + "\" is not an ISO-8601 duration such as PT24H or P7D");
		}
	}

	private static String text(JsonNode node, String field, String at) {
		JsonNode value = node.path(field);
		if (!value.isString() || value.asString().isBlank()) {
			throw new IllegalArgumentException((at.isEmpty() ? "" : at + ".") + field + " is required");
		}
		return value.asString();
	}
}
