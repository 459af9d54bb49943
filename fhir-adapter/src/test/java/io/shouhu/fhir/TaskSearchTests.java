package io.shouhu.fhir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.reset;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import io.shouhu.casework.HospitalId;
import io.shouhu.casework.IntakeKey;
import io.shouhu.casework.Jurisdiction;
import io.shouhu.casework.JurisdictionId;
import io.shouhu.casework.ReportId;
import io.shouhu.casework.ReportStatus;
import io.shouhu.casework.ReportStatusQuery;
import io.shouhu.casework.ReportStatusView;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.Task;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;
import org.springframework.boot.test.context.SpringBootTest;

import ca.uhn.fhir.rest.api.EncodingEnum;
import ca.uhn.fhir.rest.client.api.IGenericClient;
import ca.uhn.fhir.rest.client.api.ServerValidationModeEnum;
import ca.uhn.fhir.rest.client.interceptor.SimpleRequestHeaderInterceptor;
import ca.uhn.fhir.rest.gclient.TokenClientParam;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;

/** {@code GET /fhir/Task?...}: the parameters as casework gets them, and the searchset the hospital gets. */
@SpringBootTest(classes = FhirTestServer.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = FhirTestServer.LIMIT)
class TaskSearchTests extends FhirServerTest {

	private static final HospitalId HOSPITAL = new HospitalId("hospital-01");

	private static final String SYSTEM = "https://hospital-01.example.cn/fhir/sid/mandatory-report";

	@BeforeEach
	void casework() {
		reset(intake, referenceData);
		when(intake.statuses(eq(HOSPITAL), any())).thenReturn(List.of(view("r-1", "MR-1")));
		when(referenceData.jurisdiction(new JurisdictionId("longwan")))
			.thenReturn(Optional.of(new Jurisdiction(new JurisdictionId("longwan"), "温州市龙湾区人民检察院")));
	}

	@Test
	void byIdentifierWithSystem() {
		Bundle result = client(EncodingEnum.JSON).search()
			.forResource(Task.class)
			.where(Task.IDENTIFIER.exactly().systemAndIdentifier(SYSTEM, "MR-1"))
			.returnBundle(Bundle.class)
			.execute();

		ReportStatusQuery query = query();
		assertThat(query.identifierSystem()).isEqualTo(SYSTEM);
		assertThat(query.identifierValue()).isEqualTo("MR-1");
		assertThat(query.report()).isNull();
		assertThat(query.updatedAfter()).isNull();
		assertThat(query.limit()).isEqualTo(TaskResourceProvider.DEFAULT_COUNT + 1);
		assertThat(result.getType()).isEqualTo(Bundle.BundleType.SEARCHSET);
		assertThat(result.getTotal()).isEqualTo(1);
		Task task = (Task) result.getEntryFirstRep().getResource();
		assertThat(task.getIdElement().getIdPart()).isEqualTo("r-1");
		assertThat(task.getIdentifierFirstRep().getValue()).isEqualTo("MR-1");
		assertThat(result.getEntryFirstRep().getSearch().getMode()).isEqualTo(Bundle.SearchEntryMode.MATCH);
		assertThat(result.getEntryFirstRep().getFullUrl()).endsWith("/fhir/Task/r-1");
	}

	@Test
	void byIdentifierValueInXml() {
		Bundle result = client(EncodingEnum.XML).search()
			.forResource(Task.class)
			.where(Task.IDENTIFIER.exactly().code("MR-1"))
			.returnBundle(Bundle.class)
			.execute();

		assertThat(query().identifierSystem()).isNull();
		assertThat(query().identifierValue()).isEqualTo("MR-1");
		assertThat(result.getEntry()).hasSize(1);
	}

	@Test
	void byIdentifierWithoutSystem() throws Exception {
		assertThat(get("Task?identifier=%7CMR-1").statusCode()).isEqualTo(200);

		assertThat(query().identifierSystem()).isEmpty();
		assertThat(query().identifierValue()).isEqualTo("MR-1");
	}

	@Test
	void byFocusTheReportId() {
		client(EncodingEnum.JSON).search()
			.forResource(Task.class)
			.where(Task.FOCUS.hasId("r-1"))
			.returnBundle(Bundle.class)
			.execute();

		assertThat(query().report()).isEqualTo(new ReportId("r-1"));
		assertThat(query().identifierValue()).isNull();
	}

	@Test
	void byFocusIdentifier() {
		client(EncodingEnum.JSON).search()
			.forResource(Task.class)
			.where(new TokenClientParam("focus:identifier").exactly().systemAndIdentifier(SYSTEM, "MR-1"))
			.returnBundle(Bundle.class)
			.execute();

		assertThat(query().identifierSystem()).isEqualTo(SYSTEM);
		assertThat(query().identifierValue()).isEqualTo("MR-1");
	}

	@Test
	void contradictingIdentifiersMatchNothing() throws Exception {
		HttpResponse<String> response = get("Task?identifier=MR-1&focus:identifier=MR-2");

		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(fhir.newJsonParser().parseResource(Bundle.class, response.body()).getEntry()).isEmpty();
		verify(intake, never()).statuses(any(), any());
	}

	@Test
	void byFocusWithAResourceTypeIsExplained() throws Exception {
		HttpResponse<String> response = get("Task?focus=Flag/abc");

		assertThat(response.statusCode()).isEqualTo(400);
		assertThat(outcome(response).getIssueFirstRep().getDiagnostics()).contains("focus:identifier");
	}

	@Test
	void byLastUpdatedGreaterThanAnInstant() throws Exception {
		get("Task?_lastUpdated=gt2026-11-28T07:06:00.123Z");
		// after the millisecond given
		assertThat(query().updatedAfter()).isEqualTo(Instant.parse("2026-11-28T07:06:00.123Z"));

		reset(intake);
		get("Task?_lastUpdated=gt2026-11-28T15:06:00%2B08:00");
		// after the whole second given
		assertThat(query().updatedAfter()).isEqualTo(Instant.parse("2026-11-28T07:06:00.999Z"));
	}

	@Test
	void byLastUpdatedGreaterOrEqual() throws Exception {
		get("Task?_lastUpdated=ge2026-11-28T07:06:00Z");

		assertThat(query().updatedAfter()).isEqualTo(Instant.parse("2026-11-28T07:05:59.999Z"));
	}

	@Test
	void byLastUpdatedWithADayInShanghai() throws Exception {
		get("Task?_lastUpdated=gt2026-11-28");
		assertThat(query().updatedAfter()).isEqualTo(Instant.parse("2026-11-28T15:59:59.999Z"));

		reset(intake);
		get("Task?_lastUpdated=ge2026-11-28");
		assertThat(query().updatedAfter()).isEqualTo(Instant.parse("2026-11-27T15:59:59.999Z"));

		reset(intake);
		get("Task?_lastUpdated=ge2026-11");
		assertThat(query().updatedAfter()).isEqualTo(Instant.parse("2026-10-31T15:59:59.999Z"));
	}

	@Test
	void otherPrefixesOfLastUpdatedAreRefused() throws Exception {
		for (String value : List.of("lt2026-11-28", "2026-11-28", "le2026-11-28T07:00:00Z", "eq2026-11-28")) {
			HttpResponse<String> response = get("Task?_lastUpdated=" + value);

			assertThat(response.statusCode()).as(value).isEqualTo(400);
			assertThat(outcome(response).getIssueFirstRep().getDiagnostics()).as(value).contains("gt");
		}
		verify(intake, never()).statuses(any(), any());
	}

	@Test
	void criteriaCombine() throws Exception {
		get("Task?identifier=" + SYSTEM + "%7CMR-1&focus=r-1&_lastUpdated=gt2026-11-28T07:06:00.000Z&_count=5");

		ReportStatusQuery query = query();
		assertThat(query.identifierSystem()).isEqualTo(SYSTEM);
		assertThat(query.identifierValue()).isEqualTo("MR-1");
		assertThat(query.report()).isEqualTo(new ReportId("r-1"));
		assertThat(query.updatedAfter()).isEqualTo(Instant.parse("2026-11-28T07:06:00Z"));
		assertThat(query.limit()).isEqualTo(6);
	}

	@Test
	void aPageThatCannotHoldAllMatchesSaysSo() {
		when(intake.statuses(eq(HOSPITAL), any()))
			.thenReturn(List.of(view("r-3", "MR-3"), view("r-2", "MR-2"), view("r-1", "MR-1")));

		Bundle result = client(EncodingEnum.JSON).search()
			.forResource(Task.class)
			.count(2)
			.returnBundle(Bundle.class)
			.execute();

		assertThat(query().limit()).isEqualTo(3);
		assertThat(result.getEntry()).hasSize(3);
		assertThat(result.getEntry().subList(0, 2)).extracting(e -> e.getResource().getIdElement().getIdPart())
			.containsExactly("r-3", "r-2");
		Bundle.BundleEntryComponent warning = result.getEntry().get(2);
		assertThat(warning.getResource()).isInstanceOf(OperationOutcome.class);
		assertThat(warning.getSearch().getMode()).isEqualTo(Bundle.SearchEntryMode.OUTCOME);
		assertThat(result.getTotalElement().hasValue()).as("the total is unknown").isFalse();
		assertThat(result.getTotalElement().getExtensionByUrl(TaskResourceProvider.DATA_ABSENT_REASON)).isNotNull();
		assertThat(result.getLink(Bundle.LINK_NEXT)).as("a next link").isNotNull();
		assertThat(result.getLink(Bundle.LINK_NEXT).getUrl()).contains("_count=2", "_cursor=");
	}

	@Test
	void theNextLinkContinuesAfterTheLastTaskOfThePage() {
		when(intake.statuses(eq(HOSPITAL), any()))
			.thenReturn(List.of(view("r-3", "MR-3"), view("r-2", "MR-2"), view("r-1", "MR-1")));
		IGenericClient client = client(EncodingEnum.JSON);
		Bundle first = client.search().forResource(Task.class).count(2).returnBundle(Bundle.class).execute();
		org.mockito.Mockito.clearInvocations(intake);

		client.loadPage().next(first).execute();

		ReportStatusQuery.Position after = query().continueAfter();
		assertThat(after.report()).isEqualTo(new ReportId("r-2"));
		assertThat(after.lastUpdated()).isEqualTo(view("r-2", "MR-2").lastUpdated());
		assertThat(query().limit()).isEqualTo(3);
	}

	@Test
	void aQueryStringThatDoesNotDecodeIsA400NotA500() throws Exception {
		// Java's HTTP client refuses to send such a URI: written by hand, as a careless HIS might.
		java.net.URI base = java.net.URI.create(base());
		try (java.net.Socket socket = new java.net.Socket(base.getHost(), base.getPort())) {
			socket.getOutputStream()
				.write(("GET " + base.getPath() + "/Task?identifier=%%% HTTP/1.1\r\nHost: localhost\r\n"
						+ FhirServerTests.TestAuthentication.HOSPITAL + ": " + HOSPITAL.value()
						+ "\r\nConnection: close\r\n\r\n").getBytes(java.nio.charset.StandardCharsets.US_ASCII));
			String answer = new String(socket.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);

			assertThat(answer).startsWith("HTTP/1.1 400").contains("OperationOutcome", "percent-encoding");
		}
	}

	@Test
	void aCursorThisServerDidNotGiveIsA400() throws Exception {
		HttpResponse<String> response = get("Task?_cursor=not-a-cursor");

		assertThat(response.statusCode()).isEqualTo(400);
		assertThat(response.body()).contains("OperationOutcome", "_cursor");
	}

	@Test
	void theCountIsCapped() throws Exception {
		get("Task?_count=100000");

		assertThat(query().limit()).isEqualTo(TaskResourceProvider.MAX_COUNT + 1);
	}

	@Test
	void onlyTheCallersReportsAreSearched() {
		client(EncodingEnum.JSON, "hospital-02").search().forResource(Task.class).returnBundle(Bundle.class).execute();

		ArgumentCaptor<HospitalId> hospital = ArgumentCaptor.forClass(HospitalId.class);
		verify(intake).statuses(hospital.capture(), any());
		assertThat(hospital.getValue()).isEqualTo(new HospitalId("hospital-02"));
	}

	@Test
	void anUnknownParameterIsA400() {
		assertThatThrownBy(() -> client(EncodingEnum.JSON).search()
			.forResource(Task.class)
			.where(new TokenClientParam("status").exactly().code("received"))
			.returnBundle(Bundle.class)
			.execute()).isInstanceOf(InvalidRequestException.class);
	}

	@Test
	void withoutAHospitalNothingIsSearched() throws Exception {
		HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(base() + "/Task?identifier=MR-1")).build(),
				HttpResponse.BodyHandlers.ofString());

		assertThat(response.statusCode()).isEqualTo(401);
		verify(intake, never()).statuses(any(), any());
	}

	@Test
	void theCapabilityStatementNamesTheSearchAndTheTransaction() throws Exception {
		HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(base() + "/metadata")).build(),
				HttpResponse.BodyHandlers.ofString());

		org.hl7.fhir.r4.model.CapabilityStatement.CapabilityStatementRestComponent rest = fhir.newJsonParser()
			.parseResource(org.hl7.fhir.r4.model.CapabilityStatement.class, response.body())
			.getRestFirstRep();
		assertThat(rest.getResource()).filteredOn(r -> "Task".equals(r.getType()))
			.singleElement()
			.satisfies(task -> assertThat(task.getSearchParam()).extracting(p -> p.getName())
				.contains("identifier", "focus"));
		assertThat(rest.getInteraction()).extracting(i -> i.getCode().toCode()).contains("transaction");
	}

	private ReportStatusQuery query() {
		ArgumentCaptor<ReportStatusQuery> query = ArgumentCaptor.forClass(ReportStatusQuery.class);
		verify(intake).statuses(eq(HOSPITAL), query.capture());
		return query.getValue();
	}

	private static ReportStatusView view(String id, String value) {
		return new ReportStatusView(new ReportId(id), HOSPITAL, new JurisdictionId("longwan"), new IntakeKey(SYSTEM, value),
				"urn:uuid:2c8d9e0f-3a4b-4c5d-9e6f-7a8b9c0d1e2f", ReportStatus.RECEIVED, Instant.parse("2026-11-28T07:06:00Z"),
				Instant.parse("2026-11-28T07:06:00Z"));
	}

	private OperationOutcome outcome(HttpResponse<String> response) {
		return fhir.newJsonParser().parseResource(OperationOutcome.class, response.body());
	}

	private HttpResponse<String> get(String path) throws Exception {
		return http.send(HttpRequest.newBuilder(URI.create(base() + "/" + path))
			.header(FhirServerTests.TestAuthentication.HOSPITAL, HOSPITAL.value())
			.build(), HttpResponse.BodyHandlers.ofString());
	}

	private IGenericClient client(EncodingEnum encoding) {
		return client(encoding, HOSPITAL.value());
	}

	private IGenericClient client(EncodingEnum encoding, String hospital) {
		fhir.getRestfulClientFactory().setServerValidationMode(ServerValidationModeEnum.NEVER);
		IGenericClient client = fhir.newRestfulGenericClient(base());
		client.setEncoding(encoding);
		client.registerInterceptor(new SimpleRequestHeaderInterceptor(FhirServerTests.TestAuthentication.HOSPITAL, hospital));
		return client;
	}

}
