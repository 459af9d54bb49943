package io.shouhu.casework;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import org.bson.BsonBinaryReader;
import org.bson.BsonBinaryWriter;
import org.bson.Document;
import org.bson.codecs.DecoderContext;
import org.bson.codecs.DocumentCodec;
import org.bson.codecs.EncoderContext;
import org.bson.io.BasicOutputBuffer;
import org.bson.types.Binary;
import org.springframework.data.mongodb.core.mapping.event.AbstractMongoEventListener;
import org.springframework.data.mongodb.core.mapping.event.AfterLoadEvent;
import org.springframework.data.mongodb.core.mapping.event.BeforeSaveEvent;
import org.springframework.stereotype.Component;

import java.nio.ByteBuffer;

/**
 * Encrypts the personal data in documents as they are written and decrypts it as they are read, so
 * that the store (and any copy of it) holds ciphertext only, while the rest of casework sees plain
 * values. Which fields are personal data is listed here, per collection, in one place; every other
 * field stays queryable. Each field is encrypted on its own with its collection, record id and path as
 * associated data: a ciphertext copied into another record or field does not decrypt.
 *
 * <p>Writes that bypass the mapping (update operators) must not touch these fields; none does.
 */
@Component
class PersonalDataEncryption extends AbstractMongoEventListener<Object> {

	/**
	 * What an encrypted field's bytes begin with, before the Tink ciphertext: "SH" and a format
	 * version. (A BSON binary subtype would say it better, but the embedded store keeps only subtype 0.)
	 */
	private static final byte[] MAGIC = { 'S', 'H', 1 };

	/** The personal data of each collection: dotted paths, arrays traversed element by element. */
	static final Map<String, List<String>> FIELDS = Map.of(
			// the child, what the doctor wrote, the hospital's patient reference, attachment titles,
			// the reason typed for a rejection
			"reports", List.of("child", "summary", "subjectReference", "attachments", "decision.text"),
			"sealed_reporters", List.of("reporter"),
			// comments, reasons and notes (all in the timeline), how to reach the family, free-text
			// task titles and outcomes, milestone texts
			"cases",
			List.of("timeline", "contactChannel", "transferReason", "tracks.notNeededReason", "tracks.milestones.text", "tasks.titleChinese", "tasks.titleEnglish", "tasks.outcome"),
			"audit", List.of("purpose"));

	private static final DocumentCodec CODEC = new DocumentCodec();

	private final PersonalDataKeys keys;

	PersonalDataEncryption(PersonalDataKeys keys) {
		this.keys = keys;
	}

	@Override
	public void onBeforeSave(BeforeSaveEvent<Object> event) {
		Document document = event.getDocument();
		if (document != null && event.getCollectionName() != null) {
			seal(event.getCollectionName(), document);
		}
	}

	@Override
	public void onAfterLoad(AfterLoadEvent<Object> event) {
		Document document = event.getDocument();
		if (document != null && event.getCollectionName() != null) {
			open(event.getCollectionName(), document);
		}
	}

	/** Encrypts the personal fields of a document about to be written, in place. */
	void seal(String collection, Document document) {
		forEachField(collection, document, (leaf, context) -> {
			Object value = leaf.value();
			if (value != null && !isSealed(value)) {
				leaf.set(sealed(keys.encrypt(encode(value), context)));
			}
		});
	}

	/** Decrypts the personal fields of a document just read, in place; plain values are left as they are. */
	void open(String collection, Document document) {
		forEachField(collection, document, (leaf, context) -> {
			if (isSealed(leaf.value())) {
				leaf.set(decode(keys.decrypt(ciphertext(leaf.value()), context)));
			}
		});
	}

	/**
	 * The fields of a stored document that need writing again to be under the primary key: sealed
	 * with an older key, or still plain. Each with its concrete path (array positions spelt out), old
	 * stored value and new one.
	 */
	List<Resealed> reseal(String collection, Document stored) {
		List<Resealed> changes = new ArrayList<>();
		forEachField(collection, stored, (leaf, context) -> {
			Object value = leaf.value();
			if (value == null) {
				return;
			}
			if (!isSealed(value)) {
				changes.add(new Resealed(leaf.concretePath(), value, sealed(keys.encrypt(encode(value), context))));
				return;
			}
			byte[] ciphertext = ciphertext(value);
			if (!keys.isUnderPrimary(ciphertext)) {
				changes.add(new Resealed(leaf.concretePath(), value,
						sealed(keys.encrypt(keys.decrypt(ciphertext, context), context))));
			}
		});
		return changes;
	}

	/** Each personal field of a document of the collection, with its associated data (collection/id/path). */
	private static void forEachField(String collection, Document document,
			java.util.function.BiConsumer<Leaf, String> action) {
		List<String> paths = FIELDS.get(collection);
		if (paths == null) {
			return;
		}
		String id = String.valueOf(document.get("_id"));
		for (String path : paths) {
			String context = collection + "/" + id + "/" + path;
			for (Leaf leaf : leaves(document, path)) {
				action.accept(leaf, context);
			}
		}
	}

	record Resealed(String path, Object stored, Binary sealed) {
	}

	static boolean isSealed(Object value) {
		byte[] bytes = value instanceof Binary binary ? binary.getData() : value instanceof byte[] b ? b : null;
		return bytes != null && bytes.length > MAGIC.length
				&& Arrays.equals(bytes, 0, MAGIC.length, MAGIC, 0, MAGIC.length);
	}

	private static Binary sealed(byte[] ciphertext) {
		byte[] bytes = Arrays.copyOf(MAGIC, MAGIC.length + ciphertext.length);
		System.arraycopy(ciphertext, 0, bytes, MAGIC.length, ciphertext.length);
		return new Binary(bytes);
	}

	private static byte[] ciphertext(Object sealed) {
		byte[] bytes = sealed instanceof Binary binary ? binary.getData() : (byte[]) sealed;
		return Arrays.copyOfRange(bytes, MAGIC.length, bytes.length);
	}

	private static byte[] encode(Object value) {
		BasicOutputBuffer buffer = new BasicOutputBuffer();
		try (BsonBinaryWriter writer = new BsonBinaryWriter(buffer)) {
			CODEC.encode(writer, new Document("v", value), EncoderContext.builder().build());
		}
		return buffer.toByteArray();
	}

	private static Object decode(byte[] bytes) {
		try (BsonBinaryReader reader = new BsonBinaryReader(ByteBuffer.wrap(bytes))) {
			return CODEC.decode(reader, DecoderContext.builder().build()).get("v");
		}
	}

	/** A field at a path in a document, with how to replace its value. */
	private record Leaf(Document owner, String key, String concretePath) {

		Object value() {
			return owner.get(key);
		}

		void set(Object value) {
			owner.put(key, value);
		}
	}

	private static List<Leaf> leaves(Document document, String path) {
		List<Leaf> found = new ArrayList<>();
		collect(document, path.split("\\."), 0, "", found);
		return found;
	}

	private static void collect(Object node, String[] parts, int index, String prefix, List<Leaf> found) {
		if (node instanceof Document document) {
			String key = parts[index];
			if (!document.containsKey(key)) {
				return;
			}
			String here = prefix.isEmpty() ? key : prefix + "." + key;
			if (index == parts.length - 1) {
				found.add(new Leaf(document, key, here));
			}
			else {
				collect(document.get(key), parts, index + 1, here, found);
			}
		}
		else if (node instanceof List<?> list) {
			for (int i = 0; i < list.size(); i++) {
				collect(list.get(i), parts, index, prefix + "." + i, found);
			}
		}
	}
}
