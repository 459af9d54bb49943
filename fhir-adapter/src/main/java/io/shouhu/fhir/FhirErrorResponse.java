package io.shouhu.fhir;

import java.io.IOException;

import jakarta.servlet.http.HttpServletResponse;
import org.hl7.fhir.r4.model.OperationOutcome;

import ca.uhn.fhir.context.FhirContext;

/**
 * An OperationOutcome written by a servlet filter in front of HAPI, where HAPI's own error handling
 * does not reach.
 */
final class FhirErrorResponse {

	private final FhirContext fhir;

	FhirErrorResponse(FhirContext fhir) {
		this.fhir = fhir;
	}

	void write(HttpServletResponse response, int status, String code, String text) throws IOException {
		OperationOutcome outcome = new OperationOutcome();
		outcome.addIssue()
			.setSeverity(OperationOutcome.IssueSeverity.ERROR)
			.setCode(OperationOutcome.IssueType.fromCode(code))
			.setDiagnostics(text);
		response.setStatus(status);
		response.setContentType("application/fhir+json;charset=UTF-8");
		response.getWriter().write(fhir.newJsonParser().encodeResourceToString(outcome));
	}
}
