package io.shouhu.bench;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

import org.hl7.fhir.r4.model.Attachment;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.DocumentReference;
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.Enumerations.DocumentReferenceStatus;
import org.hl7.fhir.r4.model.Flag;
import org.hl7.fhir.r4.model.InstantType;
import org.hl7.fhir.r4.model.Organization;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Practitioner;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;

import ca.uhn.fhir.context.FhirContext;

/**
 * Realistic report message Bundles of about 25 KB, derived from {@code docs/demo/report-example.json}:
 * the example plus one {@code DocumentReference} with a photo of the injury (JPEG-like, incompressible,
 * about 15 KB, so about 20 KB of base64), and per Bundle a fresh {@code Bundle.identifier}, fresh
 * {@code urn:uuid} ids, one of the demo hospitals 01–11 with one of its own workstations, a girl of 2
 * to 13 with a consistent national ID, and times of today (Asia/Shanghai).
 *
 * <p>The example is parsed and extended with HAPI once and encoded as compact JSON; the values that
 * change are then filled into that text, so making a Bundle costs microseconds and does not compete
 * with the server for the CPU.
 */
final class ReportGenerator {

	/** Hospital ids and their workstations as in the server's {@code io.shouhu.demo.DemoReferenceData}. */
	static final List<Hospital> HOSPITALS;

	/** Workstations per Longwan hospital, hospital-01 first (DemoReferenceData.LONGWAN_WORKSTATIONS). */
	private static final int[] WORKSTATIONS = { 12, 12, 11, 11, 11, 11, 11, 11, 11, 11, 11 };

	static {
		List<Hospital> hospitals = new ArrayList<>();
		int first = 1;
		for (int h = 0; h < WORKSTATIONS.length; h++) {
			hospitals.add(new Hospital(String.format("hospital-%02d", h + 1), "龙湾示范医院 " + (h + 1), first,
					WORKSTATIONS[h]));
			first += WORKSTATIONS[h];
		}
		HOSPITALS = List.copyOf(hospitals);
	}

	record Hospital(String id, String name, int firstWorkstation, int workstations) {

		String workstation(int i) {
			return String.format("ws-%03d", firstWorkstation + i % workstations);
		}
	}

	/** One Bundle to send: its JSON (UTF-8), the hospital that sends it and its idempotency key. */
	record Report(byte[] body, String hospital, String key) {

		String json() {
			return new String(body, StandardCharsets.UTF_8);
		}
	}

	private static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");

	private static final DateTimeFormatter DATE_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ssXXX");

	private static final String[] FAMILY = { "王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙",
			"胡", "朱", "高", "林", "何", "郭", "马", "罗", "郑", "潘", "叶", "金" };

	private static final String[] GIVEN = { "小雨", "欣怡", "梓涵", "诗涵", "雨桐", "可馨", "子萱", "一诺", "思彤",
			"语嫣", "佳怡", "若汐", "梦瑶", "晓彤", "静怡", "紫萱" };

	private static final String[] DOCTOR_GIVEN = { "建国", "海燕", "志强", "丽华", "晓东", "秀英", "永刚", "春梅" };

	private static final int PHOTOS = 64;

	// Sentinels set in the model and replaced in the encoded text by slots.
	private static final String S_TIMESTAMP = "1901-01-01T00:00:01+08:00";

	private static final String S_FLAG_START = "1901-01-01T00:00:02+08:00";

	private static final String S_ENCOUNTER_START = "1901-01-01T00:00:03+08:00";

	private static final String S_DOC_DATE = "1901-01-01T00:00:05+08:00";

	private static final String S_PHOTO_TAKEN = "1901-01-01T00:00:06+08:00";

	private static final String S_BIRTH_DATE = "1901-01-04";

	private static final byte[] S_PHOTO_DATA = "PHOTO-SENTINEL-DATA".getBytes(StandardCharsets.US_ASCII);

	private static final byte[] S_PHOTO_HASH = "PHOTO-SENTINEL-HASH".getBytes(StandardCharsets.US_ASCII);

	private static final int S_PHOTO_SIZE = 987654321;

	private final Template template;

	private final int uuids;

	private final Photo[] photos = new Photo[PHOTOS];

	private final String runTag;

	private final AtomicLong sequence = new AtomicLong();

	private record Photo(String data, int size, String hash) {
	}

	ReportGenerator(FhirContext context, Path example, long seed) throws Exception {
		Bundle bundle = context.newJsonParser().parseResource(Bundle.class, Files.readString(example));
		// The ids to replace by fresh uuids: the Bundle's and every entry's (fullUrl = urn:uuid:<id>).
		List<String> ids = new ArrayList<>();
		ids.add(stripUuidUrn(bundle.getIdElement().getIdPart()));
		Patient patient = null;
		Practitioner practitioner = null;
		Encounter encounter = null;
		for (Bundle.BundleEntryComponent entry : bundle.getEntry()) {
			Resource resource = entry.getResource();
			String id = stripUuidUrn(resource.getIdElement().getIdPart());
			if (!("urn:uuid:" + id).equals(entry.getFullUrl())) {
				throw new IllegalStateException("the example's entries must have fullUrl urn:uuid:<id>: " + entry.getFullUrl());
			}
			ids.add(id);
			if (resource instanceof Patient p) {
				patient = p;
			}
			else if (resource instanceof Practitioner p) {
				practitioner = p;
			}
			else if (resource instanceof Encounter e) {
				encounter = e;
			}
			else if (resource instanceof Flag f) {
				f.getPeriod().setStartElement(new DateTimeType(S_FLAG_START));
			}
			else if (resource instanceof Organization o) {
				o.setName("@@HOSPITAL_NAME@@");
			}
		}
		if (patient == null || practitioner == null || encounter == null) {
			throw new IllegalStateException("the example lacks a Patient, Practitioner or Encounter");
		}
		bundle.getIdentifier().setValue("@@REPORT_NO@@");
		bundle.setTimestampElement(new InstantType(S_TIMESTAMP));
		encounter.getPeriod().setStartElement(new DateTimeType(S_ENCOUNTER_START));
		patient.getIdentifierFirstRep().setValue("@@NATIONAL_ID@@");
		patient.getNameFirstRep().setText("@@CHILD_NAME@@").setFamily("@@CHILD_FAMILY@@");
		patient.getNameFirstRep().getGiven().clear();
		patient.getNameFirstRep().addGiven("@@CHILD_GIVEN@@");
		patient.getBirthDateElement().setValueAsString(S_BIRTH_DATE);
		practitioner.getIdentifierFirstRep().setValue("@@STAFF_NO@@");
		practitioner.getNameFirstRep().setText("@@DOCTOR_NAME@@").setFamily("@@DOCTOR_FAMILY@@");
		practitioner.getNameFirstRep().getGiven().clear();
		practitioner.getNameFirstRep().addGiven("@@DOCTOR_GIVEN@@");

		// The photo of the injury.
		String documentId = "7b3c4d5e-8f9a-4b0c-9d1e-3f4a5b6c7d8e";
		ids.add(documentId);
		DocumentReference document = new DocumentReference();
		document.setId(documentId);
		document.setStatus(DocumentReferenceStatus.CURRENT);
		document.setType(new CodeableConcept(new Coding("http://loinc.org", "72170-4", "Photographic image"))
			.setText("伤情照片 photo of the injury"));
		document.setSubject(new Reference("urn:uuid:" + stripUuidUrn(patient.getIdElement().getIdPart())));
		document.setDateElement(new InstantType(S_DOC_DATE));
		document.addAuthor(new Reference("urn:uuid:" + stripUuidUrn(practitioner.getIdElement().getIdPart())));
		document.setDescription("接诊时拍摄的伤情照片");
		Attachment attachment = document.addContent().getAttachment();
		attachment.setContentType("image/jpeg");
		attachment.setLanguage("zh-CN");
		attachment.setData(S_PHOTO_DATA);
		attachment.setSize(S_PHOTO_SIZE);
		attachment.setHash(S_PHOTO_HASH);
		attachment.setTitle("@@PHOTO_TITLE@@");
		attachment.setCreationElement(new DateTimeType(S_PHOTO_TAKEN));
		document.getContext().addEncounter(new Reference("urn:uuid:" + stripUuidUrn(encounter.getIdElement().getIdPart())));
		bundle.addEntry().setFullUrl("urn:uuid:" + documentId).setResource(document);

		String encoded = context.newJsonParser().setPrettyPrint(false).encodeResourceToString(bundle);

		Map<String, String> slots = new LinkedHashMap<>();
		for (int i = 0; i < ids.size(); i++) {
			slots.put(ids.get(i), "U" + i);
		}
		slots.put("hospital-01", "HOSPITAL");
		slots.put("ws-001", "WORKSTATION");
		slots.put(S_TIMESTAMP, "TIMESTAMP");
		slots.put(S_FLAG_START, "FLAG_START");
		slots.put(S_ENCOUNTER_START, "ENCOUNTER_START");
		slots.put(S_DOC_DATE, "DOC_DATE");
		slots.put(S_PHOTO_TAKEN, "PHOTO_TAKEN");
		slots.put(S_BIRTH_DATE, "BIRTH_DATE");
		slots.put(Base64.getEncoder().encodeToString(S_PHOTO_DATA), "PHOTO_DATA");
		slots.put(Base64.getEncoder().encodeToString(S_PHOTO_HASH), "PHOTO_HASH");
		slots.put(String.valueOf(S_PHOTO_SIZE), "PHOTO_SIZE");
		for (String name : List.of("HOSPITAL_NAME", "REPORT_NO", "NATIONAL_ID", "CHILD_NAME", "CHILD_FAMILY",
				"CHILD_GIVEN", "STAFF_NO", "DOCTOR_NAME", "DOCTOR_FAMILY", "DOCTOR_GIVEN", "PHOTO_TITLE")) {
			slots.put("@@" + name + "@@", name);
		}
		this.template = Template.of(encoded, slots);
		this.uuids = ids.size();

		SplittableRandom random = new SplittableRandom(seed);
		for (int i = 0; i < PHOTOS; i++) {
			photos[i] = photo(random, 15 * 1024 - 1024 + random.nextInt(2048));
		}
		this.runTag = Long.toString(Math.abs(seed) % 0x1000000L, 36).toUpperCase();
	}

	/** A new report, from hospital {@code n % 11 + 1}; thread-safe. */
	Report next(SplittableRandom random) {
		long seq = sequence.incrementAndGet();
		Hospital hospital = HOSPITALS.get((int) (seq % HOSPITALS.size()));
		Map<String, String> values = new java.util.HashMap<>(48);
		for (int i = 0; i < uuids; i++) {
			values.put("U" + i, uuid(random));
		}
		ZonedDateTime now = ZonedDateTime.now(SHANGHAI).withNano(0);
		ZonedDateTime encounterStart = now.minusMinutes(30 + random.nextInt(150));
		ZonedDateTime flagStart = encounterStart.plusMinutes(10 + random.nextInt(15));
		LocalDate birth = encounterStart.toLocalDate().minusYears(2 + random.nextInt(12)).minusDays(random.nextInt(300));
		String family = FAMILY[random.nextInt(FAMILY.length)];
		String given = GIVEN[random.nextInt(GIVEN.length)];
		String doctorFamily = FAMILY[random.nextInt(FAMILY.length)];
		String doctorGiven = DOCTOR_GIVEN[random.nextInt(DOCTOR_GIVEN.length)];
		Photo photo = photos[random.nextInt(PHOTOS)];
		String reportNo = "MR-" + now.getYear() + "-" + runTag + "-" + String.format("%07d", seq);

		values.put("HOSPITAL", hospital.id());
		values.put("HOSPITAL_NAME", hospital.name());
		values.put("WORKSTATION", hospital.workstation(random.nextInt(hospital.workstations())));
		values.put("REPORT_NO", reportNo);
		values.put("TIMESTAMP", DATE_TIME.format(now));
		values.put("ENCOUNTER_START", DATE_TIME.format(encounterStart));
		values.put("FLAG_START", DATE_TIME.format(flagStart));
		values.put("DOC_DATE", DATE_TIME.format(flagStart.plusMinutes(2)));
		values.put("PHOTO_TAKEN", DATE_TIME.format(encounterStart.plusMinutes(5)));
		values.put("BIRTH_DATE", birth.toString());
		values.put("NATIONAL_ID", nationalId(birth, random));
		values.put("CHILD_NAME", family + given);
		values.put("CHILD_FAMILY", family);
		values.put("CHILD_GIVEN", given);
		values.put("STAFF_NO", String.format("D-%04d", random.nextInt(10_000)));
		values.put("DOCTOR_NAME", doctorFamily + doctorGiven);
		values.put("DOCTOR_FAMILY", doctorFamily);
		values.put("DOCTOR_GIVEN", doctorGiven);
		values.put("PHOTO_DATA", photo.data());
		values.put("PHOTO_SIZE", String.valueOf(photo.size()));
		values.put("PHOTO_HASH", photo.hash());
		values.put("PHOTO_TITLE", "injury-" + seq + ".jpg");
		return new Report(template.fill(values).getBytes(StandardCharsets.UTF_8), hospital.id(), reportNo);
	}

	private static String stripUuidUrn(String id) {
		return id != null && id.startsWith("urn:uuid:") ? id.substring("urn:uuid:".length()) : id;
	}

	/** A JPEG-like photo: JFIF header, incompressible body, end-of-image marker. */
	private static Photo photo(SplittableRandom random, int size) {
		byte[] bytes = new byte[size];
		for (int i = 0; i < size; i++) {
			bytes[i] = (byte) random.nextInt(256);
		}
		byte[] header = { (byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0xE0, 0x00, 0x10, 'J', 'F', 'I', 'F', 0x00,
				0x01, 0x01, 0x00, 0x00, 0x48, 0x00, 0x48, 0x00, 0x00 };
		System.arraycopy(header, 0, bytes, 0, header.length);
		bytes[size - 2] = (byte) 0xFF;
		bytes[size - 1] = (byte) 0xD9;
		try {
			String hash = Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-1").digest(bytes));
			return new Photo(Base64.getEncoder().encodeToString(bytes), size, hash);
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** A resident ID number (GB 11643): Longwan's area code, birth date, an even (female) sequence, check. */
	static String nationalId(LocalDate birth, SplittableRandom random) {
		String body = "330303" + birth.toString().replace("-", "") + String.format("%02d", random.nextInt(100))
				+ (random.nextInt(5) * 2);
		int[] weights = { 7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2 };
		int sum = 0;
		for (int i = 0; i < 17; i++) {
			sum += (body.charAt(i) - '0') * weights[i];
		}
		return body + "10X98765432".charAt(sum % 11);
	}

	private static String uuid(SplittableRandom random) {
		long msb = (random.nextLong() & ~0xF000L) | 0x4000L;
		long lsb = (random.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
		return new UUID(msb, lsb).toString();
	}

	/** A text with named slots, filled by concatenation. */
	static final class Template {

		private final String[] literals;

		private final String[] slots;

		private Template(String[] literals, String[] slots) {
			this.literals = literals;
			this.slots = slots;
		}

		/** Replaces every occurrence of each key by its slot; each key must occur. */
		static Template of(String text, Map<String, String> keysToSlots) {
			String marked = text;
			for (Map.Entry<String, String> e : keysToSlots.entrySet()) {
				if (!marked.contains(e.getKey())) {
					throw new IllegalStateException("template value not found in the encoded example: " + e.getKey());
				}
				marked = marked.replace(e.getKey(), "\u0000" + e.getValue() + "\u0000");
			}
			String[] parts = marked.split("\u0000", -1);
			String[] literals = new String[parts.length / 2 + 1];
			String[] slots = new String[parts.length / 2];
			for (int i = 0; i < parts.length; i++) {
				if (i % 2 == 0) {
					literals[i / 2] = parts[i];
				}
				else {
					slots[i / 2] = parts[i];
				}
			}
			return new Template(literals, slots);
		}

		String fill(Map<String, String> values) {
			StringBuilder out = new StringBuilder(32 * 1024);
			for (int i = 0; i < slots.length; i++) {
				out.append(literals[i]);
				String value = values.get(slots[i]);
				if (value == null) {
					throw new IllegalStateException("no value for slot " + slots[i]);
				}
				out.append(value);
			}
			return out.append(literals[slots.length]).toString();
		}
	}
}
