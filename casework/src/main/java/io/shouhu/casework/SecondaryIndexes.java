package io.shouhu.casework;

import org.springframework.data.mongodb.core.MongoOperations;
import org.springframework.data.mongodb.core.index.IndexInfo;

/**
 * Secondary indexes on the embedded store. mongo-java-server keeps none (only unique ones), yet it
 * records each one declared and, every time it opens its file, reads the whole collection for each
 * before logging that it ignores it: a minute of start at ten thousand cases. A store that had them
 * declared (by an older version, or seeded as a MongoDB) is healed by dropping them.
 */
final class SecondaryIndexes {

	private SecondaryIndexes() {
	}

	/** Drops every index of the collection of {@code type} that is neither unique nor {@code _id}'s. */
	static void dropFrom(MongoOperations mongo, Class<?> type) {
		for (IndexInfo index : mongo.indexOps(type).getIndexInfo()) {
			if (!index.isUnique() && !"_id_".equals(index.getName())) {
				mongo.indexOps(type).dropIndex(index.getName());
			}
		}
	}
}
