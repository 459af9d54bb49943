package io.shouhu.fhir;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.server.exceptions.BaseServerResponseException;
import io.shouhu.casework.ClinicalCode;
import io.shouhu.casework.Situation;
import io.shouhu.casework.SituationMatch;
import io.shouhu.casework.Strength;
import jakarta.servlet.http.HttpServletRequest;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CodeSystem;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Resource;
import org.springframework.core.env.Environment;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * CDS Hooks 2.0 services for HIS products that speak it: {@code GET /cds-services} lists one service
 * per hook, {@code POST /cds-services/{id}} answers a hook call with one card per statutory situation
 * the visit reveals ({@code critical} for must-report, {@code warning} for consider), the legal basis
 * in Chinese unless the call's {@code Accept-Language} asks for English, and a suggestion whose
 * {@code create} action is the draft report. The rules are the assessment operation's
 * ({@link ReportabilityCheck}); the service reads what the client prefetched and never calls back to
 * the hospital's FHIR server, so a call without the patient is answered 412. Found by the
 * application's component scan (Spring MVC serves only controllers it finds so).
 */
@RestController
final class CdsHooksServices {

	static final String DISCOVERY = "/cds-services";

	/** Where the doctor is, as a CDS Hooks request extension: {@code {"io.shouhu.workstation": "ws-001"}}. */
	static final String WORKSTATION_EXTENSION = "io.shouhu.workstation";

	private static final MediaType PROBLEM = MediaType.APPLICATION_PROBLEM_JSON;

	/**
	 * Hook requests nest a few levels around FHIR resources; 100 levels leave room for any real
	 * resource, and keep the answer (the draft, some levels deeper in a card) writable.
	 */
	private static final JsonMapper JSON = JsonMapper
		.builder(JsonFactory.builder().streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(100).build())
			.build())
		.build();

	/** CDS Hooks 2.0: a card's summary is "less than 140 characters". */
	private static final int SUMMARY_LIMIT = 139;

	/** The services, one per hook. */
	enum Service {

		PATIENT_VIEW("shouhu-reportability", "patient-view", "强制报告提示（打开病历时）",
				"Mandatory reporting check when a patient's record is opened"),
		ENCOUNTER_DISCHARGE("shouhu-reportability-encounter-discharge", "encounter-discharge", "强制报告提示（出院时）",
				"Mandatory reporting check at discharge"),
		ORDER_SIGN("shouhu-reportability-order-sign", "order-sign", "强制报告提示（签署医嘱时）",
				"Mandatory reporting check when orders are signed");

		final String id;

		final String hook;

		final String titleChinese;

		final String titleEnglish;

		Service(String id, String hook, String titleChinese, String titleEnglish) {
			this.id = id;
			this.hook = hook;
			this.titleChinese = titleChinese;
			this.titleEnglish = titleEnglish;
		}

		Map<String, String> prefetch() {
			Map<String, String> prefetch = new LinkedHashMap<>();
			prefetch.put("patient", "Patient/{{context.patientId}}");
			if (this == ENCOUNTER_DISCHARGE) {
				prefetch.put("encounter", "Encounter/{{context.encounterId}}");
				prefetch.put("conditions", "Condition?patient={{context.patientId}}&encounter={{context.encounterId}}");
			}
			else {
				prefetch.put("conditions", "Condition?patient={{context.patientId}}");
			}
			return prefetch;
		}

		static Service of(String id) {
			for (Service service : values()) {
				if (service.id.equals(id)) {
					return service;
				}
			}
			return null;
		}
	}

	private final FhirContext fhir;

	private final ReportabilityCheck check;

	private final long maxRequestBytes;

	private final Map<Situation, String[]> titles;

	CdsHooksServices(FhirContext fhir, ReportabilityCheck check, Environment environment) {
		this.fhir = fhir;
		this.check = check;
		this.maxRequestBytes = RequestSizeLimitConfiguration.maxRequestBytes(environment);
		this.titles = titles(fhir);
	}

	@GetMapping(path = DISCOVERY, produces = MediaType.APPLICATION_JSON_VALUE)
	String discovery() {
		ObjectNode root = JSON.createObjectNode();
		ArrayNode services = root.putArray("services");
		for (Service service : Service.values()) {
			ObjectNode node = services.addObject();
			node.put("hook", service.hook);
			node.put("id", service.id);
			node.put("title", service.titleChinese + " " + service.titleEnglish);
			node.put("description", "是否属于《关于建立侵害未成年人案件强制报告制度的意见（试行）》规定的应当报告情形，附法律依据和一键报告。"
					+ " Whether the visit reveals a situation the mandatory reporting rules (2020) name, with the legal"
					+ " basis and a one-click report.");
			ObjectNode prefetch = node.putObject("prefetch");
			service.prefetch().forEach(prefetch::put);
		}
		return JSON.writeValueAsString(root);
	}

	@PostMapping(path = DISCOVERY + "/{id}")
	ResponseEntity<?> call(@PathVariable("id") String id, HttpServletRequest request) {
		boolean english = Languages.isEnglish(Languages.of(request.getHeader("Accept-Language")));
		Service service = Service.of(id);
		if (service == null) {
			return problem(HttpStatus.NOT_FOUND, english ? "There is no CDS service " + clip(id) + "; see GET /cds-services."
					: "没有名为 " + clip(id) + " 的 CDS 服务，请查看 GET /cds-services。");
		}
		JsonNode body;
		try {
			body = read(request);
		}
		catch (TooLarge ex) {
			return problem(HttpStatus.CONTENT_TOO_LARGE, english ? "The hook request is larger than "
					+ maxRequestBytes + " bytes." : "请求超过 " + maxRequestBytes + " 字节的上限。");
		}
		catch (IOException | JacksonException ex) {
			return problem(HttpStatus.BAD_REQUEST, english ? "The hook request is not a JSON object."
					: "请求须为 JSON 对象。");
		}
		if (body == null || !body.isObject()) {
			return problem(HttpStatus.BAD_REQUEST, english ? "The hook request is not a JSON object." : "请求须为 JSON 对象。");
		}
		if (!service.hook.equals(text(body, "hook"))) {
			return problem(HttpStatus.BAD_REQUEST, english ? "This service answers the hook " + service.hook + "."
					: "此服务只响应 " + service.hook + " 钩子。");
		}
		if (text(body, "hookInstance") == null || !body.path("context").isObject()) {
			return problem(HttpStatus.BAD_REQUEST, english ? "A hook request needs hookInstance and context."
					: "请求须包含 hookInstance 和 context。");
		}
		JsonNode prefetch = body.path("prefetch");
		try {
			Patient patient = resource(prefetch, "patient", Patient.class);
			if (patient == null) {
				return problem(HttpStatus.PRECONDITION_FAILED, english
						? "Prefetch 'patient' is required: the service does not call the hospital's FHIR server."
						: "须预取 'patient'（本服务不回调医院的 FHIR 服务器）。");
			}
			List<Condition> conditions = searchset(prefetch, "conditions", Condition.class);
			if (conditions == null) {
				return problem(HttpStatus.PRECONDITION_FAILED, english
						? "Prefetch 'conditions' is required: the service does not call the hospital's FHIR server."
						: "须预取 'conditions'（本服务不回调医院的 FHIR 服务器）。");
			}
			List<Resource> clinical = new ArrayList<>(conditions);
			List<Observation> observations = searchset(prefetch, "observations", Observation.class);
			if (observations != null) {
				clinical.addAll(observations);
			}
			Encounter encounter = resource(prefetch, "encounter", Encounter.class);
			// No reporter in a card's draft: a CDS client may keep what a create action carries in the
			// child's own record, where the doctor who reported must not be named (the sealed reporter)
			ReportabilityCheck.Answer answer = check.check(new ReportDraft.Visit(patient, encounter, null, clinical),
					CallingHospital.current(), text(body.path("extension"), WORKSTATION_EXTENSION));
			return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(cards(answer, english));
		}
		catch (ReportabilityCheck.VisitIncomplete ex) {
			// present but unusable: a 412 would have the client fetch the same again
			return problem(HttpStatus.BAD_REQUEST, ex.message(english));
		}
		catch (JacksonException ex) {
			return problem(HttpStatus.BAD_REQUEST, english ? "The visit is nested too deep to answer."
					: "就诊数据嵌套过深，无法作答。");
		}
		catch (Unreadable ex) {
			return problem(HttpStatus.BAD_REQUEST, english ? "Prefetch '" + ex.key + "' is not a FHIR R4 "
					+ ex.expected + "." : "预取的 '" + ex.key + "' 不是 FHIR R4 " + ex.expected + "。");
		}
		catch (BaseServerResponseException ex) {
			boolean noToken = ex.getStatusCode() == HttpStatus.UNAUTHORIZED.value();
			return problem(noToken ? HttpStatus.UNAUTHORIZED : HttpStatus.FORBIDDEN, noToken
					? (english ? "A hospital access token is required." : "须使用医院的访问令牌。")
					: (english ? "The caller is not a hospital." : "调用方不是医院。"));
		}
	}

	private String cards(ReportabilityCheck.Answer answer, boolean english) {
		ObjectNode root = JSON.createObjectNode();
		ArrayNode cards = root.putArray("cards");
		if (answer.draft() == null) {
			return JSON.writeValueAsString(root);
		}
		JsonNode draft = JSON.readTree(fhir.newJsonParser().encodeResourceToString(answer.draft()));
		for (SituationMatch match : answer.assessment().matches()) {
			boolean must = match.strength() == Strength.MUST_REPORT;
			String[] title = titles.getOrDefault(match.situation(), new String[] { "", "" });
			ObjectNode card = cards.addObject();
			card.put("uuid", UUID.randomUUID().toString());
			String summary = english
					? (must ? "Must report: " : "Consider reporting: ") + match.situation().name() + " " + title[1]
					: (must ? "应当报告：" : "建议考虑报告：") + match.situation().name() + " " + title[0];
			card.put("summary", clip(summary, SUMMARY_LIMIT));
			card.put("indicator", must ? "critical" : "warning");
			card.put("detail", detail(match, english));
			ObjectNode source = card.putObject("source");
			source.put("label", english ? "Shouhu mandatory reporting" : "守护 强制报告");
			ObjectNode topic = source.putObject("topic");
			topic.put("system", FhirContract.SITUATION_SYSTEM);
			topic.put("code", match.situation().name());
			topic.put("display", english ? title[1] : title[0]);
			ObjectNode suggestion = card.putArray("suggestions").addObject();
			suggestion.put("label", english ? "Report now (mandatory report)" : "立即报告（强制报告）");
			suggestion.put("uuid", UUID.randomUUID().toString());
			suggestion.put("isRecommended", must);
			ObjectNode action = suggestion.putArray("actions").addObject();
			action.put("type", "create");
			action.put("description", english
					? "Send this report to the procuratorate with $process-message (the same report whichever card you accept)."
					: "以 $process-message 将此报告发送至检察院（无论从哪张卡片提交，都是同一份报告）。");
			action.set("resource", draft);
			card.put("selectionBehavior", "at-most-one");
		}
		return JSON.writeValueAsString(root);
	}

	private static String detail(SituationMatch match, boolean english) {
		StringBuilder detail = new StringBuilder();
		detail.append(english ? "**Legal basis.** " : "**法律依据：**")
			.append(english ? match.basisEnglish() : match.basisChinese())
			.append("\n\n")
			.append(english ? "**Found in the record:** " : "**病历依据：**");
		List<String> codes = new ArrayList<>();
		for (ClinicalCode code : match.evidence()) {
			codes.add(code.code() + (code.source() == null ? "" : " (" + code.source() + ")"));
		}
		detail.append(String.join(", ", codes))
			.append("\n\n")
			.append(english
					? "Decision support, not a legal determination: the doctor decides, and may report whatever the rules say."
					: "本提示为辅助决策，不是法律认定；是否报告由医生判断，规则未提示的情形同样可以报告。");
		return detail.toString();
	}

	private JsonNode read(HttpServletRequest request) throws IOException {
		if (request.getContentLengthLong() > maxRequestBytes) {
			throw new TooLarge();
		}
		try (InputStream in = request.getInputStream()) {
			byte[] bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxRequestBytes + 1));
			if (bytes.length > maxRequestBytes) {
				throw new TooLarge();
			}
			return bytes.length == 0 ? null : JSON.readTree(bytes);
		}
	}

	/**
	 * A prefetched resource, or {@code null} when absent, {@code null}, or an OperationOutcome (the
	 * client could not fetch it).
	 */
	private <T extends Resource> T resource(JsonNode prefetch, String key, Class<T> type) {
		JsonNode node = prefetch.path(key);
		if (node.isMissingNode() || node.isNull()) {
			return null;
		}
		IBaseResource resource = parse(node, key, type.getSimpleName());
		if (resource instanceof OperationOutcome) {
			return null;
		}
		if (type.isInstance(resource)) {
			return type.cast(resource);
		}
		throw new Unreadable(key, type.getSimpleName());
	}

	/**
	 * The resources of a type in a prefetched search Bundle (or a single such resource); {@code null}
	 * when the client could not fetch them (absent, {@code null} or an OperationOutcome).
	 */
	private <T extends Resource> List<T> searchset(JsonNode prefetch, String key, Class<T> type) {
		JsonNode node = prefetch.path(key);
		if (node.isMissingNode() || node.isNull()) {
			return null;
		}
		IBaseResource resource = parse(node, key, "Bundle");
		if (resource instanceof OperationOutcome) {
			return null;
		}
		if (type.isInstance(resource)) {
			return List.of(type.cast(resource));
		}
		if (!(resource instanceof Bundle bundle)) {
			throw new Unreadable(key, "Bundle");
		}
		return bundle.getEntry()
			.stream()
			.map(Bundle.BundleEntryComponent::getResource)
			.filter(type::isInstance)
			.map(type::cast)
			.toList();
	}

	private IBaseResource parse(JsonNode node, String key, String expected) {
		if (!node.isObject()) {
			throw new Unreadable(key, expected);
		}
		try {
			return fhir.newJsonParser().parseResource(JSON.writeValueAsString(node));
		}
		catch (RuntimeException ex) {
			// DataFormatException for what is not FHIR, and HAPI's parser also fails with others
			// (a NullPointerException for a null in a list): all are the request's fault
			throw new Unreadable(key, expected);
		}
	}

	private static String text(JsonNode node, String field) {
		JsonNode value = node.path(field);
		return value.isString() && !value.asString().isBlank() ? value.asString() : null;
	}

	private static ResponseEntity<ProblemDetail> problem(HttpStatus status, String detail) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
		problem.setType(URI.create("about:blank"));
		return ResponseEntity.status(status).contentType(PROBLEM).body(problem);
	}

	private static String clip(String value) {
		return clip(value.replaceAll("[^\\w.-]", "?"), 64);
	}

	private static String clip(String value, int limit) {
		if (value.length() <= limit) {
			return value;
		}
		int end = limit - 1;
		if (Character.isHighSurrogate(value.charAt(end - 1))) {
			end--;
		}
		return value.substring(0, end) + "…";
	}

	/** The short names of the situations from the guide's CodeSystem: Chinese, English. */
	private static Map<Situation, String[]> titles(FhirContext fhir) {
		Map<Situation, String[]> titles = new EnumMap<>(Situation.class);
		try (InputStream in = CdsHooksServices.class.getResourceAsStream("/fhir/CodeSystem-statutory-situation.json")) {
			CodeSystem codes = fhir.newJsonParser().parseResource(CodeSystem.class, in);
			for (CodeSystem.ConceptDefinitionComponent concept : codes.getConcept()) {
				Situation situation = Situation.ofCode(concept.getCode());
				if (situation != null) {
					String english = concept.getDesignation()
						.stream()
						.filter(d -> "en".equals(d.getLanguage()))
						.map(CodeSystem.ConceptDefinitionDesignationComponent::getValue)
						.findFirst()
						.orElse(concept.getDisplay());
					titles.put(situation, new String[] { concept.getDisplay(), english });
				}
			}
		}
		catch (IOException | RuntimeException ex) {
			throw new IllegalStateException("The statutory-situation CodeSystem of the guide cannot be read", ex);
		}
		return titles;
	}

	private static final class TooLarge extends IOException {

		TooLarge() {
			super(null, null);
		}
	}

	private static final class Unreadable extends RuntimeException {

		final String key;

		final String expected;

		Unreadable(String key, String expected) {
			super(null, null, false, false);
			this.key = key;
			this.expected = expected;
		}
	}
}
