package io.shouhu.identity;

import java.text.ParseException;
import java.util.UUID;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import org.bson.Document;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.mongodb.core.MongoOperations;

/**
 * The demo identity provider's token-signing key, kept in the store so that tokens survive a restart
 * and every instance signs and verifies with the same key. The first instance to start creates it.
 * Demo only: a real provider keeps its keys in a key store, not in the application database.
 */
final class DemoSigningKey {

	static final String COLLECTION = "demo_signing_keys";

	private static final String ID = "access-tokens";

	private DemoSigningKey() {
	}

	static RSAKey loadOrCreate(MongoOperations mongo) {
		Document stored = mongo.findById(ID, Document.class, COLLECTION);
		if (stored == null) {
			try {
				mongo.insert(new Document("_id", ID).append("jwk", generate().toJSONString()), COLLECTION);
			}
			catch (DuplicateKeyException ex) {
				// another instance created it first; use theirs
			}
			stored = mongo.findById(ID, Document.class, COLLECTION);
		}
		try {
			return JWK.parse(stored.getString("jwk")).toRSAKey();
		}
		catch (ParseException ex) {
			throw new IllegalStateException("The stored demo signing key is unreadable", ex);
		}
	}

	private static RSAKey generate() {
		try {
			return new RSAKeyGenerator(2048).keyID(UUID.randomUUID().toString()).keyUse(KeyUse.SIGNATURE).generate();
		}
		catch (JOSEException ex) {
			throw new IllegalStateException(ex);
		}
	}
}
