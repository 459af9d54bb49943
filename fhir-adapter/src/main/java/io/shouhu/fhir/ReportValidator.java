package io.shouhu.fhir;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.shouhu.fhir.BundleEntries.Entry;
import org.hl7.fhir.common.hapi.validation.support.CommonCodeSystemsTerminologyService;
import org.hl7.fhir.common.hapi.validation.support.InMemoryTerminologyServerValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.PrePopulatedValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.SnapshotGeneratingValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.ValidationSupportChain;
import org.hl7.fhir.common.hapi.validation.validator.FhirDefaultPolicyAdvisor;
import org.hl7.fhir.common.hapi.validation.validator.FhirInstanceValidator;
import org.hl7.fhir.common.hapi.validation.validator.WorkerContextValidationSupportAdapter;
import org.hl7.fhir.exceptions.FHIRException;
import org.hl7.fhir.r4.model.Attachment;
import org.hl7.fhir.r4.model.Base;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CanonicalType;
import org.hl7.fhir.r4.model.Element;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.MessageHeader;
import org.hl7.fhir.r4.model.Meta;
import org.hl7.fhir.r4.model.Organization;
import org.hl7.fhir.r4.model.Property;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.StructureDefinition;
import org.hl7.fhir.r5.elementmodel.ParserBase.ValidationPolicy;
import org.hl7.fhir.r5.elementmodel.ValidatedFragment;
import org.hl7.fhir.r5.utils.validation.ValidatorSession;
import org.hl7.fhir.r5.utils.validation.constants.BestPracticeWarningLevel;
import org.hl7.fhir.r5.utils.validation.constants.IdStatus;
import org.hl7.fhir.r5.utils.xver.XVerExtensionManagerOld;
import org.hl7.fhir.utilities.validation.ValidationMessage;
import org.hl7.fhir.validation.ValidatorSettings;
import org.hl7.fhir.validation.instance.InstanceValidator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.context.support.IValidationSupport;
import ca.uhn.fhir.context.support.ValidationSupportContext;
import ca.uhn.fhir.rest.server.exceptions.UnprocessableEntityException;
import ca.uhn.fhir.validation.ResultSeverityEnum;
import ca.uhn.fhir.validation.SingleValidationMessage;
import ca.uhn.fhir.validation.ValidationResult;

/**
 * Validates a report message against the implementation guide's profiles with HAPI's instance
 * validator, fully offline. One validator, built once on the application's FhirContext and shared
 * by all requests (it is thread-safe: the core validators it hands out are used by one request at a
 * time, see {@link #validateCore}). Every entry is checked against the profile for its role
 * whether or not the sender declared it. For the profiles that hold for every resource of a type,
 * the Bundle profile says so ({@code Bundle.entry.resource} is typed with them), and the validator
 * then checks each such entry once, against that profile, where it would otherwise check it
 * against its base definition and then again against a profile stamped into its
 * {@code meta.profile}. Only the sending hospital, whose profile depends on its role, is stamped, on
 * a copy of the Bundle.
 */
final class ReportValidator {

	private static final Logger log = LoggerFactory.getLogger(ReportValidator.class);

	/** Where HAPI's validator looks for the OID registry; see {@link #oidRegistryIsOurs()}. */
	static final String OID_REGISTRY = "oidregistry.csv";

	/** A complete report with supporting evidence, validated once at start so no request pays for it. */
	static final String WARM_UP_REPORT = "fhir-examples/report-with-evidence.json";

	/** The guide's own canonical base: a profile declared under it must exist, or it is a typo. */
	private static final String GUIDE_BASE = "https://shouhu.io/fhir/";

	private static final String NOT_IN_BUNDLE = "Bundle_BUNDLE_Entry_NotFound";

	private static final byte[] DATA_STAND_IN = { 0 };

	private static final Pattern QUOTED_REFERENCE = Pattern.compile("find '([^']+)'");

	/** Messages HAPI's FhirInstanceValidator drops (ValidatorWrapper, 8.8.1); dropped here alike. */
	private static final String BINDING_WITHOUT_SOURCE = "Terminology_TX_Binding_NoSource";

	private static final String VALUE_SET_NOT_FOUND = "Terminology_TX_ValueSet_NotFound";

	private static final String MIME_TYPES = "http://hl7.org/fhir/ValueSet/mimetypes";

	private static final Set<String> UNKNOWN_PROFILE = Set.of("Validation_VAL_Profile_Unknown",
			"VALIDATION_VAL_PROFILE_UNKNOWN_NOT_POLICY");

	/** Idle core validators kept for the next requests: as many as requests run at once on the cores. */
	private static final int IDLE_CORES = Math.max(2, 2 * Runtime.getRuntime().availableProcessors());

	/**
	 * Validations before a core validator is dropped for a new one. The library keeps some of each
	 * validation in it for good (every coding seen, narrative id maps, code and text pairs), and with
	 * them the validated element trees, so a core lives for a few uses only: what it holds then stays
	 * young garbage instead of filling the old generation. Building a core costs about 0.3 ms, a
	 * thirtieth of a validation.
	 */
	private static final int USES_PER_CORE = 4;

	private final FhirContext context;

	private final ConformanceResources differentials;

	/**
	 * HAPI's bridge from the support chain to the validator's R5 world, shared by every core validator:
	 * it holds the converted core definitions and our profiles with their snapshots.
	 */
	private final WorkerContextValidationSupportAdapter worker;

	/** The guide with snapshots, made when first asked for. */
	private ConformanceResources guide;

	private final IValidationSupport support;

	/** FHIR's core definitions, first in the support chain. */
	private final CoreStructureDefinitions core;

	private final BlockingQueue<Core> idle = new ArrayBlockingQueue<>(IDLE_CORES);

	private final String bundleProfile;

	/** The guide's extensions by canonical. */
	private final Set<String> extensions = new HashSet<>();

	private final String hospitalProfile;

	ReportValidator(FhirContext context) {
		this(context, ConformanceResources.load(context));
	}

	ReportValidator(FhirContext context, ConformanceResources differentials) {
		this.context = context;
		this.differentials = differentials;
		PrePopulatedValidationSupport ours = new PrePopulatedValidationSupport(context);
		differentials.all().forEach(ours::addResource);
		this.core = new CoreStructureDefinitions(context);
		this.support = new ValidationSupportChain(core, ours,
				new CommonCodeSystemsTerminologyService(context), new InMemoryTerminologyServerValidationSupport(context),
				new SnapshotGeneratingValidationSupport(context));
		this.worker = new CachingWorkerContext(support);
		Map<String, String> profileByType = new HashMap<>();
		for (StructureDefinition profile : differentials.structureDefinitions()) {
			if (profile.getKind() == StructureDefinition.StructureDefinitionKind.RESOURCE) {
				profileByType.put(profile.getType(), profile.getUrl());
			}
			else if ("Extension".equals(profile.getType())) {
				extensions.add(profile.getUrl());
			}
		}
		this.bundleProfile = profileByType.remove("Bundle");
		// Only the sending hospital must carry a Shouhu hospital id; other Organizations may appear.
		this.hospitalProfile = profileByType.remove("Organization");
		Map<String, String> typed = entryProfiles(differentials, bundleProfile);
		if (!typed.equals(profileByType)) {
			// A profile missing there would silently not apply to the entries of its type.
			throw new IllegalStateException("Bundle.entry.resource of " + bundleProfile + " must be typed with "
					+ profileByType + ", but is typed with " + typed);
		}
	}

	/** The profile by resource type that the Bundle profile gives {@code Bundle.entry.resource}. */
	private static Map<String, String> entryProfiles(ConformanceResources differentials, String bundleProfile) {
		Map<String, String> typed = new HashMap<>();
		differentials.structureDefinitions()
			.stream()
			.filter(profile -> profile.getUrl().equals(bundleProfile))
			.flatMap(profile -> profile.getDifferential().getElement().stream())
			.filter(element -> "Bundle.entry.resource".equals(element.getPath()) && !element.hasSliceName())
			.flatMap(element -> element.getType().stream())
			.filter(type -> type.getProfile().size() == 1)
			.forEach(type -> typed.put(type.getCode(), type.getProfile().get(0).getValue()));
		return typed;
	}

	/**
	 * The guide's resources, the profiles with their snapshots, as the server publishes them. The
	 * snapshots come from the validator's own worker context, which has the base definitions loaded
	 * already: a snapshot generator of its own would load them all again for each profile.
	 */
	synchronized ConformanceResources guide() {
		if (guide == null) {
			SnapshotGeneratingValidationSupport generator = new SnapshotGeneratingValidationSupport(context, worker);
			List<StructureDefinition> complete = new ArrayList<>();
			for (StructureDefinition differential : differentials.structureDefinitions()) {
				StructureDefinition profile = differential.copy();
				StructureDefinition withSnapshot = (StructureDefinition) generator.generateSnapshot(
						new ValidationSupportContext(support), profile, profile.getUrl(), null, profile.getName());
				if (withSnapshot == null || !withSnapshot.hasSnapshot()) {
					throw new IllegalStateException("No snapshot could be generated for " + profile.getUrl());
				}
				complete.add(withSnapshot);
			}
			guide = differentials.withStructureDefinitions(complete);
		}
		return guide;
	}

	/**
	 * Validates a report message against the profiles; the caller's Bundle is left as it was.
	 * @param bundle the report message as received
	 * @return every message of the validator, errors and warnings
	 */
	ValidationResult validate(Bundle bundle) {
		Bundle stamped = stamped(bundle);
		List<SingleValidationMessage> ours = new ArrayList<>();
		walk(stamped, "Bundle", ours);
		List<SingleValidationMessage> messages = validateCore(stamped);
		for (SingleValidationMessage message : messages) {
			if (NOT_IN_BUNDLE.equals(message.getMessageId())) {
				message.setLocationString(referringEntry(stamped, message));
			}
		}
		messages.addAll(ours);
		return new ValidationResult(context, messages);
	}

	/**
	 * What HAPI's {@code FhirValidator} with a {@code FhirInstanceValidator} does for one resource
	 * (8.8.1: {@code ValidationContext.forResource}, {@code ValidatorWrapper.validate},
	 * {@code BaseValidatorBridge}), with the same settings, the same input and the same messages, but
	 * on a core validator that is reused: HAPI builds a new one per call, and with it a profile
	 * utility, FHIRPath engines and caches (child maps of every definition, canonical look-ups) that
	 * then start empty for every report. A core validator keeps per-validation state in fields, so
	 * each is used by one request at a time.
	 */
	private List<SingleValidationMessage> validateCore(Bundle stamped) {
		List<org.hl7.fhir.r5.model.StructureDefinition> profiles = new ArrayList<>();
		List<ValidationMessage> unknownProfiles = new ArrayList<>();
		for (CanonicalType declared : stamped.getMeta().getProfile()) {
			addProfile(declared.getValue(), profiles, unknownProfiles);
		}
		// HAPI would take a raw text kept on the resource if there were one; a copy never has one.
		String json = context.newJsonParser().encodeResourceToString(stamped);
		List<ValidationMessage> found = new ArrayList<>();
		Core core = borrow();
		core.validate(json, profiles, found);
		// Not given back when it threw: what it holds then is unknown.
		giveBack(core);
		if (profiles.isEmpty()) {
			found.addAll(unknownProfiles);
		}
		List<SingleValidationMessage> messages = new ArrayList<>(found.size());
		for (ValidationMessage message : found) {
			String id = message.getMessageId();
			if (BINDING_WITHOUT_SOURCE.equals(id)
					|| (VALUE_SET_NOT_FOUND.equals(id) && message.getMessage().contains(MIME_TYPES))) {
				continue;
			}
			if (UNKNOWN_PROFILE.contains(id)) {
				message.setLevel(ValidationMessage.IssueSeverity.ERROR);
			}
			messages.add(single(message));
		}
		return messages;
	}

	private void addProfile(String url, List<org.hl7.fhir.r5.model.StructureDefinition> profiles,
			List<ValidationMessage> unknown) {
		try {
			org.hl7.fhir.r5.model.StructureDefinition profile = worker
				.fetchResource(org.hl7.fhir.r5.model.StructureDefinition.class, url);
			if (profile != null) {
				profiles.add(profile);
			}
			else {
				ValidationMessage message = new ValidationMessage();
				message.setMessageId("Validation_VAL_Profile_Unknown");
				message.setLevel(ValidationMessage.IssueSeverity.ERROR);
				message.setMessage("Invalid profile. Failed to retrieve profile with url=" + url);
				unknown.add(message);
			}
		}
		catch (FHIRException ex) {
			log.debug("Failed to load profile: {}", url);
		}
	}

	private static SingleValidationMessage single(ValidationMessage message) {
		SingleValidationMessage single = new SingleValidationMessage();
		if (message.getCol() != -1) {
			single.setLocationCol(message.getCol());
		}
		if (message.getLine() != -1) {
			single.setLocationLine(message.getLine());
		}
		single.setLocationString(message.getLocation());
		single.setMessage(message.getMessage());
		if (message.getLevel() != null) {
			single.setSeverity(ResultSeverityEnum.fromCode(message.getLevel().toCode()));
		}
		if (message.getMessageId() != null && !message.getMessageId().contains(" ")) {
			single.setMessageId(message.getMessageId());
		}
		if (message.hasSliceInfo()) {
			single.setSliceMessages(message.getSliceInfo().stream().map(ValidationMessage::getMessage).toList());
		}
		return single;
	}

	private Core borrow() {
		Core core = idle.poll();
		return core != null ? core : new Core(newCoreValidator(), newParser());
	}

	private void giveBack(Core core) {
		if (++core.uses < USES_PER_CORE) {
			idle.offer(core);
		}
	}

	/** A core validator set up as HAPI's ValidatorWrapper sets up each of its own, with our settings. */
	private InstanceValidator newCoreValidator() {
		InstanceValidator validator;
		try {
			validator = new InstanceValidator(worker, new FhirInstanceValidator.NullEvaluationContext(),
					new XVerExtensionManagerOld(worker), new ValidatorSession(), new ValidatorSettings());
		}
		catch (Exception ex) {
			throw new IllegalStateException("Cannot build the FHIR instance validator", ex);
		}
		validator.setAssumeValidRestReferences(false);
		// Narrative and similar advice would only be noise for a machine-to-machine message.
		validator.setBestPracticeWarningLevel(BestPracticeWarningLevel.Ignore);
		// A hospital's own extensions are fine; ours are checked in walk().
		validator.setAnyExtensionsAllowed(true);
		validator.setResourceIdRule(IdStatus.OPTIONAL);
		validator.setNoTerminologyChecks(false);
		// A profile that is declared but cannot be found is an error, not silently skipped.
		validator.setErrorForUnknownProfiles(true);
		validator.setUnknownCodeSystemsCauseErrors(true);
		validator.setFetcher(null);
		validator.setPolicyAdvisor(new FhirDefaultPolicyAdvisor());
		validator.setNoExtensibleWarnings(false);
		validator.setNoBindingMsgSuppressed(false);
		validator.setAllowExamples(false);
		validator.setAllowXsiLocation(true);
		return validator;
	}

	/**
	 * The parser of the validator's element model, set up as InstanceValidator sets up the one it makes
	 * for each call (6.7.9, {@code validate(Object, List, InputStream, FhirFormat, List)}): making one
	 * builds a profile utility and a FHIRPath engine, which index every structure definition.
	 */
	private org.hl7.fhir.r5.elementmodel.JsonParser newParser() {
		org.hl7.fhir.r5.elementmodel.JsonParser parser = new org.hl7.fhir.r5.elementmodel.JsonParser(worker);
		parser.setupValidation(ValidationPolicy.EVERYTHING);
		parser.setAllowComments(false);
		return parser;
	}

	/** A core validator and its parser, used by one request at a time. */
	private static final class Core {

		final InstanceValidator validator;

		final org.hl7.fhir.r5.elementmodel.JsonParser parser;

		int uses;

		Core(InstanceValidator validator, org.hl7.fhir.r5.elementmodel.JsonParser parser) {
			this.validator = validator;
			this.parser = parser;
		}

		/**
		 * What {@code InstanceValidator.validate(Object, List, InputStream, FhirFormat, List)} does for
		 * JSON and profiles of resources (6.7.9), with this core's parser instead of a new one.
		 */
		void validate(String json, List<org.hl7.fhir.r5.model.StructureDefinition> profiles,
				List<ValidationMessage> found) {
			List<ValidatedFragment> fragments;
			try {
				fragments = parser.parse(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)));
			}
			catch (IOException ex) {
				throw new FHIRException(ex);
			}
			if (fragments == null) {
				return;
			}
			for (ValidatedFragment fragment : fragments) {
				if (fragment.getElement() != null) {
					validator.validate(null, fragment.getErrors(), fragments.size() > 1 ? fragment.path() : null,
							fragment.getElement(), profiles);
				}
				found.addAll(fragment.getErrors());
			}
		}
	}

	/**
	 * Validates a report message and refuses it when the validator finds any error; warnings and
	 * information pass.
	 * @param bundle the report message as received
	 * @param locale the language of the issue texts: English for {@code en}, else Chinese
	 * @throws UnprocessableEntityException with one OperationOutcome issue per error
	 */
	void check(Bundle bundle, Locale locale) {
		ValidationResult result = validate(bundle);
		List<SingleValidationMessage> errors = new ArrayList<>();
		for (SingleValidationMessage message : result.getMessages()) {
			if (message.getSeverity() == ResultSeverityEnum.ERROR || message.getSeverity() == ResultSeverityEnum.FATAL) {
				errors.add(message);
			}
		}
		if (!errors.isEmpty()) {
			throw ValidationMessages.toException(errors, locale);
		}
	}

	/** Validates the warm-up report once, so the first real request does not load the validator. */
	void warmUp() {
		long start = System.nanoTime();
		Bundle report = context.newJsonParser().parseResource(Bundle.class, classpathText(WARM_UP_REPORT));
		long errors = validate(report).getMessages()
			.stream()
			.filter(m -> m.getSeverity() == ResultSeverityEnum.ERROR || m.getSeverity() == ResultSeverityEnum.FATAL)
			.count();
		if (errors > 0) {
			// The guide's own example must pass; if not, the guide or the validator setup is broken.
			throw new IllegalStateException("The warm-up report fails validation with " + errors + " errors");
		}
		// The worker's list of every StructureDefinition is made now, while the R4 forms are there: made
		// later, it would convert the forms converted back from R5 once more and hold a second set.
		worker.fetchResourcesByType(org.hl7.fhir.r5.model.StructureDefinition.class);
		int released = core.release(worker);
		support.invalidateCaches();
		log.info("FHIR validator warmed up in {} ms (OID registry {}; {} core StructureDefinitions held in R5 form only)",
				(System.nanoTime() - start) / 1_000_000,
				oidRegistryIsOurs() ? "stubbed"
						: "NOT stubbed: every new core validator re-reads 1.5 MB, one per " + USES_PER_CORE + " validations",
				released);
	}

	/**
	 * Whether the {@code oidregistry.csv} HAPI's validator reads is ours, header only. The library
	 * re-parses its 1.5 MB list for every InstanceValidator it builds (HAPI builds one per call; we build
	 * one per {@link #USES_PER_CORE} calls), at about twice the cost of a validation; the list is only
	 * used when a validator resource fetcher is set, and none is. Ours must come first on the class path
	 * for that to hold.
	 */
	static boolean oidRegistryIsOurs() {
		URL found = ReportValidator.class.getClassLoader().getResource(OID_REGISTRY);
		if (found == null) {
			return false;
		}
		try (InputStream in = found.openStream()) {
			return in.readNBytes(4096).length < 4096;
		}
		catch (IOException ex) {
			return false;
		}
	}

	/**
	 * One pass over the copy, for three things. The validator lets any extension through that it does
	 * not know, which is right for a hospital's own extensions but would let a misspelt one of ours
	 * (say the urgency) pass unnoticed: those are errors. A copied Reference still links the caller's
	 * resource, which the validator's encoder may give an id to (to contain it): unlinked, so the
	 * caller's Bundle, and the digest taken of it later, stay as received. And an attachment's data is
	 * checked here and replaced by a stand-in, see {@link #attachment}.
	 */
	private void walk(Base element, String path, List<SingleValidationMessage> found) {
		for (Property property : element.children()) {
			List<Base> values = property.getValues();
			String name = property.getName().replace("[x]", "");
			for (int i = 0; i < values.size(); i++) {
				Base value = values.get(i);
				String at = path + "." + name + (property.getMaxCardinality() > 1 ? "[" + i + "]" : "");
				if (value instanceof Extension extension && extension.hasUrl() && extension.getUrl().startsWith(GUIDE_BASE)
						&& !extensions.contains(extension.getUrl())) {
					found.add(error("Extension_EXT_Unknown", at, "Unknown extension " + extension.getUrl()));
				}
				if (value instanceof Reference reference) {
					reference.setResource(null);
				}
				if (value instanceof Attachment attachment && attachment.hasData()) {
					attachment(attachment, at, found);
				}
				if (!value.isPrimitive() || (value instanceof Element primitive && primitive.hasExtension())) {
					walk(value, at, found);
				}
			}
		}
	}

	/**
	 * Checks an attachment's data as the validator would, and hands the validator a one-byte stand-in.
	 * The validator's own checks of the data (Base64 syntax and whitespace, a regular expression over
	 * the whole text) cost about as much as the rest of a report for a photo of some kilobytes, and
	 * prove nothing here: HAPI's parser has already refused data that is not Base64 (a 400), and the
	 * copy holds the data re-encoded from the decoded bytes. What can still be wrong is the stated
	 * {@code size} and {@code hash}, and those are checked here against the bytes, as the validator
	 * does. The stand-in keeps {@code data} present, so rules such as att-1 (data needs a
	 * contentType) still apply.
	 */
	private static void attachment(Attachment attachment, String at, List<SingleValidationMessage> found) {
		byte[] data = attachment.getData();
		if (attachment.hasSize() && attachment.getSize() != data.length) {
			found.add(error("TYPE_SPECIFIC_CHECKS_DT_ATT_SIZE_CORRECT", at + ".size",
					"Stated Attachment Size does not match actual attachment size"));
		}
		if (attachment.hasHash() && !Arrays.equals(attachment.getHash(), sha1(data))) {
			found.add(error("TYPE_SPECIFIC_CHECKS_DT_ATT_HASH_MISMATCH", at + ".hash",
					"The hash of the data did not match the data"));
		}
		attachment.setData(DATA_STAND_IN);
		attachment.setSizeElement(null);
		attachment.setHashElement(null);
	}

	private static SingleValidationMessage error(String id, String location, String text) {
		SingleValidationMessage message = new SingleValidationMessage();
		message.setSeverity(ResultSeverityEnum.ERROR);
		message.setMessageId(id);
		message.setLocationString(location);
		message.setMessage(text);
		return message;
	}

	private static byte[] sha1(byte[] data) {
		try {
			return MessageDigest.getInstance("SHA-1").digest(data);
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("SHA-1 is required of every Java platform", ex);
		}
	}

	/**
	 * HAPI reports a message Bundle's reference that resolves to no entry one entry too far on
	 * (8.8.1); point it back at the entry that holds the reference.
	 */
	private String referringEntry(Bundle bundle, SingleValidationMessage message) {
		String location = message.getLocationString();
		Matcher reference = QUOTED_REFERENCE.matcher(message.getMessage() == null ? "" : message.getMessage());
		int reported = ValidationMessages.entryIndex(location == null ? "" : location);
		if (!reference.find() || reported < 0) {
			return location;
		}
		for (int index : new int[] { reported, reported - 1 }) {
			if (index >= 0 && index < bundle.getEntry().size() && refersTo(bundle.getEntry().get(index).getResource(),
					reference.group(1))) {
				return location.replaceFirst("^Bundle\\.entry\\[\\d+\\]", "Bundle.entry[" + index + "]");
			}
		}
		return location;
	}

	private boolean refersTo(Resource resource, String reference) {
		return resource != null && context.newTerser()
			.getAllResourceReferences(resource)
			.stream()
			.anyMatch(info -> reference.equals(info.getResourceReference().getReferenceElement().getValue()));
	}

	/**
	 * A copy of the Bundle with our profile in the Bundle's {@code meta.profile} and the hospital's in
	 * the sender's. The other entries' profiles come from the Bundle profile, which types
	 * {@code Bundle.entry.resource} with them: the validator checks an entry of such a type against
	 * that profile instead of its base definition, and skips the same profile if the entry declares
	 * it. Stamping it as well would make no difference to the messages, only to the cost.
	 */
	private Bundle stamped(Bundle bundle) {
		Bundle copy = bundle.copy();
		stamp(copy, bundleProfile);
		BundleEntries entries = new BundleEntries(copy);
		for (Bundle.BundleEntryComponent entry : copy.getEntry()) {
			Resource resource = entry.getResource();
			if (resource != null) {
				stamp(resource, null);
			}
		}
		senderOf(entries).ifPresent(hospital -> stamp(hospital.resource(), hospitalProfile));
		return copy;
	}

	private static Optional<Entry<Organization>> senderOf(BundleEntries entries) {
		return entries.first()
			.filter(first -> first.resource() instanceof MessageHeader)
			.flatMap(first -> entries.resolve(((MessageHeader) first.resource()).getSender(), Organization.class));
	}

	/**
	 * Puts our profile on a resource, if one is given, and drops declared profiles the validator cannot
	 * know (a national profile of another guide, say): they would fail as unknown, and our profile is
	 * checked anyway. A declared profile under our own base that does not exist is kept, and fails: it
	 * is a typo.
	 */
	private void stamp(Resource resource, String profile) {
		if (!resource.hasMeta() && profile == null) {
			return;
		}
		Meta meta = resource.getMeta();
		meta.getProfile().removeIf(declared -> !declared.hasValue() || (!declared.getValue().startsWith(GUIDE_BASE)
				&& !core.defines(declared.getValue()) && support.fetchStructureDefinition(declared.getValue()) == null));
		if (profile != null && meta.getProfile().stream().noneMatch(declared -> profile.equals(declared.getValue()))) {
			meta.getProfile().add(new CanonicalType(profile));
		}
	}

	private static String classpathText(String name) {
		try (InputStream in = ReportValidator.class.getClassLoader().getResourceAsStream(name)) {
			if (in == null) {
				throw new IllegalStateException("Missing class path resource " + name);
			}
			return new String(in.readAllBytes(), StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}
}
