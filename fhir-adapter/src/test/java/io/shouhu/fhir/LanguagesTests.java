package io.shouhu.fhir;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LanguagesTests {

	@ParameterizedTest(name = "[{0}] -> {1}")
	@CsvSource(delimiter = '|', nullValues = "null", value = {
			"null | zh",
			"'' | zh",
			"en | en",
			"en-US | en",
			"EN-gb | en",
			"en-US,en;q=0.9,zh-CN;q=0.8 | en",
			"zh-CN,zh;q=0.9,en;q=0.8 | zh",
			"fr | zh",
			"zh;q=0.5,en;q=0.9 | en",
			"* | zh",
			"en;q=0 | zh",
			"not a header;;q=x | zh" })
	void englishOnlyWhenEnglishIsTheFirstPreference(String header, String language) {
		assertThat(Languages.of(header).getLanguage()).isEqualTo(language);
	}
}
