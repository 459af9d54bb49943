package io.shouhu.fhir;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.UUID;

import io.shouhu.casework.HospitalId;
import io.shouhu.casework.ReportId;
import io.shouhu.casework.ReportIntake;
import io.shouhu.casework.ReportStatusQuery;
import io.shouhu.casework.ReportStatusView;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CodeType;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.OperationOutcome.IssueSeverity;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;
import org.hl7.fhir.r4.model.Task;

import ca.uhn.fhir.model.api.TemporalPrecisionEnum;
import ca.uhn.fhir.rest.annotation.Count;
import ca.uhn.fhir.rest.annotation.IdParam;
import ca.uhn.fhir.rest.annotation.OptionalParam;
import ca.uhn.fhir.rest.annotation.Read;
import ca.uhn.fhir.rest.annotation.Search;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.param.DateParam;
import ca.uhn.fhir.rest.param.ReferenceParam;
import ca.uhn.fhir.rest.param.StringParam;
import ca.uhn.fhir.rest.param.TokenParam;
import ca.uhn.fhir.rest.server.IResourceProvider;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;

/**
 * {@code GET /fhir/Task/{reportId}} and {@code GET /fhir/Task?...}: the status of a report, for the
 * hospital that sent it. Another hospital's report is "not found", and never in a search result,
 * exactly like one that does not exist. docs/fhir/status-feedback.md describes the search.
 */
final class TaskResourceProvider implements IResourceProvider {

	/** A page of Tasks when the caller names no {@code _count}. */
	static final int DEFAULT_COUNT = 50;

	/**
	 * The largest page. Below casework's own cap, because one more than a page is fetched to tell
	 * the caller that more Tasks match than it got.
	 */
	static final int MAX_COUNT = 200;

	static final String DATA_ABSENT_REASON = "http://hl7.org/fhir/StructureDefinition/data-absent-reason";

	static final String IDENTIFIER_MODIFIER = "identifier";

	static final String FOCUS_IDENTIFIER = Task.SP_FOCUS + ":" + IDENTIFIER_MODIFIER;

	/** The parameter of a next link: where the previous page ended. */
	static final String CURSOR = "_cursor";

	private final ReportIntake intake;

	private final ReportTasks tasks;

	TaskResourceProvider(ReportIntake intake, ReportTasks tasks) {
		this.intake = intake;
		this.tasks = tasks;
	}

	@Override
	public Class<Task> getResourceType() {
		return Task.class;
	}

	/** The Task of one of the caller's reports. */
	@Read
	public Task read(@IdParam IdType id) {
		HospitalId caller = CallingHospital.current();
		return ReportId.parse(id.getIdPart())
			.flatMap(report -> intake.status(caller, report))
			.map(tasks::task)
			.orElseThrow(() -> new ResourceNotFoundException(new IdType("Task", id.getIdPart())));
	}

	/**
	 * The Tasks of the caller's reports that match every criterion given, the most recently changed
	 * first.
	 * @param identifier the hospital's {@code Bundle.identifier} of the report, {@code [system|]value}
	 * @param focus the report id (which is also its Task id); or, as {@code focus:identifier}, the
	 *        hospital's identifier of the report, as {@code identifier}
	 * @param lastUpdated {@code gt} or {@code ge} a date or instant
	 * @param count the page size, at most {@value #MAX_COUNT}
	 * @param cursor where the previous page ended, as its {@code next} link gives it
	 * @param request the HAPI request, for the Bundle's links
	 * @return a searchset of Tasks, with a {@code next} link and an OperationOutcome entry when more
	 *         match than it holds
	 */
	@Search
	public Bundle search(@OptionalParam(name = Task.SP_IDENTIFIER) TokenParam identifier,
			@OptionalParam(name = Task.SP_FOCUS) ReferenceParam focus,
			@OptionalParam(name = "_lastUpdated") DateParam lastUpdated, @Count Integer count,
			@OptionalParam(name = CURSOR) StringParam cursor, RequestDetails request) {
		HospitalId caller = CallingHospital.current();
		boolean english = Languages.isEnglish(Languages.of(request.getHeader("Accept-Language")));
		int limit = limit(count, english);
		// HAPI reads focus:identifier as a focus of resource type "identifier"
		boolean focusByIdentifier = focus != null && IDENTIFIER_MODIFIER.equals(focus.getResourceType());
		Criteria byIdentifier = Criteria.both(identifier(Task.SP_IDENTIFIER, identifier, english),
				focusByIdentifier ? identifier(FOCUS_IDENTIFIER, token(focus.getValue()), english) : Criteria.ANY);
		ReportId report = focusByIdentifier ? null : report(focus, english);
		Instant updatedAfter = updatedAfter(lastUpdated, english);
		if (byIdentifier == null || (focus != null && !focusByIdentifier && report == null)) {
			// contradicting criteria, or a report id no report can have: nothing matches
			return searchset(request, List.of(), null, limit, english);
		}
		ReportStatusQuery.Position after = cursor == null ? null : position(cursor.getValue(), english);
		List<ReportStatusView> found = intake.statuses(caller, new ReportStatusQuery(byIdentifier.system(),
				byIdentifier.value(), report, updatedAfter, limit + 1, after));
		List<ReportStatusView> page = found.stream().limit(limit).toList();
		String next = found.size() > limit ? nextLink(request, page.get(page.size() - 1)) : null;
		return searchset(request, page.stream().map(tasks::task).toList(), next, limit, english);
	}

	/**
	 * The link to the page after this one: the same search, continued after the last Task of this
	 * page. A position rather than an offset, so that a report changing between two pages moves
	 * nothing else out of view.
	 */
	private static String nextLink(RequestDetails request, ReportStatusView last) {
		String token = Base64.getUrlEncoder()
			.withoutPadding()
			.encodeToString((last.lastUpdated().toEpochMilli() + "|" + last.report().value())
				.getBytes(StandardCharsets.UTF_8));
		StringBuilder url = new StringBuilder(request.getFhirServerBase()).append("/Task?");
		request.getParameters().forEach((name, values) -> {
			if (!CURSOR.equals(name)) {
				for (String value : values) {
					url.append(encode(name)).append('=').append(encode(value)).append('&');
				}
			}
		});
		return url.append(CURSOR).append('=').append(token).toString();
	}

	private static String encode(String text) {
		return URLEncoder.encode(text, StandardCharsets.UTF_8);
	}

	private static ReportStatusQuery.Position position(String token, boolean english) {
		try {
			String text = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
			int bar = text.indexOf('|');
			return new ReportStatusQuery.Position(Instant.ofEpochMilli(Long.parseLong(text.substring(0, bar))),
					new ReportId(text.substring(bar + 1)));
		}
		catch (RuntimeException ex) {
			throw invalid(english, CURSOR, "is not one this server gave out: follow the Bundle's next link.",
					"不是本服务器给出的取值：请使用 Bundle 的 next 链接。");
		}
	}

	/**
	 * The searchset, built here rather than by HAPI: HAPI would cut the page at {@code _count}, drop
	 * the OperationOutcome entry that says more Tasks match, and page by its own offsets.
	 */
	private static Bundle searchset(RequestDetails request, List<Task> tasks, String next, int limit,
			boolean english) {
		boolean more = next != null;
		Bundle bundle = new Bundle();
		bundle.setId(UUID.randomUUID().toString());
		bundle.getMeta().setLastUpdated(new Date());
		bundle.setType(Bundle.BundleType.SEARCHSET);
		bundle.addLink().setRelation(Bundle.LINK_SELF).setUrl(request.getCompleteUrl());
		if (more) {
			bundle.addLink().setRelation(Bundle.LINK_NEXT).setUrl(next);
		}
		String base = request.getFhirServerBase();
		for (Task task : tasks) {
			bundle.addEntry()
				.setFullUrl(base + "/Task/" + task.getIdElement().getIdPart())
				.setResource(task)
				.getSearch()
				.setMode(Bundle.SearchEntryMode.MATCH);
		}
		if (more) {
			bundle.addEntry().setResource(moreMatch(limit, english)).getSearch().setMode(Bundle.SearchEntryMode.OUTCOME);
			// The total is not known: casework counts no further than it is asked to. Said so explicitly,
			// because HAPI fills a missing total in with _count.
			bundle.getTotalElement().addExtension(DATA_ABSENT_REASON, new CodeType("unknown"));
		}
		else {
			// the total is known only when everything that matches is in the page
			bundle.setTotal(tasks.size());
		}
		return bundle;
	}

	private static TokenParam token(String value) {
		TokenParam token = new TokenParam();
		token.setValueAsQueryToken(null, FOCUS_IDENTIFIER, null, value);
		return token;
	}

	/** An identifier criterion: system and value, either {@code null} for any. */
	private record Criteria(String system, String value) {

		static final Criteria ANY = new Criteria(null, null);

		/** Both criteria at once, or {@code null} when they contradict each other. */
		static Criteria both(Criteria one, Criteria other) {
			if (one.system != null && other.system != null && !one.system.equals(other.system)
					|| one.value != null && other.value != null && !one.value.equals(other.value)) {
				return null;
			}
			return new Criteria(one.system != null ? one.system : other.system,
					one.value != null ? one.value : other.value);
		}
	}

	private static Criteria identifier(String parameter, TokenParam token, boolean english) {
		if (token == null) {
			return Criteria.ANY;
		}
		if (token.getModifier() != null || token.isText()) {
			throw invalid(english, parameter, "takes no modifier: search by [system|]value.",
					"不支持修饰符：请用 [system|]value 检索。");
		}
		String system = token.getSystem();
		String value = blankToNull(token.getValue());
		if (system == null && value == null) {
			throw invalid(english, parameter, "needs a value: [system|]value.", "需要取值：[system|]value。");
		}
		// "|value" is "value without a system", which casework keeps as the empty system
		return new Criteria(system, value);
	}

	private static ReportId report(ReferenceParam focus, boolean english) {
		if (focus == null) {
			return null;
		}
		if (focus.hasChain() || focus.hasResourceType() || focus.getBaseUrl() != null) {
			throw invalid(english, Task.SP_FOCUS, "takes the report id (the id of its Task), e.g. focus={id}"
					+ "; to search by your own report identifier, use focus:identifier=[system|]value.",
					"取报告编号（即其 Task 的 id），例如 focus={id}；按贵院自己的报告标识检索请用 focus:identifier=[system|]value。");
		}
		return ReportId.parse(focus.getIdPart()).orElse(null);
	}

	/**
	 * The instant the reports must have changed after, as FHIR reads the prefix: {@code gt} is after
	 * the whole of the value's precision ({@code gt2026-11-28} is from 29 November on), {@code ge} from
	 * its start. A date without a time is a day in Asia/Shanghai, where the hospitals are. Stored
	 * times have millisecond precision, so "at or after t" is "after t - 1 ms".
	 */
	static Instant updatedAfter(DateParam lastUpdated, boolean english) {
		if (lastUpdated == null || lastUpdated.isEmpty()) {
			return null;
		}
		if (lastUpdated.getPrefix() == null) {
			throw onlyGtGe(english);
		}
		Instant start;
		Instant end;
		TemporalPrecisionEnum precision = lastUpdated.getPrecision();
		if (precision.ordinal() <= TemporalPrecisionEnum.DAY.ordinal()) {
			LocalDate first = day(lastUpdated.getValueAsString(), precision);
			LocalDate next = switch (precision) {
				case YEAR -> first.plusYears(1);
				case MONTH -> first.plusMonths(1);
				default -> first.plusDays(1);
			};
			start = first.atStartOfDay(FhirContract.ENCOUNTER_ZONE).toInstant();
			end = next.atStartOfDay(FhirContract.ENCOUNTER_ZONE).toInstant();
		}
		else {
			start = lastUpdated.getValue().toInstant();
			end = switch (precision) {
				case MINUTE -> start.plus(1, ChronoUnit.MINUTES);
				case SECOND -> start.plus(1, ChronoUnit.SECONDS);
				default -> start.plus(1, ChronoUnit.MILLIS);
			};
		}
		return switch (lastUpdated.getPrefix()) {
			case GREATERTHAN -> end.minusMillis(1);
			case GREATERTHAN_OR_EQUALS -> start.minusMillis(1);
			default -> throw onlyGtGe(english);
		};
	}

	private static InvalidRequestException onlyGtGe(boolean english) {
		return invalid(english, "_lastUpdated", "supports the prefixes gt and ge only, e.g. _lastUpdated=gt2026-11-28T07:00:00Z.",
				"只支持 gt 和 ge 前缀，例如 _lastUpdated=gt2026-11-28T07:00:00Z。");
	}

	/** The first day of a date written as YYYY, YYYY-MM or YYYY-MM-DD (after the prefix). */
	private static LocalDate day(String written, TemporalPrecisionEnum precision) {
		String date = written.replaceFirst("^[a-z]{2}", "");
		int year = Integer.parseInt(date.substring(0, 4));
		int month = precision == TemporalPrecisionEnum.YEAR ? 1 : Integer.parseInt(date.substring(5, 7));
		int day = precision == TemporalPrecisionEnum.DAY ? Integer.parseInt(date.substring(8, 10)) : 1;
		return LocalDate.of(year, month, day);
	}

	private static int limit(Integer count, boolean english) {
		if (count == null) {
			return DEFAULT_COUNT;
		}
		if (count < 1) {
			throw invalid(english, "_count", "must be at least 1.", "至少为 1。");
		}
		// FHIR lets a server return fewer than asked for
		return Math.min(count, MAX_COUNT);
	}

	private static OperationOutcome moreMatch(int limit, boolean english) {
		OperationOutcome outcome = new OperationOutcome();
		outcome.setId("more-match");
		outcome.addIssue()
			.setSeverity(IssueSeverity.WARNING)
			.setCode(IssueType.TOOCOSTLY)
			.setDiagnostics(english
					? "More Tasks match than the " + limit
							+ " in this Bundle (the most recently changed): follow the Bundle's next link for the rest."
					: "符合条件的 Task 多于本 Bundle 中的 " + limit + " 个（此处为最近变更的）：其余的请沿 Bundle 的 next 链接获取。");
		return outcome;
	}

	/** A 400 in the caller's language, as every error of the FHIR interface. */
	private static InvalidRequestException invalid(boolean english, String parameter, String englishText,
			String chineseText) {
		String text = english ? "Search parameter " + parameter + " " + englishText : "检索参数 " + parameter + " " + chineseText;
		return new InvalidRequestException(text, Issues.outcome(parameter, IssueType.INVALID, text));
	}

	private static String blankToNull(String value) {
		return value == null || value.isBlank() ? null : value;
	}
}
