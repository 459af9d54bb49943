package io.shouhu.fhir;

import java.time.Clock;
import java.util.Date;
import java.util.Locale;
import java.util.UUID;

import io.shouhu.casework.HospitalId;
import io.shouhu.casework.IntakeOutcome;
import io.shouhu.casework.ReportIntake;
import io.shouhu.casework.ReportRefused;
import io.shouhu.fhir.ReportMessageReader.Locations;
import io.shouhu.fhir.ReportMessageReader.ReportMessage;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.MessageHeader;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Task;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import ca.uhn.fhir.rest.annotation.Operation;
import ca.uhn.fhir.rest.annotation.OperationParam;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.exceptions.BaseServerResponseException;
import ca.uhn.fhir.rest.server.exceptions.ForbiddenOperationException;
import ca.uhn.fhir.rest.server.exceptions.ResourceVersionConflictException;
import ca.uhn.fhir.rest.server.exceptions.UnprocessableEntityException;

/**
 * {@code POST /fhir/$process-message}: a hospital sends one report as a FHIR message and gets back a
 * response message whose focus is the report's Task. The Bundle may be the whole request body (as
 * HAPI's generic client {@code processMessage()} sends it) or the {@code content} parameter of a
 * Parameters body. Processing is always synchronous: a report is taken in, or refused, before the
 * response.
 */
final class ProcessMessageProvider {

	private static final Logger log = LoggerFactory.getLogger(ProcessMessageProvider.class);

	private final ReportValidator validator;

	private final ReportMessageReader reader;

	private final ReportIntake intake;

	private final ReportTasks tasks;

	private final Clock clock;

	ProcessMessageProvider(ReportValidator validator, ReportMessageReader reader, ReportIntake intake,
			ReportTasks tasks, Clock clock) {
		this.validator = validator;
		this.reader = reader;
		this.intake = intake;
		this.tasks = tasks;
		this.clock = clock;
	}

	/**
	 * Takes in one report message.
	 * @param content the message Bundle
	 * @param request the HAPI request, for the server's base URL and the caller's language
	 * @return the response message: a MessageHeader answering the request, and the report's Task
	 */
	@Operation(name = FhirContract.PROCESS_MESSAGE, idempotent = false)
	public Bundle processMessage(@OperationParam(name = "content", min = 1, max = 1) Bundle content,
			RequestDetails request) {
		HospitalId caller = CallingHospital.current();
		Locale locale = Languages.of(request.getHeader("Accept-Language"));
		if (content == null) {
			throw translated(new UnprocessableEntityException("The request body must be a Bundle of type 'message'.",
					Issues.outcome(null, IssueType.STRUCTURE, "The request body must be a Bundle of type 'message'.")),
					locale);
		}
		// The profiles first, so that a structural error is reported by the validator, element by
		// element; the reader then checks what the profiles cannot say and maps the report.
		validate(content, locale);
		ReportMessage message = read(content, locale);
		if (!message.command().hospital().equals(caller)) {
			String reason = "The report names another hospital than the one the caller is authenticated as.";
			throw translated(new ForbiddenOperationException(reason,
					Issues.outcome(message.at().hospital(), IssueType.FORBIDDEN, reason)), locale);
		}
		IntakeOutcome outcome;
		try {
			outcome = intake.submit(message.command());
		}
		catch (ReportRefused refused) {
			log.info("Report from {} refused: {}", caller, refused.reason());
			BaseServerResponseException refusal = refusal(refused, message.at());
			IssueTranslations.translateRefusal(refusal.getOperationOutcome(), locale);
			throw refusal;
		}
		log.info("Report {} from {} {}", outcome.report(), caller, outcome.created() ? "taken in" : "resent");
		// The create or resend is audited; the Task in its answer is not another read of the report.
		return response(message, tasks.task(outcome.status()), request.getFhirServerBase());
	}

	/**
	 * Validates the message against the profiles; a validator defect on some unforeseen shape of
	 * input is the sender's 422 as for the reader below.
	 */
	private void validate(Bundle content, Locale locale) {
		try {
			validator.check(content, locale);
		}
		catch (BaseServerResponseException answered) {
			throw answered;
		}
		catch (RuntimeException unforeseen) {
			throw unreadable(unforeseen, locale);
		}
	}

	/**
	 * Reads the message; a reader defect on some unforeseen shape of input is still the sender's
	 * 422, never a 500, and is logged by class only (the message may quote the input).
	 */
	private ReportMessage read(Bundle content, Locale locale) {
		try {
			return reader.read(content);
		}
		catch (BaseServerResponseException answered) {
			throw translated(answered, locale);
		}
		catch (RuntimeException unforeseen) {
			throw unreadable(unforeseen, locale);
		}
	}

	private static UnprocessableEntityException unreadable(RuntimeException unforeseen, Locale locale) {
		log.warn("A report message could not be read: {} at {}", unforeseen.getClass().getName(),
				unforeseen.getStackTrace().length > 0 ? unforeseen.getStackTrace()[0] : "?");
		String reason = "The report message could not be read; check it against the published contract.";
		return translated(new UnprocessableEntityException(reason, Issues.outcome("Bundle", IssueType.STRUCTURE, reason)),
				locale);
	}

	/** The reader's texts are English; a caller who did not ask for English gets them in Chinese. */
	private static <E extends BaseServerResponseException> E translated(E error, Locale locale) {
		IssueTranslations.translateReaderIssues(error.getOperationOutcome(), locale);
		return error;
	}

	private static BaseServerResponseException refusal(ReportRefused refused, Locations at) {
		String reason = refused.getMessage();
		return switch (refused.reason()) {
			case UNKNOWN_HOSPITAL -> new ForbiddenOperationException(reason,
					Issues.outcome(at.hospital(), IssueType.FORBIDDEN, reason));
			case WORKSTATION_OF_ANOTHER_HOSPITAL -> new ForbiddenOperationException(reason,
					Issues.outcome(at.workstation(), IssueType.FORBIDDEN, reason));
			case UNKNOWN_WORKSTATION -> new UnprocessableEntityException(reason,
					Issues.outcome(at.workstation(), IssueType.NOTFOUND, reason));
			case NOT_A_MINOR -> new UnprocessableEntityException(reason,
					Issues.outcome(at.birthDate(), IssueType.BUSINESSRULE, reason));
			case NO_SITUATION -> new UnprocessableEntityException(reason,
					Issues.outcome(at.situations(), IssueType.REQUIRED, reason));
			case INTAKE_KEY_REUSED -> new ResourceVersionConflictException(reason,
					Issues.outcome("Bundle.identifier", IssueType.CONFLICT, reason));
			case ATTACHMENT_TOO_LARGE -> new UnprocessableEntityException(reason,
					Issues.outcome("Bundle.entry", IssueType.TOOLONG, reason));
		};
	}

	private Bundle response(ReportMessage message, Task task, String base) {
		String taskId = task.getIdElement().getIdPart();
		MessageHeader header = new MessageHeader();
		header.setId(UUID.randomUUID().toString());
		header.setEvent(message.event().copy());
		header.getSource().setName("Shouhu").setEndpoint(base);
		header.addDestination().setEndpoint(message.source());
		header.getResponse().setIdentifier(message.messageHeaderId()).setCode(MessageHeader.ResponseType.OK);
		header.addFocus(new Reference("Task/" + taskId));

		Bundle response = new Bundle();
		response.setId(UUID.randomUUID().toString());
		response.setType(Bundle.BundleType.MESSAGE);
		response.setTimestamp(Date.from(clock.instant()));
		response.addEntry().setFullUrl("urn:uuid:" + header.getIdElement().getIdPart()).setResource(header);
		response.addEntry().setFullUrl(base + "/Task/" + taskId).setResource(task);
		return response;
	}
}
