package io.shouhu.fhir;

import java.net.http.HttpClient;

import io.shouhu.casework.ReferenceData;
import io.shouhu.casework.ReportIntake;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.bean.override.mockito.MockitoBean;

import ca.uhn.fhir.context.FhirContext;

/**
 * What every test of the FHIR server on a random port has: the server's FhirContext, casework stood
 * in by mocks (see {@link CaseworkStubs}), and a plain HTTP client for what HAPI's client cannot send.
 */
abstract class FhirServerTest {

	@LocalServerPort
	int port;

	@Autowired
	FhirContext fhir;

	@MockitoBean
	ReportIntake intake;

	@MockitoBean
	ReferenceData referenceData;

	final HttpClient http = HttpClient.newHttpClient();

	/** The FHIR base URL, e.g. {@code http://localhost:54321/fhir}. */
	String base() {
		return "http://localhost:" + port + "/fhir";
	}
}
