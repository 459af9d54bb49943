package io.shouhu.fhir;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Parse errors quote what the hospital sent: the quoted values never reach a log or a response. */
class RequestErrorRedactionTests {

	@Test
	void valuesInDoubleOrSingleQuotesAreBlankedAndElementNamesKept() {
		assertThat(RequestErrorRedaction.redact(
				"HAPI-1821: [element=\"gender\"] Invalid attribute value \"王小明\": Unknown AdministrativeGender code '王小明'"))
			.isEqualTo("HAPI-1821: [element=\"gender\"] Invalid attribute value \"…\": Unknown AdministrativeGender code '…'")
			.doesNotContain("王小明");
	}
}
