package io.shouhu.fhir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.reset;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.zip.GZIPOutputStream;

import io.shouhu.casework.ReportId;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;

import ca.uhn.fhir.rest.client.api.IGenericClient;
import ca.uhn.fhir.rest.client.api.ServerValidationModeEnum;
import ca.uhn.fhir.rest.client.interceptor.SimpleRequestHeaderInterceptor;
import ca.uhn.fhir.rest.server.exceptions.BaseServerResponseException;

/**
 * The request size limit (100 000 bytes here): 413 with an OperationOutcome for a declared or a
 * chunked body over it, read to its end so that the client sees the answer; nothing reaches casework.
 */
@SpringBootTest(classes = FhirTestServer.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = FhirTestServer.LIMIT)
class RequestSizeLimitTests extends FhirServerTest {

	private static final ReportId REPORT = CaseworkStubs.REPORT;

	private static final String FHIR_JSON = "application/fhir+json";

	@BeforeEach
	void casework() {
		reset(intake, referenceData);
		CaseworkStubs.takesInTheReport(intake);
	}

	@Test
	void aBodyJustUnderTheLimitIsTakenIn() throws Exception {
		String body = padded(FhirTestServer.MAX_BYTES);
		assertThat(body.getBytes(StandardCharsets.UTF_8)).hasSize(FhirTestServer.MAX_BYTES);

		assertThat(send(request(HttpRequest.BodyPublishers.ofString(body))).statusCode()).isEqualTo(200);
		assertThat(send(request(chunked(body.getBytes(StandardCharsets.UTF_8)))).statusCode()).isEqualTo(200);
		verify(intake, org.mockito.Mockito.times(2)).submit(any());
	}

	@Test
	void aDeclaredLengthOverTheLimitIsA413WithAnOperationOutcome() throws Exception {
		HttpResponse<String> response = send(request(HttpRequest.BodyPublishers.ofString(padded(FhirTestServer.MAX_BYTES + 1))));

		assertTooLarge(response);
		assertThat(response.headers().firstValue("Content-Type").orElseThrow()).startsWith(FHIR_JSON);
		OperationOutcome outcome = fhir.newJsonParser().parseResource(OperationOutcome.class, response.body());
		assertThat(outcome.getIssueFirstRep().getCode()).isEqualTo(OperationOutcome.IssueType.TOOLONG);
		assertThat(outcome.getIssueFirstRep().getDiagnostics()).contains("100000");
	}

	@Test
	void aChunkedBodyOverTheLimitIsA413() throws Exception {
		assertTooLarge(send(request(chunked(padded(FhirTestServer.MAX_BYTES + 1).getBytes(StandardCharsets.UTF_8)))));
	}

	@Test
	void aBodyFarOverTheLimitAndOverTomcatsSwallowSizeStillGetsTheAnswer() throws Exception {
		// 5 MB: beyond the 2 MB Tomcat reads of a body nobody wanted before it closes the connection
		byte[] big = padded(5 * 1024 * 1024).getBytes(StandardCharsets.UTF_8);

		assertTooLarge(send(request(HttpRequest.BodyPublishers.ofByteArray(big))));
		assertTooLarge(send(request(chunked(big))));
	}

	@Test
	void aClientThatExpects100ContinueGetsThe413() throws Exception {
		HttpResponse<String> response = send(request(HttpRequest.BodyPublishers.ofByteArray(new byte[5 * 1024 * 1024]))
			.expectContinue(true));

		assertTooLarge(response);
	}

	@Test
	void hapisGenericClientGetsThe413AsAnException() {
		Bundle report = Demo.bundle(fhir);
		report.getEntry().get(2).getResource().getMeta().addTag("urn:test", "x".repeat(FhirTestServer.MAX_BYTES), null);
		IGenericClient client = fhir.newRestfulGenericClient(base());
		fhir.getRestfulClientFactory().setServerValidationMode(ServerValidationModeEnum.NEVER);
		client.registerInterceptor(new SimpleRequestHeaderInterceptor(FhirServerTests.TestAuthentication.HOSPITAL, "hospital-01"));

		try {
			client.operation().processMessage().setMessageBundle(report).synchronous(Bundle.class).execute();
			throw new AssertionError("no 413");
		}
		catch (BaseServerResponseException tooLarge) {
			assertThat(tooLarge.getStatusCode()).isEqualTo(413);
			assertThat(tooLarge.getOperationOutcome()).isInstanceOf(OperationOutcome.class);
		}
		verify(intake, never()).submit(any());
	}

	@Test
	void aGzipBodyCountsInflated() throws Exception {
		byte[] bomb = gzip(padded(FhirTestServer.MAX_BYTES + 1).getBytes(StandardCharsets.UTF_8));
		assertThat(bomb.length).isLessThan(FhirTestServer.MAX_BYTES / 10);

		assertTooLarge(send(request(HttpRequest.BodyPublishers.ofByteArray(bomb)).header("Content-Encoding", "gzip")));
	}

	@Test
	void aGzipBodyUnderTheLimitReachesHapiInflated() throws Exception {
		byte[] body = gzip(Demo.json().getBytes(StandardCharsets.UTF_8));

		HttpResponse<String> response = send(request(HttpRequest.BodyPublishers.ofByteArray(body)).header("Content-Encoding", "gzip"));

		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		verify(intake).submit(any());
	}

	@Test
	void aBrokenGzipBodyIsA400() throws Exception {
		HttpResponse<String> response = send(request(HttpRequest.BodyPublishers.ofString("not gzip at all"))
			.header("Content-Encoding", "gzip"));

		assertThat(response.statusCode()).isEqualTo(400);
		assertThat(response.body()).contains("OperationOutcome");
		verify(intake, never()).submit(any());
	}

	@Test
	void theAnswerFollowsTheCallersFormatAndLanguage() throws Exception {
		String body = padded(FhirTestServer.MAX_BYTES + 1);

		HttpResponse<String> xml = send(request(HttpRequest.BodyPublishers.ofString(body)).header("Accept", "application/fhir+xml"));
		HttpResponse<String> english = send(request(HttpRequest.BodyPublishers.ofString(body)).header("Accept-Language", "en-GB,en;q=0.9"));
		HttpResponse<String> chinese = send(request(HttpRequest.BodyPublishers.ofString(body)));

		assertThat(xml.statusCode()).isEqualTo(413);
		assertThat(xml.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/fhir+xml");
		assertThat(fhir.newXmlParser().parseResource(OperationOutcome.class, xml.body()).getIssue()).hasSize(1);
		assertThat(english.body()).contains("too large");
		assertThat(chinese.body()).contains("请求体过大");
	}

	@Test
	void aSearchByPostWithAChunkedFormBodyKeepsItsParameters() throws Exception {
		when(intake.statuses(any(), any())).thenReturn(java.util.List.of());

		HttpResponse<String> response = send(HttpRequest.newBuilder(URI.create(base() + "/Task/_search"))
			.header("Content-Type", "application/x-www-form-urlencoded")
			.header(FhirServerTests.TestAuthentication.HOSPITAL, "hospital-01")
			.POST(chunked("identifier=MR-1".getBytes(StandardCharsets.UTF_8))));

		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		org.mockito.ArgumentCaptor<io.shouhu.casework.ReportStatusQuery> query = org.mockito.ArgumentCaptor
			.forClass(io.shouhu.casework.ReportStatusQuery.class);
		verify(intake).statuses(any(), query.capture());
		assertThat(query.getValue().identifierValue()).isEqualTo("MR-1");
	}

	@Test
	void aClientThatWritesEverythingBeforeReadingGetsThe413() throws Exception {
		// as a simple HIS client does: write the whole request, then read
		try (Socket socket = new Socket("localhost", port)) {
			socket.setSoTimeout(20_000);
			OutputStream out = socket.getOutputStream();
			int length = 24 * 1024 * 1024;
			out.write(("POST /fhir/$process-message HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/fhir+json\r\n"
					+ FhirServerTests.TestAuthentication.HOSPITAL + ": hospital-01\r\nContent-Length: " + length + "\r\n\r\n")
				.getBytes(StandardCharsets.US_ASCII));
			byte[] chunk = new byte[64 * 1024];
			Arrays.fill(chunk, (byte) ' ');
			for (int sent = 0; sent < length; sent += chunk.length) {
				out.write(chunk, 0, Math.min(chunk.length, length - sent));
			}
			out.flush();
			InputStream in = socket.getInputStream();
			String head = new String(in.readNBytes(12), StandardCharsets.US_ASCII);
			assertThat(head).isEqualTo("HTTP/1.1 413");
		}
		verify(intake, never()).submit(any());
	}

	private void assertTooLarge(HttpResponse<String> response) {
		assertThat(response.statusCode()).isEqualTo(413);
		assertThat(fhir.newJsonParser().parseResource(OperationOutcome.class, response.body().startsWith("<")
				? fhir.newJsonParser().encodeResourceToString(fhir.newXmlParser().parseResource(response.body()))
				: response.body()).getIssue()).hasSize(1);
		verify(intake, never()).submit(any());
	}

	/** The demo report padded with trailing white space to exactly {@code size} bytes. */
	private static String padded(int size) {
		String json = Demo.json();
		int bytes = json.getBytes(StandardCharsets.UTF_8).length;
		return json + " ".repeat(size - bytes);
	}

	private static byte[] gzip(byte[] body) throws IOException {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		try (GZIPOutputStream gzip = new GZIPOutputStream(out)) {
			gzip.write(body);
		}
		return out.toByteArray();
	}

	/** A body of unknown length: the client sends it chunked. */
	private static HttpRequest.BodyPublisher chunked(byte[] body) {
		return HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body));
	}

	private HttpRequest.Builder request(HttpRequest.BodyPublisher body) {
		return HttpRequest.newBuilder(URI.create(base() + "/$process-message"))
			.header("Content-Type", FHIR_JSON)
			.header(FhirServerTests.TestAuthentication.HOSPITAL, "hospital-01")
			.POST(body);
	}

	private HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
		return http.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
	}

}
