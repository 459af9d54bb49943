package io.shouhu.fhir;

import static io.shouhu.fhir.FhirContract.HOSPITAL_SYSTEM;
import static io.shouhu.fhir.FhirContract.MANDATORY_REPORT;
import static io.shouhu.fhir.FhirContract.MESSAGE_EVENT_SYSTEM;
import static io.shouhu.fhir.FhirContract.SITUATION_SYSTEM;
import static io.shouhu.fhir.FhirContract.WORKSTATION_PREFIX;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.hl7.fhir.instance.model.api.IBaseOperationOutcome;
import org.hl7.fhir.r4.model.OperationOutcome;

/**
 * Chinese for the English issue texts of the report reader and of casework's refusals, so that a
 * caller gets one language throughout. Keyed by the English text as written there; a text not listed
 * here keeps its English (a reader text gets a short Chinese lead), which is the worst a new or
 * reworded message can come to.
 */
final class IssueTranslations {

	/** The lead of an English text that has no Chinese yet. */
	static final String CHINESE_LEAD = "校验错误：";

	private static final Map<String, String> CHINESE = Map.ofEntries(
			Map.entry("The request body must be a Bundle of type 'message'.", "请求体必须是 type 为 message 的 Bundle。"),
			Map.entry("A report is a Bundle of type 'message'.", "报告必须是 type 为 message 的 Bundle。"),
			Map.entry("The first entry of a message Bundle must be a MessageHeader.",
					"消息 Bundle 的第一个 entry 必须是 MessageHeader。"),
			Map.entry("MessageHeader.eventCoding must be " + MESSAGE_EVENT_SYSTEM + "#" + MANDATORY_REPORT + ".",
					"MessageHeader.eventCoding 必须是 " + MESSAGE_EVENT_SYSTEM + "#" + MANDATORY_REPORT + "。"),
			Map.entry("MessageHeader.focus must reference the Flag entry of this Bundle.",
					"MessageHeader.focus 必须引用本 Bundle 中的 Flag。"),
			Map.entry("Flag.subject must reference the Patient entry of this Bundle.",
					"Flag.subject 必须引用本 Bundle 中的 Patient。"),
			Map.entry("Patient.birthDate is after the encounter date.", "Patient.birthDate 晚于就诊日期。"),
			Map.entry("MessageHeader.sender must reference the Organization entry of this Bundle.",
					"MessageHeader.sender 必须引用本 Bundle 中的 Organization。"),
			Map.entry("The sending hospital is required: MessageHeader.sender referencing an Organization.",
					"缺少发送医院：MessageHeader.sender 须引用一个 Organization。"),
			Map.entry("Bundle.identifier (system and value) is required: it is the report's idempotency key.",
					"缺少 Bundle.identifier（system 和 value）：它是报告的幂等键。"),
			Map.entry("Bundle.identifier is too long (system at most 512, value at most 256 characters).",
					"Bundle.identifier 过长（system 最多 512 个字符，value 最多 256 个字符）。"),
			Map.entry("The MessageHeader needs an id (or a fullUrl) that the response can refer to.",
					"MessageHeader 需要 id（或 fullUrl），以便响应引用。"),
			Map.entry("MessageHeader.source.endpoint must name the workstation as " + WORKSTATION_PREFIX + "{id}.",
					"MessageHeader.source.endpoint 须以 " + WORKSTATION_PREFIX + "{工作站编号} 标明工作站。"),
			Map.entry("Not a statutory situation: the codes are S1 to S9.", "不是法定情形代码：代码为 S1 至 S9。"),
			Map.entry("Flag.code must carry at least one coding of " + SITUATION_SYSTEM + " (S1 to S9).",
					"Flag.code 须至少含一个 " + SITUATION_SYSTEM + " 的编码（S1 至 S9）。"),
			Map.entry("The Flag carries the report-urgency extension more than once.", "Flag 中 report-urgency 扩展出现了多次。"),
			Map.entry("report-urgency takes a valueCode of immediate-danger, urgent or routine.",
					"report-urgency 的 valueCode 须为 immediate-danger、urgent 或 routine。"),
			Map.entry("Flag.author must reference a Practitioner or PractitionerRole entry of this Bundle.",
					"Flag.author 必须引用本 Bundle 中的 Practitioner 或 PractitionerRole。"),
			Map.entry("Flag.encounter must reference the Encounter entry of this Bundle.",
					"Flag.encounter 必须引用本 Bundle 中的 Encounter。"),
			Map.entry("The Bundle holds several Encounters: Flag.encounter must say which one the report is about.",
					"Bundle 中有多个 Encounter：须用 Flag.encounter 指明报告针对哪一个。"),
			Map.entry("Patient.birthDate is required: the law turns on the child's age.",
					"缺少 Patient.birthDate：法律以儿童年龄为准。"),
			Map.entry("Patient.birthDate must be a full date (year, month and day).", "Patient.birthDate 须为完整日期（年、月、日）。"),
			Map.entry("Encounter.period.start must give at least a full date.", "Encounter.period.start 至少须给出完整日期。"),
			Map.entry("The encounter date is in the future.", "就诊日期在未来。"),
			Map.entry("Not a hospital identifier.", "不是有效的医院编号。"),
			Map.entry("The sending Organization needs an identifier of system " + HOSPITAL_SYSTEM + ".",
					"发送医院的 Organization 须带系统为 " + HOSPITAL_SYSTEM + " 的标识符。"),
			Map.entry("An attachment may be at most 10 MB.", "附件最大 10 MB。"),
			Map.entry("The report message could not be read; check it against the published contract.",
					"无法读取报告消息；请对照已发布的接口规范检查。"),
			Map.entry("The report names another hospital than the one the caller is authenticated as.",
					"报告中的医院与调用方认证的医院不一致。"),
			// casework's refusals
			Map.entry("The sender is not a registered hospital.", "发送方不是已登记的医院。"),
			Map.entry("A report names at least one situation.", "报告须至少包含一种法定情形。"),
			Map.entry("The patient is 18 or older on the encounter date; only minors are reported here.",
					"患者在就诊日已满十八周岁；本系统只受理未成年人的报告。"),
			Map.entry("An attachment is larger than 10 MB.", "附件超过 10 MB。"),
			Map.entry("This report identifier was already used for a different report.", "此报告标识符已用于另一份内容不同的报告。"));

	private static final List<Map.Entry<Pattern, String>> CHINESE_PATTERNS = List.of(
			Map.entry(Pattern.compile("^Workstation (\\S+) is not registered\\.$"), "工作站 $1 未登记。"),
			Map.entry(Pattern.compile("^Workstation (\\S+) does not belong to (\\S+)\\.$"), "工作站 $1 不属于 $2。"));

	private IssueTranslations() {
	}

	/** The Chinese for a known English text. */
	static Optional<String> chinese(String english) {
		if (english == null) {
			return Optional.empty();
		}
		String known = CHINESE.get(english);
		if (known != null) {
			return Optional.of(known);
		}
		for (Map.Entry<Pattern, String> pattern : CHINESE_PATTERNS) {
			Matcher matcher = pattern.getKey().matcher(english);
			if (matcher.matches()) {
				return Optional.of(matcher.replaceFirst(pattern.getValue()));
			}
		}
		return Optional.empty();
	}

	/**
	 * Puts the reader's issue texts in the caller's language: known ones in Chinese, others with the
	 * Chinese lead.
	 */
	static void translateReaderIssues(IBaseOperationOutcome outcome, Locale locale) {
		translate(outcome, locale, true);
	}

	/** Puts casework's refusal texts in Chinese when known; others stay as casework wrote them. */
	static void translateRefusal(IBaseOperationOutcome outcome, Locale locale) {
		translate(outcome, locale, false);
	}

	private static void translate(IBaseOperationOutcome outcome, Locale locale, boolean leadUnknown) {
		if (Languages.isEnglish(locale) || !(outcome instanceof OperationOutcome issues)) {
			return;
		}
		for (OperationOutcome.OperationOutcomeIssueComponent issue : issues.getIssue()) {
			String english = issue.getDiagnostics();
			Optional<String> chinese = chinese(english);
			if (chinese.isPresent()) {
				issue.setDiagnostics(chinese.get());
			}
			else if (leadUnknown && english != null && !english.startsWith(CHINESE_LEAD)) {
				issue.setDiagnostics(CHINESE_LEAD + english);
			}
		}
	}
}
