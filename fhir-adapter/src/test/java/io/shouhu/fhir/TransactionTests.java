package io.shouhu.fhir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.reset;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

import io.shouhu.casework.HospitalId;
import io.shouhu.casework.IntakeKey;
import io.shouhu.casework.IntakeOutcome;
import io.shouhu.casework.Jurisdiction;
import io.shouhu.casework.JurisdictionId;
import io.shouhu.casework.ReportId;
import io.shouhu.casework.ReportStatusQuery;
import io.shouhu.casework.ReportStatusView;
import io.shouhu.casework.SubmitReport;
import io.shouhu.casework.Urgency;
import io.shouhu.casework.WorkstationId;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Flag;
import org.hl7.fhir.r4.model.MessageHeader;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.Patient;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;
import org.springframework.boot.test.context.SpringBootTest;

import ca.uhn.fhir.rest.api.EncodingEnum;
import ca.uhn.fhir.rest.client.api.IGenericClient;
import ca.uhn.fhir.rest.client.api.ServerValidationModeEnum;
import ca.uhn.fhir.rest.client.interceptor.SimpleRequestHeaderInterceptor;

/** {@code POST /fhir} with a transaction Bundle: the same report, the same rules, a transaction-response. */
@SpringBootTest(classes = FhirTestServer.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = FhirTestServer.LIMIT)
class TransactionTests extends FhirServerTest {

	private static final HospitalId HOSPITAL = CaseworkStubs.HOSPITAL;

	private static final ReportId REPORT = CaseworkStubs.REPORT;

	private static final String FHIR_JSON = "application/fhir+json";

	@BeforeEach
	void casework() {
		reset(intake, referenceData);
		CaseworkStubs.takesInTheReport(intake);
		when(intake.statuses(eq(HOSPITAL), any())).thenReturn(List.of());
		when(referenceData.jurisdiction(new JurisdictionId("longwan")))
			.thenReturn(Optional.of(new Jurisdiction(new JurisdictionId("longwan"), "温州市龙湾区人民检察院")));
	}

	@Test
	void aTransactionIsTakenInAsTheReportItStandsFor() {
		for (EncodingEnum encoding : List.of(EncodingEnum.JSON, EncodingEnum.XML)) {
			Bundle response = client(encoding).transaction().withBundle(transaction()).execute();

			assertThat(response.getType()).isEqualTo(Bundle.BundleType.TRANSACTIONRESPONSE);
			assertThat(response.getEntry()).hasSize(transaction().getEntry().size());
			Bundle.BundleEntryResponseComponent flag = response.getEntry().get(0).getResponse();
			assertThat(flag.getStatus()).isEqualTo("201 Created");
			assertThat(flag.getLocation()).isEqualTo("Task/" + REPORT.value());
			assertThat(response.getEntry()).allSatisfy(e -> assertThat(e.getResponse().getStatus()).isEqualTo("201 Created"));
		}
		ArgumentCaptor<SubmitReport> submitted = ArgumentCaptor.forClass(SubmitReport.class);
		verify(intake, times(2)).submit(submitted.capture());
		SubmitReport report = submitted.getAllValues().get(0);
		assertThat(report.hospital()).isEqualTo(HOSPITAL);
		assertThat(report.workstation()).isEqualTo(new WorkstationId("ws-001"));
		assertThat(report.intakeKey()).isEqualTo(new IntakeKey("https://hospital-01.example.cn/fhir/sid/mandatory-report", "MR-2026-000001"));
		assertThat(report.urgency()).isEqualTo(Urgency.IMMEDIATE_DANGER);
		assertThat(report.subjectReference()).isEqualTo("urn:uuid:2c8d9e0f-3a4b-4c5d-9e6f-7a8b9c0d1e2f");
		assertThat(submitted.getAllValues().get(1).payloadDigest()).as("JSON and XML are the same report")
			.isEqualTo(report.payloadDigest());
		ArgumentCaptor<ReportStatusQuery> lookup = ArgumentCaptor.forClass(ReportStatusQuery.class);
		verify(intake, times(2)).statuses(eq(HOSPITAL), lookup.capture());
		assertThat(lookup.getValue().identifierValue()).isEqualTo("MR-2026-000001");
	}

	@Test
	void aResendIsA200WithTheSameTask() {
		when(intake.statuses(eq(HOSPITAL), any())).thenReturn(List.of(view()));
		when(intake.submit(any())).thenReturn(new IntakeOutcome(REPORT, false, CaseworkStubs.received()));

		Bundle response = client(EncodingEnum.JSON).transaction().withBundle(transaction()).execute();

		assertThat(response.getEntry()).allSatisfy(e -> assertThat(e.getResponse().getStatus()).isEqualTo("200 OK"));
		assertThat(response.getEntry().get(0).getResponse().getLocation()).isEqualTo("Task/" + REPORT.value());
	}

	@Test
	void theSameTransactionTwiceIsTheSameContent() throws Exception {
		post(fhir.newJsonParser().encodeResourceToString(transaction()));
		post(fhir.newXmlParser().setPrettyPrint(true).encodeResourceToString(transaction()));

		ArgumentCaptor<SubmitReport> submitted = ArgumentCaptor.forClass(SubmitReport.class);
		verify(intake, times(2)).submit(submitted.capture());
		assertThat(submitted.getAllValues().get(1).payloadDigest()).isEqualTo(submitted.getAllValues().get(0).payloadDigest());
	}

	@Test
	void aTransactionWithItsOwnMessageHeaderUsesIt() throws Exception {
		Bundle transaction = Demo.bundle(fhir);
		transaction.setType(Bundle.BundleType.TRANSACTION);
		transaction.getEntry().forEach(e -> e.getRequest().setMethod(Bundle.HTTPVerb.POST).setUrl(e.getResource().fhirType()));

		HttpResponse<String> response = post(fhir.newJsonParser().encodeResourceToString(transaction));

		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		Bundle answer = fhir.newJsonParser().parseResource(Bundle.class, response.body());
		assertThat(answer.getEntry().get(0).getResponse().hasLocation()).isFalse();
		assertThat(answer.getEntry().get(1).getResponse().getLocation()).isEqualTo("Task/" + REPORT.value());
		verify(intake).submit(any());
	}

	@Test
	void aBatchIsA422() throws Exception {
		Bundle batch = transaction().setType(Bundle.BundleType.BATCH);

		HttpResponse<String> response = post(fhir.newJsonParser().encodeResourceToString(batch));

		assertThat(response.statusCode()).isEqualTo(422);
		assertThat(expressions(response)).containsExactly("Bundle.type");
		verify(intake, never()).submit(any());
	}

	@Test
	void aMessageAtTheBaseIsA422PointingToProcessMessage() throws Exception {
		HttpResponse<String> response = post(Demo.json());

		assertThat(response.statusCode()).isEqualTo(422);
		assertThat(outcome(response).getIssueFirstRep().getDiagnostics()).contains("$process-message");
		verify(intake, never()).submit(any());
	}

	@Test
	void everyEntryIsAPost() throws Exception {
		Bundle transaction = transaction();
		transaction.getEntry().get(1).getRequest().setMethod(Bundle.HTTPVerb.PUT).setUrl("Patient/p-1");
		transaction.getEntry().get(2).getRequest().setUrl("Patient");

		HttpResponse<String> response = post(fhir.newJsonParser().encodeResourceToString(transaction));

		assertThat(response.statusCode()).isEqualTo(422);
		assertThat(expressions(response)).containsExactlyInAnyOrder("Bundle.entry[1].request.method",
				"Bundle.entry[2].request.url");
		verify(intake, never()).submit(any());
	}

	@Test
	void withoutAWorkstationItIsA422AtMetaSource() throws Exception {
		Bundle transaction = transaction();
		transaction.getMeta().setSourceElement(null);

		HttpResponse<String> response = post(fhir.newJsonParser().encodeResourceToString(transaction));

		assertThat(response.statusCode()).isEqualTo(422);
		assertThat(expressions(response)).containsExactly("Bundle.meta.source");
		verify(intake, never()).submit(any());
	}

	@Test
	void aBadWorkstationIsA422AtMetaSource() throws Exception {
		Bundle transaction = transaction();
		transaction.getMeta().setSource("urn:shouhu:workstation:bad id!");

		HttpResponse<String> response = post(fhir.newJsonParser().encodeResourceToString(transaction));

		assertThat(response.statusCode()).isEqualTo(422);
		// the validator's finding and the reader's, both about the workstation
		assertThat(expressions(response)).isNotEmpty().containsOnly("Bundle.meta.source");
		assertThat(outcome(response).getIssue()).allSatisfy(i -> assertThat(i.getDiagnostics()).doesNotContain("MessageHeader"));
	}

	@Test
	void aTransactionWithoutOneFlagIsA422() throws Exception {
		Bundle none = transaction();
		none.getEntry().remove(0);
		Bundle two = transaction();
		two.addEntry().setFullUrl("urn:uuid:9b7c8d9e-2f3a-4b4c-8d5e-6f7a8b9c0d1e").setResource(new Flag())
			.getRequest().setMethod(Bundle.HTTPVerb.POST).setUrl("Flag");

		assertThat(expressions(post(fhir.newJsonParser().encodeResourceToString(none)))).containsExactly("Bundle.entry");
		assertThat(expressions(post(fhir.newJsonParser().encodeResourceToString(two))))
			.containsExactly("Bundle.entry[" + (two.getEntry().size() - 1) + "].resource");
		verify(intake, never()).submit(any());
	}

	@Test
	void problemsOfTheReportPointAtTheTransactionsOwnEntries() throws Exception {
		Bundle transaction = transaction();
		int patient = 1;
		((Patient) transaction.getEntry().get(patient).getResource()).setBirthDate(null);
		transaction.setIdentifier(null);

		HttpResponse<String> response = post(fhir.newJsonParser().encodeResourceToString(transaction));

		assertThat(response.statusCode()).isEqualTo(422);
		assertThat(expressions(response)).contains("Bundle.entry[" + patient + "].resource.birthDate", "Bundle.identifier");
		verify(intake, never()).submit(any());
	}

	@Test
	void anotherHospitalsReportIsForbidden() throws Exception {
		HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(base()))
			.header("Content-Type", FHIR_JSON)
			.header(FhirServerTests.TestAuthentication.HOSPITAL, "hospital-02")
			.POST(HttpRequest.BodyPublishers.ofString(fhir.newJsonParser().encodeResourceToString(transaction())))
			.build(), HttpResponse.BodyHandlers.ofString());

		assertThat(response.statusCode()).isEqualTo(403);
		assertThat(expressions(response)).containsExactly("Bundle.entry[3].resource.identifier");
		verify(intake, never()).submit(any());
	}

	@Test
	void theMessageMadeUpHasTheHeaderFirstAndEveryEntry() {
		Bundle transaction = transaction();

		Bundle message = TransactionProvider.asMessage(transaction, HOSPITAL, true).message();

		assertThat(message.getType()).isEqualTo(Bundle.BundleType.MESSAGE);
		assertThat(message.getIdentifier().getValue()).isEqualTo("MR-2026-000001");
		assertThat(message.getEntry()).hasSize(transaction.getEntry().size() + 1);
		MessageHeader header = (MessageHeader) message.getEntryFirstRep().getResource();
		assertThat(header.getSource().getEndpoint()).isEqualTo("urn:shouhu:workstation:ws-001");
		assertThat(header.getFocusFirstRep().getReference()).isEqualTo(transaction.getEntry().get(0).getFullUrl());
		assertThat(header.getSender().getReference()).isEqualTo(transaction.getEntry().get(3).getFullUrl());
		assertThat(message.getEntry().subList(1, message.getEntry().size()))
			.allSatisfy(e -> assertThat(e.getRequest().isEmpty()).isTrue());
		assertThat(TransactionProvider.asMessage(transaction(), HOSPITAL, true).message().getEntryFirstRep().getFullUrl())
			.as("the same transaction, the same made-up header")
			.isEqualTo(message.getEntryFirstRep().getFullUrl());
	}

	/**
	 * The demo report as a HIS that only does transactions sends it: no MessageHeader, the workstation
	 * in Bundle.meta.source, every entry a POST. Flag, Patient, Practitioner, Organization, Encounter,
	 * Condition.
	 */
	private Bundle transaction() {
		Bundle message = Demo.bundle(fhir);
		Bundle transaction = new Bundle();
		transaction.setType(Bundle.BundleType.TRANSACTION);
		transaction.setIdentifier(message.getIdentifier());
		transaction.setTimestampElement(message.getTimestampElement());
		transaction.getMeta().setSource("urn:shouhu:workstation:ws-001");
		for (Bundle.BundleEntryComponent entry : message.getEntry().subList(1, message.getEntry().size())) {
			transaction.addEntry()
				.setFullUrl(entry.getFullUrl())
				.setResource(entry.getResource())
				.getRequest()
				.setMethod(Bundle.HTTPVerb.POST)
				.setUrl(entry.getResource().fhirType());
		}
		return transaction;
	}

	private static ReportStatusView view() {
		return CaseworkStubs.received();
	}

	private List<String> expressions(HttpResponse<String> response) {
		return outcome(response).getIssue()
			.stream()
			.flatMap(issue -> issue.getExpression().stream())
			.map(e -> e.getValue())
			.toList();
	}

	private OperationOutcome outcome(HttpResponse<String> response) {
		return fhir.newJsonParser().parseResource(OperationOutcome.class, response.body());
	}

	private HttpResponse<String> post(String body) throws Exception {
		return http.send(HttpRequest.newBuilder(URI.create(base()))
			.header("Content-Type", body.startsWith("<") ? "application/fhir+xml" : FHIR_JSON)
			.header(FhirServerTests.TestAuthentication.HOSPITAL, HOSPITAL.value())
			.POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8))
			.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
	}

	private IGenericClient client(EncodingEnum encoding) {
		fhir.getRestfulClientFactory().setServerValidationMode(ServerValidationModeEnum.NEVER);
		IGenericClient client = fhir.newRestfulGenericClient(base());
		client.setEncoding(encoding);
		client.registerInterceptor(new SimpleRequestHeaderInterceptor(FhirServerTests.TestAuthentication.HOSPITAL, HOSPITAL.value()));
		return client;
	}

}
