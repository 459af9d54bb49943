package io.shouhu.casework;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.Updates;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.springframework.data.mongodb.core.MongoOperations;
import org.springframework.stereotype.Component;

/**
 * Brings every stored piece of personal data under the keyset's primary key after a rotation (and
 * encrypts any still in plain, e.g. from before encryption): in batches, in id order, each record
 * changed with one conditional update of just its personal fields. Safe to stop and run again at any
 * time, and beside the running application: a record already under the primary key is skipped, and
 * a field that changed meanwhile (a save writes it under the primary key anyway) is left alone.
 * Attachment bytes are not re-encrypted here: keep the older keys in the keyset while attachments
 * need them (docs/operations/keys.md).
 */
@Component
class ReEncryptionBatches {

	private final MongoOperations mongo;

	private final PersonalDataEncryption encryption;

	ReEncryptionBatches(MongoOperations mongo, PersonalDataEncryption encryption) {
		this.mongo = mongo;
		this.encryption = encryption;
	}

	/**
	 * Re-encrypts everything, batch by batch.
	 * @param batchSize records read per round trip
	 */
	PersonalDataReEncryption.Result run(int batchSize) {
		long scanned = 0;
		long changed = 0;
		long skipped = 0;
		Map<String, Long> byCollection = new TreeMap<>();
		for (String collection : new TreeMap<>(PersonalDataEncryption.FIELDS).keySet()) {
			MongoCollection<Document> documents = mongo.getCollection(collection);
			Object after = null;
			while (true) {
				Bson filter = after == null ? new Document() : Filters.gt("_id", after);
				List<Document> batch = documents.find(filter)
					.sort(Sorts.ascending("_id"))
					.limit(Math.max(1, batchSize))
					.into(new ArrayList<>());
				if (batch.isEmpty()) {
					break;
				}
				for (Document stored : batch) {
					scanned++;
					List<PersonalDataEncryption.Resealed> changes = encryption.reseal(collection, stored);
					if (changes.isEmpty()) {
						continue;
					}
					List<Bson> unchanged = new ArrayList<>();
					unchanged.add(Filters.eq("_id", stored.get("_id")));
					List<Bson> updates = new ArrayList<>();
					for (PersonalDataEncryption.Resealed change : changes) {
						unchanged.add(Filters.eq(change.path(), change.stored()));
						updates.add(Updates.set(change.path(), change.sealed()));
					}
					if (documents.updateOne(Filters.and(unchanged), Updates.combine(updates)).getModifiedCount() == 1) {
						changed++;
						byCollection.merge(collection, 1L, Long::sum);
					}
					else {
						skipped++; // changed meanwhile, and so written under the primary key
					}
				}
				after = batch.get(batch.size() - 1).get("_id");
			}
		}
		return new PersonalDataReEncryption.Result(scanned, changed, skipped, byCollection);
	}
}
