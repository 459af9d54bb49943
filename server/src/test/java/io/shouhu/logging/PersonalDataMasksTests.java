package io.shouhu.logging;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The masks on their own: what they take out of text, and what they must leave (ids, dates, ports). */
class PersonalDataMasksTests {

	@ParameterizedTest
	@ValueSource(strings = { "11010520140307002X", "11010520140307002x", "110105201403070021", "110105140307002",
			"13912345678", "+8613912345678", "+86 139 1234 5678", "139-1234-5678", "parent@example.org",
			"wang.xm+report@mail.example.com.cn", "家长parent@example.org" })
	void personalDataIsMaskedWhereverItStands(String personal) {
		for (String text : new String[] { personal, "x " + personal + " y", "身份证号" + personal + "，",
				"id=" + personal + ";" }) {
			assertThat(PersonalDataMasks.maskPatterns(text)).as(text)
				.doesNotContain(personal)
				.contains(PersonalDataMasks.MASK);
		}
	}

	@ParameterizedTest
	@ValueSource(strings = { "report r-123 moved", "case LW-2026-000001 opened", "2026-11-29T08:00:00.123Z",
			"3f2b8c1e-2d4a-4f7e-9b1c-0a9d8e7f6c5b", "listening on 127.0.0.1:27017", "took 1764403200000 ms",
			"alert a-17 attempt 3", "order 12345678901 of 23912345678", "mail@localhost",
			"Started ShouhuApplication in 4.2 seconds (process running for 4.9)" })
	void idsAndOrdinaryNumbersAreKept(String text) {
		assertThat(PersonalDataMasks.mask(text)).isSameAs(text);
	}

	@Test
	void aLongerRunOfDigitsIsMaskedWhole() {
		assertThat(PersonalDataMasks.maskPatterns("card 6222021234567890123 used"))
			.isEqualTo("card " + PersonalDataMasks.MASK + " used");
	}

	@Test
	void neighboursAreMaskedOnceAndTheRestStays() {
		assertThat(PersonalDataMasks.maskPatterns("to 13912345678@example.org, 11010520140307002X/+8613912345678."))
			.isEqualTo("to [masked], [masked]/+[masked].");
	}

	@Test
	void exceptionTextQuotedInFreeTextIsMaskedOverAllItsLines() {
		String text = "Resolved [org.springframework.http.converter.HttpMessageNotReadableException: JSON parse error: "
				+ "Unrecognized token '王小明'\n at [Source: REDACTED; line: 1, column: 10]]";
		assertThat(PersonalDataMasks.maskExceptionText(text))
			.isEqualTo("Resolved [org.springframework.http.converter.HttpMessageNotReadableException: "
					+ PersonalDataMasks.MASK + "]");
	}

	@Test
	void quotedExceptionTextOfEveryKindIsMasked() {
		String text = "failed: DataFormatException: 王小明\n"
				+ "Caused by: tools.jackson.core.exc.StreamReadException: 王小明 at [line: 1]\n"
				+ "\tat io.shouhu.fhir.Intake.read(Intake.java:12)\nx.y.ParseError: 王小明";
		assertThat(PersonalDataMasks.maskExceptionText(text)).doesNotContain("王小明")
			.contains("DataFormatException: [masked]\n")
			.contains("Caused by: tools.jackson.core.exc.StreamReadException: [masked]\n")
			.contains("\tat io.shouhu.fhir.Intake.read(Intake.java:12)\n")
			.endsWith("x.y.ParseError: [masked]");
	}

	@Test
	void hapiMessagesQuotedInFreeTextKeepOnlyTheirCodes() {
		String text = "FHIR request failed with HTTP 400: HAPI-0450: Failed to parse request body as XML resource. "
				+ "Error was: HAPI-1851: DataFormatException at [Line number = 1\nColumn number = 106\n]: "
				+ "HAPI-1821: [element=\"type\"] Invalid attribute value \"…\": Unknown BundleType code '王小明'";
		assertThat(PersonalDataMasks.maskExceptionText(text)).isEqualTo(
				"FHIR request failed with HTTP 400: HAPI-0450: [masked] HAPI-1851: [masked] HAPI-1821: [masked]");
	}

	@Test
	void aWrappedExceptionKeepsItsTypeAndLosesItsMessage() {
		String text = "failed: java.io.IOException: com.fasterxml.jackson.core.JsonParseException: Unrecognized token "
				+ "'王小明'";
		assertThat(PersonalDataMasks.maskExceptionText(text))
			.isEqualTo("failed: java.io.IOException: com.fasterxml.jackson.core.JsonParseException: [masked]");
	}

	@Test
	void manyExceptionTextsInOneTextAreMaskedInBoundedTime() {
		String text = "x.AException: 王小明 ".repeat(50_000) + "Error: 王小明";
		long start = System.nanoTime();
		String masked = PersonalDataMasks.maskExceptionText(text);
		assertThat(masked).doesNotContain("王小明").startsWith("x.AException: [masked] x.AException: [masked]");
		assertThat(System.nanoTime() - start).as("nanoseconds").isLessThan(2_000_000_000L);
	}

	@Test
	void quotedTextOfExceptionsThatKeepTheirMessageStays() {
		String text = "push failed: java.net.ConnectException: Connection refused";
		assertThat(PersonalDataMasks.mask(text)).isSameAs(text);
		assertThat(PersonalDataMasks.mask("push failed: java.net.ConnectException: to 13912345678"))
			.isEqualTo("push failed: java.net.ConnectException: to " + PersonalDataMasks.MASK);
	}

	@Test
	void onlyTheExactTypesKeepTheirMessages() {
		assertThat(PersonalDataMasks.keepsMessage("java.io.IOException")).isTrue();
		assertThat(PersonalDataMasks.keepsMessage("java.net.SocketTimeoutException")).isTrue();
		// Subclasses of IOException that quote content.
		assertThat(PersonalDataMasks.keepsMessage("com.fasterxml.jackson.core.JsonParseException")).isFalse();
		assertThat(PersonalDataMasks.keepsMessage("java.io.UncheckedIOException")).isFalse();
		assertThat(PersonalDataMasks.keepsMessage("ca.uhn.fhir.parser.DataFormatException")).isFalse();
		assertThat(PersonalDataMasks.keepsMessage("java.lang.IllegalArgumentException")).isFalse();
	}

}
