package io.shouhu.fhir;

import static io.shouhu.fhir.FhirContract.DEFAULT_URGENCY;
import static io.shouhu.fhir.FhirContract.ENCOUNTER_ZONE;
import static io.shouhu.fhir.FhirContract.HOSPITAL_SYSTEM;
import static io.shouhu.fhir.FhirContract.MANDATORY_REPORT;
import static io.shouhu.fhir.FhirContract.MESSAGE_EVENT_SYSTEM;
import static io.shouhu.fhir.FhirContract.SITUATION_SYSTEM;
import static io.shouhu.fhir.FhirContract.URGENCY_EXTENSION;
import static io.shouhu.fhir.FhirContract.WORKSTATION_PREFIX;

import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

import io.shouhu.casework.AttachmentContent;
import io.shouhu.casework.Child;
import io.shouhu.casework.HospitalId;
import io.shouhu.casework.IntakeKey;
import io.shouhu.casework.Reporter;
import io.shouhu.casework.Sex;
import io.shouhu.casework.Situation;
import io.shouhu.casework.SubmitReport;
import io.shouhu.casework.Urgency;
import io.shouhu.casework.WorkstationId;
import io.shouhu.fhir.BundleEntries.Entry;
import org.hl7.fhir.r4.model.BaseDateTimeType;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.DocumentReference;
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.Flag;
import org.hl7.fhir.r4.model.HumanName;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.MessageHeader;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;
import org.hl7.fhir.r4.model.Organization;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Practitioner;
import org.hl7.fhir.r4.model.PractitionerRole;
import org.hl7.fhir.r4.model.PrimitiveType;
import org.hl7.fhir.r4.model.Resource;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.model.api.TemporalPrecisionEnum;

/**
 * Reads a report message Bundle into a {@link SubmitReport}, or fails with a 422 listing every problem
 * found, each with the FHIRPath of the element at fault. Checks only what the message itself can
 * tell; whether the hospital and workstation are registered is for casework to say.
 */
final class ReportMessageReader {

	private static final int SUMMARY_LIMIT = 200;

	private static final Pattern WORKSTATION_ID = Pattern.compile("[A-Za-z0-9._-]{1,64}");

	private static final Pattern FHIR_ID = Pattern.compile("[A-Za-z0-9\\-.]{1,64}");

	private static final String HEADER = "Bundle.entry[0].resource";

	/**
	 * A report message as read.
	 *
	 * @param command what to hand to casework; its hospital is the one the Bundle names
	 * @param messageHeaderId the request MessageHeader's id, for {@code response.identifier}
	 * @param event the request's event, echoed in the response
	 * @param source the request's {@code source.endpoint} (the workstation), the response's destination
	 * @param at where in the Bundle each fact came from, to point refusals at the element
	 */
	record ReportMessage(SubmitReport command, String messageHeaderId, Coding event, String source, Locations at) {
	}

	/** FHIRPath expressions of the elements casework may refuse a report for. */
	record Locations(String workstation, String situations, String birthDate, String hospital) {
	}

	private final FhirContext context;

	private final Clock clock;

	ReportMessageReader(FhirContext context, Clock clock) {
		this.context = context;
		this.clock = clock;
	}

	ReportMessage read(Bundle bundle) {
		String digest = PayloadDigest.of(context, bundle);
		Issues issues = new Issues();
		if (bundle.getType() != Bundle.BundleType.MESSAGE) {
			issues.add("Bundle.type", IssueType.VALUE, "A report is a Bundle of type 'message'.");
		}
		IntakeKey intakeKey = intakeKey(bundle, issues);
		BundleEntries entries = new BundleEntries(bundle);
		Optional<Entry<Resource>> first = entries.first();
		if (first.isEmpty() || !(first.get().resource() instanceof MessageHeader)) {
			issues.add(HEADER, IssueType.STRUCTURE, "The first entry of a message Bundle must be a MessageHeader.");
			throw issues.toException();
		}
		MessageHeader header = (MessageHeader) first.get().resource();

		Coding event = header.getEvent() instanceof Coding coding ? coding : null;
		if (event == null || !MESSAGE_EVENT_SYSTEM.equals(event.getSystem())
				|| !MANDATORY_REPORT.equals(event.getCode())) {
			issues.add(HEADER + ".event", IssueType.VALUE,
					"MessageHeader.eventCoding must be " + MESSAGE_EVENT_SYSTEM + "#" + MANDATORY_REPORT + ".");
		}
		String messageHeaderId = messageHeaderId(header, bundle.getEntryFirstRep().getFullUrl(), issues);
		String source = header.getSource().getEndpoint();
		WorkstationId workstation = workstation(source, issues);

		Optional<Entry<Flag>> flag = header.getFocus()
			.stream()
			.map(focus -> entries.resolve(focus, Flag.class))
			.flatMap(Optional::stream)
			.findFirst();
		if (flag.isEmpty()) {
			issues.add(HEADER + ".focus", IssueType.REQUIRED,
					"MessageHeader.focus must reference the Flag entry of this Bundle.");
		}
		Set<Situation> situations = flag.map(f -> situations(f, issues)).orElse(Set.of());
		Urgency urgency = flag.map(f -> urgency(f, issues)).orElse(DEFAULT_URGENCY);

		Optional<Entry<Patient>> patient = Optional.empty();
		Optional<Entry<Organization>> authorOrganization = Optional.empty();
		Reporter reporter = null;
		Optional<Entry<Encounter>> encounter = Optional.empty();
		if (flag.isPresent()) {
			Entry<Flag> f = flag.get();
			patient = entries.resolve(f.resource().getSubject(), Patient.class);
			if (patient.isEmpty()) {
				issues.add(f.path() + ".subject", IssueType.REQUIRED,
						"Flag.subject must reference the Patient entry of this Bundle.");
			}
			Author author = author(f, entries, issues);
			reporter = author.reporter();
			authorOrganization = author.organization();
			encounter = encounter(f, entries, issues);
		}

		String birthDateAt = patient.map(p -> p.path() + ".birthDate").orElse(null);
		LocalDate birthDate = patient.map(p -> birthDate(p, issues)).orElse(null);
		LocalDate encounterDate = encounterDate(bundle, encounter, issues);
		if (birthDate != null && encounterDate != null && birthDate.isAfter(encounterDate)) {
			issues.add(birthDateAt, IssueType.VALUE, "Patient.birthDate is after the encounter date.");
		}

		Optional<Entry<Organization>> organization;
		if (header.hasSender()) {
			organization = entries.resolve(header.getSender(), Organization.class);
			if (organization.isEmpty()) {
				issues.add(HEADER + ".sender", IssueType.NOTFOUND,
						"MessageHeader.sender must reference the Organization entry of this Bundle.");
			}
		}
		else {
			organization = authorOrganization;
			if (organization.isEmpty()) {
				issues.add(HEADER + ".sender", IssueType.REQUIRED,
						"The sending hospital is required: MessageHeader.sender referencing an Organization.");
			}
		}
		HospitalId hospital = organization.map(o -> hospital(o, issues)).orElse(null);
		List<AttachmentContent> attachments = attachments(entries, issues);

		issues.throwIfAny();
		Patient child = patient.orElseThrow().resource();
		SubmitReport command = new SubmitReport(hospital, workstation, intakeKey, digest,
				new Child(familyName(child), givenName(child), birthDate, sex(child), nationalId(child)), reporter,
				situations, urgency, encounterDate, summary(entries), flag.orElseThrow().resource().getSubject().getReference(),
				attachments, VisitFacts.codes(entries.all(Resource.class).stream().map(Entry::resource).toList()));
		Locations at = new Locations(HEADER + ".source.endpoint", flag.orElseThrow().path() + ".code", birthDateAt,
				organization.orElseThrow().path() + ".identifier");
		return new ReportMessage(command, messageHeaderId, event, source, at);
	}

	private static IntakeKey intakeKey(Bundle bundle, Issues issues) {
		Identifier identifier = bundle.getIdentifier();
		if (blankToNull(identifier.getValue()) == null) {
			issues.add("Bundle.identifier", IssueType.REQUIRED,
					"Bundle.identifier (system and value) is required: it is the report's idempotency key.");
			return null;
		}
		try {
			return new IntakeKey(identifier.getSystem(), identifier.getValue());
		}
		catch (IllegalArgumentException ex) {
			issues.add("Bundle.identifier", IssueType.VALUE,
					"Bundle.identifier is too long (system at most 512, value at most 256 characters).");
			return null;
		}
	}

	private static String messageHeaderId(MessageHeader header, String fullUrl, Issues issues) {
		String id = stripUuidUrn(header.getIdElement().getIdPart());
		if (id == null && fullUrl != null) {
			id = stripUuidUrn(fullUrl.substring(fullUrl.lastIndexOf('/') + 1));
		}
		if (id == null || !FHIR_ID.matcher(id).matches()) {
			issues.add(HEADER + ".id", IssueType.REQUIRED,
					"The MessageHeader needs an id (or a fullUrl) that the response can refer to.");
			return null;
		}
		return id;
	}

	private static String stripUuidUrn(String id) {
		if (id == null || id.isBlank()) {
			return null;
		}
		return id.startsWith("urn:uuid:") ? id.substring("urn:uuid:".length()) : id;
	}

	private static WorkstationId workstation(String endpoint, Issues issues) {
		if (endpoint != null && endpoint.startsWith(WORKSTATION_PREFIX)) {
			String id = endpoint.substring(WORKSTATION_PREFIX.length());
			if (WORKSTATION_ID.matcher(id).matches()) {
				return new WorkstationId(id);
			}
		}
		issues.add(HEADER + ".source.endpoint", IssueType.VALUE,
				"MessageHeader.source.endpoint must name the workstation as " + WORKSTATION_PREFIX + "{id}.");
		return null;
	}

	private static Set<Situation> situations(Entry<Flag> flag, Issues issues) {
		Set<Situation> situations = EnumSet.noneOf(Situation.class);
		List<Coding> codings = flag.resource().getCode().getCoding();
		boolean declared = false;
		for (int i = 0; i < codings.size(); i++) {
			Coding coding = codings.get(i);
			if (SITUATION_SYSTEM.equals(coding.getSystem())) {
				declared = true;
				Situation situation = Situation.ofCode(coding.getCode());
				if (situation == null) {
					issues.add(flag.path() + ".code.coding[" + i + "].code", IssueType.CODEINVALID,
							"Not a statutory situation: the codes are S1 to S9.");
				}
				else {
					situations.add(situation);
				}
			}
		}
		if (!declared) {
			issues.add(flag.path() + ".code", IssueType.REQUIRED,
					"Flag.code must carry at least one coding of " + SITUATION_SYSTEM + " (S1 to S9).");
		}
		return situations;
	}

	private static Urgency urgency(Entry<Flag> flag, Issues issues) {
		Urgency urgency = DEFAULT_URGENCY;
		boolean seen = false;
		List<Extension> extensions = flag.resource().getExtension();
		for (int i = 0; i < extensions.size(); i++) {
			Extension extension = extensions.get(i);
			if (!URGENCY_EXTENSION.equals(extension.getUrl())) {
				continue;
			}
			String at = flag.path() + ".extension[" + i + "]";
			if (seen) {
				issues.add(at, IssueType.STRUCTURE, "The Flag carries the report-urgency extension more than once.");
				continue;
			}
			seen = true;
			Urgency declared = extension.getValue() instanceof PrimitiveType<?> code
					? Urgency.ofCode(code.getValueAsString()) : null;
			if (declared == null) {
				issues.add(at + ".value", IssueType.CODEINVALID,
						"report-urgency takes a valueCode of immediate-danger, urgent or routine.");
			}
			else {
				urgency = declared;
			}
		}
		return urgency;
	}

	/** The reporter and, through a PractitionerRole, their organisation. */
	private record Author(Reporter reporter, Optional<Entry<Organization>> organization) {
	}

	private static Author author(Entry<Flag> flag, BundleEntries entries, Issues issues) {
		if (!flag.resource().hasAuthor()) {
			return new Author(null, Optional.empty());
		}
		Optional<Entry<Practitioner>> practitioner = entries.resolve(flag.resource().getAuthor(), Practitioner.class);
		Optional<Entry<Organization>> organization = Optional.empty();
		if (practitioner.isEmpty()) {
			Optional<Entry<PractitionerRole>> role = entries.resolve(flag.resource().getAuthor(),
					PractitionerRole.class);
			if (role.isPresent()) {
				practitioner = entries.resolve(role.get().resource().getPractitioner(), Practitioner.class);
				organization = entries.resolve(role.get().resource().getOrganization(), Organization.class);
			}
			else {
				organization = entries.resolve(flag.resource().getAuthor(), Organization.class);
			}
			if (practitioner.isEmpty() && organization.isEmpty()) {
				issues.add(flag.path() + ".author", IssueType.NOTFOUND,
						"Flag.author must reference a Practitioner or PractitionerRole entry of this Bundle.");
			}
		}
		return new Author(practitioner.map(p -> reporter(p.resource())).orElse(null), organization);
	}

	private static Reporter reporter(Practitioner practitioner) {
		HumanName name = preferredName(practitioner.getName());
		String fullName = null;
		if (name != null) {
			fullName = name.hasText() ? name.getText()
					: blankToNull(String.join(" ", nonBlank(name.getFamily()), nonBlank(name.getGivenAsSingleString()))
						.trim());
		}
		Identifier identifier = practitioner.getIdentifier()
			.stream()
			.filter(i -> blankToNull(i.getValue()) != null)
			.findFirst()
			.orElse(null);
		return new Reporter(fullName, identifier == null ? null : identifier.getSystem(),
				identifier == null ? null : identifier.getValue());
	}

	private static Optional<Entry<Encounter>> encounter(Entry<Flag> flag, BundleEntries entries, Issues issues) {
		if (flag.resource().hasEncounter()) {
			Optional<Entry<Encounter>> encounter = entries.resolve(flag.resource().getEncounter(), Encounter.class);
			if (encounter.isEmpty()) {
				issues.add(flag.path() + ".encounter", IssueType.NOTFOUND,
						"Flag.encounter must reference the Encounter entry of this Bundle.");
			}
			return encounter;
		}
		List<Entry<Encounter>> all = entries.all(Encounter.class);
		if (all.size() > 1) {
			issues.add(flag.path() + ".encounter", IssueType.REQUIRED,
					"The Bundle holds several Encounters: Flag.encounter must say which one the report is about.");
			return Optional.empty();
		}
		return all.stream().findFirst();
	}

	private static LocalDate birthDate(Entry<Patient> patient, Issues issues) {
		String at = patient.path() + ".birthDate";
		if (!patient.resource().hasBirthDate()) {
			issues.add(at, IssueType.REQUIRED, "Patient.birthDate is required: the law turns on the child's age.");
			return null;
		}
		LocalDate date = fullDate(patient.resource().getBirthDateElement());
		if (date == null) {
			issues.add(at, IssueType.VALUE, "Patient.birthDate must be a full date (year, month and day).");
		}
		return date;
	}

	/**
	 * The encounter date in Asia/Shanghai: the Encounter's {@code period.start}, else the Bundle's
	 * timestamp, else today.
	 */
	private LocalDate encounterDate(Bundle bundle, Optional<Entry<Encounter>> encounter, Issues issues) {
		LocalDate today = LocalDate.now(clock.withZone(ENCOUNTER_ZONE));
		LocalDate date;
		String at;
		if (encounter.isPresent() && encounter.get().resource().getPeriod().hasStart()) {
			at = encounter.get().path() + ".period.start";
			date = localDate(encounter.get().resource().getPeriod().getStartElement());
			if (date == null) {
				issues.add(at, IssueType.VALUE, "Encounter.period.start must give at least a full date.");
				return null;
			}
		}
		else if (bundle.getTimestamp() != null) {
			at = "Bundle.timestamp";
			date = bundle.getTimestamp().toInstant().atZone(ENCOUNTER_ZONE).toLocalDate();
		}
		else {
			return today;
		}
		// A day of slack for clocks that disagree; beyond that the date is wrong and so would be the age.
		if (date.isAfter(today.plusDays(1))) {
			issues.add(at, IssueType.VALUE, "The encounter date is in the future.");
		}
		return date;
	}

	/** A date-time as a date in Asia/Shanghai; a bare date is taken as it is, already local. */
	private static LocalDate localDate(BaseDateTimeType value) {
		if (value.getValue() == null || value.getPrecision() == null) {
			return null;
		}
		if (value.getPrecision() == TemporalPrecisionEnum.DAY) {
			return fullDate(value);
		}
		if (value.getPrecision().ordinal() < TemporalPrecisionEnum.DAY.ordinal()) {
			return null;
		}
		return value.getValue().toInstant().atZone(ENCOUNTER_ZONE).toLocalDate();
	}

	private static LocalDate fullDate(BaseDateTimeType value) {
		if (value.getValue() == null || value.getPrecision() != TemporalPrecisionEnum.DAY) {
			return null;
		}
		// The fields as written: going through java.util.Date would shift the day by the JVM's zone.
		return LocalDate.of(value.getYear(), value.getMonth() + 1, value.getDay());
	}

	private static HospitalId hospital(Entry<Organization> organization, Issues issues) {
		List<Identifier> identifiers = organization.resource().getIdentifier();
		for (int i = 0; i < identifiers.size(); i++) {
			Identifier identifier = identifiers.get(i);
			if (HOSPITAL_SYSTEM.equals(identifier.getSystem()) && blankToNull(identifier.getValue()) != null) {
				try {
					return new HospitalId(identifier.getValue());
				}
				catch (IllegalArgumentException ex) {
					issues.add(organization.path() + ".identifier[" + i + "].value", IssueType.VALUE,
							"Not a hospital identifier.");
					return null;
				}
			}
		}
		issues.add(organization.path() + ".identifier", IssueType.REQUIRED,
				"The sending Organization needs an identifier of system " + HOSPITAL_SYSTEM + ".");
		return null;
	}

	private static Sex sex(Patient patient) {
		if (patient.getGender() == null) {
			return Sex.UNKNOWN;
		}
		return switch (patient.getGender()) {
			case FEMALE -> Sex.FEMALE;
			case MALE -> Sex.MALE;
			case OTHER -> Sex.OTHER;
			case UNKNOWN, NULL -> Sex.UNKNOWN;
		};
	}

	private static String familyName(Patient patient) {
		HumanName name = preferredName(patient.getName());
		return name == null ? null : blankToNull(name.getFamily());
	}

	private static String givenName(Patient patient) {
		HumanName name = preferredName(patient.getName());
		if (name == null) {
			return null;
		}
		String given = blankToNull(name.getGivenAsSingleString());
		// A name sent as text only (common for Chinese names) is kept whole rather than guessed apart.
		if (given == null && blankToNull(name.getFamily()) == null) {
			return blankToNull(name.getText());
		}
		return given;
	}

	/**
	 * The national ID: an identifier typed NI or NNCHN when there is one, else the first identifier.
	 * Any system is accepted; hospitals do not agree on one.
	 */
	private static String nationalId(Patient patient) {
		List<Identifier> identifiers = patient.getIdentifier().stream().filter(i -> blankToNull(i.getValue()) != null).toList();
		return identifiers.stream()
			.filter(i -> i.getType()
				.getCoding()
				.stream()
				.anyMatch(c -> "NI".equals(c.getCode()) || "NNCHN".equals(c.getCode())))
			.findFirst()
			.or(() -> identifiers.stream().findFirst())
			.map(Identifier::getValue)
			.orElse(null);
	}

	private static HumanName preferredName(List<HumanName> names) {
		return names.stream()
			.filter(n -> n.getUse() == HumanName.NameUse.OFFICIAL)
			.findFirst()
			.or(() -> names.stream().findFirst())
			.orElse(null);
	}

	/** The Conditions' names, short: enough for triage to see what the hospital found. */
	/**
	 * The files sent inline ({@code DocumentReference.content.attachment.data}); each at most 10 MB. A
	 * reference by URL only is not fetched: the server never calls out to a hospital's network.
	 */
	private static List<AttachmentContent> attachments(BundleEntries entries, Issues issues) {
		List<AttachmentContent> found = new ArrayList<>();
		for (Entry<DocumentReference> document : entries.all(DocumentReference.class)) {
			List<DocumentReference.DocumentReferenceContentComponent> contents = document.resource().getContent();
			for (int i = 0; i < contents.size(); i++) {
				org.hl7.fhir.r4.model.Attachment attachment = contents.get(i).getAttachment();
				byte[] data = attachment.getData();
				if (data == null) {
					continue;
				}
				if (data.length > AttachmentContent.MAX_BYTES) {
					issues.add(document.path() + ".content[" + i + "].attachment.data", IssueType.TOOLONG,
							"An attachment may be at most 10 MB.");
					continue;
				}
				found.add(new AttachmentContent(attachment.getContentType(), attachment.getTitle(), data));
			}
		}
		return found;
	}

	private static String summary(BundleEntries entries) {
		Set<String> parts = new LinkedHashSet<>();
		for (Entry<Condition> condition : entries.all(Condition.class)) {
			String name = conceptName(condition.resource().getCode());
			if (name != null) {
				parts.add(name);
			}
		}
		if (parts.isEmpty()) {
			return null;
		}
		String summary = String.join("; ", parts);
		return summary.length() <= SUMMARY_LIMIT ? summary : summary.substring(0, SUMMARY_LIMIT - 1) + "…";
	}

	private static String conceptName(CodeableConcept concept) {
		if (concept.hasText()) {
			return blankToNull(concept.getText());
		}
		List<String> names = new ArrayList<>();
		for (Coding coding : concept.getCoding()) {
			String name = coding.hasDisplay() ? coding.getDisplay() : coding.getCode();
			if (blankToNull(name) != null) {
				names.add(name);
			}
		}
		return names.isEmpty() ? null : names.get(0);
	}

	private static String nonBlank(String value) {
		return value == null ? "" : value;
	}

	private static String blankToNull(String value) {
		return value == null || value.isBlank() ? null : value.strip();
	}
}
