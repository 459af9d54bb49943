package io.shouhu.casework;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;

import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * An attachment is stored once under its derived id, whatever an earlier attempt at the same report
 * left behind: a complete file, or the chunks of an upload that died before its file document.
 */
class AttachmentsTests {

	private static final AttachmentId ID = new AttachmentId("0123456789abcdef0123456789abcdef");

	private CaseworkStore store;

	private Attachments attachments;

	private final byte[] photo = new byte[40_000];

	@BeforeEach
	void setUp() {
		store = new CaseworkStore();
		attachments = new Attachments(store.gridFs, store.mongo, store.keys);
		new Random(11).nextBytes(photo);
	}

	@AfterEach
	void tearDown() {
		store.close();
	}

	@Test
	void anAttachmentStoredByAnEarlierAttemptIsNotStoredAgain() {
		AttachmentInfo first = attachments.storeIfAbsent(ID, new AttachmentContent("image/jpeg", "左前臂", photo));
		AttachmentInfo again = attachments.storeIfAbsent(ID, new AttachmentContent("image/jpeg", "左前臂", photo));

		assertThat(again).isEqualTo(first);
		assertThat(store.mongo.getCollection("fs.files").countDocuments()).isEqualTo(1);
		assertThat(store.mongo.getCollection("fs.chunks").countDocuments()).isEqualTo(1);
		assertThat(attachments.read(ID)).hasValueSatisfying(data -> assertThat(data).isEqualTo(photo));
	}

	@Test
	void theChunksOfAnUploadThatDiedAreReplacedByAWholeFile() {
		store.mongo.getCollection("fs.chunks")
			.insertOne(new Document("files_id", ID.value()).append("n", 0).append("data", new byte[] { 1, 2, 3 }));

		attachments.storeIfAbsent(ID, new AttachmentContent("image/jpeg", "左前臂", photo));

		assertThat(store.mongo.getCollection("fs.files").countDocuments()).isEqualTo(1);
		assertThat(store.mongo.getCollection("fs.chunks").countDocuments()).isEqualTo(1);
		assertThat(attachments.read(ID)).hasValueSatisfying(data -> assertThat(data).isEqualTo(photo));
	}
}
