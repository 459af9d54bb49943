package io.shouhu.casework;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;

import org.bson.Document;
import org.bson.RawBsonDocument;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static io.shouhu.casework.TwoDistricts.ENCOUNTER;
import static io.shouhu.casework.TwoDistricts.HOSPITAL_01;
import static io.shouhu.casework.TwoDistricts.INTAKE;
import static io.shouhu.casework.TwoDistricts.PROSECUTOR;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/** A copy of the store holds no personal data, and what is encrypted stays with its record. */
class PersonalDataEncryptionTests {

	private static final Child CHILD = new Child("欧阳", "星辰", LocalDate.of(2014, 3, 7), Sex.FEMALE,
			"11010520140307002X");

	private static final Reporter REPORTER = new Reporter("司马医生", "urn:example:staff", "DOC-778899");

	private static final String SUMMARY = "左前臂多处淤青，家住幸福路88号";

	private static final byte[] PHOTO = "PHOTO-OF-INJURY-7731".getBytes(StandardCharsets.UTF_8);

	private final TwoDistricts districts = new TwoDistricts();

	@AfterEach
	void close() {
		districts.close();
	}

	@Test
	void theStoreHoldsNoneOfTheReportsPersonalDataWhileCaseworkReadsItAll() {
		ReportId report = submitted("key-1", CHILD);
		CaseId kase = districts.decisions.accept(INTAKE, report, districts.report(report).version(), PROSECUTOR.user());
		districts.management.comment(PROSECUTOR, kase, null, "已联系监护人13912345678");
		String number = districts.details(kase).number();

		List<byte[]> stored = everyStoredDocument();
		assertThat(contains(stored, number)).as("the scan finds a value kept in plain").isTrue();
		for (String personal : List.of("星辰", "欧阳", CHILD.nationalId(), "司马医生", "DOC-778899", "幸福路88号",
				"13912345678", "urn:uuid:patient-secret", "PHOTO-OF-INJURY-7731", "伤情照片")) {
			assertThat(contains(stored, personal)).as(personal).isFalse();
		}

		CaseFile file = districts.management.file(PROSECUTOR, kase);
		assertThat(file.child()).isEqualTo(CHILD);
		assertThat(districts.report(report).toDetails().summary()).isEqualTo(SUMMARY);
		assertThat(districts.management.timeline(PROSECUTOR, kase))
			.anySatisfy(entry -> assertThat(entry.data()).containsValue("已联系监护人13912345678"));
		assertThat(districts.management.attachment(PROSECUTOR, kase, file.attachments().get(0).info().id()).data())
			.isEqualTo(PHOTO);
	}

	@Test
	void aCiphertextCopiedIntoAnotherRecordDoesNotDecrypt() {
		ReportId first = submitted("key-1", CHILD);
		ReportId second = submitted("key-2", TwoDistricts.aBoyOf9());
		Object sealedChild = raw("reports", first).get("child");
		districts.store.mongo.getCollection("reports")
			.updateOne(new Document("_id", second.value()), new Document("$set", new Document("child", sealedChild)));

		assertThatExceptionOfType(PersonalDataUnreadable.class).isThrownBy(() -> districts.report(second))
			.withMessageContaining(second.value())
			.withMessageNotContaining("星辰");
		assertThat(districts.report(first).child()).isEqualTo(CHILD);
	}

	@Test
	void theSameChildFindsTheSameCaseByBlindIndexesThatOtherKeysDoNotReproduce() {
		ChildKeys keys = ChildKeys.of(CHILD, districts.store.keys);
		assertThat(ChildKeys.of(new Child("欧阳", "星辰", CHILD.birthDate(), Sex.FEMALE, "11010520140307002x"),
				districts.store.keys))
			.isEqualTo(keys);
		assertThat(keys.nationalId()).doesNotContain(CHILD.nationalId());
		assertThat(ChildKeys.of(CHILD, PersonalDataKeys.generated())).isNotEqualTo(keys);
	}

	@Test
	void aRotatedKeysetReadsOldRecordsAndReEncryptionMovesThemToTheNewKey(@TempDir Path directory) throws Exception {
		Path file = directory.resolve("keyset.json");
		PersonalDataKeys before = PersonalDataKeys.generate(file);
		assertThat(Files.getPosixFilePermissions(file)).containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ,
				PosixFilePermission.OWNER_WRITE);
		assertThatIllegalStateException().isThrownBy(() -> PersonalDataKeys.generate(file));

		PersonalDataEncryption old = new PersonalDataEncryption(before);
		Document written = new Document("_id", "r-1").append("child", new Document("givenName", "星辰"))
			.append("summary", SUMMARY)
			.append("status", "RECEIVED");
		old.seal("reports", written);

		int primary = PersonalDataKeys.rotate(file);
		PersonalDataKeys after = PersonalDataKeys.load(file);
		assertThat(after.primaryKeyId()).isEqualTo(primary).isNotEqualTo(before.primaryKeyId());
		assertThat(after.keyCount()).isEqualTo(2);
		assertThat(after.blindIndex("id", "X")).isEqualTo(before.blindIndex("id", "X"));

		PersonalDataEncryption rotated = new PersonalDataEncryption(after);
		Document read = Document.parse(written.toJson());
		read.put("child", written.get("child"));
		read.put("summary", written.get("summary"));
		rotated.open("reports", read);
		assertThat(read.getString("summary")).isEqualTo(SUMMARY);
		assertThat(rotated.reseal("reports", written)).extracting(PersonalDataEncryption.Resealed::path)
			.containsExactlyInAnyOrder("child", "summary");
		assertThat(old.reseal("reports", written)).isEmpty();
	}

	@Test
	void reEncryptionBringsEveryRecordUnderThePrimaryKeyAndCanRunAgain() {
		ReportId report = submitted("key-1", CHILD);
		CaseId kase = districts.decisions.accept(INTAKE, report, districts.report(report).version(), PROSECUTOR.user());
		// a record from before encryption: personal data in plain
		districts.store.mongo.getCollection("reports")
			.updateOne(new Document("_id", report.value()), new Document("$set", new Document("summary", "旧的明文")));

		PersonalDataReEncryption reEncryption = new PersonalDataReEncryption(
				new ReEncryptionBatches(districts.store.mongo, districts.store.encryption));
		PersonalDataReEncryption.Result first = reEncryption.run(2);
		assertThat(first.byCollection()).containsEntry("reports", 1L);
		assertThat(contains(everyStoredDocument(), "旧的明文")).isFalse();
		assertThat(districts.report(report).toDetails().summary()).isEqualTo("旧的明文");
		assertThat(reEncryption.run(2).reEncrypted()).isZero();
		assertThat(districts.management.file(PROSECUTOR, kase).child()).isEqualTo(CHILD);
	}

	@Test
	void withoutItsKeysetTheServerCannotReadAndSaysWhereTheFileShouldBe(@TempDir Path directory) throws Exception {
		Path missing = directory.resolve("keyset.json");
		assertThatIllegalStateException().isThrownBy(() -> PersonalDataKeys.load(missing))
			.withMessageContaining(missing.toString())
			.withMessageContaining("shouhu.crypto.keyset-file");
		Files.writeString(missing, "{\"format\":\"something else\"}");
		assertThatIllegalStateException().isThrownBy(() -> PersonalDataKeys.load(missing))
			.withMessageContaining("not a Shouhu keyset");
	}

	private ReportId submitted(String key, Child child) {
		return districts.intake
			.submit(new SubmitReport(HOSPITAL_01, new WorkstationId("ws-001"), new IntakeKey("urn:example:his", key),
					"digest-" + key, child, REPORTER, EnumSet.of(Situation.S4), Urgency.URGENT, ENCOUNTER, SUMMARY,
					"urn:uuid:patient-secret", List.of(new AttachmentContent("image/jpeg", "伤情照片", PHOTO))))
			.report();
	}

	private Document raw(String collection, ReportId id) {
		return districts.store.mongo.getCollection(collection).find(new Document("_id", id.value())).first();
	}

	/** The bytes of every document of every collection, as the store holds them. */
	private List<byte[]> everyStoredDocument() {
		List<byte[]> all = new ArrayList<>();
		for (String collection : districts.store.mongo.getDb().listCollectionNames()) {
			for (RawBsonDocument document : districts.store.mongo.getDb()
				.getCollection(collection, RawBsonDocument.class)
				.find()) {
				byte[] bytes = new byte[document.getByteBuffer().remaining()];
				document.getByteBuffer().get(bytes);
				all.add(bytes);
			}
		}
		return all;
	}

	private static boolean contains(List<byte[]> documents, String value) {
		byte[] needle = value.getBytes(StandardCharsets.UTF_8);
		for (byte[] haystack : documents) {
			outer: for (int i = 0; i <= haystack.length - needle.length; i++) {
				for (int j = 0; j < needle.length; j++) {
					if (haystack[i + j] != needle[j]) {
						continue outer;
					}
				}
				return true;
			}
		}
		return false;
	}
}
