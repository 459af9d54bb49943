package io.shouhu.fhir;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.api.EncodingEnum;
import ca.uhn.fhir.rest.client.api.IGenericClient;
import ca.uhn.fhir.rest.server.exceptions.BaseServerResponseException;
import io.shouhu.ShouhuIntegrationTest;
import io.shouhu.casework.Triage;
import io.shouhu.identity.DemoTokens;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The default request size limit, 20 MB: a bigger report is answered 413 with an OperationOutcome
 * (not a reset connection) and nothing is stored; a 19 MB one is taken in.
 */
class RequestSizeIntegrationTests extends ShouhuIntegrationTest {

	static final int MB = 1024 * 1024;

	@Autowired
	FhirContext fhir;

	@Autowired
	Triage triage;

	private final HttpClient http = HttpClient.newHttpClient();

	@Test
	void aReportOver20MbIsA413ForHapisGenericClientAndNothingIsStored() {
		IGenericClient hospital = HospitalReports.client(fhir, baseUrl(), "hospital-01", EncodingEnum.JSON);
		Bundle report = HospitalReports.message(fhir, "hospital-01", "ws-007");
		report.getEntry().get(2).getResource().getMeta().addTag("urn:test:padding", "x".repeat(21 * MB), null);
		long before = triage.received();

		try {
			hospital.operation().processMessage().setMessageBundle(report).synchronous(Bundle.class).execute();
			throw new AssertionError("a 21 MB report was not refused");
		}
		catch (BaseServerResponseException tooLarge) {
			assertThat(tooLarge.getStatusCode()).isEqualTo(413);
			OperationOutcome outcome = (OperationOutcome) tooLarge.getOperationOutcome();
			assertThat(outcome.getIssueFirstRep().getCode()).isEqualTo(OperationOutcome.IssueType.TOOLONG);
			assertThat(outcome.getIssueFirstRep().getDiagnostics()).contains("20 MB");
		}
		assertThat(triage.received()).isEqualTo(before);
	}

	@Test
	void aChunkedReportOver20MbIsA413() throws Exception {
		byte[] body = padded(HospitalReports.message(fhir, "hospital-01", "ws-007"), 21 * MB);
		long before = triage.received();

		HttpResponse<String> response = http.send(post(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body)))
			.header("Accept-Language", "en").build(), HttpResponse.BodyHandlers.ofString());

		assertThat(response.statusCode()).isEqualTo(413);
		assertThat(response.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/fhir+json");
		assertThat(fhir.newJsonParser().parseResource(OperationOutcome.class, response.body()).getIssueFirstRep().getDiagnostics())
			.contains("too large");
		assertThat(triage.received()).isEqualTo(before);
	}

	@Test
	void a19MbReportIsTakenIn() throws Exception {
		byte[] body = padded(HospitalReports.message(fhir, "hospital-01", "ws-008"), 19 * MB);
		long before = triage.received();

		HttpResponse<String> response = http.send(post(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
				HttpResponse.BodyHandlers.ofString());

		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		assertThat(triage.received()).isEqualTo(before + 1);
	}

	/** The report as JSON followed by white space up to {@code size} bytes: valid JSON, the same report. */
	private byte[] padded(Bundle report, int size) {
		byte[] json = fhir.newJsonParser().encodeResourceToString(report).getBytes(StandardCharsets.UTF_8);
		byte[] body = new byte[size];
		System.arraycopy(json, 0, body, 0, json.length);
		java.util.Arrays.fill(body, json.length, size, (byte) ' ');
		return body;
	}

	private HttpRequest.Builder post(HttpRequest.BodyPublisher body) {
		return HttpRequest.newBuilder(URI.create(baseUrl() + "/fhir/$process-message"))
			.header("Authorization", "Bearer " + DemoTokens.hospitalToken(baseUrl(), "hospital-01"))
			.header("Content-Type", "application/fhir+json")
			.POST(body);
	}
}
