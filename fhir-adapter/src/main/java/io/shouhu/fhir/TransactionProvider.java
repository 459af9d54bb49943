package io.shouhu.fhir;

import static io.shouhu.fhir.FhirContract.HOSPITAL_SYSTEM;
import static io.shouhu.fhir.FhirContract.MANDATORY_REPORT;
import static io.shouhu.fhir.FhirContract.MESSAGE_EVENT_SYSTEM;
import static io.shouhu.fhir.FhirContract.WORKSTATION_PREFIX;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.shouhu.casework.HospitalId;
import io.shouhu.casework.ReportIntake;
import io.shouhu.casework.ReportStatusQuery;
import io.shouhu.fhir.BundleEntries.Entry;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Flag;
import org.hl7.fhir.r4.model.MessageHeader;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;
import org.hl7.fhir.r4.model.Organization;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.Task;

import ca.uhn.fhir.rest.annotation.Transaction;
import ca.uhn.fhir.rest.annotation.TransactionParam;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.exceptions.BaseServerResponseException;
import ca.uhn.fhir.rest.server.exceptions.InternalErrorException;
import ca.uhn.fhir.rest.server.exceptions.UnprocessableEntityException;

/**
 * {@code POST /fhir} with a {@code transaction} Bundle: the same report as the message, for HIS
 * products that can only send transactions. The transaction is turned into the report message and
 * handed to {@link ProcessMessageProvider}, so every rule of the message applies unchanged (and a
 * report resent in either form is recognised by the same idempotency key, {@code Bundle.identifier}).
 * docs/fhir/transactions.md describes the mapping.
 */
final class TransactionProvider {

	static final String CREATED = "201 Created";

	static final String RESENT = "200 OK";

	/** {@code Bundle.entry[n]} at the start of an expression, and the rest of it. */
	private static final Pattern ENTRY = Pattern.compile("^Bundle\\.entry\\[(\\d+)\\](.*)$", Pattern.DOTALL);

	private final ProcessMessageProvider messages;

	private final ReportIntake intake;

	TransactionProvider(ProcessMessageProvider messages, ReportIntake intake) {
		this.messages = messages;
		this.intake = intake;
	}

	/**
	 * Takes in one report sent as a transaction.
	 * @param transaction the transaction Bundle
	 * @param request the HAPI request
	 * @return a transaction-response whose Flag entry points at the report's Task
	 */
	@Transaction
	public Bundle transaction(@TransactionParam Bundle transaction, RequestDetails request) {
		HospitalId caller = CallingHospital.current();
		boolean english = Languages.isEnglish(Languages.of(request.getHeader("Accept-Language")));
		if (transaction == null || transaction.getType() != Bundle.BundleType.TRANSACTION) {
			String reason = transaction != null && transaction.getType() == Bundle.BundleType.MESSAGE
					? text(english, "A message Bundle is sent to $process-message; POST /fhir takes a Bundle of type 'transaction'.",
							"消息 Bundle 请发送到 $process-message；POST /fhir 只接受 type 为 transaction 的 Bundle。")
					: text(english,
							"POST /fhir takes a Bundle of type 'transaction' carrying one report; batches and other Bundle types are not accepted.",
							"POST /fhir 只接受 type 为 transaction、内含一份报告的 Bundle；不接受 batch 及其他类型的 Bundle。");
			throw new UnprocessableEntityException(reason, Issues.outcome("Bundle.type", IssueType.VALUE, reason));
		}
		AsMessage report = asMessage(transaction, caller, english);
		boolean known = taken(caller, transaction);
		Bundle response;
		try {
			response = messages.processMessage(report.message(), request);
		}
		catch (BaseServerResponseException refused) {
			report.relocate(refused);
			throw refused;
		}
		Task task = response.getEntry()
			.stream()
			.map(Bundle.BundleEntryComponent::getResource)
			.filter(Task.class::isInstance)
			.map(Task.class::cast)
			.findFirst()
			.orElseThrow(() -> new InternalErrorException("The report was taken in but its Task is missing."));
		return transactionResponse(transaction, report.flagIndex(), task, known);
	}

	/**
	 * Whether a report with this identifier was already taken in. A report sent twice at the same
	 * moment may be answered "201 Created" twice; both answers name the one report it became.
	 */
	private boolean taken(HospitalId caller, Bundle transaction) {
		String value = transaction.getIdentifier().getValue();
		if (value == null || value.isBlank()) {
			return false;
		}
		String system = transaction.getIdentifier().getSystem();
		return !intake.statuses(caller, new ReportStatusQuery(system == null ? "" : system, value, null, null, 1))
			.isEmpty();
	}

	/**
	 * The report message a transaction stands for.
	 * @param message the message Bundle to hand to the message path
	 * @param fromMessage for each entry of the message, the index of the transaction entry it came
	 *        from, or -1 for the MessageHeader made up here
	 * @param flagIndex the index of the report's Flag among the transaction's entries
	 */
	record AsMessage(Bundle message, int[] fromMessage, int flagIndex) {

		/** Points the refusal's expressions at the transaction's own elements. */
		void relocate(BaseServerResponseException refused) {
			if (!(refused.getOperationOutcome() instanceof OperationOutcome outcome)) {
				return;
			}
			for (OperationOutcome.OperationOutcomeIssueComponent issue : outcome.getIssue()) {
				issue.getExpression().forEach(e -> e.setValue(relocate(e.getValue())));
				issue.getLocation().forEach(l -> l.setValue(relocate(l.getValue())));
				if (issue.hasDiagnostics() && fromMessage[0] < 0) {
					issue.setDiagnostics(issue.getDiagnostics().replace("MessageHeader.source.endpoint", "Bundle.meta.source"));
				}
			}
		}

		private String relocate(String expression) {
			Matcher entry = expression == null ? null : ENTRY.matcher(expression);
			if (entry == null || !entry.matches()) {
				return expression;
			}
			int index = Integer.parseInt(entry.group(1));
			String rest = entry.group(2);
			if (index >= fromMessage.length) {
				return expression;
			}
			if (fromMessage[index] >= 0) {
				return "Bundle.entry[" + fromMessage[index] + "]" + rest;
			}
			// the MessageHeader made up here: its workstation came from Bundle.meta.source
			return rest.startsWith(".resource.source") ? "Bundle.meta.source" : "Bundle";
		}
	}

	/**
	 * The transaction as the report message: the entries as they are, without their requests, after
	 * the transaction's own MessageHeader if it has one, else after one made up from
	 * {@code Bundle.meta.source} (the workstation), the Flag and the hospital's Organization. What
	 * cannot be made up is refused with a 422 pointing at the transaction's own elements.
	 */
	static AsMessage asMessage(Bundle transaction, HospitalId caller, boolean english) {
		Issues issues = new Issues();
		BundleEntries entries = new BundleEntries(transaction);
		List<Bundle.BundleEntryComponent> all = transaction.getEntry();
		for (int i = 0; i < all.size(); i++) {
			checkEntry(all.get(i), i, issues, english);
		}
		List<Entry<MessageHeader>> headers = entries.all(MessageHeader.class);
		List<Entry<Flag>> flags = entries.all(Flag.class);
		if (headers.size() > 1) {
			issues.add(headers.get(1).path(), IssueType.STRUCTURE, text(english,
					"A report transaction carries at most one MessageHeader.", "报告事务中最多只能有一个 MessageHeader。"));
		}
		MessageHeader header;
		int headerIndex;
		Optional<Entry<Flag>> flag;
		if (!headers.isEmpty()) {
			header = headers.get(0).resource();
			headerIndex = headers.get(0).index();
			// the message path checks the focus and says where it is wrong
			flag = header.getFocus()
				.stream()
				.map(focus -> entries.resolve(focus, Flag.class))
				.flatMap(Optional::stream)
				.findFirst();
		}
		else {
			headerIndex = -1;
			flag = flags.size() == 1 ? Optional.of(flags.get(0)) : Optional.empty();
			if (flags.isEmpty()) {
				issues.add("Bundle.entry", IssueType.REQUIRED,
						text(english, "A report transaction carries one Flag: the report.", "报告事务须包含一个 Flag（即报告本身）。"));
			}
			else if (flags.size() > 1) {
				issues.add(flags.get(1).path(), IssueType.STRUCTURE,
						text(english, "A report transaction carries exactly one Flag; send one transaction per report.",
								"报告事务只能包含一个 Flag；每份报告请单独发送一个事务。"));
			}
			header = madeUpHeader(transaction, flag, hospital(entries, caller), issues, english);
		}
		issues.throwIfAny();

		Bundle message = new Bundle();
		message.setType(Bundle.BundleType.MESSAGE);
		message.setIdentifier(transaction.getIdentifier().copy());
		message.setTimestampElement(transaction.getTimestampElement().copy());
		int[] fromMessage = new int[all.size() + (headerIndex < 0 ? 1 : 0)];
		Bundle.BundleEntryComponent first = message.addEntry().setResource(header);
		fromMessage[0] = headerIndex;
		if (headerIndex >= 0) {
			first.setFullUrl(all.get(headerIndex).getFullUrl());
		}
		else {
			first.setFullUrl("urn:uuid:" + header.getIdElement().getIdPart());
		}
		for (int i = 0; i < all.size(); i++) {
			if (i != headerIndex) {
				fromMessage[message.getEntry().size()] = i;
				message.addEntry().setFullUrl(all.get(i).getFullUrl()).setResource(all.get(i).getResource());
			}
		}
		return new AsMessage(message, fromMessage, flag.map(Entry::index).orElse(-1));
	}

	/** Every entry is a POST of a resource: a report is taken in as a whole and nothing is updated. */
	private static void checkEntry(Bundle.BundleEntryComponent entry, int index, Issues issues, boolean english) {
		String path = "Bundle.entry[" + index + "]";
		if (entry.getResource() == null) {
			issues.add(path + ".resource", IssueType.REQUIRED, text(english,
					"Every entry of a report transaction carries a resource.", "报告事务的每个 entry 都须包含 resource。"));
			return;
		}
		if (entry.getRequest().getMethod() != Bundle.HTTPVerb.POST) {
			issues.add(path + ".request.method", IssueType.NOTSUPPORTED, text(english,
					"Every entry of a report transaction is a POST: Shouhu takes the report in as a whole and keeps no resources to read, update or delete.",
					"报告事务的每个 entry 都须为 POST：守护将报告作为整体接收，不保存可供读取、更新或删除的资源。"));
			return;
		}
		String url = entry.getRequest().getUrl();
		if (url != null && !url.isBlank()) {
			String written = url.strip().replaceFirst("^/+", "").replaceFirst("[?/].*$", "");
			if (!written.equals(entry.getResource().fhirType())) {
				String type = entry.getResource().fhirType();
				issues.add(path + ".request.url", IssueType.VALUE,
						text(english, "request.url of a POST is the type of the entry's resource, e.g. " + type + ".",
								"POST 的 request.url 须为该 entry 资源的类型，例如 " + type + "。"));
			}
		}
	}

	/**
	 * The hospital's Organization: the one whose hospital identifier is the caller's, else the first
	 * with a hospital identifier (the message path then refuses it as another hospital's).
	 */
	private static Optional<Entry<Organization>> hospital(BundleEntries entries, HospitalId caller) {
		List<Entry<Organization>> hospitals = entries.all(Organization.class)
			.stream()
			.filter(o -> o.resource().getIdentifier().stream().anyMatch(i -> HOSPITAL_SYSTEM.equals(i.getSystem())))
			.toList();
		return hospitals.stream()
			.filter(o -> o.resource()
				.getIdentifier()
				.stream()
				.anyMatch(i -> HOSPITAL_SYSTEM.equals(i.getSystem()) && caller.value().equals(i.getValue())))
			.findFirst()
			.or(() -> hospitals.stream().findFirst());
	}

	/**
	 * The MessageHeader the transaction leaves out. Its id is derived from {@code Bundle.identifier},
	 * so a resend of the same transaction makes the same message (the same content digest), as the
	 * idempotency rule needs.
	 */
	private static MessageHeader madeUpHeader(Bundle transaction, Optional<Entry<Flag>> flag,
			Optional<Entry<Organization>> organization, Issues issues, boolean english) {
		String workstation = transaction.getMeta().getSource();
		if (workstation == null || workstation.isBlank()) {
			issues.add("Bundle.meta.source", IssueType.REQUIRED, text(english,
					"The workstation is required: Bundle.meta.source = " + WORKSTATION_PREFIX
							+ "{id}, or a MessageHeader entry whose source.endpoint names it.",
					"缺少工作站：请在 Bundle.meta.source 中写 " + WORKSTATION_PREFIX
							+ "{工作站编号}，或加入一个 source.endpoint 标明工作站的 MessageHeader。"));
		}
		else if (!workstation.startsWith(WORKSTATION_PREFIX)) {
			issues.add("Bundle.meta.source", IssueType.VALUE,
					text(english, "Bundle.meta.source must name the workstation as " + WORKSTATION_PREFIX + "{id}.",
							"Bundle.meta.source 须以 " + WORKSTATION_PREFIX + "{工作站编号} 标明工作站。"));
		}
		if (organization.isEmpty()) {
			issues.add("Bundle.entry", IssueType.REQUIRED, text(english,
					"The sending hospital's Organization, with an identifier of system " + HOSPITAL_SYSTEM + ", is required.",
					"缺少发送医院的 Organization（须带系统为 " + HOSPITAL_SYSTEM + " 的标识符）。"));
		}
		MessageHeader header = new MessageHeader();
		String key = transaction.getIdentifier().getSystem() + "|" + transaction.getIdentifier().getValue();
		header.setId(UUID.nameUUIDFromBytes(("shouhu-transaction|" + key).getBytes(StandardCharsets.UTF_8)).toString());
		header.setEvent(new Coding(MESSAGE_EVENT_SYSTEM, MANDATORY_REPORT, null));
		header.getSource().setEndpoint(workstation);
		flag.ifPresent(f -> header.addFocus(reference(transaction, f.index(), issues, english)));
		organization.ifPresent(o -> header.setSender(reference(transaction, o.index(), issues, english)));
		return header;
	}

	/** A reference to an entry the way the message path resolves it: by fullUrl, else by Type/id. */
	private static Reference reference(Bundle transaction, int index, Issues issues, boolean english) {
		Bundle.BundleEntryComponent entry = transaction.getEntry().get(index);
		if (entry.hasFullUrl()) {
			return new Reference(entry.getFullUrl());
		}
		Resource resource = entry.getResource();
		if (resource.getIdElement().hasIdPart()) {
			return new Reference(resource.fhirType() + "/" + resource.getIdElement().getIdPart());
		}
		issues.add("Bundle.entry[" + index + "].fullUrl", IssueType.REQUIRED,
				text(english, "The entry needs a fullUrl (e.g. urn:uuid:...) for the report to refer to it.",
						"该 entry 需要 fullUrl（例如 urn:uuid:…）以便报告引用。"));
		return new Reference();
	}

	/** English when the caller prefers it, else Chinese, as every error of the FHIR interface. */
	private static String text(boolean english, String englishText, String chineseText) {
		return english ? englishText : chineseText;
	}

	/**
	 * One response entry per transaction entry, in order, as FHIR requires. The report was taken in
	 * as a whole: every entry has the same status, and the Flag's (the report's) {@code location} is
	 * its Task, which is all Shouhu keeps that the hospital can read.
	 */
	private static Bundle transactionResponse(Bundle transaction, int flagIndex, Task task, boolean resent) {
		Bundle response = new Bundle();
		response.setId(UUID.randomUUID().toString());
		response.setType(Bundle.BundleType.TRANSACTIONRESPONSE);
		for (int i = 0; i < transaction.getEntry().size(); i++) {
			Bundle.BundleEntryResponseComponent answer = response.addEntry().getResponse();
			answer.setStatus(resent ? RESENT : CREATED);
			if (i == flagIndex) {
				answer.setLocation("Task/" + task.getIdElement().getIdPart());
				answer.setLastModified(task.getLastModified());
			}
		}
		return response;
	}
}
