package io.shouhu.fhir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.doThrow;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.reset;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import io.shouhu.casework.Hospital;
import io.shouhu.casework.HospitalId;
import io.shouhu.casework.IntakeOutcome;
import io.shouhu.casework.ReportId;
import io.shouhu.casework.ReportRefused;
import io.shouhu.casework.SubmitReport;
import io.shouhu.casework.Urgency;
import jakarta.servlet.Filter;
import jakarta.servlet.http.HttpServletRequest;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CapabilityStatement;
import org.hl7.fhir.r4.model.MessageHeader;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Task;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.mockito.ArgumentCaptor;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;

import ca.uhn.fhir.rest.client.api.IGenericClient;
import ca.uhn.fhir.rest.client.api.ServerValidationModeEnum;
import ca.uhn.fhir.rest.client.interceptor.SimpleRequestHeaderInterceptor;
import ca.uhn.fhir.rest.server.exceptions.ForbiddenOperationException;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;

/**
 * The FHIR server as the application registers it, on a real Tomcat, with casework mocked and the
 * security filter chain replaced by a filter that authenticates the hospital named in a test header.
 */
@SpringBootTest(classes = FhirServerTests.App.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ExtendWith(OutputCaptureExtension.class)
class FhirServerTests extends FhirServerTest {

	private static final String FHIR_JSON = "application/fhir+json";

	private static final ReportId REPORT = CaseworkStubs.REPORT;

	@BeforeEach
	void casework() {
		reset(intake, referenceData);
		CaseworkStubs.takesInTheReport(intake);
		CaseworkStubs.longwan(referenceData, "龙湾区人民检察院");
	}

	@Test
	void hapisGenericClientProcessMessageTakesInTheDemoReport() {
		Bundle response = client("hospital-01").operation()
			.processMessage()
			.setMessageBundle(Demo.bundle(fhir))
			.synchronous(Bundle.class)
			.execute();

		assertResponseMessage(response);
		ArgumentCaptor<SubmitReport> submitted = ArgumentCaptor.forClass(SubmitReport.class);
		verify(intake).submit(submitted.capture());
		assertThat(submitted.getValue().hospital()).isEqualTo(new HospitalId("hospital-01"));
		assertThat(submitted.getValue().urgency()).isEqualTo(Urgency.IMMEDIATE_DANGER);
	}

	@Test
	void aPlainPostOfTheBundleAsJsonOrXmlIsTheSameReport() throws Exception {
		HttpResponse<String> json = post("hospital-01", FHIR_JSON, Demo.json());
		String xmlBody = fhir.newXmlParser().setPrettyPrint(true).encodeResourceToString(Demo.bundle(fhir));
		HttpResponse<String> xml = post("hospital-01", "application/fhir+xml", xmlBody);

		assertThat(json.statusCode()).isEqualTo(200);
		assertThat(json.headers().firstValue("Content-Type").orElseThrow()).startsWith(FHIR_JSON);
		assertResponseMessage(fhir.newJsonParser().parseResource(Bundle.class, json.body()));
		assertThat(xml.statusCode()).isEqualTo(200);
		ArgumentCaptor<SubmitReport> submitted = ArgumentCaptor.forClass(SubmitReport.class);
		verify(intake, times(2)).submit(submitted.capture());
		assertThat(submitted.getAllValues().get(1).payloadDigest())
			.isEqualTo(submitted.getAllValues().get(0).payloadDigest());
	}

	@Test
	void theBundleMayComeAsTheContentParameter() throws Exception {
		Parameters parameters = new Parameters();
		parameters.addParameter().setName("content").setResource(Demo.bundle(fhir));

		HttpResponse<String> response = post("hospital-01", FHIR_JSON,
				fhir.newJsonParser().encodeResourceToString(parameters));

		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		assertResponseMessage(fhir.newJsonParser().parseResource(Bundle.class, response.body()));
	}

	@Test
	void aResendGetsTheSameResponse() throws Exception {
		when(intake.submit(any())).thenReturn(new IntakeOutcome(REPORT, false, CaseworkStubs.received()));

		HttpResponse<String> response = post("hospital-01", FHIR_JSON, Demo.json());

		assertThat(response.statusCode()).isEqualTo(200);
		assertResponseMessage(fhir.newJsonParser().parseResource(Bundle.class, response.body()));
	}

	@Test
	void aBrokenReportIsA422WithTheElementsAtFaultAndNothingIsSubmitted() throws Exception {
		Bundle bundle = Demo.bundle(fhir);
		bundle.setType(Bundle.BundleType.COLLECTION);
		((Patient) bundle.getEntry().get(2).getResource()).setBirthDate(null);

		HttpResponse<String> response = post("hospital-01", FHIR_JSON, fhir.newJsonParser().encodeResourceToString(bundle));

		assertThat(response.statusCode()).isEqualTo(422);
		assertThat(expressions(response)).containsExactlyInAnyOrder("Bundle.type", "Bundle.entry[2].resource.birthDate");
		verify(intake, never()).submit(any());
	}

	@Test
	void anotherResourceThanABundleIsA422() throws Exception {
		HttpResponse<String> response = post("hospital-01", FHIR_JSON,
				"{\"resourceType\":\"Patient\",\"birthDate\":\"2013-05-20\"}");

		assertThat(response.statusCode()).isEqualTo(422);
		verify(intake, never()).submit(any());
	}

	@Test
	void malformedJsonIsA400() throws Exception {
		HttpResponse<String> response = post("hospital-01", FHIR_JSON, "{\"resourceType\":\"Bundle\",\"type\":");

		assertThat(response.statusCode()).isEqualTo(400);
		assertThat(fhir.newJsonParser().parseResource(OperationOutcome.class, response.body()).getIssue()).isNotEmpty();
		verify(intake, never()).submit(any());
	}

	@Test
	void malformedXmlIsA400() throws Exception {
		HttpResponse<String> response = post("hospital-01", "application/fhir+xml",
				"<Bundle xmlns=\"http://hl7.org/fhir\"><type value=\"message\"/>");

		assertThat(response.statusCode()).isEqualTo(400);
		verify(intake, never()).submit(any());
	}

	@Test
	void anInvalidValueIsA400ThatNeitherLogsNorEchoesIt(CapturedOutput output) throws Exception {
		HttpResponse<String> response = post("hospital-01", FHIR_JSON,
				Demo.json().replace("\"birthDate\": \"2013-05-20\"", "\"birthDate\": \"2013-13-45\""));

		assertThat(response.statusCode()).isEqualTo(400);
		OperationOutcome outcome = fhir.newJsonParser().parseResource(OperationOutcome.class, response.body());
		assertThat(outcome.getIssueFirstRep().getDiagnostics()).contains("birthDate").doesNotContain("2013-13-45");
		assertThat(output.getAll()).doesNotContain("2013-13-45");
		verify(intake, never()).submit(any());
	}

	@Test
	void xmlExternalEntitiesAreNeitherResolvedNorEchoed(@TempDir Path dir) throws Exception {
		Path secret = dir.resolve("secret.txt");
		Files.writeString(secret, "XXE-CANARY-4711");
		String doctype = "<?xml version=\"1.0\"?>\n<!DOCTYPE Bundle [ <!ENTITY xxe SYSTEM \"" + secret.toUri()
				+ "\"> ]>\n";
		String xml = fhir.newXmlParser().encodeResourceToString(Demo.bundle(fhir));
		String inText = doctype + xml.replace("<gender value=\"female\"></gender>",
				"<text><status value=\"generated\"></status><div xmlns=\"http://www.w3.org/1999/xhtml\">&xxe;</div></text>"
						+ "<gender value=\"female\"></gender>");
		String inAttribute = doctype + xml.replace("value=\"MR-2026-000001\"", "value=\"&xxe;\"");
		assertThat(inText).contains("&xxe;</div>");
		assertThat(inAttribute).contains("\"&xxe;\"");

		for (String attack : List.of(inText, inAttribute)) {
			HttpResponse<String> response = post("hospital-01", "application/fhir+xml", attack);

			assertThat(response.statusCode()).isIn(400, 422);
			assertThat(response.body()).doesNotContain("XXE-CANARY-4711");
		}
		verify(intake, never()).submit(any());
	}

	@Test
	void aReportNamingAnotherHospitalIsForbidden() throws Exception {
		HttpResponse<String> response = post("hospital-02", FHIR_JSON, Demo.json());

		assertThat(response.statusCode()).isEqualTo(403);
		assertThat(expressions(response)).containsExactly("Bundle.entry[4].resource.identifier");
		verify(intake, never()).submit(any());
	}

	@Test
	void theClaimOfTheTokenWinsOverItsSubject() throws Exception {
		HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(base() + "/$process-message"))
			.header("Content-Type", FHIR_JSON)
			.header(TestAuthentication.HOSPITAL, "hospital-01")
			.header(TestAuthentication.SUBJECT, "hospital-02")
			.POST(HttpRequest.BodyPublishers.ofString(Demo.json()))
			.build(), HttpResponse.BodyHandlers.ofString());

		assertThat(response.statusCode()).isEqualTo(200);
	}

	@Test
	void refusalsOfCaseworkMapToTheirStatus() throws Exception {
		assertRefusal(ReportRefused.Reason.UNKNOWN_HOSPITAL, 403);
		assertRefusal(ReportRefused.Reason.WORKSTATION_OF_ANOTHER_HOSPITAL, 403);
		assertRefusal(ReportRefused.Reason.UNKNOWN_WORKSTATION, 422);
		assertRefusal(ReportRefused.Reason.NOT_A_MINOR, 422);
		assertRefusal(ReportRefused.Reason.NO_SITUATION, 422);
		assertRefusal(ReportRefused.Reason.INTAKE_KEY_REUSED, 409);
	}

	@Test
	void aHospitalReadsTheTaskOfItsReport() {
		Task task = client("hospital-01").read().resource(Task.class).withId(REPORT.value()).execute();

		assertThat(task.getIdElement().getIdPart()).isEqualTo(REPORT.value());
		assertThat(task.getStatus()).isEqualTo(Task.TaskStatus.RECEIVED);
		assertThat(task.getIntent()).isEqualTo(Task.TaskIntent.ORDER);
		assertThat(task.getCode().getText()).isEqualTo("mandatory report");
		assertThat(task.getAuthoredOn()).isEqualTo(java.util.Date.from(Instant.parse("2026-11-28T07:06:00Z")));
		assertThat(task.getOwner().getDisplay()).isEqualTo("龙湾区人民检察院");
		assertThat(task.getOwner().hasReference()).isFalse();
		assertThat(fhir.newJsonParser().encodeResourceToString(task)).doesNotContain("示例", "演示", "Patient");
	}

	@Test
	void theTaskOfAnotherHospitalsReportIsNotFound() {
		IGenericClient other = client("hospital-02");

		assertThatThrownBy(() -> other.read().resource(Task.class).withId(REPORT.value()).execute())
			.isInstanceOf(ResourceNotFoundException.class);
		assertThatThrownBy(() -> other.read().resource(Task.class).withId("a".repeat(65)).execute())
			.isInstanceOf(ResourceNotFoundException.class);
	}

	@Test
	void withoutAHospitalNothingIsRead() {
		assertThatThrownBy(() -> client(null).read().resource(Task.class).withId(REPORT.value()).execute())
			.isInstanceOf(ca.uhn.fhir.rest.server.exceptions.AuthenticationException.class);
		assertThatThrownBy(() -> client("no such hospital id that is far too long to be one, really, far too long")
			.read()
			.resource(Task.class)
			.withId(REPORT.value())
			.execute()).isInstanceOf(ForbiddenOperationException.class);
	}

	@Test
	void metadataIsACapabilityStatementWithTheOperationAndTheTask() throws Exception {
		HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(base() + "/metadata")).build(),
				HttpResponse.BodyHandlers.ofString());

		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.headers().firstValue("Content-Type").orElseThrow()).startsWith(FHIR_JSON);
		CapabilityStatement capabilities = fhir.newJsonParser().parseResource(CapabilityStatement.class, response.body());
		CapabilityStatement.CapabilityStatementRestComponent rest = capabilities.getRestFirstRep();
		assertThat(rest.getOperation()).extracting(o -> o.getName()).contains("process-message");
		assertThat(rest.getResource()).extracting(r -> r.getType()).contains("Task");
	}

	@Test
	void smartConfigurationIsServedFromTheRequestsOwnBase() throws Exception {
		for (String host : List.of("localhost", "127.0.0.1")) {
			HttpResponse<String> response = http.send(
					HttpRequest.newBuilder(URI.create("http://" + host + ":" + port + SmartConfigurationServlet.PATH))
						.build(),
					HttpResponse.BodyHandlers.ofString());

			assertThat(response.statusCode()).isEqualTo(200);
			assertThat(response.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/json");
			assertThat(response.body()).contains("\"token_endpoint\":\"http://" + host + ":" + port + "/oauth2/token\"",
					"\"jwks_uri\":\"http://" + host + ":" + port + "/oauth2/jwks\"",
					"\"token_endpoint_auth_methods_supported\":[\"private_key_jwt\"]",
					"\"token_endpoint_auth_signing_alg_values_supported\":[\"RS384\",\"ES384\"]",
					"\"grant_types_supported\":[\"client_credentials\"]",
					"\"scopes_supported\":[\"system/Bundle.c\",\"system/Task.rs\"]",
					"\"capabilities\":[\"client-confidential-asymmetric\"]");
		}
	}

	private void assertRefusal(ReportRefused.Reason reason, int status) throws Exception {
		doThrow(Demo.refused(reason, "Refused for " + reason + ".")).when(intake).submit(any());

		HttpResponse<String> response = post("hospital-01", FHIR_JSON, Demo.json());

		assertThat(response.statusCode()).as(reason.name()).isEqualTo(status);
		OperationOutcome outcome = fhir.newJsonParser().parseResource(OperationOutcome.class, response.body());
		assertThat(outcome.getIssueFirstRep().getDiagnostics()).isEqualTo("Refused for " + reason + ".");
		assertThat(outcome.getIssueFirstRep().getExpression()).hasSize(1);
	}

	private void assertResponseMessage(Bundle response) {
		assertThat(response.getType()).isEqualTo(Bundle.BundleType.MESSAGE);
		MessageHeader header = (MessageHeader) response.getEntry().get(0).getResource();
		assertThat(header.getResponse().getIdentifier()).isEqualTo("0a6b7c8d-1e2f-4a3b-9c4d-5e6f7a8b9c0d");
		assertThat(header.getResponse().getCode()).isEqualTo(MessageHeader.ResponseType.OK);
		assertThat(header.getFocusFirstRep().getReference()).isEqualTo("Task/" + REPORT.value());
		assertThat(header.getEventCoding().getCode()).isEqualTo("mandatory-report");
		Bundle.BundleEntryComponent taskEntry = response.getEntry().get(1);
		assertThat(taskEntry.getFullUrl()).isEqualTo(base() + "/Task/" + REPORT.value());
		assertThat(((Task) taskEntry.getResource()).getStatus()).isEqualTo(Task.TaskStatus.RECEIVED);
	}

	private List<String> expressions(HttpResponse<String> response) {
		return fhir.newJsonParser()
			.parseResource(OperationOutcome.class, response.body())
			.getIssue()
			.stream()
			.flatMap(issue -> issue.getExpression().stream())
			.map(e -> e.getValue())
			.toList();
	}

	private HttpResponse<String> post(String hospital, String contentType, String body)
			throws IOException, InterruptedException {
		return http.send(HttpRequest.newBuilder(URI.create(base() + "/$process-message"))
			.header("Content-Type", contentType)
			.header(TestAuthentication.HOSPITAL, hospital)
			.POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8))
			.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
	}

	private IGenericClient client(String hospital) {
		fhir.getRestfulClientFactory().setServerValidationMode(ServerValidationModeEnum.NEVER);
		IGenericClient client = fhir.newRestfulGenericClient(base());
		if (hospital != null) {
			client.registerInterceptor(new SimpleRequestHeaderInterceptor(TestAuthentication.HOSPITAL, hospital));
		}
		return client;
	}

	@SpringBootConfiguration
	@Import({ FhirServerConfiguration.class, io.shouhu.casework.Reportability.class })
	static class App {

		@Bean
		static org.springframework.context.support.PropertySourcesPlaceholderConfigurer placeholders() {
			return new org.springframework.context.support.PropertySourcesPlaceholderConfigurer();
		}

		@Bean
		TomcatServletWebServerFactory tomcat() {
			return new TomcatServletWebServerFactory(0);
		}

		@Bean
		FilterRegistrationBean<Filter> testAuthentication() {
			return new FilterRegistrationBean<>(new TestAuthentication());
		}
	}

	/** Stands in for the resource-server filter chain: a hospital token from test headers. */
	static final class TestAuthentication implements Filter {

		static final String HOSPITAL = "X-Test-Hospital";

		static final String SUBJECT = "X-Test-Subject";

		@Override
		public void doFilter(jakarta.servlet.ServletRequest request, jakarta.servlet.ServletResponse response,
				jakarta.servlet.FilterChain chain) throws IOException, jakarta.servlet.ServletException {
			HttpServletRequest http = (HttpServletRequest) request;
			String hospital = http.getHeader(HOSPITAL);
			if (hospital != null) {
				Jwt jwt = Jwt.withTokenValue("test")
					.header("alg", "none")
					.subject(Optional.ofNullable(http.getHeader(SUBJECT)).orElse(hospital))
					.claim("hospital", hospital)
					.build();
				SecurityContextHolder.getContext().setAuthentication(new JwtAuthenticationToken(jwt, List.of()));
			}
			try {
				chain.doFilter(request, response);
			}
			finally {
				SecurityContextHolder.clearContext();
			}
		}
	}
}
