package io.shouhu.fhir;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.api.EncodingEnum;
import ca.uhn.fhir.rest.client.api.IGenericClient;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.shouhu.ShouhuIntegrationTest;
import io.shouhu.identity.DemoTokens;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.DateType;
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.Enumerations.AdministrativeGender;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Period;
import org.hl7.fhir.r4.model.Task;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.io.ClassPathResource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.matchesPattern;

/**
 * "Is this reportable?" asked the two ways a HIS can ask it, against the whole server: the casework
 * scenario corpus through {@code $assess-reportability} and through CDS Hooks, the draft sent on
 * unchanged, and the hook services' discovery, authentication and bad input.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DecisionSupportIntegrationTests extends ShouhuIntegrationTest {

	static final String ICD10 = "http://hl7.org/fhir/sid/icd-10";

	static final String HOOK = "/cds-services/shouhu-reportability";

	private static final JsonMapper JSON = JsonMapper.builder().build();

	@Autowired
	FhirContext fhir;

	String token;

	IGenericClient hospital;

	@BeforeAll
	void hospital() {
		token = DemoTokens.hospitalToken(baseUrl(), "hospital-01");
		hospital = HospitalReports.client(fhir, baseUrl(), "hospital-01", EncodingEnum.JSON);
	}

	static Stream<Arguments> scenarios() throws IOException {
		try (InputStream in = new ClassPathResource("reportability/scenarios.json").getInputStream()) {
			return StreamSupport.stream(JSON.readTree(in).path("scenarios").spliterator(), false)
				.map(s -> Arguments.of(s.path("name").asString(), s))
				.toList()
				.stream();
		}
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("scenarios")
	void theCorpusThroughTheOperation(String name, JsonNode scenario) {
		Parameters answer = assess(visit(scenario));

		Map<String, String> found = new LinkedHashMap<>();
		answer.getParameter().stream().filter(p -> p.getName().equals("match")).forEach(match -> found.put(
				((Coding) part(match, "situation").getValue()).getCode(),
				part(match, "strength").getValue().primitiveValue()));
		assertThat(found).as(name).isEqualTo(expected(scenario));
		assertThat(answer.getParameter().stream().anyMatch(p -> p.getName().equals("draft"))).as(name)
			.isEqualTo(!found.isEmpty());
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("scenarios")
	void theCorpusThroughCdsHooks(String name, JsonNode scenario) {
		JsonPath cards = hook(HOOK, request("patient-view", visit(scenario)), null).statusCode(200)
			.extract()
			.jsonPath();

		Map<String, String> found = new LinkedHashMap<>();
		List<Map<String, Object>> all = cards.getList("cards");
		for (Map<String, Object> card : all) {
			@SuppressWarnings("unchecked")
			Map<String, Object> topic = (Map<String, Object>) ((Map<String, Object>) card.get("source")).get("topic");
			found.put((String) topic.get("code"), card.get("indicator").equals("critical") ? "must-report" : "consider");
		}
		assertThat(found).as(name).isEqualTo(expected(scenario));
	}

	@Test
	void discoveryListsOneServicePerHookWithPrefetchForPatientAndConditionsWithoutAToken() {
		given().get(baseUrl() + "/cds-services")
			.then()
			.statusCode(200)
			.body("services.hook", hasItems("patient-view", "encounter-discharge", "order-sign"))
			.body("services.find { it.hook == 'patient-view' }.id", equalTo("shouhu-reportability"))
			.body("services.find { it.hook == 'encounter-discharge' }.id", matchesPattern("shouhu-reportability-.+"))
			.body("services.find { it.hook == 'order-sign' }.id", matchesPattern("shouhu-reportability-.+"))
			.body("services.find { it.hook == 'order-sign' }.prefetch.patient", equalTo("Patient/{{context.patientId}}"))
			.body("services.find { it.hook == 'patient-view' }.prefetch.conditions",
					equalTo("Condition?patient={{context.patientId}}"));
	}

	@Test
	void aMustReportCardIsCriticalInChineseByDefaultAndInEnglishWhenAsked() {
		Bundle visit = visit("2013-03-01", "female", "2026-11-20", "O03");

		JsonPath chinese = hook(HOOK, request("patient-view", visit), null).statusCode(200).extract().jsonPath();
		JsonPath english = hook(HOOK, request("patient-view", visit), "en-US,en;q=0.9").statusCode(200)
			.extract()
			.jsonPath();

		assertThat(chinese.getString("cards[0].indicator")).isEqualTo("critical");
		assertThat(chinese.getString("cards[0].summary")).matches(".*[\\u4e00-\\u9fa5].*").hasSizeLessThanOrEqualTo(140);
		assertThat(chinese.getString("cards[0].detail")).contains("第四条");
		assertThat(chinese.getString("cards[0].suggestions[0].actions[0].type")).isEqualTo("create");
		assertThat(chinese.getString("cards[0].suggestions[0].actions[0].resource.resourceType")).isEqualTo("Bundle");
		assertThat(english.getString("cards[0].summary")).startsWith("Must report").doesNotMatch(".*[\\u4e00-\\u9fa5].*");
		assertThat(english.getString("cards[0].detail")).doesNotMatch(".*[\\u4e00-\\u9fa5].*");
	}

	@Test
	void aConsiderCardIsAWarningAndEveryHookAnswers() {
		// a pregnant girl of 16 with an assault finding: S3 must-report, whichever hook asks
		Bundle assaulted = visit("2010-05-01", "female", "2026-11-20", "Z33", "T74.2");
		for (String[] service : new String[][] { { HOOK, "patient-view" },
				{ "/cds-services/shouhu-reportability-encounter-discharge", "encounter-discharge" },
				{ "/cds-services/shouhu-reportability-order-sign", "order-sign" } }) {
			JsonPath cards = hook(service[0], request(service[1], assaulted), null).statusCode(200).extract().jsonPath();
			assertThat(cards.getList("cards.source.topic.code")).as(service[1]).contains("S3");
		}
		// a normal pregnancy at 16 is no must-report: at most a warning to consider S3
		assertThat(hook(HOOK, request("patient-view", visit("2010-05-01", "female", "2026-11-20", "Z33")), null)
			.statusCode(200)
			.extract()
			.jsonPath()
			.getList("cards.indicator")).containsOnly("warning");
		JsonPath consider = hook(HOOK,
				request("patient-view", visit("2012-01-01", "male", "2026-11-20", "S52.5", "S82.2", "S02.0")), null)
			.statusCode(200)
			.extract()
			.jsonPath();
		assertThat(consider.getList("cards.indicator")).containsOnly("warning");
	}

	@Test
	void theSuggestedReportIsAcceptedUnchangedAndOnceWhicheverCardIsTaken() throws Exception {
		// pregnant at 14 after sexual abuse: S3 and S9, two cards
		Bundle visit = visit("2012-04-01", "female", "2026-11-20", "O03", "T74.2");
		Map<String, Object> request = request("patient-view", visit);

		String body = hook(HOOK, request, null).statusCode(200).extract().asString();
		JsonNode cards = JSON.readTree(body).path("cards");
		assertThat(cards.size()).isGreaterThanOrEqualTo(2);
		// a client may keep a create action in the child's record: the reporting doctor is not in it
		assertThat(body).doesNotContain("\"Practitioner\"");
		List<String> tasks = new ArrayList<>();
		for (JsonNode card : cards) {
			Bundle draft = fhir.newJsonParser()
				.parseResource(Bundle.class, JSON.writeValueAsString(card.path("suggestions").get(0).path("actions").get(0)
					.path("resource")));
			tasks.add(HospitalReports.send(hospital, draft));
		}
		tasks.add(HospitalReports.send(hospital, fhir.newJsonParser().parseResource(Bundle.class,
				JSON.writeValueAsString(cards.get(0).path("suggestions").get(0).path("actions").get(0).path("resource")))));

		assertThat(tasks).containsOnly(tasks.get(0));
		Task task = hospital.read().resource(Task.class).withId(tasks.get(0)).execute();
		assertThat(task.getStatus()).isIn(Task.TaskStatus.RECEIVED, Task.TaskStatus.ACCEPTED);
	}

	@Test
	void theOperationsDraftIsAcceptedUnchanged() {
		Parameters answer = assess(visit("2012-04-01", "female", "2026-11-20", "O03"));
		Bundle draft = (Bundle) answer.getParameter().stream()
			.filter(p -> p.getName().equals("draft"))
			.findFirst()
			.orElseThrow()
			.getResource();

		String task = HospitalReports.send(hospital, draft);

		assertThat(hospital.read().resource(Task.class).withId(task).execute().getFor().getReference())
			.startsWith("urn:uuid:");
	}

	@Test
	void aBodyHapisParserCannotReadIsA400NotA500() {
		String nullEntry = "{\"resourceType\":\"Parameters\",\"parameter\":[{\"name\":\"bundle\",\"resource\":"
				+ "{\"resourceType\":\"Bundle\",\"type\":\"collection\",\"entry\":[{\"resource\":null}]}}]}";
		String nullExtension = "{\"resourceType\":\"Bundle\",\"type\":\"collection\",\"entry\":[{\"resource\":"
				+ "{\"resourceType\":\"Patient\",\"birthDate\":\"2013-03-01\",\"extension\":[null]}}]}";
		for (String body : List.of(nullEntry, nullExtension)) {
			given().auth()
				.oauth2(token)
				.contentType("application/fhir+json")
				.body(body)
				.post(baseUrl() + "/fhir/$assess-reportability")
				.then()
				.statusCode(400)
				.body("resourceType", equalTo("OperationOutcome"));
		}
		given().auth()
			.oauth2(token)
			.contentType("application/fhir+json")
			.body("{\"resourceType\":\"Bundle\",\"type\":\"message\",\"entry\":[{\"resource\":null}]}")
			.post(baseUrl() + "/fhir/$process-message")
			.then()
			.statusCode(400)
			.body("resourceType", equalTo("OperationOutcome"));
	}

	@Test
	void hookCallsNeedAHospitalTokenWithTheScopeOfAReport() {
		String body = JSON.writeValueAsString(request("patient-view", visit("2013-03-01", "female", "2026-11-20", "O03")));
		given().contentType(ContentType.JSON).body(body).post(baseUrl() + HOOK).then().statusCode(401);
		given().auth()
			.oauth2(DemoTokens.userToken(baseUrl(), "intake"))
			.contentType(ContentType.JSON)
			.body(body)
			.post(baseUrl() + HOOK)
			.then()
			.statusCode(403);
		given().auth()
			.oauth2(DemoTokens.hospitalToken(baseUrl(), "hospital-01", "system/Task.rs"))
			.contentType(ContentType.JSON)
			.body(body)
			.post(baseUrl() + HOOK)
			.then()
			.statusCode(403);
	}

	@Test
	void badHookCallsGetAProblemAndNeverA5xx() throws Exception {
		Map<String, Object> good = request("patient-view", visit("2013-03-01", "female", "2026-11-20", "O03"));
		Map<String, Object> wrongHook = new LinkedHashMap<>(good);
		wrongHook.put("hook", "order-sign");
		Map<String, Object> noPatient = new LinkedHashMap<>(good);
		noPatient.put("prefetch", Map.of("conditions", Map.of("resourceType", "Bundle", "type", "searchset")));
		Map<String, Object> notAPatient = new LinkedHashMap<>(good);
		notAPatient.put("prefetch", Map.of("patient", Map.of("resourceType", "Observation", "status", "final"),
				"conditions", Map.of("resourceType", "Bundle", "type", "searchset")));
		Map<String, Object> noBirthDate = new LinkedHashMap<>(good);
		noBirthDate.put("prefetch", Map.of("patient", Map.of("resourceType", "Patient", "gender", "female"),
				"conditions", Map.of("resourceType", "Bundle", "type", "searchset")));
		Map<String, Object> badDate = new LinkedHashMap<>(good);
		badDate.put("prefetch", Map.of("patient", Map.of("resourceType", "Patient", "birthDate", "2013-02-30x"),
				"conditions", Map.of("resourceType", "Bundle", "type", "searchset")));
		Map<String, Object> noContext = new LinkedHashMap<>(good);
		noContext.remove("context");
		// CDS Hooks 2.0: a client that could not fetch a prefetch key may send an OperationOutcome in it
		Map<String, Object> patientNotFetched = new LinkedHashMap<>(good);
		patientNotFetched.put("prefetch", Map.of("patient", Map.of("resourceType", "OperationOutcome", "issue",
				List.of(Map.of("severity", "error", "code", "not-found"))), "conditions",
				Map.of("resourceType", "Bundle", "type", "searchset")));
		Map<String, Object> otherHospitalsWorkstation = new LinkedHashMap<>(good);
		otherHospitalsWorkstation.put("extension", Map.of("io.shouhu.workstation", "ws-123"));
		// HAPI's parser throws a NullPointerException on a null entry resource or a null in a list
		Map<String, Object> nullEntry = new LinkedHashMap<>(good);
		Map<String, Object> withNull = new LinkedHashMap<>();
		withNull.put("resource", null);
		nullEntry.put("prefetch", Map.of("patient", Map.of("resourceType", "Patient", "birthDate", "2013-03-01"),
				"conditions", Map.of("resourceType", "Bundle", "type", "searchset", "entry", List.of(withNull))));
		Map<String, Object> nullExtension = new LinkedHashMap<>(good);
		List<Object> nulls = new ArrayList<>();
		nulls.add(null);
		nullExtension.put("prefetch", Map.of("patient", Map.of("resourceType", "Patient", "birthDate", "2013-03-01",
				"extension", nulls), "conditions", Map.of("resourceType", "Bundle", "type", "searchset")));
		Map<String, Object> bornTomorrow = new LinkedHashMap<>(good);
		bornTomorrow.put("prefetch", Map.of("patient", Map.of("resourceType", "Patient", "birthDate",
				java.time.LocalDate.now(java.time.ZoneId.of("Asia/Shanghai")).plusDays(2).toString()), "conditions",
				Map.of("resourceType", "Bundle", "type", "searchset")));

		Object[][] cases = { { HOOK, "{", 400 }, { HOOK, "[]", 400 }, { HOOK, "", 400 },
				{ HOOK, "{\"a\":" + "[".repeat(3000) + "]".repeat(3000) + "}", 400 },
				{ HOOK, JSON.writeValueAsString(wrongHook), 400 }, { HOOK, JSON.writeValueAsString(noContext), 400 },
				{ HOOK, JSON.writeValueAsString(noPatient), 412 }, { HOOK, JSON.writeValueAsString(notAPatient), 400 },
				{ HOOK, JSON.writeValueAsString(noBirthDate), 400 }, { HOOK, JSON.writeValueAsString(badDate), 400 },
				{ HOOK, JSON.writeValueAsString(nullEntry), 400 }, { HOOK, JSON.writeValueAsString(nullExtension), 400 },
				{ HOOK, JSON.writeValueAsString(bornTomorrow), 400 },
				{ HOOK, "{\"a\":" + "[".repeat(150) + "]".repeat(150) + "}", 400 },
				{ HOOK, JSON.writeValueAsString(patientNotFetched), 412 },
				{ HOOK, JSON.writeValueAsString(otherHospitalsWorkstation), 400 },
				{ "/cds-services/no-such-service", JSON.writeValueAsString(good), 404 } };
		for (Object[] c : cases) {
			given().auth()
				.oauth2(token)
				.contentType(ContentType.JSON)
				.body((String) c[1])
				.post(baseUrl() + c[0])
				.then()
				.statusCode((Integer) c[2])
				.contentType("application/problem+json");
		}
	}

	private io.restassured.response.ValidatableResponse hook(String path, Map<String, Object> request, String language) {
		var spec = given().auth().oauth2(token).contentType(ContentType.JSON);
		if (language != null) {
			spec = spec.header("Accept-Language", language);
		}
		return spec.body(JSON.writeValueAsString(request)).post(baseUrl() + path).then();
	}

	/** A CDS Hooks request with the visit's Patient, Encounter and Conditions prefetched. */
	private Map<String, Object> request(String hook, Bundle visit) {
		Map<String, Object> prefetch = new LinkedHashMap<>();
		Bundle conditions = new Bundle().setType(Bundle.BundleType.SEARCHSET);
		for (Bundle.BundleEntryComponent entry : visit.getEntry()) {
			if (entry.getResource() instanceof Patient patient) {
				prefetch.put("patient", map(patient));
			}
			else if (entry.getResource() instanceof Encounter encounter) {
				prefetch.put("encounter", map(encounter));
			}
			else if (entry.getResource() instanceof Condition) {
				conditions.addEntry().setFullUrl(entry.getFullUrl()).setResource(entry.getResource());
			}
		}
		prefetch.put("conditions", map(conditions));
		Map<String, Object> context = new LinkedHashMap<>();
		context.put("userId", "Practitioner/dr-9");
		context.put("patientId", "p1");
		context.put("encounterId", "e1");
		Map<String, Object> request = new LinkedHashMap<>();
		request.put("hook", hook);
		request.put("hookInstance", java.util.UUID.randomUUID().toString());
		request.put("context", context);
		request.put("prefetch", prefetch);
		return request;
	}

	@SuppressWarnings("unchecked")
	private Map<String, Object> map(org.hl7.fhir.r4.model.Resource resource) {
		return JSON.readValue(fhir.newJsonParser().encodeResourceToString(resource), Map.class);
	}

	private Parameters assess(Bundle visit) {
		Parameters in = new Parameters();
		in.addParameter().setName("bundle").setResource(visit);
		return hospital.operation()
			.onServer()
			.named("$assess-reportability")
			.withParameters(in)
			.returnResourceType(Parameters.class)
			.execute();
	}

	private static Parameters.ParametersParameterComponent part(Parameters.ParametersParameterComponent parameter,
			String name) {
		return parameter.getPart().stream().filter(p -> p.getName().equals(name)).findFirst().orElseThrow();
	}

	private static Map<String, String> expected(JsonNode scenario) {
		Map<String, String> expected = new LinkedHashMap<>();
		scenario.path("expect").properties().forEach(e -> expected.put(e.getKey(), e.getValue().asString()));
		return expected;
	}

	/** A visit as the HIS has it: Patient p1, Encounter e1 on the day, one Condition per code. */
	private static Bundle visit(JsonNode scenario) {
		Bundle bundle = visit(scenario.path("birthDate").asString(), scenario.path("sex").asString(null),
				scenario.path("encounterDate").asString());
		int n = 1;
		for (JsonNode code : scenario.path("codes")) {
			Coding coding = code.isString() ? new Coding(ICD10, code.asString(), null)
					: new Coding(code.path("system").asString(null), code.path("code").asString(null), null);
			Condition condition = new Condition().setCode(new CodeableConcept(coding));
			condition.setId("c" + n);
			bundle.addEntry().setFullUrl("Condition/c" + n++).setResource(condition);
		}
		return bundle;
	}

	private static Bundle visit(String born, String sex, String encountered, String... icd10) {
		Bundle bundle = new Bundle().setType(Bundle.BundleType.COLLECTION);
		Patient patient = new Patient().setBirthDateElement(new DateType(born));
		if (sex != null) {
			patient.setGender(AdministrativeGender.fromCode(sex));
		}
		patient.setId("p1");
		bundle.addEntry().setFullUrl("Patient/p1").setResource(patient);
		Encounter encounter = new Encounter().setStatus(Encounter.EncounterStatus.INPROGRESS)
			.setClass_(new Coding("http://terminology.hl7.org/CodeSystem/v3-ActCode", "AMB", null))
			.setPeriod(new Period().setStartElement(new DateTimeType(encountered + "T10:00:00+08:00")));
		encounter.setId("e1");
		bundle.addEntry().setFullUrl("Encounter/e1").setResource(encounter);
		int n = 1;
		for (String code : icd10) {
			Condition condition = new Condition().setCode(new CodeableConcept(new Coding(ICD10, code, null)));
			condition.setId("c" + n);
			bundle.addEntry().setFullUrl("Condition/c" + n++).setResource(condition);
		}
		return bundle;
	}
}
