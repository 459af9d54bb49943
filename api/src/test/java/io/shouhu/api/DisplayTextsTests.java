package io.shouhu.api;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.shouhu.casework.CaseRule;
import io.shouhu.casework.TimelineEntry;
import io.shouhu.casework.TrackType;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Every rule and every kind of timeline entry has its display text, in Chinese and English. */
class DisplayTextsTests {

	@Test
	void everyRuleHasATitle() {
		assertThat(ProblemTitles.coversEveryRule()).isTrue();
		for (CaseRule rule : CaseRule.values()) {
			assertThat(ProblemTitles.of(rule, false)).as(rule.code()).isNotEqualTo(rule.code());
			assertThat(ProblemTitles.of(rule, true)).as(rule.code()).isNotEqualTo(rule.code());
		}
	}

	@Test
	void everyTimelineTypeTheCaseWritesHasAText() throws IOException {
		// The types are the literals the aggregate logs; reading its source keeps this list from going stale.
		String source = Files.readString(caseSource());
		Matcher logged = Pattern.compile("log\\((?:by|null), \"([a-z-]+)\"").matcher(source);
		Set<String> types = new TreeSet<>();
		while (logged.find()) {
			types.add(logged.group(1));
		}

		assertThat(types).as("found in Case.java").hasSizeGreaterThan(15).contains("case-opened", "comment");
		for (String type : types) {
			assertThat(TimelineTexts.has(type)).as(type).isTrue();
		}
	}

	@Test
	void aTimelineLineNamesTheTrackAndMilestoneInTheCallersLanguage() {
		TimelineEntry entry = new TimelineEntry(java.time.Instant.EPOCH, "prosecutor", "milestone-recorded",
				TrackType.CRIMINAL, null, java.util.Map.of("milestone", "referred-to-police"));

		assertThat(TimelineTexts.text(entry, false)).isEqualTo("刑事办案：移送公安机关");
		assertThat(TimelineTexts.text(entry, true)).isEqualTo("Criminal case handling: Referred to police");
	}

	private static Path caseSource() {
		Path dir = Path.of("").toAbsolutePath();
		while (dir != null && !Files.exists(dir.resolve("casework/src/main/java/io/shouhu/casework/Case.java"))) {
			dir = dir.getParent();
		}
		assertThat(dir).as("the casework sources above " + Path.of("").toAbsolutePath()).isNotNull();
		return dir.resolve("casework/src/main/java/io/shouhu/casework/Case.java");
	}
}
