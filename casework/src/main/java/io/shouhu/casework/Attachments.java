package io.shouhu.casework;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;

import com.mongodb.client.gridfs.model.GridFSFile;
import org.bson.Document;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.mongodb.core.MongoOperations;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.gridfs.GridFsOperations;
import org.springframework.data.mongodb.gridfs.GridFsResource;
import org.springframework.data.mongodb.gridfs.GridFsUpload;
import org.springframework.stereotype.Repository;

/**
 * Attachment bytes, kept in GridFS outside the report document (a report stays small; a photo may be
 * 10 MB), encrypted with the attachment id as associated data. Ids are derived from the report's
 * intake key, content digest and position, so storing them again after a crash finds them instead of
 * writing them twice.
 */
@Repository
class Attachments {

	private static final String CHUNKS = "fs.chunks";

	private static final String ENCRYPTED = "encrypted";

	/** GridFS's default chunk size, 255 KiB. */
	private static final int DEFAULT_CHUNK_SIZE = 255 * 1024;

	private final GridFsOperations gridFs;

	private final MongoOperations mongo;

	private final PersonalDataKeys keys;

	Attachments(GridFsOperations gridFs, MongoOperations mongo, PersonalDataKeys keys) {
		this.gridFs = gridFs;
		this.mongo = mongo;
		this.keys = keys;
	}

	static AttachmentId idFor(HospitalId hospital, IntakeKey key, String payloadDigest, int position) {
		try {
			MessageDigest sha = MessageDigest.getInstance("SHA-256");
			for (String part : new String[] { hospital.value(), key.system(), key.value(), payloadDigest,
					Integer.toString(position) }) {
				sha.update(part.getBytes(StandardCharsets.UTF_8));
				sha.update((byte) 0);
			}
			return new AttachmentId(HexFormat.of().formatHex(sha.digest(), 0, 16));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * Stores the bytes unless an attachment of that id is already complete. Nearly every upload is new
	 * (a resent report is answered before its attachments), so it is tried at once: GridFS's unique
	 * index on the chunks of a file refuses a second copy, and only then is the file looked for.
	 */
	AttachmentInfo storeIfAbsent(AttachmentId id, AttachmentContent content) {
		AttachmentInfo info = new AttachmentInfo(id, content.contentType(), content.title(), content.data().length);
		try {
			upload(id, content);
		}
		catch (DuplicateKeyException | com.mongodb.MongoException partial) {
			if (file(id) != null) {
				return info; // another instance stored it meanwhile
			}
			// Chunks of an upload that died before its file document: remove them and store again.
			mongo.remove(Query.query(Criteria.where("files_id").is(id.value())), CHUNKS);
			upload(id, content);
		}
		return info;
	}

	Optional<byte[]> read(AttachmentId id) {
		GridFSFile file = file(id);
		if (file == null) {
			return Optional.empty();
		}
		GridFsResource resource = gridFs.getResource(file);
		try (InputStream in = resource.getInputStream()) {
			byte[] stored = in.readAllBytes();
			return Optional.of(isEncrypted(file) ? keys.decrypt(stored, context(id)) : stored);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private void upload(AttachmentId id, AttachmentContent content) {
		byte[] sealed = keys.encrypt(content.data(), context(id));
		gridFs.store(GridFsUpload.fromStream(new ByteArrayInputStream(sealed))
			.id(id.value())
			// The driver allocates a buffer of the chunk size for every upload: for a photo of some
			// kilobytes one chunk of its own size, not 255 KB; larger files are chunked as usual.
			.chunkSize(Math.max(1, Math.min(sealed.length, DEFAULT_CHUNK_SIZE)))
			.filename(id.value())
			.contentType(content.contentType())
			.metadata(new Document("kind", "report-attachment").append(ENCRYPTED, true))
			.build());
	}

	/** Whether the stored bytes are encrypted (attachments stored before encryption are not). */
	private static boolean isEncrypted(GridFSFile file) {
		return file.getMetadata() != null && Boolean.TRUE.equals(file.getMetadata().get(ENCRYPTED));
	}

	private static String context(AttachmentId id) {
		return "attachments/" + id.value();
	}

	private GridFSFile file(AttachmentId id) {
		return gridFs.findOne(Query.query(Criteria.where("_id").is(id.value())));
	}
}
