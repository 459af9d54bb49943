package io.shouhu.casework;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.core.io.ByteArrayResource;
import org.springframework.core.io.ClassPathResource;
import org.springframework.core.io.DefaultResourceLoader;
import org.springframework.core.io.FileSystemResource;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

/**
 * The casework playbook as data: every playbook shipped reads and plans every situation for people
 * who work tasks; the issue's example holds; a malformed file is refused naming the place; and a
 * changed file changes the cases opened after it, without a code change.
 */
class PlaybooksTests {

	static final Playbook SHIPPED = Playbooks.read(new ClassPathResource("playbooks/playbook.json"));

	static Stream<Resource> everyPlaybookOnTheClassPath() throws IOException {
		Resource[] found = new PathMatchingResourcePatternResolver().getResources("classpath*:playbooks/*.json");
		assertThat(found).extracting(Resource::getFilename).as("the shipped playbook").contains("playbook.json");
		return Arrays.stream(found);
	}

	// Every playbook shipped

	@ParameterizedTest
	@MethodSource("everyPlaybookOnTheClassPath")
	void everySituationHasAPlanOfTasksForTeamsThatWorkThem(Resource resource) {
		Playbook playbook = Playbooks.read(resource);

		assertThat(playbook.version()).isNotBlank();
		for (Situation situation : Situation.values()) {
			List<Playbook.Step> steps = playbook.steps().get(situation);
			assertThat(steps).as("%s in %s", situation, resource.getFilename()).isNotEmpty();
			for (Playbook.Step step : steps) {
				String where = situation + "/" + step.track().code() + "/" + step.kind();
				assertThat(step.team()).as(where).isNotNull().isNotEqualTo(Role.INTAKE);
				if (step.track().confidential()) {
					assertThat(step.team()).as("%s: only prosecutors see the criminal track", where)
						.isIn(Role.PROSECUTOR, Role.SUPERVISOR);
				}
				assertThat(step.titleChinese()).as(where).isNotBlank();
				assertThat(step.titleEnglish()).as(where).isNotBlank();
				assertThat(step.due()).as(where).containsOnlyKeys(Urgency.values());
				assertThat(step.due().values()).as(where).allSatisfy(d -> assertThat(d).isPositive());
				assertThat(step.due().get(Urgency.IMMEDIATE_DANGER)).as("%s: more urgent is never due later", where)
					.isLessThanOrEqualTo(step.due().get(Urgency.URGENT));
				assertThat(step.due().get(Urgency.URGENT)).as("%s: more urgent is never due later", where)
					.isLessThanOrEqualTo(step.due().get(Urgency.ROUTINE));
			}
		}
	}

	// The issue's example

	@Test
	void anUrgentS2ReportOpensTheTracksAndDueTimesOfTheIssue() {
		Playbook.Plan plan = SHIPPED.plan(Set.of(Situation.S2), Urgency.URGENT);

		assertThat(plan.tracks()).contains(TrackType.CRIMINAL, TrackType.PSYCHOLOGICAL_AID, TrackType.JUDICIAL_AID,
				TrackType.PARENTING_GUIDANCE);
		assertThat(plan.tasks()).extracting(PlannedTask::track, PlannedTask::kind, PlannedTask::team, PlannedTask::due)
			.contains(tuple(TrackType.CRIMINAL, "refer-to-police", Role.PROSECUTOR, Duration.ofHours(24)),
					tuple(TrackType.PSYCHOLOGICAL_AID, "first-assessment", Role.PSYCHOLOGIST, Duration.ofHours(72)),
					tuple(TrackType.JUDICIAL_AID, "eligibility-screening", Role.AID_OFFICER, Duration.ofDays(7)),
					tuple(TrackType.PARENTING_GUIDANCE, "assess-guardian", Role.SOCIAL_WORKER, Duration.ofDays(7)));
		assertThat(plan.tasks()).filteredOn(t -> t.track() == TrackType.CRIMINAL)
			.extracting(PlannedTask::titleChinese)
			.containsExactly("移送公安机关");
	}

	@Test
	void immediateDangerShortensTheReferralToThePolice() {
		for (Situation situation : Situation.values()) {
			Optional<Duration> urgent = due(SHIPPED.plan(Set.of(situation), Urgency.URGENT), "refer-to-police");
			Optional<Duration> danger = due(SHIPPED.plan(Set.of(situation), Urgency.IMMEDIATE_DANGER),
					"refer-to-police");
			if (urgent.isPresent()) {
				assertThat(danger.orElseThrow()).as(situation.name()).isLessThan(urgent.get());
			}
		}
		assertThat(due(SHIPPED.plan(Set.of(Situation.S2), Urgency.IMMEDIATE_DANGER), "refer-to-police"))
			.contains(Duration.ofHours(4));
	}

	@Test
	void aTaskSeveralSituationsCallForIsPlannedOnceWithTheEarliestDue() {
		assertThat(due(SHIPPED.plan(Set.of(Situation.S6), Urgency.URGENT), "refer-to-police"))
			.as("abandonment alone leaves the police three days")
			.contains(Duration.ofDays(3));
		assertThat(due(SHIPPED.plan(Set.of(Situation.S5), Urgency.URGENT), "eligibility-screening"))
			.contains(Duration.ofDays(14));

		Playbook.Plan abandonedAndInjured = SHIPPED.plan(EnumSet.of(Situation.S6, Situation.S1), Urgency.URGENT);
		Playbook.Plan sexualAssaultAndSelfHarm = SHIPPED.plan(EnumSet.of(Situation.S5, Situation.S2),
				Urgency.URGENT);

		assertThat(abandonedAndInjured.tasks()).filteredOn(t -> t.kind().equals("refer-to-police"))
			.singleElement()
			.extracting(PlannedTask::due)
			.isEqualTo(Duration.ofHours(24));
		assertThat(abandonedAndInjured.tasks()).extracting(t -> t.track() + "/" + t.kind()).doesNotHaveDuplicates();
		assertThat(abandonedAndInjured.tracks()).contains(TrackType.CIVIL_SUPPORT, TrackType.JUDICIAL_AID);
		assertThat(sexualAssaultAndSelfHarm.tasks()).filteredOn(t -> t.kind().equals("eligibility-screening"))
			.singleElement()
			.extracting(PlannedTask::due)
			.isEqualTo(Duration.ofDays(7));
		assertThat(sexualAssaultAndSelfHarm.tasks()).extracting(PlannedTask::kind)
			.contains("check-for-crime", "crisis-assessment", "refer-to-police");
	}

	@Test
	void thePlanIsTheSameWhateverOrderTheSituationsCameIn() {
		Playbook.Plan one = SHIPPED.plan(new java.util.LinkedHashSet<>(List.of(Situation.S6, Situation.S4, Situation.S1)),
				Urgency.ROUTINE);
		Playbook.Plan other = SHIPPED.plan(new java.util.LinkedHashSet<>(List.of(Situation.S1, Situation.S4, Situation.S6)),
				Urgency.ROUTINE);

		assertThat(one).isEqualTo(other);
	}

	// Malformed playbooks

	static Stream<Arguments> malformed() {
		Map<String, String> every = everySituation(step("psychological-aid", "first-assessment", "psychologist",
				"\"P3D\""));
		return Stream.of(
				Arguments.of("an unknown situation", json(with(every, "S10", List.of(step("criminal", "refer-to-police",
						"prosecutor", "\"PT24H\"")))), "unknown situation \"S10\""),
				Arguments.of("an unknown track",
						json(with(every, "S3", List.of(step("magic", "x", "prosecutor", "\"PT24H\"")))),
						"situations.S3[0].track: unknown track \"magic\""),
				Arguments.of("a missing title",
						json(with(every, "S4",
								List.of("{\"track\": \"criminal\", \"kind\": \"refer-to-police\", \"role\": "
										+ "\"prosecutor\", \"due\": \"PT24H\"}"))),
						"situations.S4[0].title.zh is required"),
				Arguments.of("a title without English",
						json(with(every, "S4",
								List.of("{\"track\": \"criminal\", \"kind\": \"refer-to-police\", \"title\": "
										+ "{\"zh\": \"移送\"}, \"due\": \"PT24H\"}"))),
						"situations.S4[0].title.en is required"),
				Arguments.of("a due time that is no duration",
						json(with(every, "S5", List.of(step("criminal", "refer-to-police", "prosecutor", "\"24 hours\"")))),
						"situations.S5[0].due: \"24 hours\" is not an ISO-8601 duration"),
				Arguments.of("a due time per urgency that is no duration",
						json(with(every, "S5", List.of(step("criminal", "refer-to-police", "prosecutor",
								"{\"urgent\": \"P1X\", \"default\": \"P1D\"}")))),
						"situations.S5[0].due.urgent"),
				Arguments.of("a due time of zero",
						json(with(every, "S5", List.of(step("criminal", "refer-to-police", "prosecutor", "\"PT0S\"")))),
						"situations.S5[0].due: a due offset must be positive"),
				Arguments.of("an unknown urgency",
						json(with(every, "S5", List.of(step("criminal", "refer-to-police", "prosecutor",
								"{\"asap\": \"PT1H\", \"default\": \"P1D\"}")))),
						"situations.S5[0].due: unknown urgency \"asap\""),
				Arguments.of("an urgency left without a due time",
						json(with(every, "S5", List.of(step("criminal", "refer-to-police", "prosecutor",
								"{\"urgent\": \"PT1H\"}")))),
						"situations.S5[0].due: no due offset for immediate-danger"),
				Arguments.of("no due time at all",
						json(with(every, "S5", List.of("{\"track\": \"criminal\", \"kind\": \"refer-to-police\", "
								+ "\"title\": {\"zh\": \"移送\", \"en\": \"Refer\"}}"))),
						"situations.S5[0].due"),
				Arguments.of("intake given tasks",
						json(with(every, "S1", List.of(step("criminal", "refer-to-police", "intake", "\"PT24H\"")))),
						"situations.S1[0].role: not a role that works tasks: \"intake\""),
				Arguments.of("an unknown role",
						json(with(every, "S1", List.of(step("criminal", "refer-to-police", "judge", "\"PT24H\"")))),
						"situations.S1[0].role"),
				Arguments.of("a task twice on one track",
						json(with(every, "S2", List.of(step("criminal", "refer-to-police", "prosecutor", "\"PT24H\""),
								step("criminal", "refer-to-police", "prosecutor", "\"PT4H\"")))),
						"situations.S2[1]: task refer-to-police twice on one track"),
				Arguments.of("a missing situation", json(without(every, "S7")),
						"no plan for situation S7"),
				Arguments.of("a situation that opens nothing", json(with(every, "S8", List.of())),
						"situations.S8 opens no track"),
				Arguments.of("no version", json(every).replace("\"version\": \"test-1\",", ""), "version is required"),
				Arguments.of("no situations", "{\"version\": \"x\"}", "\"situations\" must be an object"),
				Arguments.of("not JSON", "situations: S1", "cannot be used"));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("malformed")
	void aMalformedPlaybookIsRefusedNamingThePlace(String what, String json, String place) {
		Resource resource = new ByteArrayResource(json.getBytes(StandardCharsets.UTF_8), "the district playbook");

		assertThatThrownBy(() -> Playbooks.read(resource)).isInstanceOf(IllegalStateException.class)
			.hasMessageContaining("the district playbook")
			.hasMessageContaining(place);
	}

	@Test
	void theValidBaseOfTheMalformedOnesReads() {
		// Else the cases above might be refused for a reason other than the one they name.
		Playbook playbook = Playbooks.read(new ByteArrayResource(json(everySituation(step("psychological-aid",
				"first-assessment", "psychologist", "{\"immediate-danger\": \"PT4H\", \"default\": \"P3D\"}")))
			.getBytes(StandardCharsets.UTF_8)));

		assertThat(playbook.version()).isEqualTo("test-1");
		assertThat(playbook.plan(Set.of(Situation.S1), Urgency.IMMEDIATE_DANGER).tasks()).singleElement()
			.extracting(PlannedTask::due)
			.isEqualTo(Duration.ofHours(4));
		assertThat(playbook.plan(Set.of(Situation.S1), Urgency.ROUTINE).tasks()).singleElement()
			.extracting(PlannedTask::due)
			.isEqualTo(Duration.ofDays(3));
	}

	@Test
	void aPlaybookThatDoesNotReadStopsTheStartNamingTheFile(@TempDir Path dir) throws IOException {
		Path file = dir.resolve("broken-playbook.json");
		Files.writeString(file, json(without(everySituation(step("criminal", "refer-to-police", "prosecutor",
				"\"PT24H\"")), "S9")));

		assertThatThrownBy(() -> new Playbooks(new DefaultResourceLoader(), "file:" + file))
			.isInstanceOf(IllegalStateException.class)
			.hasMessageContaining("broken-playbook.json")
			.hasMessageContaining("no plan for situation S9");
		assertThatThrownBy(() -> new Playbooks(new DefaultResourceLoader(), "file:" + dir.resolve("missing.json")))
			.isInstanceOf(IllegalStateException.class)
			.hasMessageContaining("missing.json");
	}

	// Changing the file changes new cases

	@Test
	void aChangedPlaybookFileChangesTheCasesOpenedAfterItWithoutACodeChange(@TempDir Path dir) throws IOException {
		Path file = dir.resolve("playbook.json");
		Files.writeString(file, json("wenzhou-2027.1", everySituation(step("psychological-aid", "crisis-call",
				"psychologist", "{\"urgent\": \"PT2H\", \"default\": \"PT12H\"}"))));
		Report report = CaseTests.aGirlOf13ReportedFor(Situation.S2);

		Playbook custom = new Playbooks(new DefaultResourceLoader(), "file:" + file).current();
		Case kase = Case.open(CaseId.openedBy(report.id()), "LW-2026-000001", report, null, custom,
				new UserId("intake"), CaseTests.OPENED);

		assertThat(kase.playbookVersion).isEqualTo("wenzhou-2027.1");
		assertThat(kase.tracks).filteredOn(t -> t.status == TrackStatus.ACTIVE)
			.extracting(t -> t.type)
			.containsExactly(TrackType.PSYCHOLOGICAL_AID);
		assertThat(kase.tasks).extracting(t -> t.kind, t -> t.team, t -> t.due)
			.containsExactly(tuple("crisis-call", Role.PSYCHOLOGIST, CaseTests.OPENED.plus(Duration.ofHours(2))));
		assertThat(CaseTests.openedFor(report).tasks).as("the shipped playbook plans otherwise")
			.extracting(t -> t.kind)
			.contains("refer-to-police")
			.doesNotContain("crisis-call");
	}

	@Test
	void triageOpensCasesOnThePlaybookItStartedWithAndTheNextStartTakesTheChangedFile(@TempDir Path dir)
			throws IOException {
		Path file = dir.resolve("district.json");
		Files.writeString(file, json("v1", everySituation(step("parenting-guidance", "home-visit", "social-worker",
				"\"P2D\""))));
		try (TwoDistricts districts = new TwoDistricts("file:" + file)) {
			CaseId first = districts.accepted(districts.reported(TwoDistricts.aGirlOf13(), Situation.S2));

			Files.writeString(file, json("v2", everySituation(step("criminal", "refer-to-police", "supervisor",
					"\"PT6H\""))));
			CaseId stillFirstPlaybook = districts.accepted(districts.reported(TwoDistricts.aBoyOf9(), Situation.S4));
			TriageDecisions restarted = new TriageDecisions(districts.reports, districts.cases, districts.numbers,
					districts.referenceData, new Playbooks(new DefaultResourceLoader(), "file:" + file),
					districts.audit, districts.notices, districts.published::add, Optional.of(districts.clock));
			ReportId third = districts.reported(TwoDistricts.aChild("李", "小花", java.time.LocalDate.of(2015, 1, 1),
					Sex.FEMALE, null), Situation.S6);
			CaseId afterRestart = restarted.accept(TwoDistricts.INTAKE, third, districts.report(third).version(), null);

			assertThat(districts.details(first).tasks()).extracting(TaskDetails::kind, TaskDetails::team)
				.containsExactly(tuple("home-visit", Role.SOCIAL_WORKER));
			assertThat(districts.details(stillFirstPlaybook).playbookVersion()).as("read once at start")
				.isEqualTo("v1");
			assertThat(districts.details(afterRestart)).satisfies(c -> {
				assertThat(c.playbookVersion()).isEqualTo("v2");
				assertThat(c.tasks()).extracting(TaskDetails::kind, TaskDetails::team, TaskDetails::due)
					.containsExactly(tuple("refer-to-police", Role.SUPERVISOR,
							districts.clock.instant().plus(Duration.ofHours(6))));
			});
			assertThat(districts.details(first).playbookVersion()).as("cases keep the plan they opened with")
				.isEqualTo("v1");
		}
	}

	// Helpers writing small playbooks

	static Optional<Duration> due(Playbook.Plan plan, String kind) {
		return plan.tasks().stream().filter(t -> t.kind().equals(kind)).map(PlannedTask::due).findFirst();
	}

	static String step(String track, String kind, String role, String due) {
		return "{\"track\": \"%s\", \"kind\": \"%s\", \"title\": {\"zh\": \"任务\", \"en\": \"Task\"}, \"role\": \"%s\", \"due\": %s}"
			.formatted(track, kind, role, due);
	}

	static Map<String, String> everySituation(String step) {
		Map<String, String> situations = new LinkedHashMap<>();
		for (Situation situation : Situation.values()) {
			situations.put(situation.name(), "[" + step + "]");
		}
		return situations;
	}

	static Map<String, String> with(Map<String, String> situations, String situation, List<String> steps) {
		Map<String, String> changed = new LinkedHashMap<>(situations);
		changed.put(situation, "[" + String.join(", ", steps) + "]");
		return changed;
	}

	static Map<String, String> without(Map<String, String> situations, String situation) {
		Map<String, String> changed = new LinkedHashMap<>(situations);
		changed.remove(situation);
		return changed;
	}

	static String json(Map<String, String> situations) {
		return json("test-1", situations);
	}

	static String json(String version, Map<String, String> situations) {
		return "{\"version\": \"" + version + "\", \"situations\": {"
				+ situations.entrySet().stream().map(e -> "\"" + e.getKey() + "\": " + e.getValue())
					.collect(Collectors.joining(", "))
				+ "}}";
	}

	@Test
	void aPlaybookIsReadFromAnyResource(@TempDir Path dir) throws IOException {
		Path file = dir.resolve("p.json");
		Files.writeString(file, json(everySituation(step("legal-aid", "apply", "aid-officer", "\"P1D\""))));

		assertThat(Playbooks.read(new FileSystemResource(file)).plan(Set.of(Situation.S7), Urgency.URGENT).tracks())
			.containsExactly(TrackType.LEGAL_AID);
	}
}
