package io.shouhu.fhir;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/** The UTF-8 check of a body, which reads it through a buffer far smaller than a report. */
class FhirRequestBodyRulesTests {

	/** ASCII up to {@code at}, then the given bytes, then ASCII to about 3 buffers' length. */
	static byte[] body(int at, byte... bytes) {
		byte[] body = new byte[12_000];
		Arrays.fill(body, (byte) 'a');
		System.arraycopy(bytes, 0, body, at, bytes.length);
		return body;
	}

	@ParameterizedTest
	@ValueSource(ints = { 0, 4094, 4095, 4096, 8190, 11_997 })
	void aCharacterOfSeveralBytesIsUtf8WhereverItFalls(int at) {
		byte[] zhong = "中".getBytes(StandardCharsets.UTF_8);
		byte[] emoji = "😀".getBytes(StandardCharsets.UTF_8);

		assertThat(FhirRequestBodyRules.isUtf8(body(at, zhong))).isTrue();
		assertThat(FhirRequestBodyRules.isUtf8(body(Math.min(at, 11_996), emoji))).isTrue();
	}

	@ParameterizedTest
	@ValueSource(ints = { 0, 4095, 4096, 8191, 11_998 })
	void aBrokenSequenceIsNotUtf8WhereverItFalls(int at) {
		assertThat(FhirRequestBodyRules.isUtf8(body(at, (byte) 0xE4, (byte) 'a'))).as("truncated").isFalse();
		assertThat(FhirRequestBodyRules.isUtf8(body(at, (byte) 0xC0, (byte) 0xAF))).as("overlong").isFalse();
		assertThat(FhirRequestBodyRules.isUtf8(body(at, (byte) 0xFF))).as("never in UTF-8").isFalse();
		assertThat(FhirRequestBodyRules.isUtf8(body(Math.min(at, 11_997), (byte) 0xED, (byte) 0xA0, (byte) 0x80)))
			.as("a surrogate")
			.isFalse();
	}

	@ParameterizedTest
	@ValueSource(ints = { 1, 2, 3 })
	void aSequenceCutOffByTheEndOfTheBodyIsNotUtf8(int kept) {
		byte[] emoji = "😀".getBytes(StandardCharsets.UTF_8);
		byte[] body = Arrays.copyOf("{\"a\":\"".getBytes(StandardCharsets.UTF_8), 6 + kept);
		System.arraycopy(emoji, 0, body, 6, kept);

		assertThat(FhirRequestBodyRules.isUtf8(body)).isFalse();
		assertThat(FhirRequestBodyRules.isUtf8(new byte[0])).isTrue();
	}
}
