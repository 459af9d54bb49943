package io.shouhu.fhir;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.hl7.fhir.r4.model.OperationOutcome.IssueType;

import ca.uhn.fhir.rest.server.exceptions.UnprocessableEntityException;
import ca.uhn.fhir.validation.SingleValidationMessage;

/**
 * Turns the validator's errors into OperationOutcome issues a hospital engineer can act on: one issue
 * per problem, its {@code expression} the FHIRPath of the element at fault, its text in Chinese or
 * English. HAPI's messages are English and quote the values sent (a birth date, an ID number); the
 * common ones are rewritten from templates that name elements, profiles and value sets only, and any
 * other has its quoted values blanked.
 */
final class ValidationMessages {

	/** HAPI marks the resource in a location with a comment: {@code resource/*Patient/123*}{@code /}. */
	private static final Pattern LOCATION_COMMENT = Pattern.compile("/\\*.*?\\*/");

	private static final Pattern ELEMENT_COUNT = Pattern
		.compile("^(\\S+): (?:minimum required|max allowed) = (\\d+), but (?:only )?found (\\d+)");

	private static final Pattern SLICE = Pattern.compile("^Slice '([^']+)'");

	private static final Pattern VALUE_SET = Pattern.compile("value set '[^']*' \\((https?://[^|)\\s]+)");

	private static final Pattern UNKNOWN_CODE = Pattern.compile("Unknown code '([^'#]+)#");

	private static final Pattern FIXED = Pattern.compile("(?:fixed|pattern) (?:to|is) '([^']*)'");

	private static final Pattern TARGET_TYPE = Pattern.compile("Found (\\w+), but expected one of \\(\\[([^\\]]*)\\]\\)");

	private static final Pattern EXTENSION_TYPE = Pattern.compile("^The Extension '([^']+)' definition allows for the types \\[([^\\]]*)\\]");

	private static final Pattern FIRST_URL = Pattern.compile("'?((?:https?|urn):[^\\s'|]+)");

	private static final Pattern CONSTRAINT = Pattern.compile("^Constraint failed: ([\\w.-]+): '(.*)'(?: \\(defined in|$)",
			Pattern.DOTALL);

	/** Quoted text in a HAPI message; kept when it is a URL (a profile, a system), blanked otherwise. */
	private static final Pattern QUOTED = Pattern.compile("'([^']*)'");

	private static final Pattern URL_LIKE = Pattern.compile("(?:https?|urn):[^\\s]*");

	private static final Pattern ENTRY = Pattern.compile("^Bundle\\.entry\\[(\\d+)\\]");

	private ValidationMessages() {
	}

	/** One issue: where, what kind, and the text in both languages. */
	record Issue(String expression, IssueType type, String chinese, String english) {

		String text(Locale locale) {
			return Languages.isEnglish(locale) ? english : chinese;
		}
	}

	/**
	 * A 422 listing each error once: the validator often reports one problem from two angles (an
	 * unknown code and a code not in the value set, a base and a derived profile), which read the same
	 * once rewritten, and are kept once.
	 */
	static UnprocessableEntityException toException(List<SingleValidationMessage> errors, Locale locale) {
		Map<String, Issue> unique = new LinkedHashMap<>();
		for (SingleValidationMessage error : errors) {
			Issue issue = issue(error);
			unique.putIfAbsent(issue.expression() + "\n" + issue.type().toCode() + "\n" + issue.english(), issue);
		}
		Issues issues = new Issues();
		for (Issue issue : dropDuplicateCodeIssues(unique.values().stream().toList())) {
			issues.add(issue.expression(), issue.type(), issue.text(locale));
		}
		return issues.toException();
	}

	/** Of several code issues on one element, the one naming the value set says it all. */
	private static List<Issue> dropDuplicateCodeIssues(List<Issue> issues) {
		Map<String, Issue> kept = new LinkedHashMap<>();
		int other = 0;
		for (Issue issue : issues) {
			if (issue.type() != IssueType.CODEINVALID) {
				kept.put("#" + other++, issue);
				continue;
			}
			String key = issue.expression();
			Issue before = kept.get(key);
			if (before == null || (!before.english().contains("value set") && issue.english().contains("value set"))) {
				kept.put(key, issue);
			}
		}
		return List.copyOf(kept.values());
	}

	static Issue issue(SingleValidationMessage error) {
		String id = error.getMessageId() == null ? "" : error.getMessageId();
		String message = error.getMessage() == null ? "" : error.getMessage();
		String location = location(error.getLocationString());

		if (id.startsWith("Validation_VAL_Profile_Minimum_SLICE") || id.startsWith("Validation_VAL_Profile_NoCheckMin")) {
			return slice(location, message);
		}
		if (id.startsWith("Validation_VAL_Profile_Minimum") || id.startsWith("Validation_VAL_Profile_Maximum")) {
			Matcher count = ELEMENT_COUNT.matcher(message);
			if (count.find()) {
				return cardinality(location, count.group(1), id.startsWith("Validation_VAL_Profile_Minimum"),
						Integer.parseInt(count.group(2)), Integer.parseInt(count.group(3)));
			}
		}
		if (id.equals("Terminology_TX_Code_ValueSet") || id.equals("Terminology_TX_Code_ValueSet_Ext")) {
			String valueSet = valueSet(message);
			return new Issue(location, IssueType.REQUIRED, "缺少代码：须取自值集 " + valueSet + "。",
					"A code from the value set " + valueSet + " is required.");
		}
		if (id.startsWith("Terminology_") || id.startsWith("Unknown_Code") || id.startsWith("None_of_the_provided_codes")) {
			Matcher valueSet = VALUE_SET.matcher(message);
			if (message.contains("value set") && valueSet.find()) {
				return new Issue(location, IssueType.CODEINVALID, "代码不在值集 " + valueSet.group(1) + " 中。",
						"The code is not in the value set " + valueSet.group(1) + ".");
			}
			Matcher unknown = UNKNOWN_CODE.matcher(message);
			if (unknown.find()) {
				return new Issue(location, IssueType.CODEINVALID, "代码系统 " + unknown.group(1) + " 中没有此代码。",
						"Unknown code in the code system " + unknown.group(1) + ".");
			}
		}
		if (id.equals("Reference_REF_BadTargetType") || id.equals("Reference_REF_WrongTarget")) {
			Matcher types = TARGET_TYPE.matcher(message);
			if (types.find()) {
				return new Issue(location, IssueType.STRUCTURE,
						"引用的资源类型错误：应为 " + types.group(2) + "，实际为 " + types.group(1) + "。",
						"The reference must point to " + types.group(2) + ", not to " + types.group(1) + ".");
			}
		}
		if (id.equals("Bundle_BUNDLE_Entry_NotFound") || id.equals("Reference_REF_CantResolve")
				|| id.equals("Bundle_BUNDLE_Entry_NotFound_Appropriate")) {
			return new Issue(location, IssueType.NOTFOUND, "引用的资源不在本 Bundle 中（按 fullUrl 或 类型/id 查找）。",
					"The referenced resource is not in this Bundle (looked up by fullUrl or Type/id).");
		}
		if (id.equals("Bundle_BUNDLE_Entry_NoFullUrl") || id.equals("BUNDLE_BUNDLE_ENTRY_FULLURL_REQUIRED")) {
			return new Issue(location + ".fullUrl", IssueType.REQUIRED, "每个 entry 都须有 fullUrl（如 urn:uuid:…）。",
					"Every entry needs a fullUrl (e.g. urn:uuid:…).");
		}
		if (id.equals("Validation_BUNDLE_Message") || id.equals("Bundle_BUNDLE_Entry_NoFirst")
				|| id.endsWith("#bdl-12")) {
			return new Issue("Bundle.entry[0].resource", IssueType.STRUCTURE, "消息 Bundle 的第一个 entry 必须是 MessageHeader。",
					"The first entry of a message Bundle must be a MessageHeader.");
		}
		if (id.equals("Extension_EXT_Type")) {
			Matcher type = EXTENSION_TYPE.matcher(message);
			if (type.find()) {
				return new Issue(location + ".value", IssueType.STRUCTURE,
						"扩展 " + type.group(1) + " 的值类型错误：应为 " + type.group(2) + "。",
						"The extension " + type.group(1) + " takes a value of type " + type.group(2) + ".");
			}
		}
		if (id.startsWith("Extension_EXT_Unknown")) {
			String url = firstUrl(message);
			return new Issue(location, IssueType.NOTSUPPORTED, "未知的扩展 " + url + "。", "Unknown extension " + url + ".");
		}
		if (id.equals("Validation_VAL_Profile_Unknown") || id.equals("Validation_VAL_Unknown_Profile")) {
			String url = firstUrl(message);
			return new Issue(location, IssueType.NOTSUPPORTED, "未知的 profile " + url + "。", "Unknown profile " + url + ".");
		}
		if (id.equals("Validation_VAL_Profile_WrongType") || id.equals("Validation_VAL_Profile_WrongType2")) {
			return new Issue(location, IssueType.STRUCTURE, "资源类型与所声明的 profile 不符。",
					"The resource type does not match the declared profile.");
		}
		if (id.equals("Profile_VAL_NotAllowed") || id.equals("Validation_VAL_Profile_NotAllowed")) {
			return new Issue(location, IssueType.STRUCTURE, "此处不允许出现该元素。", "This element is not allowed here.");
		}
		if (id.endsWith("_DT_Fixed_Wrong") || id.endsWith("_DT_Pattern_Wrong") || id.startsWith("Profile_VAL_MissingElement")) {
			Matcher fixed = FIXED.matcher(message);
			if (fixed.find()) {
				return new Issue(location, IssueType.VALUE, "值错误：须为 " + fixed.group(1) + "。",
						"The value must be " + fixed.group(1) + ".");
			}
		}
		if (id.startsWith("Type_Specific_Checks_DT_Date") || id.startsWith("Type_Specific_Checks_DT_DateTime")
				|| id.startsWith("Type_Specific_Checks_DT_Instant")) {
			return new Issue(location, IssueType.VALUE, "日期或时间格式无效。", "Not a valid date or time.");
		}
		if (id.equals("TYPE_SPECIFIC_CHECKS_DT_ATT_SIZE_CORRECT")) {
			return new Issue(location, IssueType.VALUE, "附件的 size 与数据的实际字节数不符。",
					"Attachment.size does not match the number of bytes of the data.");
		}
		if (id.equals("TYPE_SPECIFIC_CHECKS_DT_ATT_HASH_MISMATCH")) {
			return new Issue(location, IssueType.VALUE, "附件的 hash 与数据的 SHA-1 不符。",
					"Attachment.hash does not match the SHA-1 of the data.");
		}
		if (id.contains("#")) {
			return constraint(location, id.substring(id.lastIndexOf('#') + 1), message);
		}
		String english = redact(message);
		return new Issue(location, IssueType.PROCESSING, "校验错误：" + english, english);
	}

	/** The expression of a location, without HAPI's resource comments. */
	static String location(String location) {
		if (location == null || location.isBlank()) {
			return "Bundle";
		}
		return LOCATION_COMMENT.matcher(location).replaceAll("").replace("..", ".");
	}

	/** Quoted values blanked, quoted URLs kept: the values are the sender's, and may be personal data. */
	static String redact(String message) {
		return QUOTED.matcher(message)
			.replaceAll(m -> URL_LIKE.matcher(m.group(1)).matches() ? Matcher.quoteReplacement(m.group())
					: Matcher.quoteReplacement("'…'"));
	}

	/** The entry index of an expression, or -1. */
	static int entryIndex(String expression) {
		Matcher entry = ENTRY.matcher(expression);
		return entry.find() ? Integer.parseInt(entry.group(1)) : -1;
	}

	private static Issue cardinality(String location, String path, boolean minimum, int limit, int found) {
		String element = path.contains(":") ? path.substring(0, path.indexOf(':')) : path;
		String child = element.substring(element.lastIndexOf('.') + 1);
		String expression = location + "." + child;
		if (minimum) {
			return limit <= 1
					? new Issue(expression, IssueType.REQUIRED, "缺少必填元素 " + path + "。", path + " is required.")
					: new Issue(expression, IssueType.REQUIRED, path + " 至少需要 " + limit + " 个，实际有 " + found + " 个。",
							path + " needs at least " + limit + ", found " + found + ".");
		}
		return new Issue(expression, IssueType.STRUCTURE, path + " 最多允许 " + limit + " 个，实际有 " + found + " 个。",
				path + " allows at most " + limit + ", found " + found + ".");
	}

	private static Issue slice(String location, String message) {
		Matcher slice = SLICE.matcher(message);
		String name = slice.find() ? slice.group(1) : "?";
		if (name.equals("Organization.identifier:hospital")) {
			return new Issue(location + ".identifier", IssueType.REQUIRED,
					"发送医院的 Organization 须带系统为 " + FhirContract.HOSPITAL_SYSTEM + " 的标识符（守护医院编号）。",
					"The sending hospital's Organization needs an identifier of system " + FhirContract.HOSPITAL_SYSTEM
							+ " (its Shouhu hospital id).");
		}
		String element = name.contains(":") ? name.substring(0, name.indexOf(':')) : name;
		return new Issue(location + "." + element.substring(element.lastIndexOf('.') + 1), IssueType.REQUIRED,
				"缺少必需的 " + name + "。", name + " is required.");
	}

	private static Issue constraint(String location, String key, String message) {
		switch (key) {
			case "shouhu-msh-1":
				return new Issue(location, IssueType.VALUE,
						"MessageHeader.source.endpoint 须为 " + FhirContract.WORKSTATION_PREFIX
								+ "{工作站编号}，编号为 1 到 64 个字母、数字、点、下划线或连字符。",
						"MessageHeader.source.endpoint must name the workstation as " + FhirContract.WORKSTATION_PREFIX
								+ "{id}, the id 1 to 64 letters, digits, '.', '_' or '-'.");
			case "att-1":
				return new Issue(location + ".contentType", IssueType.REQUIRED, "附件带有数据（data）时须注明类型（contentType）。",
						"An attachment with data needs its contentType.");
			case "shouhu-pat-1":
				return new Issue(location, IssueType.VALUE, "Patient.birthDate 须为完整日期（年、月、日）：法律以周岁计算年龄。",
						"Patient.birthDate must be a full date (year, month and day): the law turns on the child's age.");
			default:
				Matcher constraint = CONSTRAINT.matcher(message);
				String human = constraint.find() ? redact(constraint.group(2)) : redact(message);
				return new Issue(location, IssueType.INVARIANT, "不满足约束 " + key + "：" + human,
						"Constraint " + key + " failed: " + human);
		}
	}

	private static String valueSet(String message) {
		Matcher valueSet = VALUE_SET.matcher(message);
		return valueSet.find() ? valueSet.group(1) : firstUrl(message);
	}

	private static String firstUrl(String message) {
		Matcher url = FIRST_URL.matcher(message);
		return url.find() ? url.group(1) : "?";
	}
}
