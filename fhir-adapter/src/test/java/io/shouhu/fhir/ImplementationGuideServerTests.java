package io.shouhu.fhir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.reset;
import static org.mockito.Mockito.verify;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import io.shouhu.casework.HospitalId;
import io.shouhu.casework.ReportId;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CapabilityStatement;
import org.hl7.fhir.r4.model.CodeSystem;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.StructureDefinition;
import org.hl7.fhir.r4.model.ValueSet;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.boot.test.context.SpringBootTest;

/**
 * The implementation guide as the server publishes it (its resources, the CapabilityStatement) and
 * as it applies it to what hospitals send.
 */
@SpringBootTest(classes = FhirTestServer.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = FhirTestServer.LIMIT)
class ImplementationGuideServerTests extends FhirServerTest {

	private static final String FHIR_JSON = "application/fhir+json";

	private static final ReportId REPORT = CaseworkStubs.REPORT;

	private static final HospitalId HOSPITAL = CaseworkStubs.HOSPITAL;

	@BeforeEach
	void casework() {
		reset(intake, referenceData);
		CaseworkStubs.takesInTheReport(intake);
		CaseworkStubs.longwan(referenceData, "龙湾区人民检察院");
	}

	@Test
	void theProfilesCodeSystemsAndValueSetsAreServedWithoutAHospital() throws Exception {
		StructureDefinition flag = get("/StructureDefinition/shouhu-report-flag", StructureDefinition.class);
		CodeSystem situations = get("/CodeSystem/statutory-situation", CodeSystem.class);
		ValueSet urgency = get("/ValueSet/report-urgency", ValueSet.class);

		assertThat(flag.getUrl()).isEqualTo("https://shouhu.io/fhir/StructureDefinition/shouhu-report-flag");
		assertThat(flag.getSnapshot().getElement()).isNotEmpty();
		assertThat(situations.getConcept()).hasSize(9);
		assertThat(urgency.getUrl()).isEqualTo("https://shouhu.io/fhir/ValueSet/report-urgency");
	}

	@Test
	void aCanonicalIsFoundBySearchingItsUrl() throws Exception {
		Bundle found = get("/StructureDefinition?url=" + FhirContract.URGENCY_EXTENSION + "%7C0.1.0", Bundle.class);
		Bundle all = get("/CodeSystem", Bundle.class);

		assertThat(found.getEntry()).singleElement()
			.satisfies(e -> assertThat(((StructureDefinition) e.getResource()).getUrl())
				.isEqualTo(FhirContract.URGENCY_EXTENSION));
		assertThat(all.getEntry()).hasSize(4);
	}

	@Test
	void anUnknownOneIsNotFound() throws Exception {
		HttpResponse<String> response = http.send(
				HttpRequest.newBuilder(URI.create(base() + "/StructureDefinition/no-such-profile")).build(),
				HttpResponse.BodyHandlers.ofString());

		assertThat(response.statusCode()).isEqualTo(404);
	}

	@Test
	void theCapabilityStatementNamesTheProfilesAndTheOperation() throws Exception {
		CapabilityStatement capabilities = get("/metadata", CapabilityStatement.class);
		CapabilityStatement.CapabilityStatementRestComponent rest = capabilities.getRestFirstRep();

		assertThat(rest.getOperation()).extracting(o -> o.getName()).contains("process-message");
		assertThat(resource(rest, "Bundle").getProfile())
			.isEqualTo("https://shouhu.io/fhir/StructureDefinition/shouhu-report-bundle");
		assertThat(resource(rest, "Patient").getSupportedProfile()).extracting(p -> p.getValue())
			.containsExactly("https://shouhu.io/fhir/StructureDefinition/shouhu-minor-patient");
		assertThat(resource(rest, "Organization").getSupportedProfile()).extracting(p -> p.getValue())
			.containsExactly("https://shouhu.io/fhir/StructureDefinition/shouhu-hospital-organization");
		for (String type : List.of("MessageHeader", "Flag", "Practitioner", "Encounter", "Condition", "Observation",
				"DocumentReference")) {
			assertThat(resource(rest, type).getProfile()).as(type).startsWith("https://shouhu.io/fhir/StructureDefinition/");
		}
		assertThat(resource(rest, "StructureDefinition").getInteraction()).extracting(i -> i.getCode())
			.contains(CapabilityStatement.TypeRestfulInteraction.READ);
		// asked twice, the statement is the same: nothing is added again to a cached one
		assertThat(fhir.newJsonParser().encodeResourceToString(get("/metadata", CapabilityStatement.class)))
			.isEqualTo(fhir.newJsonParser().encodeResourceToString(capabilities));
	}

	@Test
	void theOperationsDefinitionNamedInTheCapabilityStatementCanBeRead() throws Exception {
		CapabilityStatement capabilities = get("/metadata", CapabilityStatement.class);
		String definition = capabilities.getRestFirstRep()
			.getOperation()
			.stream()
			.filter(o -> o.getName().equals("process-message"))
			.findFirst()
			.orElseThrow()
			.getDefinition();

		org.hl7.fhir.r4.model.OperationDefinition operation = get(
				definition.substring(definition.indexOf("/OperationDefinition/")),
				org.hl7.fhir.r4.model.OperationDefinition.class);

		assertThat(operation.getCode()).isEqualTo("process-message");
	}

	static List<Path> examples() throws IOException {
		return ReportValidatorTests.examples().toList();
	}

	@ParameterizedTest
	@MethodSource("examples")
	void everyExampleIsTakenIn(Path example) throws Exception {
		String body = Files.readString(example, StandardCharsets.UTF_8);
		String type = example.toString().endsWith(".xml") ? "application/fhir+xml" : FHIR_JSON;

		HttpResponse<String> response = post(type, body, null);

		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
	}

	@Test
	void errorsAreInChineseUnlessTheCallerPrefersEnglish() throws Exception {
		Bundle bundle = Demo.bundle(fhir);
		((Patient) bundle.getEntry().get(2).getResource()).setBirthDate(null);
		String body = fhir.newJsonParser().encodeResourceToString(bundle);

		OperationOutcome chinese = outcome(post(FHIR_JSON, body, null));
		OperationOutcome alsoChinese = outcome(post(FHIR_JSON, body, "zh-CN,zh;q=0.9"));
		OperationOutcome english = outcome(post(FHIR_JSON, body, "en-US,en;q=0.9"));

		assertThat(chinese.getIssueFirstRep().getDiagnostics()).isEqualTo("缺少必填元素 Patient.birthDate。");
		assertThat(alsoChinese.getIssueFirstRep().getDiagnostics()).isEqualTo("缺少必填元素 Patient.birthDate。");
		assertThat(english.getIssueFirstRep().getDiagnostics()).isEqualTo("Patient.birthDate is required.");
		assertThat(english.getIssueFirstRep().getExpression().get(0).getValue())
			.isEqualTo("Bundle.entry[2].resource.birthDate");
		verify(intake, never()).submit(any());
	}

	@Test
	void theReadersOwnFindingsComeInTheCallersLanguageToo() throws Exception {
		// Valid against the profiles, but the Flag names a Patient that is not in the Bundle: the reader's 422.
		Bundle bundle = Demo.bundle(fhir);
		((org.hl7.fhir.r4.model.Flag) bundle.getEntry().get(1).getResource()).getSubject()
			.setReference("urn:uuid:00000000-0000-4000-8000-000000000000");
		String body = fhir.newJsonParser().encodeResourceToString(bundle);

		OperationOutcome chinese = outcome(post(FHIR_JSON, body, null));
		OperationOutcome english = outcome(post(FHIR_JSON, body, "en"));

		assertThat(chinese.getIssue()).extracting(i -> i.getDiagnostics())
			.contains("Flag.subject 必须引用本 Bundle 中的 Patient。");
		assertThat(english.getIssue()).extracting(i -> i.getDiagnostics())
			.contains("Flag.subject must reference the Patient entry of this Bundle.");
		verify(intake, never()).submit(any());
	}

	private static CapabilityStatement.CapabilityStatementRestResourceComponent resource(
			CapabilityStatement.CapabilityStatementRestComponent rest, String type) {
		return rest.getResource().stream().filter(r -> type.equals(r.getType())).findFirst().orElseThrow();
	}

	private <T extends org.hl7.fhir.instance.model.api.IBaseResource> T get(String path, Class<T> type)
			throws Exception {
		HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(base() + path)).build(),
				HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
		assertThat(response.statusCode()).as(path + ": " + response.body()).isEqualTo(200);
		return fhir.newJsonParser().parseResource(type, response.body());
	}

	private HttpResponse<String> post(String contentType, String body, String acceptLanguage) throws Exception {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base() + "/$process-message"))
			.header("Content-Type", contentType)
			.header(FhirServerTests.TestAuthentication.HOSPITAL, HOSPITAL.value())
			.POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
		if (acceptLanguage != null) {
			request.header("Accept-Language", acceptLanguage);
		}
		return http.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
	}

	private OperationOutcome outcome(HttpResponse<String> response) {
		assertThat(response.statusCode()).as(response.body()).isEqualTo(422);
		return fhir.newJsonParser().parseResource(OperationOutcome.class, response.body());
	}

}
