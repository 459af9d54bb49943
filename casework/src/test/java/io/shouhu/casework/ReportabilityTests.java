package io.shouhu.casework;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.core.io.ByteArrayResource;
import org.springframework.core.io.ClassPathResource;
import org.springframework.core.io.DefaultResourceLoader;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

/**
 * The reportability rules as data: every clinical scenario of the corpus gets its expected outcome
 * from the shipped rules; codes that cannot be read are listed, never fatal; ages are 周岁 on the
 * encounter date; a broken rule file stops the start naming the rule.
 */
class ReportabilityTests {

	static final String ICD10 = "http://hl7.org/fhir/sid/icd-10";

	static final Reportability SHIPPED = new Reportability(new DefaultResourceLoader(),
			"classpath:reportability/rules.json");

	static final JsonMapper JSON = JsonMapper.builder().build();

	// The corpus

	static List<JsonNode> scenarios() throws IOException {
		try (InputStream in = new ClassPathResource("reportability/scenarios.json").getInputStream()) {
			return StreamSupport.stream(JSON.readTree(in).path("scenarios").spliterator(), false).toList();
		}
	}

	static Stream<Arguments> corpus() throws IOException {
		return scenarios().stream().map(s -> Arguments.of(s.path("name").asString(), s));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("corpus")
	void everyScenarioGetsItsExpectedOutcome(String name, JsonNode scenario) {
		ClinicalFacts facts = facts(scenario);

		Assessment assessment = SHIPPED.assess(facts);

		Map<String, String> expected = new LinkedHashMap<>();
		scenario.path("expect").properties().forEach(e -> expected.put(e.getKey(), e.getValue().asString()));
		Map<String, String> found = new LinkedHashMap<>();
		assessment.matches().forEach(m -> found.put(m.situation().name(), m.strength().code()));
		assertThat(found).as(name).containsExactlyInAnyOrderEntriesOf(expected);
		for (SituationMatch match : assessment.matches()) {
			assertThat(match.evidence()).as("%s: evidence of %s", name, match.situation()).isNotEmpty()
				.allSatisfy(code -> assertThat(facts.codes()).contains(code));
			assertThat(match.basisChinese()).as(name).contains("第四条");
			assertThat(match.basisEnglish()).as(name).contains("Art. 4");
			assertThat(match.ruleId()).as(name).startsWith(match.situation().name() + "-");
		}
		assertThat(assessment.matches()).extracting(SituationMatch::situation).as("one per situation, in order")
			.isSorted()
			.doesNotHaveDuplicates();
		if (scenario.has("notEvaluated")) {
			List<String> codes = new ArrayList<>();
			scenario.path("notEvaluated").forEach(c -> codes.add(c.isNull() ? null : c.asString()));
			assertThat(assessment.notEvaluated()).extracting(ClinicalCode::code).as(name).containsExactlyElementsOf(codes);
		}
		if (scenario.has("age")) {
			assertThat(assessment.ageInYears()).as(name).isEqualTo(scenario.path("age").asInt());
		}
		assertThat(assessment.minor()).as(name).isEqualTo(assessment.ageInYears() < 18);
	}

	@Test
	void theCorpusHasAtLeastSixtyScenariosCoveringEverySituationClinicalDataReveal() throws IOException {
		List<JsonNode> scenarios = scenarios();

		assertThat(scenarios).hasSizeGreaterThanOrEqualTo(60);
		assertThat(scenarios.stream().map(s -> s.path("name").asString())).doesNotHaveDuplicates();
		Set<String> mustReport = scenarios.stream()
			.flatMap(s -> s.path("expect").properties().stream())
			.filter(e -> e.getValue().asString().equals("must-report"))
			.map(Map.Entry::getKey)
			.collect(Collectors.toSet());
		assertThat(mustReport).contains("S1", "S2", "S3", "S4", "S5", "S6", "S9");
		assertThat(scenarios).filteredOn(s -> s.path("expect").isEmpty()).hasSizeGreaterThanOrEqualTo(10);
	}

	// The issue's examples

	@Test
	void theIssuesExamples() {
		assertThat(situations(facts("2012-06-01", Sex.FEMALE, "2026-03-15", "O03")))
			.containsExactly(tuple(Situation.S2, Strength.MUST_REPORT));
		assertThat(SHIPPED.assess(facts("2009-06-01", Sex.FEMALE, "2026-03-15", "O80")).matches())
			.extracting(SituationMatch::strength)
			.doesNotContain(Strength.MUST_REPORT);
		assertThat(situations(facts("2009-06-01", Sex.FEMALE, "2026-03-15", "Z34.9", "T74.2")))
			.contains(tuple(Situation.S3, Strength.MUST_REPORT));
		assertThat(situations(facts("2025-11-10", Sex.MALE, "2026-03-15", "S42.3", "S82.2", "S06.5")))
			.containsExactly(tuple(Situation.S4, Strength.MUST_REPORT));
		assertThat(situations(facts("2010-06-01", Sex.FEMALE, "2026-03-15", "X64")))
			.containsExactly(tuple(Situation.S5, Strength.MUST_REPORT));
		assertThat(situations(facts("2008-06-01", Sex.MALE, "2026-03-15", "S52.5", "W01"))).isEmpty();
		assertThat(SHIPPED.assess(facts("2000-06-01", Sex.FEMALE, "2026-03-15", "O03", "T74.2", "X64")))
			.satisfies(a -> {
				assertThat(a.minor()).isFalse();
				assertThat(a.matches()).isEmpty();
			});
	}

	@Test
	void theStrongestRuleWinsAndTheEvidenceOfEveryRuleOfTheSituationIsMerged() {
		ClinicalFacts facts = new ClinicalFacts(LocalDate.of(2012, 6, 1), Sex.FEMALE, LocalDate.of(2026, 3, 15),
				List.of(new ClinicalCode(ICD10, "A54.9", "Condition/1"), new ClinicalCode(ICD10, "J06.9", "Condition/2"),
						new ClinicalCode(ICD10, "T74.2", "Condition/3"), new ClinicalCode(ICD10, "O03", "Encounter/4")));

		assertThat(SHIPPED.assess(facts).matches()).singleElement().satisfies(match -> {
			assertThat(match.situation()).isEqualTo(Situation.S2);
			assertThat(match.strength()).isEqualTo(Strength.MUST_REPORT);
			assertThat(match.ruleId()).isEqualTo("S2-pregnancy-or-abortion-under-14");
			assertThat(match.evidence()).extracting(ClinicalCode::source)
				.containsExactly("Condition/1", "Condition/3", "Encounter/4");
			assertThat(match.basisChinese()).contains("不满十四周岁的女性未成年人");
			assertThat(match.basisEnglish()).contains("a girl under 14");
		});
	}

	// Codes that cannot be read

	@Test
	void unknownAndMalformedCodesAreListedAsNotEvaluatedAndNeverFail() {
		List<ClinicalCode> codes = new ArrayList<>();
		codes.add(new ClinicalCode(ICD10, "XYZ", "Condition/1"));
		codes.add(new ClinicalCode(ICD10, null, "Condition/2"));
		codes.add(new ClinicalCode(ICD10, "", null));
		codes.add(new ClinicalCode(ICD10, "O", null));
		codes.add(new ClinicalCode(ICD10, "O03-O08", null));
		codes.add(new ClinicalCode(ICD10, "T74.2\u0000", null));
		codes.add(new ClinicalCode("http://snomed.info/sct", "O03", "Condition/3"));
		codes.add(new ClinicalCode("http://loinc.org", "T74.2", null));
		codes.add(new ClinicalCode(null, "t74 2", "Condition/4"));
		codes.add(null);
		ClinicalFacts facts = new ClinicalFacts(LocalDate.of(2012, 6, 1), Sex.FEMALE, LocalDate.of(2026, 3, 15), codes);

		assertThatCode(() -> SHIPPED.assess(facts)).doesNotThrowAnyException();
		Assessment assessment = SHIPPED.assess(facts);
		assertThat(assessment.notEvaluated()).extracting(ClinicalCode::code)
			.containsExactly("XYZ", null, "", "O", "O03-O08", "T74.2\u0000", "O03", "T74.2");
		assertThat(assessment.matches()).singleElement().satisfies(match -> {
			assertThat(match.situation()).isEqualTo(Situation.S2);
			assertThat(match.evidence()).extracting(ClinicalCode::source).containsExactly("Condition/4");
		});
	}

	@Test
	void aMissingBirthDateIsTheOnlyThingThatFails() {
		assertThatThrownBy(() -> SHIPPED.assess(new ClinicalFacts(null, Sex.FEMALE, null, List.of())))
			.isInstanceOf(IllegalArgumentException.class)
			.hasMessageContaining("birth date");
		assertThat(SHIPPED.assess(new ClinicalFacts(LocalDate.of(2015, 1, 1), null, LocalDate.of(2026, 1, 1), null))
			.matches()).isEmpty();
	}

	// Ages

	@Test
	void ageIsTakenInZhouSuiOnTheEncounterDate() {
		LocalDate born = LocalDate.of(2012, 3, 15);
		assertThat(situations(facts(born, "2026-03-15", "O03"))).as("on her 14th birthday she is still under 14")
			.containsExactly(tuple(Situation.S2, Strength.MUST_REPORT));
		assertThat(situations(facts(born, "2026-03-14", "O03")))
			.containsExactly(tuple(Situation.S2, Strength.MUST_REPORT));
		assertThat(situations(facts(born, "2026-03-16", "O03"))).as("the day after, 14")
			.containsExactly(tuple(Situation.S3, Strength.CONSIDER));
		assertThat(SHIPPED.assess(facts(born.minusYears(4), "2026-03-15", "T74.1"))).as("on the 18th birthday")
			.satisfies(a -> {
				assertThat(a.ageInYears()).isEqualTo(17);
				assertThat(a.minor()).isTrue();
				assertThat(a.matches()).isNotEmpty();
			});
		assertThat(SHIPPED.assess(facts(born.minusYears(4), "2026-03-16", "T74.1"))).as("the day after: adult")
			.satisfies(a -> {
				assertThat(a.ageInYears()).isEqualTo(18);
				assertThat(a.minor()).isFalse();
				assertThat(a.matches()).isEmpty();
			});
	}

	@Test
	void withoutAnEncounterDateTheAgeIsTakenTodayInShanghai() {
		Reportability reportability = new Reportability(new DefaultResourceLoader(), "classpath:reportability/rules.json");
		// 2026-03-15T16:30Z is already 16 March in Shanghai: the day after her 14th birthday.
		reportability.clock = Clock.fixed(Instant.parse("2026-03-15T16:30:00Z"), java.time.ZoneOffset.UTC);

		Assessment assessment = reportability.assess(new ClinicalFacts(LocalDate.of(2012, 3, 15), Sex.FEMALE, null,
				List.of(new ClinicalCode(ICD10, "O03", null))));

		assertThat(assessment.ageInYears()).isEqualTo(14);
		assertThat(assessment.matches()).extracting(SituationMatch::situation).containsExactly(Situation.S3);
	}

	// The shipped file

	@Test
	void theShippedRulesHaveAVersionAndCoverTheSituationsClinicalDataReveal() {
		ReportabilityRules rules = Reportability.read(new ClassPathResource("reportability/rules.json"));

		assertThat(SHIPPED.version()).isNotBlank().isEqualTo(rules.version());
		Set<Situation> mustReport = EnumSet.noneOf(Situation.class);
		rules.rules().stream().filter(r -> r.strength() == Strength.MUST_REPORT).forEach(r -> mustReport.add(r.situation()));
		assertThat(mustReport).contains(Situation.S1, Situation.S2, Situation.S3, Situation.S4, Situation.S5,
				Situation.S6, Situation.S9);
		assertThat(rules.rules()).allSatisfy(rule -> {
			assertThat(rule.basisChinese()).isNotBlank();
			assertThat(rule.basisEnglish()).isNotBlank();
		});
	}

	@Test
	void theSituationsCoveredAreThoseARuleCanFind(@TempDir Path dir) throws IOException {
		assertThat(SHIPPED.covered()).containsExactly(Situation.S1, Situation.S2, Situation.S3, Situation.S4,
				Situation.S5, Situation.S6, Situation.S9);

		Path file = dir.resolve("rules.json");
		Files.writeString(file, file(rule("S2-cold", "{\"codes\": [\"J06\"], \"ageBelow\": 10}")));
		Reportability edited = new Reportability(new DefaultResourceLoader(), "file:" + file);
		assertThat(edited.covered()).containsExactly(Situation.S2);
		// a rule changed in a file outside the jar: no code change, no build
		ClinicalFacts cold = new ClinicalFacts(LocalDate.of(2020, 1, 1), Sex.MALE, LocalDate.of(2026, 3, 15),
				List.of(new ClinicalCode(ICD10, "J06.9", "Condition/1")));
		assertThat(edited.version()).isEqualTo("test-1");
		assertThat(edited.assess(cold).matches()).extracting(SituationMatch::ruleId).containsExactly("S2-cold");
		assertThat(SHIPPED.assess(cold).matches()).isEmpty();
	}

	// Broken rule files

	static final String BASIS = "\"basis\": {\"S2\": {\"zh\": \"依据\", \"en\": \"Basis\"}}";

	static String file(String... rules) {
		return "{\"version\": \"test-1\", " + BASIS + ", \"rules\": [" + String.join(", ", rules) + "]}";
	}

	static String rule(String id, String when) {
		return "{\"id\": \"" + id + "\", \"situation\": \"S2\", \"strength\": \"must-report\", \"when\": " + when + "}";
	}

	static Stream<Arguments> broken() {
		String good = rule("good-rule", "{\"codes\": [\"O00-O08\"], \"sex\": \"female\", \"ageBelow\": 14}");
		return Stream.of(
				Arguments.of("a malformed code range",
						file(good, rule("bad-range", "{\"codes\": [\"O00-O0X\"]}")),
						"rule \"bad-range\" (rules[1]): when.codes[0]: \"O00-O0X\" is not an ICD-10 code or range"),
				Arguments.of("a range that ends before it starts", file(rule("backwards", "{\"codes\": [\"O08-O00\"]}")),
						"rule \"backwards\" (rules[0]): when.codes[0]: \"O08-O00\" ends before it starts"),
				Arguments.of("an unknown situation",
						file(good, "{\"id\": \"s10\", \"situation\": \"S10\", \"strength\": \"consider\", "
								+ "\"when\": {\"codes\": [\"O03\"]}}"),
						"rule \"s10\" (rules[1]): situation: \"S10\" is not one of S1…S9"),
				Arguments.of("an unknown strength",
						file("{\"id\": \"maybe\", \"situation\": \"S2\", \"strength\": \"maybe\", "
								+ "\"when\": {\"codes\": [\"O03\"]}}"),
						"rule \"maybe\" (rules[0]): strength: \"maybe\" is neither must-report nor consider"),
				Arguments.of("an unknown condition",
						file(rule("typo", "{\"codes\": [\"O03\"], \"allOff\": []}")),
						"rule \"typo\" (rules[0]): when: unknown condition \"allOff\""),
				Arguments.of("an unknown sex",
						file(rule("sex", "{\"codes\": [\"O03\"], \"anyOf\": [{\"sex\": \"girl\"}]}")),
						"rule \"sex\" (rules[0]): when.anyOf[0].sex: \"girl\" is not one of"),
				Arguments.of("a rule that needs no code",
						file(rule("everyone", "{\"sex\": \"female\", \"ageBelow\": 14}")),
						"rule \"everyone\" (rules[0]): when: the rule must require at least one clinical code"),
				Arguments.of("a rule whose anyOf can hold without a code",
						file(rule("loose", "{\"anyOf\": [{\"codes\": [\"O03\"]}, {\"ageBelow\": 14}]}")),
						"rule \"loose\" (rules[0]): when: the rule must require at least one clinical code"),
				Arguments.of("ages that leave no age",
						file(rule("no-age", "{\"codes\": [\"O03\"], \"ageAtLeast\": 14, \"ageBelow\": 14}")),
						"rule \"no-age\" (rules[0]): when: ageAtLeast 14 and ageBelow 14 leave no age"),
				Arguments.of("a rule id used twice", file(good, good), "rule \"good-rule\" (rules[1]): id used twice"),
				Arguments.of("a situation without legal basis",
						file("{\"id\": \"no-basis\", \"situation\": \"S5\", \"strength\": \"consider\", "
								+ "\"when\": {\"codes\": [\"X64\"]}}"),
						"rule \"no-basis\" (rules[0]): no legal basis"),
				Arguments.of("a rule without id", file("{\"situation\": \"S2\"}"), "rules[0].id is required"),
				Arguments.of("no rules", "{\"version\": \"x\", \"rules\": []}", "\"rules\" must be a non-empty list"),
				Arguments.of("no version", "{\"rules\": [" + good + "]}", "version is required"),
				Arguments.of("not JSON", "rules: S2", "cannot be used"));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("broken")
	void aBrokenRuleFileIsRefusedNamingTheRule(String what, String json, String message) {
		ByteArrayResource resource = new ByteArrayResource(json.getBytes(StandardCharsets.UTF_8), "the district rules");

		assertThatThrownBy(() -> Reportability.read(resource)).isInstanceOf(IllegalStateException.class)
			.hasMessageContaining("the district rules")
			.hasMessageContaining(message);
	}

	@Test
	void theValidBaseOfTheBrokenOnesReads() {
		ReportabilityRules rules = Reportability.read(new ByteArrayResource(file(rule("good-rule",
				"{\"codes\": [\"O00-O08\"], \"sex\": \"female\", \"ageBelow\": 14}")).getBytes(StandardCharsets.UTF_8)));

		assertThat(rules.version()).isEqualTo("test-1");
		assertThat(rules.rules()).extracting(ReportabilityRules.Rule::id).containsExactly("good-rule");
	}

	@Test
	void aBrokenRuleFileStopsTheStartNamingTheFileAndTheRule(@TempDir Path dir) throws IOException {
		Path file = dir.resolve("broken-rules.json");
		Files.writeString(file, file(rule("S2-typo", "{\"codes\": [\"O03\", \"pregnancy\"]}")));

		assertThatThrownBy(() -> new Reportability(new DefaultResourceLoader(), "file:" + file))
			.isInstanceOf(IllegalStateException.class)
			.hasMessageContaining("broken-rules.json")
			.hasMessageContaining("rule \"S2-typo\"")
			.hasMessageContaining("\"pregnancy\" is not an ICD-10 code or range");
		assertThatThrownBy(() -> new Reportability(new DefaultResourceLoader(), "file:" + dir.resolve("missing.json")))
			.isInstanceOf(IllegalStateException.class)
			.hasMessageContaining("missing.json");
	}

	@Test
	void aChangedRuleFileChangesTheOutcomeWithoutACodeChange(@TempDir Path dir) throws IOException {
		Path file = dir.resolve("rules.json");
		Files.writeString(file, file(rule("S2-cold", "{\"codes\": [\"J06\"], \"ageBelow\": 10}")));

		Reportability custom = new Reportability(new DefaultResourceLoader(), "file:" + file);

		assertThat(custom.version()).isEqualTo("test-1");
		assertThat(custom.assess(facts(LocalDate.of(2020, 1, 1), "2026-03-15", "J06.9")).matches())
			.extracting(SituationMatch::ruleId, SituationMatch::basisEnglish)
			.containsExactly(tuple("S2-cold", "Basis"));
	}

	// Helpers

	static ClinicalFacts facts(JsonNode scenario) {
		List<ClinicalCode> codes = new ArrayList<>();
		int i = 0;
		for (JsonNode code : scenario.path("codes")) {
			String source = "Condition/" + i++;
			if (code.isObject()) {
				codes.add(new ClinicalCode(code.path("system").isString() ? code.path("system").asString() : null,
						code.path("code").isString() ? code.path("code").asString() : null, source));
			}
			else {
				codes.add(new ClinicalCode(ICD10, code.asString(), source));
			}
		}
		return new ClinicalFacts(LocalDate.parse(scenario.path("birthDate").asString()),
				Sex.valueOf(scenario.path("sex").asString().toUpperCase(java.util.Locale.ROOT)),
				scenario.path("encounterDate").isString() ? LocalDate.parse(scenario.path("encounterDate").asString())
						: null,
				codes);
	}

	static ClinicalFacts facts(String born, Sex sex, String encounter, String... codes) {
		return new ClinicalFacts(LocalDate.parse(born), sex, LocalDate.parse(encounter),
				Arrays.stream(codes).map(c -> new ClinicalCode(ICD10, c, null)).toList());
	}

	static ClinicalFacts facts(LocalDate born, String encounter, String... codes) {
		return facts(born.toString(), Sex.FEMALE, encounter, codes);
	}

	static List<org.assertj.core.groups.Tuple> situations(ClinicalFacts facts) {
		return SHIPPED.assess(facts).matches().stream().map(m -> tuple(m.situation(), m.strength())).toList();
	}
}
