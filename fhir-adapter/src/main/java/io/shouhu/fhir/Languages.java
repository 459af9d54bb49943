package io.shouhu.fhir;

import java.util.List;
import java.util.Locale;

/**
 * The language of error texts: English when the caller prefers English ({@code Accept-Language:
 * en…}), Chinese otherwise, the hospitals' own language.
 */
final class Languages {

	static final Locale CHINESE = Locale.SIMPLIFIED_CHINESE;

	static final Locale ENGLISH = Locale.ENGLISH;

	private Languages() {
	}

	/**
	 * The language for an {@code Accept-Language} header: the caller's first preference decides.
	 * @param acceptLanguage the header, or {@code null}
	 * @return English or Chinese
	 */
	static Locale of(String acceptLanguage) {
		if (acceptLanguage == null || acceptLanguage.isBlank()) {
			return CHINESE;
		}
		try {
			List<Locale.LanguageRange> ranges = Locale.LanguageRange.parse(acceptLanguage);
			return ranges.stream()
				.filter(range -> range.getWeight() > 0)
				// parse() orders the ranges by weight, highest first, ties as written
				.findFirst()
				.filter(range -> range.getRange().toLowerCase(Locale.ROOT).startsWith("en"))
				.map(range -> ENGLISH)
				.orElse(CHINESE);
		}
		catch (IllegalArgumentException malformed) {
			return CHINESE;
		}
	}

	static boolean isEnglish(Locale locale) {
		return locale != null && "en".equals(locale.getLanguage());
	}
}
