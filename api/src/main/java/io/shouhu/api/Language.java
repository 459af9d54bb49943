package io.shouhu.api;

import java.util.Locale;

import jakarta.servlet.http.HttpServletRequest;

/** The language of display texts: English when the caller's Accept-Language prefers it, else Chinese. */
final class Language {

	private Language() {
	}

	static boolean english(HttpServletRequest request) {
		String header = request.getHeader("Accept-Language");
		if (header == null || header.isBlank()) {
			return false;
		}
		try {
			for (Locale.LanguageRange range : Locale.LanguageRange.parse(header)) {
				if (range.getWeight() <= 0) {
					continue;
				}
				String tag = range.getRange().toLowerCase(Locale.ROOT);
				if (tag.startsWith("zh")) {
					return false;
				}
				if (tag.startsWith("en")) {
					return true;
				}
			}
		}
		catch (IllegalArgumentException malformed) {
			return false;
		}
		return false;
	}
}
