package io.shouhu.casework;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import tools.jackson.databind.JsonNode;

/**
 * The reportability rule file, read and checked. See {@link Reportability} for the format.
 */
record ReportabilityRules(String version, List<Rule> rules) {

	static final Pattern ICD10 = Pattern.compile("[A-Z][0-9]{2}[0-9]*");

	private static final Pattern RULE_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9\\-]{0,79}");

	private static final Set<String> CONDITION_KEYS = Set.of("codes", "countAtLeast", "distinctRegionsAtLeast", "sex",
			"ageBelow", "ageAtLeast", "allOf", "anyOf", "not");

	private static final List<CodeRange> INJURIES = List.of(new CodeRange("S00", "T14"));

	/** One rule: when its condition holds for a minor, it points to its situation. */
	record Rule(String id, Situation situation, Strength strength, Condition when, String basisChinese,
			String basisEnglish) {
	}

	/** A code as the HIS wrote it, with its normal form (upper case, no dot or space). */
	record Coded(int index, String normal, ClinicalCode original) {
	}

	/** Who and what a rule is tested against. */
	record Subject(int age, Sex sex, List<Coded> codes) {
	}

	/** A code range such as {@code O00-O08}, or one code such as {@code T74.2} with all codes under it. */
	record CodeRange(String from, String to) {

		boolean contains(String code) {
			return code.length() >= from.length() && code.length() >= to.length()
					&& code.substring(0, from.length()).compareTo(from) >= 0
					&& code.substring(0, to.length()).compareTo(to) <= 0;
		}
	}

	/** A condition; {@link #test} gives the evidence (indices of codes) when it holds, else {@code null}. */
	interface Condition {

		BitSet test(Subject subject);

		/** Whether the condition cannot hold without at least one code. */
		boolean requiresCode();
	}

	record Codes(List<CodeRange> ranges, int countAtLeast, int distinctRegionsAtLeast) implements Condition {

		@Override
		public BitSet test(Subject subject) {
			BitSet evidence = new BitSet();
			Set<String> normals = new HashSet<>();
			Set<String> regions = new HashSet<>();
			for (Coded coded : subject.codes()) {
				if (ranges.stream().anyMatch(r -> r.contains(coded.normal()))) {
					evidence.set(coded.index());
					normals.add(coded.normal());
					if (INJURIES.get(0).contains(coded.normal())) {
						regions.add(coded.normal().substring(0, 2));
					}
				}
			}
			if (evidence.isEmpty() || normals.size() < countAtLeast || regions.size() < distinctRegionsAtLeast) {
				return null;
			}
			return evidence;
		}

		@Override
		public boolean requiresCode() {
			return true;
		}
	}

	record SexIs(Set<Sex> sexes) implements Condition {

		@Override
		public BitSet test(Subject subject) {
			return sexes.contains(subject.sex()) ? new BitSet() : null;
		}

		@Override
		public boolean requiresCode() {
			return false;
		}
	}

	record AgeBetween(int atLeast, int below) implements Condition {

		@Override
		public BitSet test(Subject subject) {
			return subject.age() >= atLeast && subject.age() < below ? new BitSet() : null;
		}

		@Override
		public boolean requiresCode() {
			return false;
		}
	}

	record AllOf(List<Condition> parts) implements Condition {

		@Override
		public BitSet test(Subject subject) {
			BitSet evidence = new BitSet();
			for (Condition part : parts) {
				BitSet found = part.test(subject);
				if (found == null) {
					return null;
				}
				evidence.or(found);
			}
			return evidence;
		}

		@Override
		public boolean requiresCode() {
			return parts.stream().anyMatch(Condition::requiresCode);
		}
	}

	record AnyOf(List<Condition> parts) implements Condition {

		@Override
		public BitSet test(Subject subject) {
			BitSet evidence = null;
			for (Condition part : parts) {
				BitSet found = part.test(subject);
				if (found != null) {
					evidence = evidence == null ? new BitSet() : evidence;
					evidence.or(found);
				}
			}
			return evidence;
		}

		@Override
		public boolean requiresCode() {
			return parts.stream().allMatch(Condition::requiresCode);
		}
	}

	record Not(Condition part) implements Condition {

		@Override
		public BitSet test(Subject subject) {
			return part.test(subject) == null ? new BitSet() : null;
		}

		@Override
		public boolean requiresCode() {
			return false;
		}
	}

	// Reading

	static ReportabilityRules parse(JsonNode root) {
		if (!root.isObject()) {
			throw new IllegalArgumentException("the file must be a JSON object with \"version\" and \"rules\"");
		}
		String version = text(root, "version", "");
		Map<Situation, String[]> basis = new EnumMap<>(Situation.class);
		JsonNode situations = root.path("basis");
		if (!situations.isMissingNode()) {
			if (!situations.isObject()) {
				throw new IllegalArgumentException("\"basis\" must be an object keyed by S1…S9");
			}
			for (Map.Entry<String, JsonNode> entry : situations.properties()) {
				Situation situation = Situation.ofCode(entry.getKey());
				if (situation == null) {
					throw new IllegalArgumentException("basis: unknown situation \"" + entry.getKey() + "\"");
				}
				String at = "basis." + entry.getKey();
				basis.put(situation, new String[] { text(entry.getValue(), "zh", at), text(entry.getValue(), "en", at) });
			}
		}
		JsonNode list = root.path("rules");
		if (!list.isArray() || list.isEmpty()) {
			throw new IllegalArgumentException("\"rules\" must be a non-empty list");
		}
		List<Rule> rules = new ArrayList<>();
		Set<String> ids = new HashSet<>();
		int i = 0;
		for (JsonNode node : list) {
			String at = "rules[" + i++ + "]";
			if (!node.isObject()) {
				throw new IllegalArgumentException(at + " must be an object");
			}
			String id = text(node, "id", at);
			if (!RULE_ID.matcher(id).matches()) {
				throw new IllegalArgumentException(at + ".id \"" + id + "\": letters, digits and hyphens only");
			}
			String named = "rule \"" + id + "\" (" + at + ")";
			try {
				if (!ids.add(id)) {
					throw new IllegalArgumentException("id used twice");
				}
				rules.add(rule(id, node, basis));
			}
			catch (IllegalArgumentException ex) {
				throw new IllegalArgumentException(named + ": " + ex.getMessage(), ex);
			}
		}
		return new ReportabilityRules(version, List.copyOf(rules));
	}

	private static Rule rule(String id, JsonNode node, Map<Situation, String[]> basis) {
		for (Map.Entry<String, JsonNode> entry : node.properties()) {
			if (!Set.of("id", "situation", "strength", "description", "basis", "when").contains(entry.getKey())) {
				throw new IllegalArgumentException("unknown field \"" + entry.getKey() + "\"");
			}
		}
		Situation situation = Situation.ofCode(text(node, "situation", ""));
		if (situation == null) {
			throw new IllegalArgumentException("situation: \"" + node.path("situation").asString()
					+ "\" is not one of S1…S9");
		}
		Strength strength = Strength.ofCode(text(node, "strength", ""));
		if (strength == null) {
			throw new IllegalArgumentException("strength: \"" + node.path("strength").asString()
					+ "\" is neither must-report nor consider");
		}
		String chinese;
		String english;
		if (node.has("basis")) {
			chinese = text(node.path("basis"), "zh", "basis");
			english = text(node.path("basis"), "en", "basis");
		}
		else if (basis.containsKey(situation)) {
			chinese = basis.get(situation)[0];
			english = basis.get(situation)[1];
		}
		else {
			throw new IllegalArgumentException("no legal basis: give \"basis\" here or basis." + situation
					+ " at the top of the file");
		}
		if (!node.path("when").isObject()) {
			throw new IllegalArgumentException("when: a condition object is required");
		}
		Condition when = condition(node.path("when"), "when");
		if (!when.requiresCode()) {
			throw new IllegalArgumentException("when: the rule must require at least one clinical code");
		}
		return new Rule(id, situation, strength, when, chinese, english);
	}

	private static Condition condition(JsonNode node, String at) {
		if (!node.isObject() || node.isEmpty()) {
			throw new IllegalArgumentException(at + ": a non-empty condition object is required");
		}
		for (Map.Entry<String, JsonNode> entry : node.properties()) {
			if (!CONDITION_KEYS.contains(entry.getKey())) {
				throw new IllegalArgumentException(at + ": unknown condition \"" + entry.getKey() + "\"");
			}
		}
		List<Condition> parts = new ArrayList<>();
		if (node.has("codes") || node.has("distinctRegionsAtLeast") || node.has("countAtLeast")) {
			List<CodeRange> ranges = node.has("codes") ? ranges(node.path("codes"), at + ".codes") : INJURIES;
			int count = node.has("countAtLeast") ? number(node, "countAtLeast", at, 1) : 1;
			int regions = node.has("distinctRegionsAtLeast") ? number(node, "distinctRegionsAtLeast", at, 1) : 0;
			parts.add(new Codes(ranges, count, regions));
		}
		if (node.has("sex")) {
			parts.add(sex(node.path("sex"), at + ".sex"));
		}
		if (node.has("ageBelow") || node.has("ageAtLeast")) {
			int atLeast = node.has("ageAtLeast") ? number(node, "ageAtLeast", at, 0) : 0;
			int below = node.has("ageBelow") ? number(node, "ageBelow", at, 1) : Integer.MAX_VALUE;
			if (atLeast >= below) {
				throw new IllegalArgumentException(at + ": ageAtLeast " + atLeast + " and ageBelow " + below
						+ " leave no age");
			}
			parts.add(new AgeBetween(atLeast, below));
		}
		if (node.has("allOf")) {
			parts.add(new AllOf(list(node.path("allOf"), at + ".allOf")));
		}
		if (node.has("anyOf")) {
			parts.add(new AnyOf(list(node.path("anyOf"), at + ".anyOf")));
		}
		if (node.has("not")) {
			parts.add(new Not(condition(node.path("not"), at + ".not")));
		}
		return parts.size() == 1 ? parts.get(0) : new AllOf(List.copyOf(parts));
	}

	private static List<Condition> list(JsonNode node, String at) {
		if (!node.isArray() || node.isEmpty()) {
			throw new IllegalArgumentException(at + ": a non-empty list of conditions is required");
		}
		List<Condition> parts = new ArrayList<>();
		int i = 0;
		for (JsonNode part : node) {
			parts.add(condition(part, at + "[" + i++ + "]"));
		}
		return List.copyOf(parts);
	}

	private static List<CodeRange> ranges(JsonNode node, String at) {
		if (!node.isArray() || node.isEmpty()) {
			throw new IllegalArgumentException(at + ": a non-empty list of ICD-10 codes or ranges is required");
		}
		List<CodeRange> ranges = new ArrayList<>();
		int i = 0;
		for (JsonNode value : node) {
			String where = at + "[" + i++ + "]";
			if (!value.isString()) {
				throw new IllegalArgumentException(where + ": an ICD-10 code or range such as \"O00-O08\" is required");
			}
			String[] ends = value.asString().split("-", -1);
			if (ends.length > 2) {
				throw new IllegalArgumentException(where + ": \"" + value.asString() + "\" is not an ICD-10 code or range");
			}
			String from = normal(ends[0]);
			String to = ends.length == 2 ? normal(ends[1]) : from;
			if (from == null || to == null) {
				throw new IllegalArgumentException(where + ": \"" + value.asString() + "\" is not an ICD-10 code or range");
			}
			if (from.compareTo(to.length() >= from.length() ? to.substring(0, from.length()) : to) > 0) {
				throw new IllegalArgumentException(where + ": \"" + value.asString() + "\" ends before it starts");
			}
			ranges.add(new CodeRange(from, to));
		}
		return List.copyOf(ranges);
	}

	private static Condition sex(JsonNode node, String at) {
		List<JsonNode> values = new ArrayList<>();
		if (node.isArray()) {
			node.forEach(values::add);
		}
		else {
			values.add(node);
		}
		Set<Sex> sexes = EnumSet.noneOf(Sex.class);
		for (JsonNode value : values) {
			Sex sex = null;
			if (value.isString()) {
				try {
					sex = Sex.valueOf(value.asString().toUpperCase(Locale.ROOT));
				}
				catch (IllegalArgumentException ex) {
					// named below
				}
			}
			if (sex == null) {
				throw new IllegalArgumentException(at + ": \"" + value.asString()
						+ "\" is not one of female, male, other, unknown");
			}
			sexes.add(sex);
		}
		if (sexes.isEmpty()) {
			throw new IllegalArgumentException(at + ": at least one sex is required");
		}
		return new SexIs(sexes);
	}

	private static int number(JsonNode node, String field, String at, int min) {
		JsonNode value = node.path(field);
		if (!value.isIntegralNumber() || value.asInt() < min || value.asInt() > 150) {
			throw new IllegalArgumentException(at + "." + field + ": a whole number from " + min + " is required");
		}
		return value.asInt();
	}

	private static String text(JsonNode node, String field, String at) {
		JsonNode value = node.path(field);
		if (!value.isString() || value.asString().isBlank()) {
			throw new IllegalArgumentException((at.isEmpty() ? "" : at + ".") + field + " is required");
		}
		return value.asString();
	}

	/** The normal form of an ICD-10 code (upper case, no dot or white space), or {@code null} if it is none. */
	static String normal(String code) {
		if (code == null) {
			return null;
		}
		String normal = code.replaceAll("[\\s.]", "").toUpperCase(Locale.ROOT);
		return ICD10.matcher(normal).matches() ? normal : null;
	}

	/** Whether a code system is ICD-10 (WHO, a national modification, or left unsaid). */
	static boolean icd10(String system) {
		if (system == null || system.isBlank()) {
			return true;
		}
		String s = system.trim().toLowerCase(Locale.ROOT);
		return s.matches(".*\\bicd-?10\\b.*") || s.contains("icd-10-")
				|| s.equals("urn:oid:2.16.840.1.113883.6.3") || s.equals("urn:oid:2.16.840.1.113883.6.90")
				|| s.contains("14396");
	}
}
